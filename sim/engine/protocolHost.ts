// The protocol host: runs a protocol's init and step for the simulator, and
// checks what they return. Every call into user code goes through here, so
// that a throw, a bad effect, a non-serialisable state or a read of an
// undeclared file field becomes a ProtocolFault naming the client and its
// state (exit 2), never a wrong verdict; and the memos that spare repeated
// steps live here, keyed by exactly what a step may depend on.

import type { ClientContext, Effect, Json, Protocol, Reply, SingleReply, StepOutput } from '../../model/index.ts';
import { concurrentRequestsMax, requestKinds } from '../../model/effects.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { NotSerialisable } from './canonicalJson.ts';
import type { FileMask } from './fileMask.ts';
import { UndeclaredField, fieldBits } from './fileMask.ts';
import type { Interner } from './interner.ts';
import { toListed } from './store.ts';
import type { ClientSlot, SingleStoredReply, StepMemo, StoredReply } from './world.ts';
import { WordKeyMap } from './wordKeyMap.ts';
import { CodeFault } from '../impl/codeFault.ts';

/** Thrown when a protocol step throws or returns bad data: the user's bug, reported with its context. */
export class ProtocolFault extends Error {
  /** Where in the search it happened, filled in by the explorer. */
  where: string | null = null;
  constructor(
    message: string,
    readonly client: string,
    readonly state: Json,
  ) {
    super(message);
  }
}

/** Codes of reply kinds in memo keys. */
const replyKindCodes: Record<StoredReply['kind'], number> = { ok: 0, exists: 1, 'not-found': 2, listed: 3, conflict: 4, rejected: 5, date: 6, all: 7 };

/** Slots whose steps are remembered by identity. */
const recentSlotsMax = 8;

/** Entries of the step memo before it is dropped and refilled. */
const memoEntriesMax = 1 << 20;

/** Entries of StepsByReply (a power of two). */
const byReplyEntries = 1 << 10;

/**
 * A direct-mapped cache of steps keyed by the client, its state key, its
 * clock, its request key (-1 without a reply) and the stored reply object:
 * what the step depends on, with the reply compared by identity (stored
 * replies are immutable). Cheaper than building the memo's word key.
 */
class StepsByReply {
  private readonly clients = new Int32Array(byReplyEntries).fill(-1);
  private readonly stateKeys = new Int32Array(byReplyEntries);
  private readonly clocks = new Int32Array(byReplyEntries);
  private readonly requestKeys = new Int32Array(byReplyEntries);
  private readonly replies: (StoredReply | null)[] = new Array<StoredReply | null>(byReplyEntries).fill(null);
  private readonly memos: (StepMemo | null)[] = new Array<StepMemo | null>(byReplyEntries).fill(null);

  private static entryOf(index: number, stateKey: number, clockTicks: number, requestKey: number): number {
    let hash = Math.imul(stateKey ^ 0x9e3779b9, 0x85ebca6b);
    hash = Math.imul(hash ^ clockTicks ^ (index << 24), 0xc2b2ae35);
    hash = Math.imul(hash ^ requestKey, 0x27d4eb2f);
    return (hash ^ (hash >>> 15)) & (byReplyEntries - 1);
  }

  get(index: number, stateKey: number, clockTicks: number, requestKey: number, reply: StoredReply | null): StepMemo | null {
    const entry = StepsByReply.entryOf(index, stateKey, clockTicks, requestKey);
    if (this.clients[entry] !== index || this.stateKeys[entry] !== stateKey || this.clocks[entry] !== clockTicks) return null;
    if (this.requestKeys[entry] !== requestKey || this.replies[entry] !== reply) return null;
    return this.memos[entry]!;
  }

  set(index: number, stateKey: number, clockTicks: number, requestKey: number, reply: StoredReply | null, memo: StepMemo): void {
    // The clock is a whole number of ticks; one that does not fit a word is simply not cached.
    if ((clockTicks | 0) !== clockTicks) return;
    const entry = StepsByReply.entryOf(index, stateKey, clockTicks, requestKey);
    this.clients[entry] = index;
    this.stateKeys[entry] = stateKey;
    this.clocks[entry] = clockTicks;
    this.requestKeys[entry] = requestKey;
    this.replies[entry] = reply;
    this.memos[entry] = memo;
  }
}

