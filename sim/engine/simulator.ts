// The discrete-event simulator: one scenario's protocol, clients and store,
// stepping a World one event at a time. Every nondeterministic choice goes
// through the chooser it is handed; nothing else varies between runs.
//
// An event is the due event of one client: its step (at start, after a wait,
// after a local effect), the commit of its request at the store, or the
// delivery of the reply (followed at once by its next step); a client with
// a timer (an `arm` effect) has a second such event, its timer flow's
// (sim/engine/timerFlow.ts). Among the events due at the earliest tick, the
// chooser picks which runs next; time then jumps to that tick.

import type { ClientContext, Effect, HistoryMonitor, Json, Protocol, Reply, Request, StepOutput } from '../../model/index.ts';
import { supersededWritesMonitor } from '../../model/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { protocolOptionsOf } from '../scenario/scenario.ts';
import type { Chooser } from './chooser.ts';
import { RecordingChooser } from './chooser.ts';
import { Interner } from './interner.ts';
import { StateEncoder } from './stateEncoder.ts';
import { commitVersion, pruneFiles, rejectedReply, requestOutcome } from './store.ts';
import type { RequestOutcome } from './store.ts';
import { FileMask } from './fileMask.ts';
import { HistoryMonitors } from './historyMonitors.ts';
import { ProtocolFault, ProtocolHost } from './protocolHost.ts';
import { planReductions } from './reductions.ts';
import type { ReduceSpec, ReductionPlan, Reductions } from './reductions.ts';
import { makeWorld, type BatchPart, type ClientSlot, type DataFacts, type FaultBudget, type FileVersion, type StepMemo, type StoredReply, type TimerSlot, type World } from './world.ts';
import { flowOf, mergeTimerFlow, timerFlow } from './timerFlow.ts';

/** What one event did, for traces. Built only when asked for. */
export type EventRecord = {
  tick: number;
  client: number;
  /** Whether the event is of the client's timer flow (its handler's step or request), not its main flow. */
  timer: boolean;
  /** 'step': the client's protocol ran (possibly on a reply); 'commit': its request took effect at the store. */
  kind: 'step' | 'commit' | 'pause' | 'crash';
  /** For a commit, the request committed; for a step, the request whose reply it received, if any. */
  request: Request | null;
  /** For a commit, the reply it will get; for a step, the reply it received. */
  reply: Reply | null;
  /** For a commit of a write or delete: when other clients see it. */
  visibleTick: number | null;
  /** For a step: what the client does next, and why. */
  effect: Effect | null;
  note: string | null;
  /** The steps the client ran on to after an enter or exit, in the same event (see fuseFollowUp). */
  then: { effect: Effect; note: string | null }[];
  answers: number[];
};

export { ProtocolFault } from './protocolHost.ts';

const noData: DataFacts = { fenceToken: -1, staleWriter: -1 };

const stateKeysMax = 1 << 24;

function rangeCount(range: readonly [number, number]): number {
  return range[1] - range[0] + 1;
}

/** The store clock phases a run may start at: the scenario's, or every one within a timestamp unit. */
export function clockPhasesOf(store: Scenario['store']): readonly [number, number] {
  const phases = store.clockPhase ?? [0, store.timestampResolution - 1];
  if (!(phases[0] >= 0 && phases[1] >= phases[0])) throw new Error(`simulator: clock phases [${phases[0]}, ${phases[1]}] are not a range from 0`);
  if (!(phases[1] < store.timestampResolution)) throw new Error(`simulator: clock phase ${phases[1]} is not below the timestamp resolution ${store.timestampResolution}`);
  return phases;
}

/** The file a request changes, or null for a read or a data write. */
function mutatedName(request: Request): string | null {
  return request.kind === 'put' || request.kind === 'create' || request.kind === 'cas' || request.kind === 'delete' ? request.name : null;
}

/** The earliest commit tick of a batch's pending requests. */
function earliestCommit(batch: readonly BatchPart[]): number {
  let earliest = -1;
  for (const part of batch) if (part.commitTick >= 0 && (earliest < 0 || part.commitTick < earliest)) earliest = part.commitTick;
  if (!(earliest >= 0)) throw new Error('simulator: a batch with no request left to commit');
  return earliest;
}

/** The indices of a batch's requests due to commit at `due`, in request order. */
function duePartsOf(batch: readonly BatchPart[], due: number): number[] {
  const due_: number[] = [];
  for (let at = 0; at < batch.length; at += 1) if (batch[at]!.commitTick === due) due_.push(at);
  return due_;
}

/** The requests a sent client would commit at `due`: its request, or its batch's requests due then. */
function dueRequestsOf(slot: ClientSlot, due: number): Request[] {
  if (slot.batch === null) return [slot.request!];
  return duePartsOf(slot.batch, due).map((at) => slot.batch![at]!.request);
}

/** Whether every two of these requests commute (so their order among themselves does not matter). */
function pairwiseCommute(requests: readonly Request[], monitors: HistoryMonitors): boolean {
  for (let first = 0; first < requests.length; first += 1) {
    for (let second = first + 1; second < requests.length; second += 1) if (!commute(requests[first]!, requests[second]!, monitors)) return false;
  }
  return true;
}

/** Whether two requests, committed in either order, leave the same store, replies and monitored history. */
function commute(first: Request, second: Request, monitors: HistoryMonitors): boolean {
  const firstName = mutatedName(first);
  const secondName = mutatedName(second);
  if (firstName !== null && secondName !== null) return firstName !== secondName;
  if (firstName !== null && second.kind === 'list') return !firstName.startsWith(second.prefix);
  if (secondName !== null && first.kind === 'list') return !secondName.startsWith(first.prefix);
  // Data writes share the fencing state: their order decides which are
  // rejected (with tokens) and what a monitor that observes them records.
  if (first.kind === 'write' && second.kind === 'write') return !monitors.observesDataWrites && first.token === undefined && second.token === undefined;
  return true;
}

