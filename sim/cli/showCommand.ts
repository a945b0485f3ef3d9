// `locksim show <trace>`: the trace as text.

import { formatTrace } from '../trace/formatTrace.ts';
import { loadTrace } from '../trace/loadTrace.ts';
import type { Io } from './main.ts';

export function showCommand(file: string, io: Io): number {
  io.out(formatTrace(loadTrace(file)).trimEnd());
  return 0;
}
