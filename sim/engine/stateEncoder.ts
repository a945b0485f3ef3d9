// The canonical form of a world, as integers: encoded to fingerprint and to
// store in the BFS frontier, decoded to expand. Canonical means: two worlds
// from which the same futures unfold encode equally, and the decoded world
// has exactly those futures. Three reductions live here:
//
// - `relativeTime`. Soundness condition: the protocol declares
//   timeShiftInvariant (model/protocol.ts). Every time is written relative
//   to the next due tick (nothing happens before it, so a world is the same
//   world at that tick), with that tick modulo the timestamp resolution kept
//   because rounding depends on it. Off, the next due tick is written
//   absolutely.
// - `oldTimes`. Soundness condition: the protocol declares ageHorizonTicks,
//   and relativeTime holds. File times older than the horizon
//   (Simulator.ageHorizonTicks) are written by their order alone, so a file
//   that stays forever (a crashed client's lock) does not make every later
//   state new.
// - `terminal`. Exact for safety: once every client is done no event is
//   left, the explorer has checked the world's properties before encoding
//   it, and nothing that follows can differ; all such worlds are one state.
//
// The `fileFields` reduction (sim/engine/fileMask.ts) decides which fields
// of each file are written; the rest are written as 0 and decode as 0.
// Clients are kept in scenario order: their ids break ties, so they are not
// interchangeable.

import { avalanche64 } from './avalanche64.ts';
import type { Effect, Json, Request } from '../../model/index.ts';
import { fieldBits } from './fileMask.ts';
import { DecodeReuse, EncodedSegment } from './decodeReuse.ts';
import type { Simulator } from './simulator.ts';
import { makeWorld, type BatchPart, type ClientSlot, type FileVersion, type Phase, type SingleStoredReply, type StepMemo, type StoredReply, type TimerSlot, type World } from './world.ts';
import { timerFlow } from './timerFlow.ts';

const phases: readonly Phase[] = ['ready', 'sent', 'replying', 'done'];
const timerPhases: readonly TimerSlot['phase'][] = ['armed', 'ready', 'sent', 'replying'];
const timerPhaseCodes = { armed: 0, ready: 1, sent: 2, replying: 3 } as const;

/** A switch, not a lookup by string key: this runs for every client of every state. */
function phaseCode(phase: Phase): number {
  switch (phase) {
    case 'ready':
      return 0;
    case 'sent':
      return 1;
    case 'replying':
      return 2;
    case 'done':
      return 3;
  }
}
const replyKinds = ['ok', 'exists', 'not-found', 'listed', 'conflict', 'rejected', 'date', 'all'] as const;
const replyCodes = { ok: 0, exists: 1, 'not-found': 2, listed: 3, conflict: 4, rejected: 5, date: 6, all: 7 } as const;
const outcomes = [null, 'finished', 'gave-up', 'crashed'] as const;
const outcomeCodes = { finished: 1, 'gave-up': 2, crashed: 3 } as const;

/** The whole encoding of a world in which every client is done, with `terminal` on. */
const terminalMark = -7;
const noReply = -1;
/**
 * A client's head word: its flags in bits 0-14, its due tick (relative) in
 * bits 16-23 and its clock skew in bits 24-31 (signed), while both fit;
 * else bit 15, and each takes a word of its own after the head.
 */
const headOwnWords = 1 << 15;
const flagsMask = headOwnWords - 1;
const dueInHeadMax = 0xff;
const skewInHeadMax = 0x7f;
/**
 * A file version's first word: its name key in bits 0-15, its writer word
 * (a stored file's with the deleted flag) in bits 16-23 and, for a stored
 * file, the ticks until it is visible in bits 24-30, while all fit; else the
 * name key negated, then the writer word, and the visibility last.
 */
const nameKeyInWordMax = 0xffff;
const writerInWordMax = 0xff;
const visibleInWordMax = 0x7f;
/** A computed reaction as one word, below reactionMark, while its state key fits 16 bits and its effect key 15. */
const packedReactionMax = -3;
const reactionStateInWordMax = 0xfffe;
const reactionEffectBits = 15;
const reactionEffectInWordMax = (1 << reactionEffectBits) - 1;
/**
 * The world's head word: the anchor's phase (or the anchor) in bits 0-7,
 * pauses left in bits 8-11, crashes left in 12-15, the fencing token plus
 * one in 16-23 and the number of file versions in 24-30, while all fit;
 * else headEscape, then each in a word of its own.
 */
const headEscape = -1;
const anchorInHeadMax = 0xff;
const faultsInHeadMax = 0xf;
const fenceInHeadMax = 0xfe;
const fileCountInHeadMax = 0x7f;
const reactionMark = -2;
/**
 * In a batch, written where a committed request's reply tick goes: a reply
 * tick is never this far before the anchor (it is at or after the commit).
 */