/**
 * Whether the commit of client `index` commutes with every other event due
 * at `due`. Protocol steps never read the store, so only other commits can
 * conflict, except for a data write that a monitor observes: what the
 * monitor records of it can depend on an observed enter, which a due step
 * may be about to make (supersededWrites judges a write stale by whether
 * another client has entered exclusive since its writer did).
 */
function commutesWithDueEvents(clients: readonly ClientSlot[], index: number, own: ClientSlot, due: number, monitors: HistoryMonitors): boolean {
  if (own.batch === null) return requestCommutesWithDueEvents(clients, index, own.request!, due, monitors);
  // A batch's requests due now commit one after the other: the event is free only if their order does not matter either.
  const requests = dueRequestsOf(own, due);
  if (!pairwiseCommute(requests, monitors)) return false;
  for (const request of requests) if (!requestCommutesWithDueEvents(clients, index, request, due, monitors)) return false;
  return true;
}

/** Whether one request of client `index` commutes with every other client's event due at `due`. */
function requestCommutesWithDueEvents(clients: readonly ClientSlot[], index: number, request: Request, due: number, monitors: HistoryMonitors): boolean {
  for (let other = 0; other < clients.length; other += 1) {
    if (other === index) continue;
    const client = clients[other]!;
    if (client.phase !== 'done' && client.dueTick === due && !commutesWithFlow(request, client, due, monitors)) return false;
    if (client.timer !== null && client.timer.dueTick === due && !commutesWithFlow(request, timerFlow(client), due, monitors)) return false;
  }
  return true;
}

/** Whether a request commutes with one flow's event due at `due` (its step, or its requests' commits). */
function commutesWithFlow(request: Request, slot: ClientSlot, due: number, monitors: HistoryMonitors): boolean {
  if (slot.phase !== 'sent') return !(request.kind === 'write' && monitors.observesDataWrites);
  if (slot.batch === null) return commute(request, slot.request!, monitors);
  for (const theirs of dueRequestsOf(slot, due)) if (!commute(request, theirs, monitors)) return false;
  return true;
}

/**
 * The `oldTimes` horizon: past the protocol's declared age horizon, every
 * margin by which a time can be older when a client reads it than when it is
 * encoded (a round trip, list lag, skew on both sides, a pause, rounding).
 * Doubled, with one tick more, so that a time on either side of a compared
 * constant is never compressed. The protocol's declaration must cover every
 * constant it compares ages with (model/protocol.ts, `ageHorizonTicks`).
 */
function ageHorizon(scenario: Scenario, declaredTicks: number): number {
  if (!(Number.isFinite(declaredTicks) && declaredTicks >= 0)) throw new Error(`simulator: declared ageHorizonTicks ${declaredTicks} is not a finite number >= 0`);
  const { store, faults } = scenario;
  const skew = Math.max(Math.abs(store.clockSkew[0]), Math.abs(store.clockSkew[1]));
  const span = declaredTicks + 2 * store.latency[1] + store.listLag[1] + 2 * skew + faults.pause[1] + store.timestampResolution;
  return 2 * span + 1;
}

/** A client's last list reply, and what it listed: the files array, the tick and the prefix (see Simulator.outcomeOf). */
type KeptList = { files: readonly FileVersion[] | null; now: number; prefix: string; reply: StoredReply | null };

/** Whether two versions are equal in every field (versions are immutable: then either stands for the other). */
function sameVersion(left: FileVersion, right: FileVersion): boolean {
  if (left === right) return true;
  return (
    left.nameKey === right.nameKey &&
    left.writer === right.writer &&
    left.bodyKey === right.bodyKey &&
    left.mtimeTicks === right.mtimeTicks &&
    left.clientStampTicks === right.clientStampTicks &&
    left.version === right.version &&
    left.commitTick === right.commitTick &&
    left.visibleTick === right.visibleTick &&
    left.deleted === right.deleted
  );
}

/** Whether two list replies list equal versions, in the same order. */
function sameListing(left: StoredReply, right: StoredReply): boolean {
  if (left.kind !== 'listed' || right.kind !== 'listed') return false;
  const versions = left.versions;
  if (versions.length !== right.versions.length) return false;
  for (let at = 0; at < versions.length; at += 1) if (!sameVersion(versions[at]!, right.versions[at]!)) return false;
  return true;
}

/** A timer armed to fire at `dueTick`. */
function armedTimer(dueTick: number): TimerSlot {
  return { phase: 'armed', dueTick, request: null, requestKey: -1, sentClockTicks: 0, reply: null, batch: null, heldUntilTick: -1 };
}

/**
 * The client with a pause of `untilTick` spent on one of its steps, when it
 * has a timer: the process is suspended, so neither flow steps before the
 * pause ends (its requests on the wire still commit, and a reply that
 * arrives waits: heldUntilTick).
 */
function pausedFlows(slot: ClientSlot, untilTick: number): ClientSlot {
  const timer = slot.timer!;
  const mainHeld = slot.phase === 'ready' || slot.phase === 'replying' ? untilTick : slot.dueTick;
  const timerDue = timer.phase !== 'sent' && timer.dueTick < untilTick ? untilTick : timer.dueTick;
  return { ...slot, dueTick: slot.phase === 'done' ? slot.dueTick : Math.max(mainHeld, slot.dueTick), timer: { ...timer, dueTick: timerDue, heldUntilTick: untilTick } };
}

/** Local steps in a row that one event may fuse (a protocol that never sends would otherwise loop). */
const fusedStepsMax = 64;

