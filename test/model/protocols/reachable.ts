// Reachable inputs for the built-in protocols' step laws (GitHub issue 10).
//
// A law drawn on a random state and a random reply mostly meets inputs a
// client can never be handed (an upgrader told `exists` after a put, a holder
// whose own lock is missing from a list), so it spent most of its runs on the
// protocol's input checks. Here a client instead runs from `init` for a
// random number of steps against a small model of the store, and the law is
// checked on the (state, input) pair it reaches:
// - the store answers each request as sim/engine/store.ts does: a put is
//   `ok`; a create `exists` when the name is there; a delete `not-found`
//   when it is not; a cas `conflict` unless the version matches; a write
//   with a token `rejected` when a newer token has written; a list shows the
//   newest version of every name (the client's own files always among them);
// - between two of the client's steps, other clients may put or delete their
//   own lock files (of the protocol's kinds) and make the moves the protocol
//   allows them on the well-known EXCLUSIVE file, so every reply kind stays
//   reachable (a create or cas can lose a race); what they write may carry a
//   time a little in the past, as a version that list lag hid until now;
// - a local effect gets no reply, and the clock only moves forward (a wait
//   by at least its ticks); the client's clock is the store's plus a skew.

import { fc } from '@fast-check/vitest';
import { exclusiveBody, exclusiveBodyOf, exclusiveFileName } from '../../../model/exclusiveFile.ts';
import { lockName, type LockKind } from '../../../model/lockFiles.ts';
import type { ClientContext, Effect, Json, ListedFile, Protocol, Reply, StepInput } from '../../../model/protocol.ts';

/** What another client may do to the EXCLUSIVE file: commit a new version with `body`, delete it, or make a data write with `token`. */
export type ExclusiveMove = { kind: 'write'; body: Json } | { kind: 'delete' } | { kind: 'fence'; token: number };

export type WorldRules = {
  /** Client ids of the scenario; the client under test is one of them, the others act on the store. */
  owners: readonly string[];
  /** Kinds of the per-client lock files that the protocol's clients write. */
  kinds: readonly LockKind[];
  /** The moves another client may make on the EXCLUSIVE file as it stands (undefined: absent); absent: the protocol has no such file. */
  exclusiveMoves?: (file: ListedFile | undefined, other: string) => ExclusiveMove[];
};

/** A step a client can really be asked to take, and how it got there. */
export type ReachedStep<Options, State> = {
  context: ClientContext<Options>;
  state: State;
  input: StepInput;
  /** The steps that led here, one line each, for the counterexample. */
  trail: string[];
};

/** One thing another client does to the store between two steps of the client under test. */
type OtherMove = { what: 'put' | 'delete' | 'exclusive'; other: number; kind: number; pick: number; age: number; skew: number };

/** What happens between one step and the next: others' moves, then the client's request commits and its reply arrives. */
type Gap = { others: OtherMove[]; ticks: number };

type Store = { files: Map<string, ListedFile>; fenceToken: number };

const otherMove = (rules: WorldRules): fc.Arbitrary<OtherMove> =>
  fc.record({
    // Deletes as often as puts, so that others' locks come and go.
    what: fc.constantFrom<OtherMove['what']>(...(rules.exclusiveMoves === undefined ? (['put', 'delete'] as const) : (['put', 'delete', 'exclusive', 'exclusive'] as const))),
    other: fc.nat(rules.owners.length - 1),
    kind: fc.nat(rules.kinds.length - 1),
    pick: fc.nat(3),
    age: fc.nat(8),
    skew: fc.integer({ min: -3, max: 3 }),
  });

/** Rounds down to a multiple of `resolution`, also for negative ticks (as the store does). */
function roundDown(ticks: number, resolution: number): number {
  return ticks - (((ticks % resolution) + resolution) % resolution);
}

/**
 * A reachable (context, state, input) of `protocol`: the client runs from
 * init for up to `maxSteps` steps against the store model above, until the
 * step that ends it (`done`), and one of the steps it was asked to take on
 * the way is drawn; a step that throws is always the one drawn, so that a
 * law sees (and reports) it.
 */