const pendingPart = -0x40000000;

const constantReplies: Record<string, StoredReply> = {
  ok: { kind: 'ok' },
  exists: { kind: 'exists' },
  'not-found': { kind: 'not-found' },
  conflict: { kind: 'conflict' },
  rejected: { kind: 'rejected' },
};

export class StateEncoder {
  /** The buffer being written: own, or the caller's (encodeWordsAt). */
  private buffer = new Int32Array(256);
  private own = this.buffer;
  /** Where the next word goes in `buffer`. */
  private length = 0;
  private readonly sectionCodes: Map<string, number>;
  private readonly resolutionTicks: number;
  private readonly horizonTicks: number;
  /** Old file times, relative to the anchor, in the current encode: value -> compressed value. */
  private readonly oldTimes = new Map<number, number>();
  private readonly oldScratch: number[] = [];
  /** Where in the buffer the current encode wrote times older than the horizon. */
  private readonly oldPositions: number[] = [];
  /** Decoding: parsed values by interned key, and step memos by (state, effect) key. */
  private readonly values: unknown[] = [];
  private readonly memosByEffect: (Map<number, StepMemo> | undefined)[] = [];
  /** Encoding: per client, the last slot encoded and its words; the same for the files (see encodeWordsAt). */
  private readonly encodedSlots: EncodedSegment<ClientSlot>[] = [];
  private readonly encodedFiles = new EncodedSegment<readonly FileVersion[]>();
  /** Decoding: the last decode's slots and files, with their words, to give equal words the same objects. */
  private readonly reuse: DecodeReuse;

  constructor(private readonly sim: Simulator) {
    this.resolutionTicks = sim.scenario.store.timestampResolution;
    if (this.resolutionTicks < 1) throw new Error('encoder: resolution below one tick');
    this.horizonTicks = sim.ageHorizonTicks;
    this.sectionCodes = new Map(sim.protocol.sections.map((section, index) => [section, index + 1]));
    this.reuse = new DecodeReuse(sim.clientIds.length);
    for (let index = 0; index < sim.clientIds.length; index += 1) this.encodedSlots.push(new EncodedSegment<ClientSlot>());
  }

  private grow(): void {
    if (this.buffer.length >= 1 << 28) throw new Error('encoder: an encoding of more than 2^28 words');
    const grown = new Int32Array(this.buffer.length * 2);
    grown.set(this.buffer);
    this.buffer = grown;
  }

  private push(value: number): void {
    if (this.length === this.buffer.length) this.grow();
    if ((value | 0) !== value) throw new Error(`encoder: ${value} does not fit a 32-bit word`);
    this.buffer[this.length] = value;
    this.length += 1;
  }

  /**
   * A file time relative to the anchor. One older than the horizon is
   * written as it is for now and its position noted; compressOldTimes then
   * rewrites all of them at once, when the whole world is encoded.
   */
  private time(ticks: number, anchor: number): number {
    const relative = ticks - anchor;
    if (relative < -this.horizonTicks) this.oldPositions.push(this.length);
    return relative;
  }

  /** Rewrites each old time as -horizon-1, -horizon-2, ... in order from the newest: order kept, distance dropped. */
  private compressOldTimes(): void {
    const positions = this.oldPositions;
    if (positions.length === 0) return;
    const buffer = this.buffer;
    const old = this.oldScratch;
    old.length = 0;
    for (const at of positions) old.push(buffer[at]!);
    old.sort((left, right) => right - left);
    const ranks = this.oldTimes;
    ranks.clear();
    for (let index = 0; index < old.length; index += 1) {
      if (index > 0 && old[index] === old[index - 1]) continue;
      ranks.set(old[index]!, -this.horizonTicks - 1 - ranks.size);
    }
    for (const at of positions) buffer[at] = ranks.get(buffer[at]!)!;
    positions.length = 0;
  }

