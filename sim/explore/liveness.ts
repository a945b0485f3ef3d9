// Liveness checking: breadth-first exploration that keeps the whole state
// graph (states, and edges labelled with the client that moved), then, for
// each liveness property and each client it makes a promise to, a search for
// a fair cycle among the states where the promise is never kept: strongly
// connected components (Tarjan, iterative) of the subgraph of "bad" states,
// each checked for weak fairness. A fair bad component yields a lasso: the
// shortest stem to it, then a loop through it that shows every client that
// must move doing so.
//
// Partial-order reduction is off here (the simulator is built without it):
// its soundness argument covers safety only.

import type { LivenessProperty, LivenessView, RoleSections, SafetyProperty } from '../../model/index.ts';
import { enumerateChoices, Odometer } from '../engine/enumerateChoices.ts';
import { FingerprintSet } from '../engine/fingerprintSet.ts';
import { ProtocolFault } from '../engine/simulator.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { World } from '../engine/world.ts';
import { firstViolation, markReached } from './checkProperties.ts';
import { rebuildAnswers } from './rebuildPath.ts';
import { memoryMbDefault } from './exhaustive.ts';
import { PackedQueue } from '../engine/packedQueue.ts';
import { fingerprintWords } from '../engine/stateEncoder.ts';
import type { ExploreResult, Progress } from './exploreResult.ts';

export type LivenessLimits = { maxStates: number; maxDepth: number; memoryMb?: number };

/** The explored graph, in compact arrays indexed by state. */
type Graph = {
  states: number;
  parent: number[];
  ordinal: number[];
  depth: number[];
  /** Per state: its clients' view, for the properties. */
  views: LivenessView[];
  /** Per state: bit i set when client i's event is due at the earliest tick. */
  enabled: number[];
  edgeStart: number[];
  edgeTarget: number[];
  edgeClient: number[];
  edgeOrdinal: number[];
  /** Per edge: 1 when the step moved time forward. A cycle without one is Zeno: infinitely many steps in no time. */
  edgeAdvances: number[];
};

const progressEveryStates = 1 << 14;
/** Fingerprint-to-index map: liveness keeps indices, so it uses a Map keyed by the fingerprint text. */
function key(fingerprint: Uint32Array): string {
  return `${fingerprint[0]}:${fingerprint[1]}`;
}

function viewOf(sim: Simulator, world: World): LivenessView {
  return world.clients.map((slot, index) => ({
    id: sim.clientIds[index]!,
    role: sim.contexts[index]!.role,
    section: slot.section,
    done: slot.phase === 'done',
  }));
}

function enabledMask(sim: Simulator, world: World): number {
  const due = sim.nextDueTick(world);
  let mask = 0;
  world.clients.forEach((slot, index) => {
    if (slot.phase !== 'done' && slot.dueTick === due) mask |= 1 << index;
  });
  return mask;
}

/** The one client whose slot a step changed: the client that moved. */
function mover(before: World, after: World): number {
  for (let index = 0; index < before.clients.length; index += 1) {
    if (before.clients[index] !== after.clients[index]) return index;
  }
  throw new Error('liveness: a step that changed no client');
}

type Built = { graph: Graph; result: ExploreResult | null; complete: boolean; reason: string | null; transitions: number };

/**
 * What the graph holds, estimated from its sizes (deterministic, so that where
 * a search stops does not depend on the machine): per state six array slots
 * and its section view, per edge five slots, and the fingerprint index.
 */
function graphBytes(graph: Graph, seen: FingerprintSet, pending: PackedQueue): number {
  const stateBytes = 6 * 8 + 16 * graph.views.length / Math.max(1, graph.states) + 96;
  return graph.states * stateBytes + graph.edgeTarget.length * 5 * 8 + seen.bytes + pending.capacityBytes;
}