export class ProtocolHost {
  /**
   * The last few slots stepped and their steps: the explorer asks for the
   * step of one slot several times in a row (whether it is free, then to
   * run it). A WeakMap by slot cost more than the hashed memo it spared.
   */
  private readonly recentSlots: (ClientSlot | null)[] = new Array<ClientSlot | null>(recentSlotsMax).fill(null);
  private readonly recentMemos: (StepMemo | null)[] = new Array<StepMemo | null>(recentSlotsMax).fill(null);
  private recentNext = 0;
  /** Steps by exactly what they depend on (see writeMemoKey). */
  private readonly memo = new WordKeyMap<StepMemo>(memoEntriesMax);
  private readonly listedReplies = new WeakMap<SingleStoredReply, SingleReply>();
  /** Steps by their numbers and reply object, before the memo (see step). */
  private readonly byReply = new StepsByReply();

  constructor(
    private readonly protocol: Protocol,
    private readonly scenario: Scenario,
    private readonly contexts: readonly ClientContext<unknown>[],
    private readonly clientIds: readonly string[],
    private readonly keys: Interner,
    private readonly fileMask: FileMask,
  ) {
    if (contexts.length !== clientIds.length) throw new Error('protocol host: one context per client');
  }

  /** The reply as a trace shows it: every field of every listed file, whatever the protocol reads. */
  traceReply(stored: StoredReply): Reply {
    if (stored.kind === 'all') return { kind: 'all', replies: stored.parts.map((part) => this.traceSingleReply(part)) };
    return this.traceSingleReply(stored);
  }

  private traceSingleReply(stored: SingleStoredReply): SingleReply {
    if (stored.kind !== 'listed') return stored;
    return { kind: 'listed', files: stored.versions.map((version) => toListed(version, this.clientIds)) };
  }

  /** The reply as the protocol sees it; a list's files are built once per stored reply, when first needed. */
  toReply(stored: StoredReply): Reply {
    if (stored.kind === 'all') return { kind: 'all', replies: stored.parts.map((part) => this.toSingleReply(part)) };
    return this.toSingleReply(stored);
  }

  private toSingleReply(stored: SingleStoredReply): SingleReply {
    if (stored.kind !== 'listed') return stored;
    const known = this.listedReplies.get(stored);
    if (known !== undefined) return known;
    const reply: SingleReply = { kind: 'listed', files: stored.versions.map((version) => this.fileMask.listed(version, this.clientIds)) };
    this.listedReplies.set(stored, reply);
    return reply;
  }

  init(index: number): Json {
    const context = this.contexts[index]!;
    let state: unknown;
    try {
      state = this.protocol.init(context);
    } catch (error) {
      throw new ProtocolFault(`init of ${context.id} threw: ${(error as Error).message}`, context.id, null);
    }
    return state as Json;
  }

  /**
   * Runs the client's protocol step at `now` on the reply it is due, if any,
   * on its main flow or (`timer`, with the timer flow's view as `slot`) its
   * timer's. Pure. The caches key a timer step as client index + client
   * count, so the two flows' steps never share an entry.
   */
  step(index: number, slot: ClientSlot, now: number, timer: boolean = false): StepMemo {
    // A slot steps only at its due tick, so its step is a function of the
    // slot alone; slots are shared between worlds, so the memo saves work
    // in every world that holds this one.
    if (now !== slot.dueTick) throw new Error('protocol host: a step off its due tick');
    if (slot.reaction !== null) return slot.reaction;
    for (let at = 0; at < recentSlotsMax; at += 1) if (this.recentSlots[at] === slot) return this.recentMemos[at]!;
    const clockTicks = now + slot.skewTicks;
    const replying = slot.phase === 'replying' && slot.reply !== null;
    const reply = replying ? slot.reply! : null;
    const keyIndex = timer ? index + this.clientIds.length : index;
    // Then by the numbers the step depends on and the reply object itself:
    // stored replies are immutable and shared between slots (a constant, or
    // one list reply for every commit that lists the same files), so the
    // same reply object is the same reply.
    const cached = this.byReply.get(keyIndex, slot.stateKey, clockTicks, replying ? slot.requestKey : -1, reply);
    if (cached !== null) {
      this.remember(slot, cached);
      return cached;
    }
    // Decoded worlds have fresh slots, so this memo is what saves the work
    // there: keyed by exactly what the step depends on.
    this.writeMemoKey(keyIndex, slot, clockTicks, replying);
    const known = this.memo.get();
    if (known !== undefined) {
      this.remember(slot, known);
      this.byReply.set(keyIndex, slot.stateKey, clockTicks, replying ? slot.requestKey : -1, reply, known);
      return known;
    }
    const context = this.contexts[index]!;
    let output: StepOutput<unknown>;
    try {
      output = this.protocol.step(slot.protocolState, { reply: replying ? this.toReply(reply!) : null, clockTicks, activity: timer ? 'timer' : 'main' }, context);
    } catch (error) {
      if (error instanceof UndeclaredField) throw this.fault(index, slot, error.message);
      // Real code's own report says what broke; its state is an input history no reader could use.
      if (error instanceof CodeFault) throw new ProtocolFault(`${this.clientIds[index]}: ${error.message}`, this.clientIds[index]!, null);
      throw this.fault(index, slot, `step threw: ${(error as Error).message}`);
    }
    this.checkEffect(index, slot, output, timer);
    const made = this.memoOf(index, output, slot);
    this.remember(slot, made);
    // The protocol ran since the key was written, and steps call no host
    // method that writes one, so the key is still the one built above.
    this.memo.set(made);
    this.byReply.set(keyIndex, slot.stateKey, clockTicks, replying ? slot.requestKey : -1, reply, made);
    return made;
  }