  /**
   * A version's name, then its writer (with the deleted flag of a stored
   * file in the low bit), then only the fields its name keeps: the decoder
   * knows the kept mask from the name, so dropped fields take no word.
   */
  private pushVersion(version: FileVersion, anchor: number, stored: boolean): void {
    const writerWord = stored ? version.writer * 2 + (version.deleted ? 1 : 0) : version.writer;
    const nameKey = version.nameKey;
    // A version already visible to all counts as visible now: clamped, so that how long ago makes no new state.
    const visible = stored ? Math.max(0, version.visibleTick - anchor) : 0;
    // Name, writer and visibility share a word when all fit (nearly always: a few names, a few clients, short lags).
    const packed = nameKey >= 0 && nameKey <= nameKeyInWordMax && writerWord >= 0 && writerWord <= writerInWordMax && visible <= visibleInWordMax;
    if (packed) {
      this.push(nameKey | (writerWord << 16) | (visible << 24));
    } else {
      this.push(-1 - nameKey);
      this.push(writerWord);
    }
    const mask = version.deleted ? 0 : this.sim.fileMask.keptMaskOf(version);
    if ((mask & fieldBits.body) !== 0) this.push(version.bodyKey);
    if ((mask & fieldBits.mtimeTicks) !== 0) this.push(this.time(version.mtimeTicks, anchor));
    if ((mask & fieldBits.clientStampTicks) !== 0) this.push(this.time(version.clientStampTicks, anchor));
    if ((mask & fieldBits.version) !== 0) this.push(version.version);
    if (stored && !packed) this.push(visible);
  }

  /** A replying client's reaction (with reactAtCommit) or its reply. */
  private pushReply(client: ClientSlot, anchor: number): void {
    const reaction = client.reaction;
    if (reaction !== null) {
      const { stateKey, effectKey } = reaction;
      if (stateKey >= 0 && stateKey <= reactionStateInWordMax && effectKey >= 0 && effectKey <= reactionEffectInWordMax) {
        this.push(packedReactionMax - ((stateKey << reactionEffectBits) | effectKey));
        return;
      }
      this.push(reactionMark);
      this.push(stateKey);
      this.push(effectKey);
      return;
    }
    const reply = client.reply;
    if (reply === null) {
      this.push(noReply);
      return;
    }
    if (reply.kind !== 'all') {
      this.pushSingleReply(reply, anchor);
      return;
    }
    this.push(replyCodes.all);
    this.push(reply.parts.length);
    for (const part of reply.parts) this.pushSingleReply(part, anchor);
  }

  private pushSingleReply(reply: SingleStoredReply, anchor: number): void {
    this.push(replyCodes[reply.kind]);
    // The store's clock as it was at commit, relative like every time (never old: it is at most a reply leg back).
    if (reply.kind === 'date') this.push(reply.ticks - anchor);
    if (reply.kind !== 'listed') return;
    this.push(reply.versions.length);
    for (const version of reply.versions) this.pushVersion(version, anchor, false);
  }

  /** A batch in flight: per request, its key, then its commit tick, or its reply and when it arrives. */
  private pushBatch(batch: readonly BatchPart[], anchor: number): void {
    this.push(batch.length);
    for (const part of batch) {
      this.push(part.requestKey);
      if (part.commitTick >= 0) {
        this.push(pendingPart);
        this.push(part.commitTick - anchor);
      } else {
        // A reply already arrived counts only through the latest arrival, which is never before the anchor: clamped, as visibility is.
        this.push(Math.max(0, part.replyTick - anchor));
        this.pushSingleReply(part.reply!, anchor);
      }
    }
  }

  /** Whether the client's clock at send can still matter: only for a put whose stamp or writer-clock mtime is kept. */
  private keepsSendClock(phase: Phase, request: Request | null, batch: readonly BatchPart[] | null): boolean {
    if (phase !== 'sent') return false;
    if (batch !== null) return batch.some((part) => part.commitTick >= 0 && this.keepsSendClock(phase, part.request, null));
    if (request === null) return false;
    if (request.kind !== 'put' && request.kind !== 'create' && request.kind !== 'cas') return false;
    return this.sim.fileMask.keepsSendClock(request.name);
  }

  /**
   * Whether the client's state can still matter: a done client never steps
   * again (with `terminal`), and a client whose reaction is computed steps
   * from the reaction's state, unless a crash can stop it first and leave
   * its current state behind.
   */
  private keepsState(phase: Phase, hasReaction: boolean, crashesLeft: number, hasTimer: boolean): boolean {
    // A done client's timer handler may still run, on the shared state.
    if (phase === 'done' && !hasTimer && this.sim.reductions.terminal) return false;
    return !(phase === 'replying' && hasReaction && crashesLeft === 0);
  }

  /** Whether the request in flight can still matter: until it commits, and until the reply's reaction is computed. */
  private static keepsRequest(phase: Phase, hasReaction: boolean): boolean {
    return phase === 'sent' || (phase === 'replying' && !hasReaction);
  }

