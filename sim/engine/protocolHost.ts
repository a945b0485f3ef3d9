// The protocol host: runs a protocol's init and step for the simulator, and
// checks what they return. Every call into user code goes through here, so
// that a throw, a bad effect, a non-serialisable state or a read of an
// undeclared file field becomes a ProtocolFault naming the client and its
// state (exit 2), never a wrong verdict; and the memos that spare repeated
// steps live here, keyed by exactly what a step may depend on.

import type { ClientContext, Effect, Json, Protocol, Reply, StepOutput } from '../../model/index.ts';
import { requestKinds } from '../../model/effects.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { NotSerialisable } from './canonicalJson.ts';
import type { FileMask } from './fileMask.ts';
import { UndeclaredField, fieldBits } from './fileMask.ts';
import type { Interner } from './interner.ts';
import { toListed } from './store.ts';
import type { ClientSlot, StepMemo, StoredReply } from './world.ts';

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

/** Entries of each step memo before it is dropped and refilled. */
const memoEntriesMax = 1 << 20;

export class ProtocolHost {
  private readonly stepMemo = new WeakMap<ClientSlot, StepMemo>();
  /** Steps with no reply, by (state key, client) and clock. */
  private readonly readyMemo = new Map<number, Map<number, StepMemo>>();
  private readyMemoSize = 0;
  /** Steps on a reply, by replyMemoKey. */
  private readonly replyMemo = new Map<string, StepMemo>();
  private readonly listedReplies = new WeakMap<StoredReply, Reply>();

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
    if (stored.kind !== 'listed') return stored;
    return { kind: 'listed', files: stored.versions.map((version) => toListed(version, this.clientIds)) };
  }

  /** The reply as the protocol sees it; a list's files are built once per stored reply, when first needed. */
  toReply(stored: StoredReply): Reply {
    if (stored.kind !== 'listed') return stored;
    const known = this.listedReplies.get(stored);
    if (known !== undefined) return known;
    const reply: Reply = { kind: 'listed', files: stored.versions.map((version) => this.fileMask.listed(version, this.clientIds)) };
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

  /** Runs the client's protocol step at `now` on the reply it is due, if any. Pure. */
  step(index: number, slot: ClientSlot, now: number): StepMemo {
    // A slot steps only at its due tick, so its step is a function of the
    // slot alone; slots are shared between worlds, so the memo saves work
    // in every world that holds this one.
    if (now !== slot.dueTick) throw new Error('protocol host: a step off its due tick');
    if (slot.reaction !== null) return slot.reaction;
    const memo = this.stepMemo.get(slot);
    if (memo !== undefined) return memo;
    // A step with no reply is a function of the state and the clock alone;
    // decoded worlds have fresh slots, so this memo is what saves the work.
    const readyKey = slot.phase === 'ready' ? slot.stateKey * 64 + index : -1;
    const clockTicks = now + slot.skewTicks;
    if (readyKey >= 0) {
      const known = this.readyMemo.get(readyKey)?.get(clockTicks);
      if (known !== undefined) return known;
    }
    // A step on a reply is a function of the state, the clock and what of
    // the reply the protocol can read: keyed by exactly that.
    const replyKey = slot.phase === 'replying' && slot.reply !== null ? this.replyMemoKey(index, slot, clockTicks) : null;
    if (replyKey !== null) {
      const known = this.replyMemo.get(replyKey);
      if (known !== undefined) return known;
    }
    const context = this.contexts[index]!;
    const reply = slot.phase === 'replying' && slot.reply !== null ? this.toReply(slot.reply) : null;
    let output: StepOutput<unknown>;
    try {
      output = this.protocol.step(slot.protocolState, { reply, clockTicks }, context);
    } catch (error) {
      if (error instanceof UndeclaredField) throw this.fault(index, slot, error.message);
      throw this.fault(index, slot, `step threw: ${(error as Error).message}`);
    }
    this.checkEffect(index, slot, output);
    const made = this.memoOf(index, output, slot);
    this.stepMemo.set(slot, made);
    if (readyKey >= 0) {
      if (this.readyMemoSize >= memoEntriesMax) {
        this.readyMemo.clear();
        this.readyMemoSize = 0;
      }
      let byClock = this.readyMemo.get(readyKey);
      if (byClock === undefined) {
        byClock = new Map();
        this.readyMemo.set(readyKey, byClock);
      }
      byClock.set(clockTicks, made);
      this.readyMemoSize += 1;
    }
    if (replyKey !== null) {
      if (this.replyMemo.size >= memoEntriesMax) this.replyMemo.clear();
      this.replyMemo.set(replyKey, made);
    }
    return made;
  }

  /** The state, clock and the readable part of the reply a step on a reply depends on. */
  private replyMemoKey(index: number, slot: ClientSlot, clockTicks: number): string {
    const reply = slot.reply!;
    let key = `${index},${slot.stateKey},${clockTicks},${slot.requestKey},${reply.kind}`;
    if (reply.kind !== 'listed') return key;
    for (const version of reply.versions) {
      const mask = this.fileMask.readMask(version.name);
      key += `|${version.nameKey},${version.writer}`;
      if ((mask & fieldBits.body) !== 0) key += `,${version.bodyKey}`;
      if ((mask & fieldBits.mtimeTicks) !== 0) key += `,m${version.mtimeTicks}`;
      if ((mask & fieldBits.clientStampTicks) !== 0) key += `,c${version.clientStampTicks}`;
      if ((mask & fieldBits.version) !== 0) key += `,v${version.version}`;
    }
    return key;
  }

  /** A step output with its interned keys. */
  memoOf(index: number, output: StepOutput<unknown>, slot: ClientSlot | null): StepMemo {
    const state = output.state as Json;
    const stateKey = slot !== null && state === slot.protocolState ? slot.stateKey : this.stateKey(state, index);
    const effect = output.effect;
    const effectKey = this.keys.keyOf(effect, 'effect');
    const requestKey = requestKinds.has(effect.kind) ? effectKey : -1;
    return { output, stateKey, effectKey, requestKey };
  }

  private checkEffect(index: number, slot: ClientSlot, output: StepOutput<unknown>): void {
    if (output === null || typeof output !== 'object') throw this.fault(index, slot, 'step returned no { state, effect }');
    const effect = output.effect as Effect | undefined;
    if (effect === null || typeof effect !== 'object') throw this.fault(index, slot, 'step returned no effect');
    const kind = (effect as { kind?: unknown }).kind;
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
    if (typeof kind !== 'string' || !requestKinds.has(kind)) {
      throw this.fault(index, slot, `step returned ${JSON.stringify(effect)}, which is not a request or local effect`);
    }
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