  private remember(slot: ClientSlot, memo: StepMemo): void {
    this.recentSlots[this.recentNext] = slot;
    this.recentMemos[this.recentNext] = memo;
    this.recentNext = (this.recentNext + 1) % recentSlotsMax;
  }

  /**
   * What a step depends on: the client, its state, its clock and, on a
   * reply, the request and what of the reply the protocol can read (the
   * fields its names declare). A step with no reply depends on the first
   * three alone.
   */
  private writeMemoKey(index: number, slot: ClientSlot, clockTicks: number, replying: boolean): void {
    const memo = this.memo;
    memo.begin();
    memo.add(index);
    memo.add(slot.stateKey);
    memo.add(clockTicks);
    if (!replying) return;
    const reply = slot.reply!;
    memo.add(slot.requestKey);
    if (reply.kind !== 'all') {
      this.writeReplyKey(reply);
      return;
    }
    // The requests of an all effect are the effect's (its key is requestKey); each reply in request order.
    memo.add(replyKindCodes.all);
    memo.add(reply.parts.length);
    for (const part of reply.parts) this.writeReplyKey(part);
  }

  /** One reply's part of a memo key: its kind, and what of it the protocol can read. */
  private writeReplyKey(reply: SingleStoredReply): void {
    const memo = this.memo;
    memo.add(replyKindCodes[reply.kind]);
    if (reply.kind === 'date') memo.add(reply.ticks);
    if (reply.kind !== 'listed') return;
    memo.add(reply.versions.length);
    for (const version of reply.versions) {
      const mask = this.fileMask.readMaskOf(version);
      memo.add(version.nameKey);
      memo.add(version.writer);
      // The mask is a function of the name, so the fields that follow are the same ones for equal names.
      if ((mask & fieldBits.body) !== 0) memo.add(version.bodyKey);
      if ((mask & fieldBits.mtimeTicks) !== 0) memo.add(version.mtimeTicks);
      if ((mask & fieldBits.clientStampTicks) !== 0) memo.add(version.clientStampTicks);
      if ((mask & fieldBits.version) !== 0) memo.add(version.version);
    }
  }

  /** A step output with its interned keys. */
  memoOf(index: number, output: StepOutput<unknown>, slot: ClientSlot | null): StepMemo {
    const state = output.state as Json;
    const stateKey = slot !== null && state === slot.protocolState ? slot.stateKey : this.stateKey(state, index);
    const effect = output.effect;
    const effectKey = this.keys.keyOf(effect, 'effect');
    const requestKey = requestKinds.has(effect.kind) ? effectKey : -1;
    const partKeys = effect.kind === 'all' ? effect.requests.map((request) => this.keys.keyOf(request, 'effect')) : null;
    return { output, stateKey, effectKey, requestKey, partKeys };
  }