  /**
   * The client's small fields in one word: phase (2 bits), section (8),
   * outcome (2), where the supersededWrites history is kept, superseded,
   * and whether a batch and a timer follow: bits 0-14 of the head word
   * (see headOwnWords).
   */
  private flagsOf(client: ClientSlot): number {
    const section = client.section === null ? 0 : this.sectionCodes.get(client.section)!;
    const outcome = client.outcome === null ? 0 : outcomeCodes[client.outcome];
    const superseded = this.sim.monitors.supersededWrites && client.superseded ? 1 : 0;
    const batch = client.batch === null ? 0 : 1;
    const timer = client.timer === null ? 0 : 1;
    return phaseCode(client.phase) | (section << 2) | (outcome << 10) | (superseded << 12) | (batch << 13) | (timer << 14);
  }

  /**
   * The client's timer flow: its phase (with bits for a batch and for a
   * pause's hold that still matters, past the anchor), due tick, reply,
   * batch, request, send clock and hold, as the main flow's.
   */
  private pushTimer(client: ClientSlot, anchor: number): void {
    const timer = client.timer!;
    const held = timer.heldUntilTick > anchor;
    this.push(timerPhaseCodes[timer.phase] | (timer.batch === null ? 0 : 4) | (held ? 8 : 0));
    this.push(timer.dueTick - anchor);
    if (timer.phase === 'replying') this.pushReply(timerFlow(client), anchor);
    if (timer.batch !== null) this.pushBatch(timer.batch, anchor);
    if (timer.phase === 'sent' || timer.phase === 'replying') this.push(timer.requestKey);
    if (this.keepsSendClock(timer.phase === 'sent' ? 'sent' : 'ready', timer.request, timer.batch)) this.push(timer.sentClockTicks - anchor);
    if (held) this.push(timer.heldUntilTick - anchor);
  }

  private readTimer(anchor: number): TimerSlot {
    const code = this.word();
    const phase = timerPhases[code & 3]!;
    const dueTick = anchor + this.word();
    let reply: StoredReply | null = null;
    if (phase === 'replying') reply = this.readReply(this.word(), anchor);
    const batch = (code & 4) !== 0 ? this.readBatch(anchor) : null;
    const requestKey = phase === 'sent' || phase === 'replying' ? this.word() : -1;
    const request = requestKey < 0 ? null : (this.value(requestKey) as Request);
    const sentClockTicks = this.keepsSendClock(phase === 'sent' ? 'sent' : 'ready', request, batch) ? anchor + this.word() : anchor;
    const heldUntilTick = (code & 8) !== 0 ? anchor + this.word() : -1;
    return { phase, dueTick, request, requestKey, sentClockTicks, reply, batch, heldUntilTick };
  }

  /** Encodes the world into the internal buffer; returns the view of it (valid until the next call). */
  encode(world: World): Int32Array {
    // The length first: encoding may replace the buffer with a grown one, and the view must be of that one.
    const length = this.encodeWords(world);
    return this.buffer.subarray(0, length);
  }

  /** The buffer the last encodeWords wrote (replaced when it grows). */
  get encoded(): Int32Array<ArrayBuffer> {
    return this.buffer;
  }

  /**
   * Encodes the world into `encoded`; returns how many words it wrote. The
   * search's hot path: no view allocated. A word is written only where it
   * can matter: what the decoder can tell from words before it (a done
   * client's due tick, a field its file name does not keep, the history
   * fields no property needs) takes none.
   */
  /** The next due tick of the world last encoded by encodeWords; null when every client was done. */
  lastDueTick: number | null = null;

  encodeWords(world: World): number {
    const length = this.encodeWordsAt(world, this.own, 0);
    this.own = this.buffer;
    return length;
  }

  /**
   * Encodes the world into `target` from word `start` on, keeping the words
   * before it; returns how many words it wrote. The words are then in
   * `encoded`: `target`, or a grown copy of it when it was too short. The
   * search writes successors one after the other this way, with no copy.
   */
  encodeWordsAt(world: World, target: Int32Array<ArrayBuffer>, start: number): number {
    if (!(start >= 0 && start <= target.length)) throw new Error('encoder: start out of range');
    this.buffer = target;
    this.length = start;
    if (this.oldPositions.length > 0) this.oldPositions.length = 0;
    const due = this.sim.nextDueTick(world);
    this.lastDueTick = due;
    if (due === null && this.sim.reductions.terminal) {
      this.push(terminalMark);
      return this.length - start;
    }
    const anchor = due ?? world.now;
    if (anchor < world.now) throw new Error('encoder: a client is due in the past');
    const keepsStale = this.sim.monitors.supersededWrites;
    const crashesLeft = world.faults.crashesLeft;
    const files = world.files;
    this.pushHead(this.sim.reductions.relativeTime ? anchor % this.resolutionTicks : anchor, world.faults.pausesLeft, crashesLeft, world.data.fenceToken, files.length);
    if (keepsStale) this.push(world.data.staleWriter);
    const clients = world.clients;
    for (let index = 0; index < clients.length; index += 1) {
      const client = clients[index]!;
      // An unchanged slot (the same object: slots are immutable) in the same
      // context writes the same words as last time, unless some were old
      // times, which are ranked against the whole world's.
      const kept = this.encodedSlots[index]!;
      if (kept.key === client && kept.anchor === anchor && kept.crashesLeft === crashesLeft) {
        this.pushKept(kept);
        continue;
      }
      const segmentStart = this.length;
      const oldBefore = this.oldPositions.length;
      this.pushClient(client, anchor, crashesLeft);
      kept.keep(client, anchor, crashesLeft, this.buffer, segmentStart, this.length, this.oldPositions.length === oldBefore);
    }
    const keptFiles = this.encodedFiles;
    if (keptFiles.key === files && keptFiles.anchor === anchor) {
      this.pushKept(keptFiles);
    } else {
      const segmentStart = this.length;
      const oldBefore = this.oldPositions.length;
      // Their count is in the head word: the files' words are the versions alone.
      for (const version of files) this.pushVersion(version, anchor, true);
      keptFiles.keep(files, anchor, 0, this.buffer, segmentStart, this.length, this.oldPositions.length === oldBefore);
    }
    this.compressOldTimes();
    return this.length - start;
  }

