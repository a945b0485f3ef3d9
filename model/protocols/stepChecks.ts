// Assertions every built-in protocol makes on what it is handed, named after
// the protocol so that a fault in a trace says whose step it was. A reply of
// an unexpected kind means the simulator and the protocol disagree about the
// world: it is reported at once rather than guessed around.

import type { ListedFile, Reply } from '../protocol.ts';

export type StepChecks = {
  assert(condition: boolean, message: string): asserts condition;
  /** The files of a list reply. */
  listed(reply: Reply | null): ListedFile[];
  /** The kind of a reply that must be one of `kinds`. */
  replyKind<Kind extends Reply['kind']>(reply: Reply | null, ...kinds: Kind[]): Kind;
};

export function stepChecks(protocolName: string): StepChecks {
  function assert(condition: boolean, message: string): asserts condition {
    if (!condition) throw new Error(`${protocolName}: ${message}`);
  }
  function replyKind<Kind extends Reply['kind']>(reply: Reply | null, ...kinds: Kind[]): Kind {
    assert(kinds.length > 0, 'expected some reply kind');
    const expected = kinds.join(' or ');
    assert(reply !== null, `expected reply ${expected}, got none`);
    assert((kinds as string[]).includes(reply.kind), `expected reply ${expected}, got ${reply.kind}`);
    return reply.kind as Kind;
  }
  function listed(reply: Reply | null): ListedFile[] {
    replyKind(reply, 'listed');
    assert(reply !== null && reply.kind === 'listed', 'expected a list reply');
    return reply.files;
  }
  return { assert, listed, replyKind };
}