  private checkEffect(index: number, slot: ClientSlot, output: StepOutput<unknown>, timer: boolean): void {
    if (output === null || typeof output !== 'object') throw this.fault(index, slot, 'step returned no { state, effect }');
    const effect = output.effect as Effect | undefined;
    if (effect === null || typeof effect !== 'object') throw this.fault(index, slot, 'step returned no effect');
    const kind = (effect as { kind?: unknown }).kind;
    if (kind === 'arm') {
      const afterTicks = (effect as { afterTicks?: unknown }).afterTicks;
      if (!(Number.isInteger(afterTicks) && (afterTicks as number) >= 1)) throw this.fault(index, slot, 'arm needs whole afterTicks >= 1');
      return;
    }
    if (timer && (kind === 'enter' || kind === 'exit' || kind === 'done' || kind === 'disarm')) {
      throw this.fault(index, slot, `its timer handler returned ${kind}, which only the main flow may (the handler ends with end or arm)`);
    }
    if (!timer && kind === 'end') throw this.fault(index, slot, 'end returns from a timer handler; the main flow stops with done');
    if (kind === 'disarm' || kind === 'end') return;
    if (kind === 'wait') {
      const ticks = (effect as { ticks?: unknown }).ticks;
      if (!(Number.isInteger(ticks) && (ticks as number) >= 1)) throw this.fault(index, slot, 'wait needs whole ticks >= 1');
      return;
    }
    if (kind === 'enter' || kind === 'exit') {
      if (!this.protocol.sections.includes((effect as { section: string }).section)) {
        throw this.fault(index, slot, `${kind} names unknown section ${JSON.stringify((effect as { section: unknown }).section)}`);
      }
      return;
    }
    if (kind === 'done') return;
    if (kind === 'all') {
      const requests = (effect as { requests?: unknown }).requests;
      if (!Array.isArray(requests) || requests.length < 2 || requests.length > concurrentRequestsMax) {
        throw this.fault(index, slot, `all needs a list of 2 to ${concurrentRequestsMax} requests`);
      }
      for (const request of requests) {
        if (request === null || typeof request !== 'object' || !requestKinds.has((request as { kind?: unknown }).kind as string)) {
          throw this.fault(index, slot, `all issues requests only (list, put, create, cas, delete, write, date); got ${JSON.stringify(request)}`);
        }
        this.checkRequest(index, slot, request as Effect);
      }
      return;
    }
    if (typeof kind !== 'string' || !requestKinds.has(kind)) {
      throw this.fault(index, slot, `step returned ${JSON.stringify(effect)}, which is not a request or local effect`);
    }
    this.checkRequest(index, slot, effect);
  }

  /** The fields a request needs, and whether the store offers it. */
  private checkRequest(index: number, slot: ClientSlot, effect: Effect): void {
    const kind = effect.kind;
    const fields = effect as unknown as Record<string, unknown>;
    if (kind === 'list' && typeof fields.prefix !== 'string') throw this.fault(index, slot, 'list needs a string prefix');
    if ((kind === 'put' || kind === 'create' || kind === 'delete') && (typeof fields.name !== 'string' || fields.name === '')) {
      throw this.fault(index, slot, `${kind} needs a non-empty string name`);
    }
    if ((kind === 'put' || kind === 'create' || kind === 'cas') && fields.body === undefined) throw this.fault(index, slot, `${kind} needs a body (plain data)`);
    if ((kind === 'create' || kind === 'cas') && !this.scenario.store.createIfAbsent) {
      throw this.fault(index, slot, `${kind === 'cas' ? 'compare-and-swap' : 'create-if-absent'} on a store without conditional requests (store.createIfAbsent: false)`);
    }
    if (kind === 'cas' && !Number.isInteger(fields.expectedVersion)) throw this.fault(index, slot, 'cas needs an integer expectedVersion');
    if (kind === 'write' && fields.token !== undefined && !Number.isInteger(fields.token)) throw this.fault(index, slot, 'a write token must be an integer');
  }

  stateKey(state: unknown, index: number): number {
    try {
      return this.keys.keyOf(state, 'state');
    } catch (error) {
      if (error instanceof NotSerialisable) {
        throw new ProtocolFault(`${this.clientIds[index]}: its state is not plain serialisable data: ${error.message}`, this.clientIds[index]!, null);
      }
      throw error;
    }
  }

  fault(index: number, slot: ClientSlot, message: string): ProtocolFault {
    return new ProtocolFault(`${this.clientIds[index]}: ${message}`, this.clientIds[index]!, slot.protocolState);
  }
}