  /** The world's head (see headEscape): one word while every field fits it (small budgets, tokens and file lists), else a mark and five words. */
  private pushHead(anchorWord: number, pausesLeft: number, crashesLeft: number, fenceToken: number, fileCount: number): void {
    const fits =
      anchorWord >= 0 && anchorWord <= anchorInHeadMax &&
      pausesLeft >= 0 && pausesLeft <= faultsInHeadMax &&
      crashesLeft >= 0 && crashesLeft <= faultsInHeadMax &&
      fenceToken >= -1 && fenceToken <= fenceInHeadMax &&
      fileCount <= fileCountInHeadMax;
    if (fits) {
      this.push(anchorWord | (pausesLeft << 8) | (crashesLeft << 12) | ((fenceToken + 1) << 16) | (fileCount << 24));
      return;
    }
    this.push(headEscape);
    this.push(anchorWord);
    this.push(pausesLeft);
    this.push(crashesLeft);
    this.push(fenceToken);
    this.push(fileCount);
  }

  /** One client's words. */
  private pushClient(client: ClientSlot, anchor: number, crashesLeft: number): void {
    const keepsStale = this.sim.monitors.supersededWrites;
    const phase = client.phase;
    const hasReaction = client.reaction !== null;
    if (phase !== 'replying' && (client.reply !== null || hasReaction)) throw new Error(`encoder: a ${phase} client holds a reply`);
    if (client.batch !== null && phase !== 'sent') throw new Error(`encoder: a ${phase} client holds a batch in flight`);
    if (hasReaction && client.timer !== null) throw new Error('encoder: a reaction computed beside a timer');
    // Due tick and skew share the flags' word when they fit (nearly always: legs and skews are a few ticks).
    const skew = client.skewTicks;
    const due = phase === 'done' ? 0 : client.dueTick - anchor;
    const inHead = skew >= -skewInHeadMax - 1 && skew <= skewInHeadMax && due >= 0 && due <= dueInHeadMax;
    if (inHead) {
      this.push(this.flagsOf(client) | (due << 16) | (skew << 24));
    } else {
      this.push(this.flagsOf(client) | headOwnWords);
      if (phase !== 'done') this.push(due);
      this.push(skew);
    }
    if (phase === 'replying') this.pushReply(client, anchor);
    if (client.batch !== null) this.pushBatch(client.batch, anchor);
    if (this.keepsState(phase, hasReaction, crashesLeft, client.timer !== null)) this.push(client.stateKey);
    if (keepsStale) this.push(client.lastToken);
    if (StateEncoder.keepsRequest(phase, hasReaction)) this.push(client.requestKey);
    if (this.keepsSendClock(phase, client.request, client.batch)) this.push(client.sentClockTicks - anchor);
    if (client.timer !== null) this.pushTimer(client, anchor);
  }

  /** The words a kept segment wrote last time. */
  private pushKept(kept: EncodedSegment<unknown>): void {
    const length = kept.length;
    while (this.length + length > this.buffer.length) this.grow();
    const buffer = this.buffer;
    const words = kept.words;
    const at = this.length;
    for (let index = 0; index < length; index += 1) buffer[at + index] = words[index]!;
    this.length = at + length;
  }

  /** 64-bit fingerprint of the canonical encoding, as two 32-bit halves written to `out`. */
  fingerprint(world: World, out: Uint32Array): void {
    fingerprintWords(this.encode(world), out);
  }