function newEvent(tick: number, client: number, timer: boolean, chooser: Chooser): EventRecord {
  const answers = chooser instanceof RecordingChooser ? chooser.answers : [];
  return { tick, client, timer, kind: 'step', request: null, reply: null, visibleTick: null, effect: null, note: null, then: [], answers };
}

/** The tick a reply leg ends, held back by a pause of the client (its timer's heldUntilTick). */
function replyDue(slot: ClientSlot, arrivalTick: number): number {
  const timer = slot.timer;
  return timer !== null && timer.heldUntilTick > arrivalTick ? timer.heldUntilTick : arrivalTick;
}

/** Whether the client's other flow (than `timer` says) has an event due at `due`: then the two do not commute (they share the client's state). */
function otherFlowDue(slot: ClientSlot, timer: boolean, due: number): boolean {
  if (slot.timer === null) return false;
  if (timer) return slot.phase !== 'done' && slot.dueTick === due;
  return slot.timer.dueTick === due;
}

/** Whether an effect changes what the properties see: a critical section entered or left. */
function isVisible(effect: Effect, slot: ClientSlot): boolean {
  if (effect === null || typeof effect !== 'object') return true;
  if (effect.kind === 'enter' || effect.kind === 'exit') return true;
  return effect.kind === 'done' && slot.section !== null;
}

export type SimulatorSettings = {
  /** The scenario's `explore.reduce` (default: every reduction the protocol's declarations allow). */
  reduce?: ReduceSpec;
  /** Liveness checking: the reductions that drop interleavings or intermediate states are off. */
  liveness?: boolean;
  /**
   * The history monitors the checked properties name (SafetyProperty.monitors).
   * Default: every monitor, so that without the properties at hand nothing
   * a property could need is dropped.
   */
  monitors?: readonly HistoryMonitor[];
  /**
   * Whether a world breaks a safety property: an event never runs on past
   * such a world (see fuseFollowUp), so the explorer sees it.
   */
  breaksProperty?: (world: World) => boolean;
};

export class Simulator {
  readonly clientIds: readonly string[];
  readonly contexts: readonly ClientContext<unknown>[];
  /** Interned canonical JSON of client states, requests and file bodies. */
  readonly keys = new Interner(stateKeysMax);
  private readonly bodyKeys = new WeakMap<Request, number>();
  private readonly nameKeys = new Map<string, number>();
  /** File times older than this are compared by order only (the `oldTimes` reduction; infinite when off). */
  readonly ageHorizonTicks: number;
  /** The reductions this simulator and its encoders apply, and why the others are off. */
  readonly plan: ReductionPlan;
  readonly reductions: Reductions;
  /** What each file name keeps and shows (the `fileFields` reduction). */
  readonly fileMask: FileMask;
  /** Runs and checks the protocol's init and step. */
  private readonly host: ProtocolHost;
  private readonly breaksProperty: ((world: World) => boolean) | null;
  /** The history monitors that run, and what they observe. */
  readonly monitors: HistoryMonitors;
  /**
   * The events the last world stepped chooses among (see `eventChoices`):
   * a world is expanded by one step per answer of its choices, so the
   * analysis is done once per world, not once per successor. Worlds are
   * immutable, so identity is enough to know it still holds.
   */
  private choicesOf: World | null = null;
  private choices: number[] = [];
  private choicesDue = 0;
  /** Whether `choices` is one free event that runs with no choice asked. */
  private choiceForced = false;
  /** Per client, its last list reply (see outcomeOf). */
  private readonly keptLists: KeptList[];

  constructor(
    readonly scenario: Scenario,
    readonly protocol: Protocol,
    settings: SimulatorSettings = {},
  ) {
    if (scenario.clients.length < 1) throw new Error('simulator: no clients');
    const options = protocol.options.parse(protocolOptionsOf(scenario));
    this.clientIds = scenario.clients.map((client) => client.id);
    this.plan = planReductions(settings.reduce ?? true, protocol, scenario, settings.liveness ?? false, options);
    this.reductions = this.plan.active;
    this.breaksProperty = settings.breaksProperty ?? null;
    this.monitors = new HistoryMonitors(settings.monitors ?? [supersededWritesMonitor]);
    this.contexts = scenario.clients.map((client) => ({ id: client.id, role: client.role, writes: client.writes, options }));
    const declared = protocol.declares?.ageHorizonTicks;
    this.ageHorizonTicks = this.reductions.oldTimes && declared !== undefined ? ageHorizon(scenario, declared(options)) : Number.POSITIVE_INFINITY;
    this.fileMask = new FileMask(protocol, options, scenario, this.reductions.fileFields);
    this.host = new ProtocolHost(protocol, scenario, this.contexts, this.clientIds, this.keys, this.fileMask);
    this.keptLists = scenario.clients.map(() => ({ files: null, now: 0, prefix: '', reply: null }));
  }

  /** Whether partial-order reduction applies (see `step`). */
  get reduces(): boolean {
    return this.reductions.partialOrder;
  }

  /** An encoder (and decoder) for this scenario's worlds. */
  encoder(): StateEncoder {
    return new StateEncoder(this);
  }

