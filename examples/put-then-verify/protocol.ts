// put-then-verify: a mutex from lock files, written against locksim's public
// protocol API. Each client puts its own lock file first, then lists: the
// oldest lock (by the store's timestamp, then client id) wins; the others
// delete theirs and give up. Correct on a strongly consistent store with
// server timestamps; list lag breaks it.
//
// Every call to `step` returns exactly one effect: one store request (list,
// put, delete, create, data write) or one local decision (wait, enter, exit,
// done). locksim owns the store and time; the protocol only asks.

import { z } from 'locksim';
import type { ListedFile, Protocol, StepOutput } from 'locksim';

// Options, with defaults: scenario files set them under `protocol:`, and they
// are validated (unknown fields and wrong types rejected) like built-in ones.
const options = z
  .object({
    /** How many data writes a winner makes inside its critical section. */
    writesInside: z.number().int().min(0).default(1),
  })
  .strict();

type Options = z.infer<typeof options>;

// The client's state: plain data only (no class instances, no functions, no
// clock readings), so that locksim can hash, store and replay it.
type State = {
  /** Where the client is in the protocol. */
  pc: 'start' | 'posted' | 'verifying' | 'holding' | 'releasing' | 'leaving' | 'done';
  writesLeft: number;
};

const prefix = 'locks/';
const lockOf = (id: string) => `${prefix}LOCK-${id}`;

/** Whether `a` is older than `b`: store timestamp first, client id to break ties. */
function older(a: ListedFile, b: ListedFile): boolean {
  return a.mtimeTicks !== b.mtimeTicks ? a.mtimeTicks < b.mtimeTicks : a.owner < b.owner;
}

function go(state: State, pc: State['pc'], effect: StepOutput<State>['effect'], note?: string): StepOutput<State> {
  return note === undefined ? { state: { ...state, pc }, effect } : { state: { ...state, pc }, effect, note };
}

export const protocol: Protocol<Options, State> = {
  name: 'put-then-verify',
  summary: 'put your lock, then list: the oldest lock wins',
  roles: ['locker'],
  sections: ['exclusive'],
  options,
  init(context) {
    return { pc: 'start', writesLeft: context.options.writesInside };
  },
  step(state, input, context) {
    switch (state.pc) {
      case 'start':
        // Step 1: post our lock file.
        return go(state, 'posted', { kind: 'put', name: lockOf(context.id), body: 'LOCK' });
      case 'posted':
        // Step 2: list the locks, to see whether ours is the oldest.
        return go(state, 'verifying', { kind: 'list', prefix });
      case 'verifying': {
        // Step 3: decide on what the list showed.
        if (input.reply?.kind !== 'listed') throw new Error('expected the reply to a list');
        const locks = input.reply.files;
        const mine = locks.find((file) => file.owner === context.id);
        if (mine === undefined) throw new Error('a client always sees its own lock');
        const winner = locks.find((file) => file.owner !== context.id && older(file, mine));
        if (winner !== undefined) {
          return go(state, 'leaving', { kind: 'delete', name: lockOf(context.id) }, `${winner.name} is older`);
        }
        return go(state, 'holding', { kind: 'enter', section: 'exclusive' }, 'its lock is the oldest');
      }
      case 'holding':
        // Inside the critical section: data writes, then leave.
        if (state.writesLeft > 0) return { state: { ...state, writesLeft: state.writesLeft - 1 }, effect: { kind: 'write' } };
        return go(state, 'releasing', { kind: 'exit', section: 'exclusive' });
      case 'releasing':
        return go(state, 'done', { kind: 'delete', name: lockOf(context.id) });
      case 'leaving':
        return go(state, 'done', { kind: 'done', outcome: 'gave-up' });
      case 'done':
        return go(state, 'done', { kind: 'done', outcome: 'finished' });
    }
  },
  // Promises that let locksim merge states (spec/protocol-api.md, "Declarations").
  // Each is checked against this code by hand: a wrong one makes verdicts
  // wrong. Leave out any you are not sure of; the search is then just larger.
  declares: {
    // The state holds a program counter and a count, never a time.
    timeShiftInvariant: true,
    // Times are only compared with each other (isOlder), never an age with a constant.
    ageHorizonTicks: () => 0,
    // Of a listed file it reads the name, the owner and the store's timestamp only.
    fileFields: () => ['mtimeTicks'],
  },
  describe(state) {
    return state.pc === 'holding' ? `holding (${state.writesLeft} writes left)` : state.pc;
  },
};