  private value(key: number): unknown {
    let known = this.values[key];
    if (known === undefined) {
      const text = this.sim.keys.textOf(key);
      if (text === undefined) throw new Error(`decoder: unknown key ${key}`);
      known = JSON.parse(text) as unknown;
      this.values[key] = known;
    }
    return known;
  }

  private memo(index: number, stateKey: number, effectKey: number): StepMemo {
    // By effect, then state: small integer keys (a combined key would pass
    // the engine's small-integer range and be hashed as a double).
    let byState = this.memosByEffect[effectKey];
    if (byState === undefined) {
      byState = new Map();
      this.memosByEffect[effectKey] = byState;
    }
    let memo = byState.get(stateKey);
    if (memo === undefined) {
      const output = { state: this.value(stateKey), effect: this.value(effectKey) as Effect };
      memo = this.sim.memoOf(index, output, null);
      if (memo.stateKey !== stateKey || memo.effectKey !== effectKey) throw new Error('decoder: a step memo does not intern back to its keys');
      byState.set(stateKey, memo);
    }
    return memo;
  }

  /**
   * The world an encoding stands for: the same futures as every world that
   * encodes to it. Time is anchored at the next due tick (its phase modulo
   * the resolution under relativeTime); fields the encoding drops are 0, or
   * null for a state or request that can no longer matter.
   */
  decode(words: ArrayLike<number>, length: number = words.length): World {
    if (!(length >= 1 && length <= words.length)) throw new Error('decoder: length out of range');
    if (words[0] === terminalMark) return this.terminalWorld();
    this.words = words;
    this.end = length;
    this.at = 0;
    const head = this.word();
    if (!(head >= 0 || head === headEscape)) throw new Error(`decoder: no world begins with ${head}`);
    const packed = head >= 0;
    const anchor = packed ? head & anchorInHeadMax : this.word();
    const pausesLeft = packed ? (head >>> 8) & faultsInHeadMax : this.word();
    const faults = { pausesLeft, crashesLeft: packed ? (head >>> 12) & faultsInHeadMax : this.word() };
    const fenceToken = packed ? ((head >>> 16) & 0xff) - 1 : this.word();
    const fileCount = packed ? head >>> 24 : this.word();
    const keepsStale = this.sim.monitors.supersededWrites;
    const data = { fenceToken, staleWriter: keepsStale ? this.word() : -1 };
    const crashesLeft = faults.crashesLeft;
    const clients: ClientSlot[] = [];
    const reuse = this.reuse;
    for (let index = 0; index < this.sim.clientIds.length; index += 1) {
      const start = this.at;
      // A client's words decode the same way in the same context, and where
      // they end follows from the words: equal words, the same slot. Shared
      // slots are no risk (slots are immutable) and they spare the protocol
      // host's memo key (it remembers recent slots by identity).
      const known = reuse.slot(index, words, start, length, anchor, crashesLeft);
      if (known !== null) {
        clients.push(known);
        this.at = start + reuse.slotLength(index);
        continue;
      }
      const slot = this.readClient(index, anchor, crashesLeft);
      reuse.keepSlot(index, words, start, this.at, anchor, crashesLeft, slot);
      clients.push(slot);
    }
    // The files are the rest of the words: equal to the last decode's, its files.
    const filesStart = this.at;
    let files = reuse.files(words, filesStart, length, anchor);
    if (files === null) {
      const read: FileVersion[] = [];
      for (let file = 0; file < fileCount; file += 1) read.push(this.readVersion(anchor, true));
      reuse.keepFiles(words, filesStart, this.at, anchor, read);
      files = read;
    } else {
      this.at = length;
    }
    if (this.at !== length) throw new Error('decoder: words left over');
    return makeWorld(anchor, clients, files, data, faults);
  }