  /**
   * The initial world: the store clock's phase, then each client's skew and
   * start tick are chosen. The clients' time begins `phase` ticks into a
   * timestamp unit, so the run starts at tick `phase` (true time and the
   * store's clock are one); with one phase (always at resolution 1) no
   * choice is asked.
   */
  init(chooser: Chooser): World {
    const { store } = this.scenario;
    const phases = clockPhasesOf(store);
    const phase = phases[0] + (rangeCount(phases) > 1 ? chooser.pick(rangeCount(phases), 'store clock phase') : 0);
    const clients = this.scenario.clients.map((spec, index): ClientSlot => {
      const skewTicks = store.clockSkew[0] + chooser.pick(rangeCount(store.clockSkew), `clock skew of ${spec.id}`);
      const dueTick = phase + spec.start[0] + chooser.pick(rangeCount(spec.start), `start of ${spec.id}`);
      const protocolState = this.callInit(index);
      return {
        protocolState,
        stateKey: this.stateKey(protocolState, index),
        phase: 'ready',
        dueTick,
        request: null,
        requestKey: -1,
        sentClockTicks: 0,
        reply: null,
        batch: null,
        reaction: null,
        section: null,
        skewTicks,
        outcome: null,
        superseded: false,
        lastToken: -1,
        timer: null,
      };
    });
    const { faults } = this.scenario;
    return makeWorld(phase, clients, [], noData, { pausesLeft: faults.pauses, crashesLeft: faults.crashes });
  }

  /** The earliest due tick, or null when every client is done. */
  nextDueTick(world: World): number | null {
    // A number throughout (no null until the end): this runs for every successor the search makes.
    let due = Number.POSITIVE_INFINITY;
    const clients = world.clients;
    for (let index = 0; index < clients.length; index += 1) {
      const client = clients[index]!;
      if (client.phase !== 'done' && client.dueTick < due) due = client.dueTick;
      const timer = client.timer;
      if (timer !== null && timer.dueTick < due) due = timer.dueTick;
    }
    return due === Number.POSITIVE_INFINITY ? null : due;
  }

  isFinished(world: World): boolean {
    return this.nextDueTick(world) === null;
  }

  /**
   * Whether the due event of client `index` is free: it commutes with every
   * other event due at `due`, and no property can observe it. A protocol
   * step touches only its own client, so it commutes with everything; it is
   * observable when it enters or leaves a critical section, and a crash can
   * be spent on it inside one. A commit touches only the store and its
   * client; it conflicts with another due commit on the same file, or with
   * a due list whose prefix covers the file it writes; a data write also
   * records fencing facts that depend on who entered exclusive first, so it
   * is not free while another client's step is due.
   */
  private isFree(world: World, candidate: number, due: number): boolean {
    const count = world.clients.length;
    const timer = candidate >= count;
    const index = timer ? candidate - count : candidate;
    const client = world.clients[index]!;
    // The client's two flows share its state (and a main step can cancel an
    // armed timer): two of its events due at once are never free.
    if (otherFlowDue(client, timer, due)) return false;
    const slot = flowOf(client, timer);
    if (slot.phase === 'sent') return commutesWithDueEvents(world.clients, index, slot, due, this.monitors);
    const memo = this.callStep(index, slot, due, timer);
    if (isVisible(memo.output.effect, slot)) return false;
    // A crash spent on either flow's step stops both.
    return !(slot.section !== null && world.faults.crashesLeft > 0);
  }

  /**
   * Runs one event. `record`, when given, receives what happened.
   *
   * The `partialOrder` reduction. Among the events due now, the free ones
   * (see isFree) are deferred: while any event due now is not free, only
   * those are chosen among, in every order; once only free events are due,
   * the first of them runs alone and no choice is asked.
   * Soundness condition: every event due now stays due until it runs, and
   * no event can become due now, except the step after a critical-section
   * step, which is itself not free. Both hold when latency is at least one
   * tick (each event's follow-up then lies in the future), so the reduction
   * is off at latency 0 (sim/engine/reductions.ts). Then a free event
   * commutes with every event it is deferred past and changes nothing a
   * property reads, so every state a property can tell apart is still
   * reached, and no later: running free events last, a violation within a
   * tick is reached without the free events that the shortest run in every
   * order did not need. Safety only: it drops interleavings, so liveness
   * checking turns it off.
   */
  step(world: World, chooser: Chooser, record?: EventRecord[]): World {
    if (this.choicesOf !== world) {
      const dueTick = this.nextDueTick(world);
      if (dueTick === null) throw new Error('simulator: step on a finished world');
      if (dueTick < world.now) throw new Error('simulator: time would go backwards');
      this.choiceForced = false;
      this.choices = this.eventChoices(world, dueTick);
      this.choicesDue = dueTick;
      this.choicesOf = world;
    }
    const due = this.choicesDue;
    const recording = record ? new RecordingChooser(chooser) : chooser;
    const chosen = this.choiceForced ? this.choices[0]! : this.pickEvent(recording, this.choices);
    // Candidates: a client's main flow is its index, its timer flow the index plus the client count.
    const count = world.clients.length;
    const timer = chosen >= count;
    const index = timer ? chosen - count : chosen;
    const slot = flowOf(world.clients[index]!, timer);
    const event = record ? newEvent(due, index, timer, recording) : null;
    const next = slot.phase !== 'sent'
      ? this.stepOrFault(world, due, index, timer, this.callStep(index, slot, due, timer), recording, event)
      : slot.batch === null
        ? this.commit(world, due, index, timer, recording, event)
        : this.commitPart(world, due, index, timer, recording, event);
    if (event && record) record.push(event);
    return next;
  }