export function reachableStep<Options, State>(
  protocol: Protocol<Options, State>,
  contexts: fc.Arbitrary<ClientContext<Options>>,
  rules: WorldRules,
  { maxSteps = 24 }: { maxSteps?: number } = {},
): fc.Arbitrary<ReachedStep<Options, State>> {
  // Others mostly keep still, so that a client gets far; sometimes one or two act.
  const others = fc.oneof({ weight: 4, arbitrary: fc.constant<OtherMove[]>([]) }, { weight: 1, arbitrary: fc.array(otherMove(rules), { minLength: 1, maxLength: 2 }) });
  const gap: fc.Arbitrary<Gap> = fc.record({ others, ticks: fc.nat(4) });
  return fc
    .record({
      context: contexts,
      start: fc.record({
        now: fc.nat(20),
        skew: fc.integer({ min: -3, max: 3 }),
        resolution: fc.integer({ min: 1, max: 3 }),
        others: fc.oneof({ weight: 4, arbitrary: fc.constant<OtherMove[]>([]) }, { weight: 1, arbitrary: fc.array(otherMove(rules), { minLength: 1, maxLength: 3 }) }),
      }),
      gaps: fc.array(gap, { maxLength: maxSteps, size: 'max' }),
      at: fc.noBias(fc.nat(maxSteps)),
    })
    .map(({ context, start, gaps, at }) => runClient(protocol, context, rules, start, gaps, at));
}

function runClient<Options, State>(
  protocol: Protocol<Options, State>,
  context: ClientContext<Options>,
  rules: WorldRules,
  start: { now: number; skew: number; resolution: number; others: OtherMove[] },
  gaps: readonly Gap[],
  at: number,
): ReachedStep<Options, State> {
  const store: Store = { files: new Map(), fenceToken: 0 };
  const others = rules.owners.filter((owner) => owner !== context.id);
  let now = start.now;
  const clock = () => now + start.skew;
  const act = (moves: readonly OtherMove[]) => {
    for (const move of moves) actAsOther(store, rules, others, move, now, start.resolution);
  };
  act(start.others);
  let state = protocol.init(context);
  let input: StepInput = { reply: null, clockTicks: clock() };
  const trail: string[] = [];
  const reached: ReachedStep<Options, State>[] = [{ context, state, input, trail: [] }];
  for (const gap of gaps) {
    let output;
    try {
      output = protocol.step(state, input, context);
    } catch {
      // A step a client can be asked to take threw: that is the one to show a law.
      return reached[reached.length - 1]!;
    }
    const { effect } = output;
    if (effect.kind === 'done') break;
    now += gap.ticks + (effect.kind === 'wait' ? effect.ticks : 0);
    act(gap.others);
    const reply = answer(store, effect, context.id, input.clockTicks, roundDown(now, start.resolution));
    trail.push(`${protocol.describe(state)} -> ${describeEffect(effect)}${reply === null ? '' : `: ${reply.kind}`}`);
    state = output.state;
    input = { reply, clockTicks: clock() };
    reached.push({ context, state, input, trail: [...trail] });
  }
  // Most clients are done long before the gaps run out: any step of the run,
  // not mostly the last; the first (init) only when it is the only one, as
  // it is the same step every time.
  return reached.length === 1 ? reached[0]! : reached[1 + (at % (reached.length - 1))]!;
}

/**
 * Another client's move, seen from `nowTicks`. It committed `move.age` ticks
 * ago (list lag hid it until now), but after the version it replaces. A move
 * it cannot make (deleting a file it has not, none allowed on the EXCLUSIVE
 * file) is a put of its own lock instead.
 */
function actAsOther(store: Store, rules: WorldRules, others: readonly string[], move: OtherMove, nowTicks: number, resolution: number): void {
  const other = others[move.other % others.length];
  if (other === undefined) return;
  const kind = rules.kinds[move.kind % rules.kinds.length]!;
  const own = lockName(kind, other);
  const stampsFor = (name: string) => {
    const commitTicks = Math.max(nowTicks - move.age, store.files.get(name)?.mtimeTicks ?? -Infinity);
    return { mtimeTicks: roundDown(commitTicks, resolution), clientStampTicks: commitTicks + move.skew };
  };
  if (move.what === 'exclusive' && rules.exclusiveMoves !== undefined) {
    const choices = rules.exclusiveMoves(store.files.get(exclusiveFileName), other);
    const choice = choices[move.pick % Math.max(choices.length, 1)];
    if (choice !== undefined) {
      if (choice.kind === 'write') commit(store, exclusiveFileName, other, choice.body, stampsFor(exclusiveFileName));
      else if (choice.kind === 'delete') store.files.delete(exclusiveFileName);
      else store.fenceToken = Math.max(store.fenceToken, choice.token);
      return;
    }
  }
  if (move.what === 'delete' && store.files.has(own)) {
    store.files.delete(own);
    return;
  }
  commit(store, own, other, kind, stampsFor(own));
}