  /** The client's slot from its words (from `at`), as encodeWords wrote them. */
  private readClient(index: number, anchor: number, crashesLeft: number): ClientSlot {
    const keepsStale = this.sim.monitors.supersededWrites;
    const head = this.word();
    const flags = head & flagsMask;
    const phase = phases[flags & 3]!;
    const sectionCode = (flags >> 2) & 0xff;
    const outcome = outcomes[(flags >> 10) & 3]!;
    const superseded = ((flags >> 12) & 1) === 1;
    const hasBatch = ((flags >> 13) & 1) === 1;
    const hasTimer = ((flags >> 14) & 1) === 1;
    const ownWords = (head & headOwnWords) !== 0;
    const dueTick = phase === 'done' ? 0 : anchor + (ownWords ? this.word() : (head >>> 16) & dueInHeadMax);
    const skewTicks = ownWords ? this.word() : head >> 24;
    let reply: StoredReply | null = null;
    let reaction: StepMemo | null = null;
    if (phase === 'replying') {
      const replyCode = this.word();
      if (replyCode <= packedReactionMax) {
        const both = packedReactionMax - replyCode;
        reaction = this.memo(index, both >>> reactionEffectBits, both & reactionEffectInWordMax);
      } else if (replyCode === reactionMark) {
        const reactionState = this.word();
        reaction = this.memo(index, reactionState, this.word());
      } else {
        reply = this.readReply(replyCode, anchor);
      }
    }
    const batch = hasBatch ? this.readBatch(anchor) : null;
    const hasReaction = reaction !== null;
    const stateKey = this.keepsState(phase, hasReaction, crashesLeft, hasTimer) ? this.word() : -1;
    const lastToken = keepsStale ? this.word() : -1;
    const requestKey = StateEncoder.keepsRequest(phase, hasReaction) ? this.word() : -1;
    const request = requestKey < 0 ? null : (this.value(requestKey) as Request);
    const sentClockTicks = this.keepsSendClock(phase, request, batch) ? anchor + this.word() : anchor;
    const timer = hasTimer ? this.readTimer(anchor) : null;
    return {
      protocolState: stateKey < 0 ? null : (this.value(stateKey) as Json),
      stateKey,
      phase,
      dueTick,
      request,
      requestKey,
      sentClockTicks,
      reply,
      batch,
      reaction,
      section: sectionCode === 0 ? null : this.sim.protocol.sections[sectionCode - 1]!,
      skewTicks,
      outcome,
      superseded,
      lastToken,
      timer,
    };
  }

  /** A reply (not a reaction) whose code has been read: none, one, or an `all` reply's parts. */
  private readReply(replyCode: number, anchor: number): StoredReply | null {
    if (replyCode === noReply) return null;
    if (replyCode !== replyCodes.all) return this.readSingleReply(replyCode, anchor);
    const count = this.word();
    const parts: SingleStoredReply[] = [];
    for (let part = 0; part < count; part += 1) parts.push(this.readSingleReply(this.word(), anchor));
    return { kind: 'all', parts };
  }

  private words: ArrayLike<number> = [];
  /** Where the encoding being decoded ends in `words`. */
  private end = 0;
  private at = 0;

  /** One reply whose code has been read. */
  private readSingleReply(replyCode: number, anchor: number): SingleStoredReply {
    if (replyCode === replyCodes.listed) {
      const count = this.word();
      const versions: FileVersion[] = [];
      for (let file = 0; file < count; file += 1) versions.push(this.readVersion(anchor, false));
      return { kind: 'listed', versions };
    }
    if (replyCode === replyCodes.date) return { kind: 'date', ticks: anchor + this.word() };
    const kind = replyKinds[replyCode];
    const constant = kind === undefined ? undefined : constantReplies[kind];
    if (constant === undefined) throw new Error(`decoder: no reply with code ${replyCode}`);
    return constant as SingleStoredReply;
  }

  private readBatch(anchor: number): BatchPart[] {
    const count = this.word();
    const parts: BatchPart[] = [];
    for (let at = 0; at < count; at += 1) {
      const requestKey = this.word();
      const request = this.value(requestKey) as Request;
      const tag = this.word();
      if (tag === pendingPart) {
        parts.push({ request, requestKey, commitTick: anchor + this.word(), reply: null, replyTick: -1 });
      } else {
        const reply = this.readSingleReply(this.word(), anchor);
        parts.push({ request, requestKey, commitTick: -1, reply, replyTick: anchor + tag });
      }
    }
    return parts;
  }

  private word(): number {
    if (this.at >= this.end) throw new Error('decoder: encoding ends early');
    const word = this.words[this.at]!;
    this.at += 1;
    return word;
  }

  /** A version's fields (those its name keeps; the rest are 0); a stored file then has its visibility, a listed one is visible now. */
  private readVersion(anchor: number, stored: boolean): FileVersion {
    const first = this.word();
    const packed = first >= 0;
    const nameKey = packed ? first & nameKeyInWordMax : -1 - first;
    const writerWord = packed ? (first >>> 16) & writerInWordMax : this.word();
    const name = this.value(nameKey) as string;
    const deleted = stored && (writerWord & 1) === 1;
    const writer = stored ? writerWord >> 1 : writerWord;
    const mask = deleted ? 0 : this.sim.fileMask.keptMaskByKey(nameKey, name);
    const bodyKey = (mask & fieldBits.body) !== 0 ? this.word() : -1;
    const mtimeTicks = anchor + ((mask & fieldBits.mtimeTicks) !== 0 ? this.word() : 0);
    const clientStampTicks = anchor + ((mask & fieldBits.clientStampTicks) !== 0 ? this.word() : 0);
    const version = (mask & fieldBits.version) !== 0 ? this.word() : 0;
    const visibleTick = stored ? anchor + (packed ? first >>> 24 : this.word()) : anchor;
    return {
      name,
      nameKey,
      writer,
      body: bodyKey < 0 ? null : (this.value(bodyKey) as Json),
      bodyKey,
      mtimeTicks,
      clientStampTicks,
      version,
      commitTick: anchor,
      visibleTick,
      deleted,
    };
  }