function buildGraph(sim: Simulator, safety: readonly SafetyProperty[], limits: LivenessLimits, reached: boolean[], onProgress?: (progress: Progress) => void): Built {
  if (sim.reduces) throw new Error('liveness: the simulator must be built without partial-order reduction');
  if (sim.clientIds.length > 30) throw new Error('liveness: at most 30 clients');
  const encoder = sim.encoder();
  const seen = new FingerprintSet(12);
  const indexOf = new Map<string, number>();
  const graph: Graph = { states: 0, parent: [], ordinal: [], depth: [], views: [], enabled: [], edgeStart: [], edgeTarget: [], edgeClient: [], edgeOrdinal: [], edgeAdvances: [] };
  // States wait for expansion packed, in index order (admission order is
  // breadth-first order, so a FIFO is exactly what the loop below reads).
  const pending = new PackedQueue();
  const fingerprint = new Uint32Array(2);
  const memoryBytesMax = (limits.memoryMb ?? memoryMbDefault) * 2 ** 20;
  let transitions = 0;

  const admit = (world: World, parent: number, ordinal: number, depth: number): { index: number; fresh: boolean } => {
    const words = encoder.encode(world);
    fingerprintWords(words, fingerprint);
    const fresh = seen.add(fingerprint[0]!, fingerprint[1]!);
    const id = key(fingerprint);
    if (!fresh) return { index: indexOf.get(id)!, fresh };
    const index = graph.states;
    graph.states += 1;
    indexOf.set(id, index);
    graph.parent.push(parent);
    graph.ordinal.push(ordinal);
    graph.depth.push(depth);
    graph.views.push(viewOf(sim, world));
    graph.enabled.push(enabledMask(sim, world));
    pending.push(words, index);
    markReached(world, reached);
    return { index, fresh };
  };

  let initOrdinal = 0;
  enumerateChoices(
    (chooser) => sim.init(chooser),
    (world) => {
      admit(world, -1, initOrdinal, 0);
      initOrdinal += 1;
    },
  );
  const odometer = new Odometer();
  // States are expanded in index order, which is breadth-first order.
  for (let index = 0; index < graph.states; index += 1) {
    const entry = pending.shift();
    if (entry.extra !== index) throw new Error('liveness: states left the queue out of order');
    const world = encoder.decode(entry.words);
    graph.edgeStart.push(graph.edgeTarget.length);
    const broken = firstViolation(world, sim.clientIds, safety);
    if (broken !== null) return { graph, result: null, complete: false, reason: `safety:${index}:${broken.property}:${broken.message}`, transitions };
    if (sim.isFinished(world)) continue;
    if (graph.depth[index]! >= limits.maxDepth) return { graph, result: null, complete: false, reason: `stopped at maxDepth (${limits.maxDepth})`, transitions };
    odometer.start();
    let ordinal = 0;
    do {
      const next = sim.step(world, odometer);
      transitions += 1;
      const target = admit(next, index, ordinal, graph.depth[index]! + 1);
      graph.edgeTarget.push(target.index);
      graph.edgeClient.push(mover(world, next));
      graph.edgeOrdinal.push(ordinal);
      // Time passes between this event and the next one: decoded worlds are
      // anchored at their next due tick, so compare those (on a cycle this
      // finds progress exactly when the ticks of its events do).
      graph.edgeAdvances.push((sim.nextDueTick(next) ?? next.now) > (sim.nextDueTick(world) ?? world.now) ? 1 : 0);
      ordinal += 1;
      if (graph.states > limits.maxStates) return { graph, result: null, complete: false, reason: `stopped at maxStates (${limits.maxStates})`, transitions };
    } while (odometer.advance());
    if (index % progressEveryStates === 0) {
      const held = graphBytes(graph, seen, pending);
      if (held >= memoryBytesMax) {
        return { graph, result: null, complete: false, reason: `memory: ${Math.round(memoryBytesMax / 2 ** 20).toLocaleString('en-US')} MB reached at ${graph.states.toLocaleString('en-US')} states`, transitions };
      }
      onProgress?.({ states: graph.states, transitions, depth: graph.depth[index]!, runs: 0, frontier: pending.size, memoryBytes: held });
    }
  }
  graph.edgeStart.push(graph.edgeTarget.length);
  return { graph, result: null, complete: true, reason: null, transitions };
}

function edgesOf(graph: Graph, state: number): [number, number] {
  return [graph.edgeStart[state]!, graph.edgeStart[state + 1]!];
}