  /**
   * The clients among whose due events the next one is chosen: all of them;
   * with partialOrder, the bound ones, or the first free one alone when none
   * is bound (then no choice is asked).
   */
  private eventChoices(world: World, due: number): number[] {
    const candidates: number[] = [];
    const clients = world.clients;
    for (let index = 0; index < clients.length; index += 1) {
      const client = clients[index]!;
      if (client.phase !== 'done' && client.dueTick === due) candidates.push(index);
    }
    // Timer flows after every main flow, so that a protocol without timers asks the very same choices.
    for (let index = 0; index < clients.length; index += 1) {
      const timer = clients[index]!.timer;
      if (timer !== null && timer.dueTick === due) candidates.push(clients.length + index);
    }
    if (!this.reductions.partialOrder) return candidates;
    // Whether a step due now ends in a local effect that an event runs on
    // through (fuseFollowUp) only once no fault is left: then spending the
    // last fault on another client's step first changes how many events
    // the run takes, so with faults left no step commutes with it.
    const faultsLeft = world.faults.pausesLeft > 0 || world.faults.crashesLeft > 0;
    const fusable = faultsLeft && candidates.some((candidate) => this.endsFusable(world, candidate, due));
    const bound: number[] = [];
    let firstFree = -1;
    for (const index of candidates) {
      if (!this.isFree(world, index, due) || (fusable && this.isStepCandidate(world, index))) bound.push(index);
      else if (firstFree < 0) firstFree = index;
    }
    if (bound.length > 0) return bound;
    if (!(firstFree >= 0)) throw new Error('simulator: no event due');
    this.choiceForced = true;
    return [firstFree];
  }

  /** Whether the candidate's due event is a protocol step (not a commit). */
  private isStepCandidate(world: World, candidate: number): boolean {
    const count = world.clients.length;
    const timer = candidate >= count;
    return flowOf(world.clients[timer ? candidate - count : candidate]!, timer).phase !== 'sent';
  }

  /** Whether the candidate's due event is a main-flow step whose effect fuseFollowUp runs on through. */
  private endsFusable(world: World, candidate: number, due: number): boolean {
    if (candidate >= world.clients.length) return false;
    const slot = world.clients[candidate]!;
    if (slot.phase === 'sent') return false;
    const kind = this.callStep(candidate, slot, due, false).output.effect.kind;
    return kind === 'enter' || kind === 'exit' || kind === 'arm' || kind === 'disarm';
  }

  private pickEvent(chooser: Chooser, candidates: readonly number[]): number {
    const pickIndex = chooser.pick(candidates.length, 'next event', candidates);
    if (!(Number.isInteger(pickIndex) && pickIndex >= 0 && pickIndex < candidates.length)) {
      throw new Error('simulator: chosen event out of range');
    }
    return candidates[pickIndex]!;
  }

  /** The store commits the client's request, and schedules its reply. */
  private commit(world: World, now: number, index: number, timer: boolean, chooser: Chooser, event: EventRecord | null): World {
    const client = world.clients[index]!;
    const slot = flowOf(client, timer);
    const request = slot.request;
    if (request === null) throw new Error('simulator: commit with no request in flight');
    const outcome = this.outcomeOf(world, request, index, now);
    const { reply, written } = outcome;
    const accepted = request.kind === 'write' && reply !== rejectedReply;
    const data = accepted ? this.monitors.afterAcceptedWrite(outcome.data, index, slot) : outcome.data;
    const { store } = this.scenario;
    const { files, visibleTick } = this.commitWritten(world, now, index, slot, request, written, chooser);
    const replyTicks = store.latency[0] + chooser.pick(rangeCount(store.latency), 'reply latency');
    if (event) {
      event.kind = 'commit';
      event.request = request;
      event.reply = this.traceReply(reply);
      event.visibleTick = visibleTick;
    }
    // Built field by field: spreading is measurably slower in this hot path.
    const next: { -readonly [Field in keyof ClientSlot]: ClientSlot[Field] } = {
      protocolState: slot.protocolState,
      stateKey: slot.stateKey,
      phase: 'replying',
      dueTick: replyDue(slot, now + replyTicks),
      request: slot.request,
      requestKey: slot.requestKey,
      sentClockTicks: slot.sentClockTicks,
      reply,
      batch: null,
      reaction: null,
      section: slot.section,
      skewTicks: slot.skewTicks,
      outcome: slot.outcome,
      superseded: slot.superseded,
      lastToken: request.kind === 'write' ? this.monitors.tokenAfterWrite(slot, request.token, accepted) : slot.lastToken,
      timer: slot.timer,
    };
    // The `reactAtCommit` reduction. Soundness condition: the client's step
    // on this reply is a function of its slot, the reply and its clock at
    // delivery; nothing can change any of them between now and dueTick,
    // because the reply leg is chosen and the client has no other event
    // before it: no timer armed or running (a timer's handler shares the
    // state, and only a step of this client could arm one). Only a pause
    // could move the delivery, so with pauses left the reply is kept
    // instead. Exact for any deterministic protocol.
    if (!timer && next.timer === null && this.reductions.reactAtCommit && world.faults.pausesLeft === 0) next.reaction = this.callStep(index, next, next.dueTick, false);
    const clients = world.clients.slice();
    clients[index] = timer ? mergeTimerFlow(client, next) : next;
    return makeWorld(now, clients, pruneFiles(files, now), data, world.faults);
  }