  private terminalWorld(): World {
    const clients: ClientSlot[] = this.sim.clientIds.map(() => ({
      protocolState: null,
      stateKey: -1,
      phase: 'done',
      dueTick: 0,
      request: null,
      requestKey: -1,
      sentClockTicks: 0,
      reply: null,
      batch: null,
      reaction: null,
      section: null,
      skewTicks: 0,
      outcome: 'finished',
      superseded: false,
      lastToken: -1,
      timer: null,
    }));
    return makeWorld(0, clients, [], { fenceToken: -1, staleWriter: -1 }, { pausesLeft: 0, crashesLeft: 0 });
  }
}

/** 64-bit fingerprint of encoded words, as two 32-bit halves written to `out`. */
export function fingerprintWords(words: ArrayLike<number>, out: Uint32Array, length: number = words.length): void {
  fingerprintWordsFrom(words, 0, length, out);
}

/**
 * The fingerprint of the `length` words of `words` from index `from`: equal
 * to fingerprintWords of those words alone. Each word is mixed on its own
 * first (multiply, rotate, multiply: a bijection in which every input bit
 * reaches bits above and below it), then enters two 32-bit chains, one by
 * xor and one by addition, each rotated and multiplied after. Words
 * alternate between two lanes with constants of their own, so that the
 * multiplications of neighbouring words run side by side; the odd lane then
 * enters the even one as two more words, and avalanche64 mixes the result.
 *
 * Why each word is mixed first: a multiplication moves a difference only
 * towards higher bits, and encodings pack fields into the high bits of a
 * word. Without the rotation, equal and opposite differences high in two
 * neighbouring words cancelled between the lanes: two distinct states of a
 * 72-state search had one fingerprint, and one of them was never explored.
 */
export function fingerprintWordsFrom(words: ArrayLike<number>, from: number, length: number, out: Uint32Array): void {
  if (!(length >= 0 && from >= 0 && from + length <= words.length)) throw new Error('fingerprint: length out of range');
  let high = 0x9e3779b9 ^ length;
  let low = 0x85ebca6b ^ Math.imul(length, 0xc2b2ae35);
  let oddHigh = 0x7f4a7c15;
  let oddLow = 0x165667b1;
  const end = from + length;
  let index = from;
  for (; index + 1 < end; index += 2) {
    const even = mixEven(words[index]!);
    const odd = mixOdd(words[index + 1]!);
    high = xorChain(high, even);
    low = addChain(low, even);
    oddHigh = (Math.imul(rotl(oddHigh ^ odd, 11), 9) + 0x7f4a7c15) | 0;
    oddLow = Math.imul(rotl((oddLow + odd) | 0, 19), 0x165667b1);
  }
  if (index < end) {
    const even = mixEven(words[index]!);
    high = xorChain(high, even);
    low = addChain(low, even);
  }
  // The odd lane's chains enter the even lane's as two more words, each mixed first like any word.
  const oddHighMixed = mixEven(oddHigh);
  high = xorChain(high, oddHighMixed);
  low = addChain(low, oddHighMixed);
  const oddLowMixed = mixEven(oddLow);
  high = xorChain(high, oddLowMixed);
  low = addChain(low, oddLowMixed);
  avalanche64(high, low, out);
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** A word of the even lane, mixed on its own: multiply, rotate, multiply (a bijection). */
function mixEven(word: number): number {
  return Math.imul(rotl(Math.imul(word, 0xcc9e2d51), 15), 0x1b873593);
}

/** The same for the odd lane, with constants of its own. */
function mixOdd(word: number): number {
  return Math.imul(rotl(Math.imul(word, 0x2545f491), 13), 0x9e3779b1);
}

/** The even lane's xor chain after a mixed word. */
function xorChain(chain: number, mixed: number): number {
  return (Math.imul(rotl(chain ^ mixed, 13), 5) + 0xe6546b64) | 0;
}

/** The even lane's addition chain after a mixed word. */
function addChain(chain: number, mixed: number): number {
  return Math.imul(rotl((chain + mixed) | 0, 17), 0x27d4eb2f);
}
