// The built-in protocols, by the name a scenario gives them.

import type { Protocol } from '../protocol.ts';
import { pendingLock } from './pendingLock.ts';

export const builtinProtocols: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([[pendingLock.name, pendingLock]]);