  /**
   * The store commits one request of the client's batch (an `all` effect).
   * Among its requests due now, the first in request order, unless some two
   * of them do not commute: then the chooser picks which. Once the last has
   * committed the client waits for the last reply, and steps on them all.
   * The earlier replies' arrivals are not events: nothing can observe one
   * before the client's step, which runs at the last (as `Promise.all`).
   */
  private commitPart(world: World, now: number, index: number, timer: boolean, chooser: Chooser, event: EventRecord | null): World {
    const client = world.clients[index]!;
    const slot = flowOf(client, timer);
    const batch = slot.batch!;
    const due = duePartsOf(batch, now);
    if (due.length === 0) throw new Error('simulator: a batch commit with no request due');
    const requestsDue = due.map((at) => batch[at]!.request);
    const at = due.length === 1 || pairwiseCommute(requestsDue, this.monitors) ? due[0]! : due[chooser.pick(due.length, 'which request of all')]!;
    const part = batch[at]!;
    const request = part.request;
    const outcome = this.outcomeOf(world, request, index, now);
    const reply = outcome.reply;
    if (reply.kind === 'all') throw new Error('simulator: a request answered as a batch');
    const accepted = request.kind === 'write' && reply !== rejectedReply;
    const data = accepted ? this.monitors.afterAcceptedWrite(outcome.data, index, slot) : outcome.data;
    const { files, visibleTick } = this.commitWritten(world, now, index, slot, request, outcome.written, chooser);
    const replyTick = now + this.scenario.store.latency[0] + chooser.pick(rangeCount(this.scenario.store.latency), 'reply latency');
    if (event) {
      event.kind = 'commit';
      event.request = request;
      event.reply = this.traceReply(reply);
      event.visibleTick = visibleTick;
    }
    const parts = batch.slice();
    parts[at] = { request, requestKey: part.requestKey, commitTick: -1, reply, replyTick };
    const lastToken = request.kind === 'write' ? this.monitors.tokenAfterWrite(slot, request.token, accepted) : slot.lastToken;
    const pending = parts.some((candidate) => candidate.commitTick >= 0);
    let next: ClientSlot;
    if (pending) {
      next = { ...slot, dueTick: earliestCommit(parts), batch: parts, lastToken };
    } else {
      let lastReplyTick = now;
      for (const done of parts) if (done.replyTick > lastReplyTick) lastReplyTick = done.replyTick;
      const all: StoredReply = { kind: 'all', parts: parts.map((done) => done.reply!) };
      next = { ...slot, phase: 'replying', dueTick: replyDue(slot, lastReplyTick), reply: all, batch: null, lastToken };
      // reactAtCommit, as for a single request: the last reply leg is chosen, nothing can change the step before it.
      if (!timer && next.timer === null && this.reductions.reactAtCommit && world.faults.pausesLeft === 0) next = { ...next, reaction: this.callStep(index, next, next.dueTick, false) };
    }
    const clients = world.clients.slice();
    clients[index] = timer ? mergeTimerFlow(client, next) : next;
    return makeWorld(now, clients, pruneFiles(files, now), data, world.faults);
  }

  /**
   * The store's outcome of a request committing now (store.ts,
   * requestOutcome). A list is a function of the files, the prefix, the
   * reader and the tick alone, so a list of the very same files array (file
   * lists are immutable and shared between worlds) by the same reader at the
   * same tick gets the same reply object as last time: equal, and known to
   * the protocol host by identity.
   */
  private outcomeOf(world: World, request: Request, index: number, now: number): RequestOutcome {
    if (request.kind !== 'list') return requestOutcome(world.files, world.data, request, index, now, this.scenario.store.timestampResolution);
    const kept = this.keptLists[index]!;
    if (kept.files === world.files && kept.now === now && kept.prefix === request.prefix && kept.reply !== null) {
      return { reply: kept.reply, written: null, data: world.data };
    }
    const outcome = requestOutcome(world.files, world.data, request, index, now, this.scenario.store.timestampResolution);
    kept.files = world.files;
    kept.now = now;
    // Other files, the same versions listed: the kept reply is an equal one.
    if (kept.reply !== null && kept.prefix === request.prefix && sameListing(kept.reply, outcome.reply)) return { reply: kept.reply, written: null, data: world.data };
    kept.prefix = request.prefix;
    kept.reply = outcome.reply;
    return outcome;
  }

  /** The files after a request's write (if any) commits, with its list lag chosen; and when others see it. */
  private commitWritten(world: World, now: number, index: number, slot: ClientSlot, request: Request, written: RequestOutcome['written'], chooser: Chooser): { files: readonly FileVersion[]; visibleTick: number | null } {
    if (written === null) return { files: world.files, visibleTick: null };
    const { store } = this.scenario;
    const lagTicks = store.listLag[0] + chooser.pick(rangeCount(store.listLag), 'list lag');
    const files = commitVersion(world.files, {
      name: written.name,
      nameKey: this.nameKey(written.name),
      writer: index,
      body: written.body,
      bodyKey: this.bodyKey(request, written.body),
      clientStampTicks: slot.sentClockTicks,
      mtimeFromWriter: store.mtimeFrom === 'writer',
      deleted: written.deleted,
      now,
      lagTicks,
      timestampResolutionTicks: store.timestampResolution,
    });
    return { files, visibleTick: now + lagTicks };
  }

  private nameKey(name: string): number {
    let key = this.nameKeys.get(name);
    if (key === undefined) {
      key = this.keys.keyOf(name, 'name');
      this.nameKeys.set(name, key);
    }
    return key;
  }

  /** The interned body of a write request, keyed once per request object (memoised steps share them). */
  private bodyKey(request: Request, body: Json): number {
    const known = this.bodyKeys.get(request);
    if (known !== undefined) return known;
    const key = this.keys.keyOf(body, 'body');
    this.bodyKeys.set(request, key);
    return key;
  }

