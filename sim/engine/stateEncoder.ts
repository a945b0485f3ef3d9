// Canonical encoding of a world as integers, and its 64-bit fingerprint.
//
// Canonical means: two worlds from which the same futures unfold encode
// equally. Time is made relative to `now` (protocols hold no absolute time,
// see model/protocol.ts), with `now` modulo the timestamp resolution kept
// because rounding depends on it; visibility ticks already passed are
// clamped to 0; files are kept sorted and pruned by the store; clients are in
// scenario order, since their ids break ties and are not interchangeable.

import type { FileVersion, StoredReply, World } from './world.ts';

const phaseCodes = { ready: 0, sent: 1, replying: 2, done: 3 } as const;
const replyCodes = { ok: 0, exists: 1, 'not-found': 2, listed: 3, conflict: 4, rejected: 5 } as const;
const outcomeCodes = { finished: 1, 'gave-up': 2, crashed: 3 } as const;

export class StateEncoder {
  private buffer = new Int32Array(256);
  private length = 0;
  private readonly sectionCodes: Map<string, number>;

  /** Old file times, relative to now, in the current encode: value -> compressed value. */
  private readonly oldTimes = new Map<number, number>();

  constructor(
    sections: readonly string[],
    private readonly timestampResolutionTicks: number,
    /**
     * File times older than this many ticks are compressed to their order
     * alone. Protocols compare file times with each other and with clock
     * readings minus constants smaller than this horizon, so beyond it only
     * the order of times matters; compressing it keeps a file that stays
     * forever (a crashed client's lock) from making every later state new.
     */
    private readonly ageHorizonTicks: number = Number.POSITIVE_INFINITY,
  ) {
    if (timestampResolutionTicks < 1) throw new Error('encoder: resolution below one tick');
    this.sectionCodes = new Map(sections.map((section, index) => [section, index + 1]));
  }

  private push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length] = value;
    this.length += 1;
  }

  private time(ticks: number, now: number): number {
    const relative = ticks - now;
    return relative < -this.ageHorizonTicks ? this.oldTimes.get(relative)! : relative;
  }

  private noteOld(ticks: number, now: number, old: Set<number>): void {
    const relative = ticks - now;
    if (relative < -this.ageHorizonTicks) old.add(relative);
  }

  /** Maps each old time to -horizon-1, -horizon-2, ... in order from the newest: order kept, distance dropped. */
  private compressOldTimes(world: World): void {
    if (this.oldTimes.size > 0) this.oldTimes.clear();
    if (this.ageHorizonTicks === Number.POSITIVE_INFINITY) return;
    // Most worlds hold no old time at all: find out without allocating.
    const oldest = world.now - this.ageHorizonTicks;
    let any = false;
    for (const version of world.files) if (version.mtimeTicks < oldest || version.clientStampTicks < oldest) any = true;
    for (const client of world.clients) {
      if (client.reply?.kind !== 'listed') continue;
      for (const version of client.reply.versions) if (version.mtimeTicks < oldest || version.clientStampTicks < oldest) any = true;
    }
    if (!any) return;
    const old = new Set<number>();
    const now = world.now;
    for (const version of world.files) {
      this.noteOld(version.mtimeTicks, now, old);
      this.noteOld(version.clientStampTicks, now, old);
    }
    for (const client of world.clients) {
      if (client.reply?.kind !== 'listed') continue;
      for (const version of client.reply.versions) {
        this.noteOld(version.mtimeTicks, now, old);
        this.noteOld(version.clientStampTicks, now, old);
      }
    }
    [...old].sort((left, right) => right - left).forEach((value, rank) => this.oldTimes.set(value, -this.ageHorizonTicks - 1 - rank));
  }

  private pushVersion(version: FileVersion, now: number): void {
    this.push(version.nameKey);
    this.push(version.writer);
    this.push(version.bodyKey);
    this.push(this.time(version.mtimeTicks, now));
    this.push(this.time(version.clientStampTicks, now));
    this.push(version.version);
    this.push(version.deleted ? 1 : 0);
  }

  private pushReply(reply: StoredReply | null, now: number): void {
    if (reply === null) {
      this.push(-1);
      return;
    }
    this.push(replyCodes[reply.kind]);
    if (reply.kind !== 'listed') return;
    this.push(reply.versions.length);
    for (const version of reply.versions) this.pushVersion(version, now);
  }

  /** Encodes the world into the internal buffer; returns the view of it (valid until the next call). */
  encode(world: World): Int32Array {
    const now = world.now;
    this.length = 0;
    this.compressOldTimes(world);
    this.push(now % this.timestampResolutionTicks);
    this.push(world.clients.length);
    for (const client of world.clients) {
      this.push(phaseCodes[client.phase]);
      this.push(client.phase === 'done' ? 0 : client.dueTick - now);
      this.push(client.stateKey);
      this.push(client.section === null ? 0 : this.sectionCodes.get(client.section)!);
      this.push(client.skewTicks);
      this.push(client.outcome === null ? 0 : outcomeCodes[client.outcome]);
      this.push(client.superseded ? 1 : 0);
      this.push(client.lastToken);
      this.push(client.requestKey);
      this.push(client.phase === 'sent' ? client.sentClockTicks - now : 0);
      this.pushReply(client.reply, now);
    }
    this.push(world.data.fenceToken);
    this.push(world.data.staleWriter);
    this.push(world.faults.pausesLeft);
    this.push(world.faults.crashesLeft);
    this.push(world.files.length);
    for (const version of world.files) {
      this.pushVersion(version, now);
      this.push(Math.max(0, version.visibleTick - now));
    }
    return this.buffer.subarray(0, this.length);
  }

  /** 64-bit fingerprint of the canonical encoding, as two 32-bit halves written to `out`. */
  fingerprint(world: World, out: Uint32Array): void {
    const words = this.encode(world);
    let high = 0x9e3779b9 ^ words.length;
    let low = 0x85ebca6b ^ Math.imul(words.length, 0xc2b2ae35);
    for (let index = 0; index < words.length; index += 1) {
      const word = words[index]!;
      high = Math.imul(high ^ word, 0x01000193);
      high ^= high >>> 15;
      low = Math.imul(low + word, 0x5bd1e995);
      low ^= low >>> 13;
      low = Math.imul(low, 0xc2b2ae35);
    }
    // Final avalanche, so nearby encodings land far apart in the table.
    high ^= low;
    high = Math.imul(high ^ (high >>> 16), 0x85ebca6b);
    high = Math.imul(high ^ (high >>> 13), 0xc2b2ae35);
    high ^= high >>> 16;
    low ^= high;
    low = Math.imul(low ^ (low >>> 16), 0x7feb352d);
    low = Math.imul(low ^ (low >>> 15), 0x846ca68b);
    low ^= low >>> 16;
    out[0] = high >>> 0;
    out[1] = low >>> 0;
  }
}
