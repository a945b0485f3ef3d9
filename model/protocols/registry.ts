// The built-in protocols, by the name a scenario gives them.

import type { Protocol } from '../protocol.ts';
import { createExclusive } from './createExclusive.ts';
import { joplin } from './joplin.ts';
import { leaseFencing } from './leaseFencing.ts';
import { pendingLock } from './pendingLock.ts';
import { writeVerify } from './writeVerify.ts';

export const builtinProtocols: ReadonlyMap<string, Protocol> = new Map<string, Protocol>(
  [pendingLock, writeVerify, createExclusive, leaseFencing, joplin].map((protocol): [string, Protocol] => [protocol.name, protocol]),
);