  /**
   * A due protocol step, unless the scheduler spends a fault on it instead:
   * a pause suspends the process (its clock and the world go on, its reply
   * waits), a crash stops it for good and leaves its lock files behind.
   */
  private stepOrFault(world: World, now: number, index: number, timer: boolean, memo: StepMemo, chooser: Chooser, event: EventRecord | null): World {
    const { pausesLeft, crashesLeft } = world.faults;
    if (pausesLeft === 0 && crashesLeft === 0) return this.applyStep(world, now, index, timer, memo, chooser, event, 0);
    const pause = this.scenario.faults.pause;
    const pauseOptions = pausesLeft > 0 ? rangeCount(pause) : 0;
    const answer = chooser.pick(1 + pauseOptions + (crashesLeft > 0 ? 1 : 0), 'fault');
    if (answer === 0) return this.applyStep(world, now, index, timer, memo, chooser, event, 0);
    const slot = world.clients[index]!;
    let next: ClientSlot;
    let faults: FaultBudget;
    if (answer <= pauseOptions) {
      const pauseTicks = pause[0] + answer - 1;
      if (slot.reaction !== null) throw new Error('simulator: a pause of a step computed at commit');
      next = slot.timer === null ? { ...slot, dueTick: now + pauseTicks } : pausedFlows(slot, now + pauseTicks);
      faults = { pausesLeft: pausesLeft - 1, crashesLeft };
      if (event) {
        event.kind = 'pause';
        event.note = `paused for ${pauseTicks} ticks`;
      }
    } else {
      // Both flows stop: a crashed process runs no timer.
      next = { ...slot, phase: 'done', section: null, request: null, requestKey: -1, reply: null, batch: null, reaction: null, outcome: 'crashed', superseded: false, timer: null };
      faults = { pausesLeft, crashesLeft: crashesLeft - 1 };
      if (event) {
        event.kind = 'crash';
        event.note = 'crashed; its lock files stay behind';
      }
    }
    const clients = world.clients.slice();
    clients[index] = next;
    // The last pause spent: every reply in flight can no longer be moved, so
    // it gets its reaction now, as if it had committed with no pause left.
    // One canonical form per state: a reaction exactly while no pause is left.
    if (this.reductions.reactAtCommit && faults.pausesLeft === 0 && pausesLeft > 0) {
      for (let other = 0; other < clients.length; other += 1) {
        const waiting = clients[other]!;
        if (waiting.phase !== 'replying' || waiting.reaction !== null || waiting.timer !== null) continue;
        clients[other] = { ...waiting, reaction: this.callStep(other, waiting, waiting.dueTick, false) };
      }
    }
    return makeWorld(now, clients, pruneFiles(world.files, now), world.data, faults);
  }

  /** Applies the effect of one protocol step of a client. */
  private applyStep(world: World, now: number, index: number, timer: boolean, memo: StepMemo, chooser: Chooser, event: EventRecord | null, fused: number): World {
    if (timer) return this.applyTimerStep(world, now, index, memo, chooser, event);
    const { output, stateKey } = memo;
    const slot = world.clients[index]!;
    const reply = slot.phase === 'replying' && slot.reply !== null ? slot.reply : null;
    const clockTicks = now + slot.skewTicks;
    const effect = output.effect;
    const protocolState = output.state as Json;
    if (event && fused === 0) {
      event.request = slot.phase === 'replying' ? slot.request : null;
      event.reply = reply === null ? null : this.traceReply(reply);
      event.effect = effect;
      event.note = output.note ?? null;
    } else if (event) {
      event.then.push({ effect, note: output.note ?? null });
    }
    let phase: ClientSlot['phase'] = 'ready';
    let dueTick = now;
    let section = slot.section;
    let outcome = slot.outcome;
    let request: Request | null = null;
    let requestKey = -1;
    let sentClockTicks = 0;
    let batch: BatchPart[] | null = null;
    let timerSlot = slot.timer;
    switch (effect.kind) {
      case 'wait':
        dueTick = now + effect.ticks;
        break;
      case 'arm':
        if (timerSlot !== null && timerSlot.phase !== 'armed') throw this.fault(index, slot, 'armed its timer while the timer\'s handler runs');
        timerSlot = armedTimer(now + effect.afterTicks);
        break;
      case 'disarm':
        if (timerSlot !== null && timerSlot.phase === 'armed') timerSlot = null;
        break;
      case 'end':
        throw this.fault(index, slot, 'ended a timer handler from its main flow');
      case 'enter':
        if (slot.section !== null) throw this.fault(index, slot, `entered ${effect.section} while in ${slot.section}`);
        section = effect.section;
        break;
      case 'exit':
        if (slot.section !== effect.section) throw this.fault(index, slot, `exited ${effect.section} while in ${slot.section ?? 'no section'}`);
        section = null;
        break;
      case 'done':
        phase = 'done';
        section = null;
        outcome = effect.outcome;
        // The client's work is over: an armed timer never fires; a handler already running goes on.
        if (timerSlot !== null && timerSlot.phase === 'armed') timerSlot = null;
        break;
      case 'all': {
        phase = 'sent';
        batch = this.sendBatch(effect.requests, memo, now, chooser);
        dueTick = earliestCommit(batch);
        sentClockTicks = clockTicks;
        break;
      }
      default:
        phase = 'sent';
        dueTick = now + this.scenario.store.latency[0] + chooser.pick(rangeCount(this.scenario.store.latency), 'send latency');
        request = effect;
        requestKey = memo.requestKey;
        sentClockTicks = clockTicks;
    }
    const next: ClientSlot = {
      protocolState,
      stateKey,
      phase,
      dueTick,
      request,
      requestKey,
      sentClockTicks,
      reply: null,
      batch,
      reaction: null,
      section,
      skewTicks: slot.skewTicks,
      outcome,
      superseded: this.monitors.staysSuperseded(slot, section),
      lastToken: slot.lastToken,
      timer: timerSlot,
    };
    const clients = world.clients.slice();
    clients[index] = next;
    if (effect.kind === 'enter') this.monitors.afterEnter(clients, index, effect.section);
    const after = makeWorld(now, clients, pruneFiles(world.files, now), world.data, world.faults);
    if (effect.kind !== 'enter' && effect.kind !== 'exit' && effect.kind !== 'arm' && effect.kind !== 'disarm') return after;
    return this.fuseFollowUp(after, now, index, chooser, event, fused);
  }

  /** The requests of an `all` effect, each sent now with its own send leg, asked in request order. */
  private sendBatch(requests: readonly Request[], memo: StepMemo, now: number, chooser: Chooser): BatchPart[] {
    const keys = memo.partKeys;
    if (keys === null || keys.length !== requests.length) throw new Error('simulator: an all effect without its requests\' keys');
    return requests.map((part, at) => ({
      request: part,
      requestKey: keys[at]!,
      commitTick: now + this.scenario.store.latency[0] + chooser.pick(rangeCount(this.scenario.store.latency), `send latency of request ${at + 1} of ${keys.length}`),
      reply: null,
      replyTick: -1,
    }));
  }