/** Strongly connected components of the subgraph induced by `keep`, iteratively (no recursion limits). */
export function stronglyConnected(graph: Graph, keep: (state: number) => boolean): number[][] {
  const index = new Int32Array(graph.states).fill(-1);
  const low = new Int32Array(graph.states);
  const onStack = new Uint8Array(graph.states);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < graph.states; root += 1) {
    if (index[root] !== -1 || !keep(root)) continue;
    const work: { state: number; edge: number }[] = [{ state: root, edge: edgesOf(graph, root)[0] }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [, end] = edgesOf(graph, frame.state);
      if (frame.edge < end) {
        const target = graph.edgeTarget[frame.edge]!;
        frame.edge += 1;
        if (!keep(target)) continue;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          work.push({ state: target, edge: edgesOf(graph, target)[0] });
        } else if (onStack[target]) {
          low[frame.state] = Math.min(low[frame.state]!, index[target]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.state;
        low[parent] = Math.min(low[parent]!, low[frame.state]!);
      }
      if (low[frame.state] === index[frame.state]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.state);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * Whether a component holds a cycle that is weakly fair and lets time pass:
 * for each client, the client moves on some edge inside, or is unable to
 * move in some state inside (a done client never is); and some edge inside
 * moves time forward. Returns the witnesses the loop must show, or null.
 */
export function fairWitnesses(graph: Graph, component: readonly number[]): { edges: number[]; states: number[] } | null {
  const inside = new Set(component);
  const clients = graph.views[component[0]!]!.length;
  const internalEdges: number[] = [];
  for (const state of component) {
    const [start, end] = edgesOf(graph, state);
    for (let edge = start; edge < end; edge += 1) if (inside.has(graph.edgeTarget[edge]!)) internalEdges.push(edge);
  }
  if (internalEdges.length === 0) return null;
  // No run takes infinitely many steps in finite time: a cycle must let time pass.
  const advance = internalEdges.find((edge) => graph.edgeAdvances[edge] === 1);
  if (advance === undefined) return null;
  const edges: number[] = [advance];
  const states: number[] = [];
  for (let client = 0; client < clients; client += 1) {
    const moves = internalEdges.find((edge) => graph.edgeClient[edge] === client);
    if (moves !== undefined) {
      edges.push(moves);
      continue;
    }
    const idle = component.find((state) => (graph.enabled[state]! & (1 << client)) === 0);
    if (idle === undefined) return null;
    states.push(idle);
  }
  return { edges, states };
}

/** Shortest path of edges inside `component` from one state to another (empty when equal). */
function pathInside(graph: Graph, inside: ReadonlySet<number>, from: number, to: number): number[] {
  if (from === to) return [];
  const via = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head]!;
    const [start, end] = edgesOf(graph, state);
    for (let edge = start; edge < end; edge += 1) {
      const target = graph.edgeTarget[edge]!;
      if (!inside.has(target) || via.has(target)) continue;
      via.set(target, edge);
      if (target === to) {
        const path: number[] = [];
        for (let at = to; at !== from; ) {
          const step = via.get(at)!;
          path.push(step);
          at = edgeSource(graph, step);
        }
        return path.reverse();
      }
      queue.push(target);
    }
  }
  throw new Error('liveness: no path inside a strongly connected component');
}

function edgeSource(graph: Graph, edge: number): number {
  // edgeStart is sorted: binary search for the state whose range holds `edge`.
  let low = 0;
  let high = graph.states - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (graph.edgeStart[middle]! <= edge) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Whether a loop of edges is fair and lets time pass, on its own. */
function loopIsFair(graph: Graph, loop: readonly number[]): boolean {
  if (!loop.some((edge) => graph.edgeAdvances[edge] === 1)) return false;
  const clients = graph.views[0]!.length;
  for (let client = 0; client < clients; client += 1) {
    const moves = loop.some((edge) => graph.edgeClient[edge] === client);
    const idle = loop.some((edge) => (graph.enabled[edgeSource(graph, edge)]! & (1 << client)) === 0);
    if (!moves && !idle) return false;
  }
  return true;
}

/** The loop: from `entry` through every witness and back, as a list of edges; the shortest fair cycle through `entry` when one will do. */
function loopThrough(graph: Graph, component: readonly number[], entry: number, witnesses: { edges: number[]; states: number[] }): number[] {
  const inside = new Set(component);
  const [start, end] = edgesOf(graph, entry);
  let shortest: number[] | null = null;
  for (let edge = start; edge < end; edge += 1) {
    if (!inside.has(graph.edgeTarget[edge]!)) continue;
    const cycle = [edge, ...pathInside(graph, inside, graph.edgeTarget[edge]!, entry)];
    if (loopIsFair(graph, cycle) && (shortest === null || cycle.length < shortest.length)) shortest = cycle;
  }
  if (shortest !== null) return shortest;
  const loop: number[] = [];
  let at = entry;
  for (const edge of witnesses.edges) {
    loop.push(...pathInside(graph, inside, at, edgeSource(graph, edge)), edge);
    at = graph.edgeTarget[edge]!;
  }
  for (const state of witnesses.states) {
    loop.push(...pathInside(graph, inside, at, state));
    at = state;
  }
  loop.push(...pathInside(graph, inside, at, entry));
  if (loop.length === 0) {
    // Every witness is the entry itself: go round the shortest cycle through it.
    const [start, end] = edgesOf(graph, entry);
    for (let edge = start; edge < end; edge += 1) {
      if (!inside.has(graph.edgeTarget[edge]!)) continue;
      return [edge, ...pathInside(graph, inside, graph.edgeTarget[edge]!, entry)];
    }
  }
  return loop;
}

/** The chooser's answers for the stem to `entry` and then `loop`. */
function lassoAnswers(sim: Simulator, graph: Graph, entry: number, loop: readonly number[]): { answers: number[]; stemSteps: number; steps: number } {
  const stem: number[] = [];
  for (let at = entry; at >= 0; at = graph.parent[at]!) stem.push(at);
  stem.reverse();
  const ordinals = [...stem.slice(1).map((state) => graph.ordinal[state]!), ...loop.map((edge) => graph.edgeOrdinal[edge]!)];
  const { answers } = rebuildAnswers(sim, graph.ordinal[stem[0]!]!, ordinals);
  return { answers, stemSteps: stem.length - 1, steps: stem.length - 1 + loop.length };
}

/** The sections each role entered anywhere in the graph, unless the protocol declares them. */
function roleSectionsOf(sim: Simulator, graph: Graph): RoleSections {
  const declared = (sim.protocol as { roleSections?: Record<string, string> }).roleSections;
  const exclusive = new Set<string>();
  const sync = new Set<string>();
  if (declared !== undefined) {
    for (const [role, section] of Object.entries(declared)) {
      if (section === 'exclusive') exclusive.add(role);
      if (section === 'sync') sync.add(role);
    }
    return { exclusive, sync };
  }
  for (const view of graph.views) {
    for (const client of view) {
      if (client.section === 'exclusive') exclusive.add(client.role);
      if (client.section === 'sync') sync.add(client.role);
    }
  }
  return { exclusive, sync };
}

export type LivenessOutcome = ExploreResult & { lasso: { loopStart: number; property: string; message: string } | null; safetyViolation: { state: number } | null };

export function exploreLiveness(
  sim: Simulator,
  safety: readonly SafetyProperty[],
  liveness: readonly LivenessProperty[],
  limits: LivenessLimits,
  onProgress?: (progress: Progress) => void,
): LivenessOutcome {
  const reached = sim.clientIds.map(() => false);
  let built: Built;
  try {
    built = buildGraph(sim, safety, limits, reached, onProgress);
  } catch (error) {
    if (error instanceof ProtocolFault) error.where = 'while building the state graph for liveness';
    throw error;
  }
  const { graph } = built;
  const depth = graph.depth.reduce((deepest, each) => Math.max(deepest, each), 0);
  const stats = { states: graph.states, transitions: built.transitions, runs: 0, depth, storedBytes: graph.states * 64 + graph.edgeTarget.length * 12, workers: 1 };
  const reachedById = Object.fromEntries(sim.clientIds.map((id, index) => [id, reached[index]!]));
  const base = { reached: reachedById, stats, safetyViolation: null, lasso: null };
  if (built.reason !== null && built.reason.startsWith('safety:')) {
    const [, state, property, ...message] = built.reason.split(':');
    const path = lassoAnswers(sim, graph, Number(state), []);
    return {
      ...base,
      verdict: 'violation',
      counterexample: { property: property!, message: message.join(':'), answers: path.answers, steps: path.steps, run: null },
      incompleteReason: null,
      safetyViolation: { state: Number(state) },
    };
  }
  if (!built.complete) return { ...base, verdict: 'incomplete', counterexample: null, incompleteReason: built.reason };
  const roles = roleSectionsOf(sim, graph);
  for (const property of liveness) {
    const targets = graph.states === 0 ? [] : property.targets(graph.views[0]!, roles);
    for (const target of targets) {
      const components = stronglyConnected(graph, (state) => property.staysBad(graph.views[state]!, target, roles));
      // The component reached soonest gives the shortest stem.
      const bad = components
        .map((component) => ({ component, witnesses: fairWitnesses(graph, component) }))
        .filter((candidate) => candidate.witnesses !== null)
        .map((candidate) => ({ ...candidate, entry: candidate.component.reduce((best, state) => (state < best ? state : best)) }))
        .sort((left, right) => left.entry - right.entry)[0];
      if (bad === undefined) continue;
      const loop = loopThrough(graph, bad.component, bad.entry, bad.witnesses!);
      const path = lassoAnswers(sim, graph, bad.entry, loop);
      const message = property.message(graph.views[bad.entry]!, target);
      return {
        ...base,
        verdict: 'violation',
        counterexample: { property: property.name, message, answers: path.answers, steps: path.steps, run: null, loopStart: path.stemSteps },
        incompleteReason: null,
        lasso: { loopStart: path.stemSteps, property: property.name, message },
      };
    }
  }
  return { ...base, verdict: 'safe', counterexample: null, incompleteReason: null };
}