/** A new version of `name`: version 1 when absent (a delete resets the count), else one more. */
function commit(store: Store, name: string, owner: string, body: Json, stamps: { mtimeTicks: number; clientStampTicks: number }): void {
  const previous = store.files.get(name);
  store.files.set(name, { name, owner, body, ...stamps, version: previous === undefined ? 1 : previous.version + 1 });
}

/** The store's answer to the client's effect, committed now; null for a local effect. */
function answer(store: Store, effect: Effect, self: string, sentAtTicks: number, mtimeTicks: number): Reply | null {
  const stamps = { mtimeTicks, clientStampTicks: sentAtTicks };
  switch (effect.kind) {
    case 'list': {
      const files = [...store.files.values()].filter((file) => file.name.startsWith(effect.prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { kind: 'listed', files };
    }
    case 'put':
      commit(store, effect.name, self, effect.body, stamps);
      return { kind: 'ok' };
    case 'create':
      if (store.files.has(effect.name)) return { kind: 'exists' };
      commit(store, effect.name, self, effect.body, stamps);
      return { kind: 'ok' };
    case 'delete':
      if (!store.files.delete(effect.name)) return { kind: 'not-found' };
      return { kind: 'ok' };
    case 'cas':
      if (store.files.get(effect.name)?.version !== effect.expectedVersion) return { kind: 'conflict' };
      commit(store, effect.name, self, effect.body, stamps);
      return { kind: 'ok' };
    case 'write':
      if (effect.token !== undefined && effect.token < store.fenceToken) return { kind: 'rejected' };
      store.fenceToken = Math.max(store.fenceToken, effect.token ?? 0);
      return { kind: 'ok' };
    case 'date':
      return { kind: 'date', ticks: mtimeTicks };
    case 'all': {
      // Committed one after the other in request order: one of the orders the engine explores.
      const replies = effect.requests.map((request) => answer(store, request, self, sentAtTicks, mtimeTicks));
      return { kind: 'all', replies: replies.map((reply) => reply as Exclude<Reply, { kind: 'all' }>) };
    }
    case 'wait':
    case 'enter':
    case 'exit':
    case 'done':
    case 'arm':
    case 'disarm':
    case 'end':
      return null;
  }
}

function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'list':
      return `list ${effect.prefix}`;
    case 'put':
    case 'create':
    case 'delete':
      return `${effect.kind} ${effect.name}`;
    case 'cas':
      return `cas ${effect.name} ${JSON.stringify(effect.body)} at version ${effect.expectedVersion}`;
    case 'write':
      return effect.token === undefined ? 'write' : `write with token ${effect.token}`;
    case 'date':
      return 'date';
    case 'all':
      return `all of ${effect.requests.map(describeEffect).join(', ')}`;
    case 'wait':
      return `wait ${effect.ticks}`;
    case 'enter':
    case 'exit':
      return `${effect.kind} ${effect.section}`;
    case 'done':
      return `done ${effect.outcome}`;
    case 'arm':
      return `arm ${effect.afterTicks}`;
    case 'disarm':
    case 'end':
      return effect.kind;
  }
}

/** create-exclusive: another upgrader creates the EXCLUSIVE file when it is absent, and its holder deletes it. */
export function createExclusiveMoves(file: ListedFile | undefined, other: string): ExclusiveMove[] {
  if (file === undefined) return [{ kind: 'write', body: exclusiveBody(other, null) }];
  return exclusiveBodyOf(file).owner === other ? [{ kind: 'delete' }] : [];
}

/**
 * lease-fencing: another upgrader creates the EXCLUSIVE file with token 1
 * when absent, or takes it over with the next token (released, or expired by
 * its own clock, which skew and pauses make possible at any time); its holder
 * refreshes it, releases it, or makes a data write with its token. Nobody
 * deletes it.
 */
export function leaseFencingMoves(file: ListedFile | undefined, other: string): ExclusiveMove[] {
  if (file === undefined) return [{ kind: 'write', body: exclusiveBody(other, 1) }];
  const { owner, token } = exclusiveBodyOf(file);
  if (token === null) throw new Error('reachable: a lease-fencing EXCLUSIVE file always has a token');
  const takeOver: ExclusiveMove = { kind: 'write', body: exclusiveBody(other, token + 1) };
  if (owner !== other) return [takeOver];
  return [takeOver, { kind: 'write', body: exclusiveBody(other, token) }, { kind: 'write', body: exclusiveBody(null, token) }, { kind: 'fence', token }];
}
