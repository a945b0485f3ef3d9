// A client's timer flow in words, for the trace text and the viewer.

import type { TraceClient } from './traceFile.ts';

/** `separator` then the client's timer: armed (and when it fires) or what its running handler waits for; empty without a timer. */
export function timerText(client: TraceClient, separator: string): string {
  const timer = client.timer;
  if (timer === undefined) return '';
  if (timer.phase === 'armed') return `${separator}timer armed, fires at t=${timer.dueTick}`;
  const doing = timer.phase === 'sent' ? 'its request in flight' : timer.phase === 'replying' ? 'its reply on the way' : 'waiting';
  return `${separator}timer handler running (${doing}, next event t=${timer.dueTick})`;
}