  /**
   * Applies one step of the client's timer handler: the shared state
   * changes, and the handler waits, sends, arms the next run or ends. It
   * enters no section and never ends the main flow (a handler that finds
   * the lock lost leaves that in the state, for the main flow to read).
   */
  private applyTimerStep(world: World, now: number, index: number, memo: StepMemo, chooser: Chooser, event: EventRecord | null): World {
    const { output, stateKey } = memo;
    const client = world.clients[index]!;
    const view = timerFlow(client);
    const effect = output.effect;
    if (event) {
      event.request = view.phase === 'replying' ? view.request : null;
      event.reply = view.phase === 'replying' && view.reply !== null ? this.traceReply(view.reply) : null;
      event.effect = effect;
      event.note = output.note ?? null;
    }
    let timerSlot: TimerSlot | null;
    switch (effect.kind) {
      case 'wait':
        timerSlot = { phase: 'ready', dueTick: now + effect.ticks, request: null, requestKey: -1, sentClockTicks: 0, reply: null, batch: null, heldUntilTick: -1 };
        break;
      case 'arm':
        timerSlot = armedTimer(now + effect.afterTicks);
        break;
      case 'end':
        timerSlot = null;
        break;
      case 'enter':
      case 'exit':
      case 'done':
      case 'disarm':
        throw this.fault(index, client, `its timer handler returned ${effect.kind}, which only the main flow may`);
      case 'all': {
        const batch = this.sendBatch(effect.requests, memo, now, chooser);
        timerSlot = { phase: 'sent', dueTick: earliestCommit(batch), request: null, requestKey: -1, sentClockTicks: now + client.skewTicks, reply: null, batch, heldUntilTick: -1 };
        break;
      }
      default: {
        const sendTicks = this.scenario.store.latency[0] + chooser.pick(rangeCount(this.scenario.store.latency), 'send latency');
        timerSlot = { phase: 'sent', dueTick: now + sendTicks, request: effect, requestKey: memo.requestKey, sentClockTicks: now + client.skewTicks, reply: null, batch: null, heldUntilTick: -1 };
      }
    }
    let next: ClientSlot = {
      ...client,
      protocolState: output.state as Json,
      stateKey,
      timer: timerSlot,
    };
    // The timer gone, a reply the main flow awaits can no longer be met by
    // another step of this client: it gets its reaction now, as it would
    // have at commit with no timer (one canonical form per state).
    if (timerSlot === null && next.phase === 'replying' && next.reaction === null && this.reductions.reactAtCommit && world.faults.pausesLeft === 0) {
      next = { ...next, reaction: this.callStep(index, next, next.dueTick, false) };
    }
    const clients = world.clients.slice();
    clients[index] = next;
    return makeWorld(now, clients, pruneFiles(world.files, now), world.data, world.faults);
  }

  /**
   * An event runs on through enter and exit: after one, the client's next
   * step is due at the same tick, and it runs in the same event (as a real
   * client enters and sends its next request in one go; the reference
   * checker counts it so too). The state in between is not admitted, which
   * no property can tell: after an enter, the next step is not fused when it
   * leaves the section again (exit, done), so the state after it has the same
   * clients in sections; after an exit, the state in between holds fewer
   * clients in sections than the one before it, and the properties only break
   * with more (and it is never fused past when `breaksProperty` says it
   * breaks one). With faults left the next step is its own event, because a
   * fault can be spent on it.
   */
  private fuseFollowUp(after: World, now: number, index: number, chooser: Chooser, event: EventRecord | null, fused: number): World {
    if (after.faults.pausesLeft > 0 || after.faults.crashesLeft > 0) return after;
    if (fused >= fusedStepsMax) throw this.fault(index, after.clients[index]!, `took more than ${fusedStepsMax} local steps in a row`);
    if (this.breaksProperty !== null && this.breaksProperty(after)) return after;
    const slot = after.clients[index]!;
    // The client's timer due now could step between the two: not fused (an
    // armed timer is due at least one tick later; see the arm effect).
    if (slot.timer !== null && slot.timer.dueTick === now) return after;
    const memo = this.callStep(index, slot, now, false);
    const effect = memo.output.effect;
    if (slot.section !== null && (effect.kind === 'exit' || effect.kind === 'done')) return after;
    return this.applyStep(after, now, index, false, memo, chooser, event, fused + 1);
  }

  /** The reply as a trace shows it: every field of every listed file, whatever the protocol reads. */
  traceReply(stored: StoredReply): Reply {
    return this.host.traceReply(stored);
  }

  /** The reply as the protocol sees it. */
  toReply(stored: StoredReply): Reply {
    return this.host.toReply(stored);
  }

  private callInit(index: number): Json {
    return this.host.init(index);
  }

  /** Runs the client's protocol step at `now` on the reply it is due, if any, on its main flow or (a view from timerFlow) its timer's. Pure. */
  callStep(index: number, slot: ClientSlot, now: number, timer: boolean = false): StepMemo {
    return this.host.step(index, slot, now, timer);
  }

  /** A step output with its interned keys. */
  memoOf(index: number, output: StepOutput<unknown>, slot: ClientSlot | null): StepMemo {
    return this.host.memoOf(index, output, slot);
  }

  private stateKey(state: unknown, index: number): number {
    return this.host.stateKey(state, index);
  }

  private fault(index: number, slot: ClientSlot, message: string): ProtocolFault {
    return this.host.fault(index, slot, message);
  }
}
