// Rebuilds a full trace from a scenario and the chooser's answers: the one
// way traces are made, by every explorer and by replay, so that a trace
// written and a trace replayed can only differ if the model does.

import type { SafetyProperty } from '../../model/index.ts';
import { ReplayChooser } from '../engine/chooser.ts';
import type { EventRecord, Simulator } from '../engine/simulator.ts';
import { StateEncoder } from '../engine/stateEncoder.ts';
import { seenVersions } from '../engine/store.ts';
import type { World } from '../engine/world.ts';
import { sectionView, storeFacts } from '../explore/checkProperties.ts';
import { describeEffect, describeReply, describeRequest } from './describeAction.ts';
import type { TraceClient, TraceFile, TraceStep, TraceViewFile } from './traceFile.ts';
import { traceFormat, traceVersion } from './traceFile.ts';

export type TraceMeta = {
  scenarioFile: string | null;
  mode: 'exhaustive' | 'random' | 'systematic';
  seed: string | null;
  run: number | null;
  /** A liveness counterexample: the run from `loopStart` on repeats forever. */
  lasso?: { loopStart: number; property: string; message: string } | null;
};

/** Steps in a trace are bounded like runs are: by the scenario's maxDepth. */
function stepsMax(sim: Simulator): number {
  return sim.scenario.explore.maxDepth;
}

function clientsOf(sim: Simulator, world: World): TraceClient[] {
  return world.clients.map((slot, index) => ({
    id: sim.clientIds[index]!,
    role: sim.contexts[index]!.role,
    state: slot.protocolState,
    describe: sim.protocol.describe(slot.protocolState),
    phase: slot.phase,
    dueTick: slot.phase === 'done' ? null : slot.dueTick,
    section: slot.section,
    clockTicks: world.now + slot.skewTicks,
    outcome: slot.outcome,
    superseded: slot.superseded,
    ...(slot.timer === null ? {} : { timer: { phase: slot.timer.phase, dueTick: slot.timer.dueTick } }),
  }));
}

function viewsOf(sim: Simulator, world: World): Record<string, TraceViewFile[]> {
  const views: Record<string, TraceViewFile[]> = {};
  sim.clientIds.forEach((id, reader) => {
    views[id] = seenVersions(world.files, reader, world.now).map(({ name, seen, newest }) => ({
      name,
      owner: sim.clientIds[newest.writer]!,
      version: newest.version,
      deleted: newest.deleted,
      mtimeTicks: newest.mtimeTicks,
      clientStampTicks: newest.clientStampTicks,
      visible: seen === newest,
      visibleTick: newest.writer === reader ? newest.commitTick : newest.visibleTick,
      seenVersion: seen === null || seen.deleted ? null : seen.version,
    }));
  });
  return views;
}

function propertiesOf(sim: Simulator, world: World, properties: readonly SafetyProperty[]): Record<string, string | null> {
  const view = sectionView(world, sim.clientIds);
  const facts = storeFacts(world, sim.clientIds);
  return Object.fromEntries(properties.map((property) => [property.name, property.violation(view, facts)]));
}

function actionOf(sim: Simulator, event: EventRecord): string {
  const action = flowActionOf(sim, event);
  return event.timer ? `timer: ${action}` : action;
}

function flowActionOf(sim: Simulator, event: EventRecord): string {
  if (event.kind === 'pause' || event.kind === 'crash') return `FAULT: ${event.note}`;
  if (event.kind === 'commit') {
    const request = event.request!;
    const reply = event.reply!;
    if (request.kind === 'list') return `store: ${describeRequest(request)} = ${describeReply(reply)}`;
    const seen = event.visibleTick === null ? '' : ` (others see it from t=${event.visibleTick})`;
    return `store: ${describeRequest(request)} → ${describeReply(reply)}${seen}`;
  }
  // The steps an event ran on to after an enter or exit.
  const effect = [event.effect!, ...event.then.map((next) => next.effect)].map(describeEffect).join('; then ');
  if (event.reply === null) return effect;
  // The replies to an all effect's requests, in request order (each request's own commit step named it).
  if (event.request === null) return `got ${describeReply(event.reply)} → ${effect}`;
  const got = event.request.kind === 'list' ? describeReply(event.reply) : `${describeRequest(event.request)}: ${describeReply(event.reply)}`;
  return `got ${got} → ${effect}`;
}

/** Where the run starts in a timestamp unit, when rounding makes it matter (resolution above one tick). */
function phaseNote(sim: Simulator, world: World): string {
  const resolution = sim.scenario.store.timestampResolution;
  if (resolution <= 1) return '';
  return `; the store's clock starts ${world.now} ticks into a ${resolution}-tick timestamp unit`;
}

export function buildTrace(
  sim: Simulator,
  properties: readonly SafetyProperty[],
  answers: readonly number[],
  stepCount: number,
  meta: TraceMeta,
  /** Called with each step as soon as it is built, so that a caller learns how far a run got if it then fails. */
  onStep?: (step: TraceStep) => void,
): TraceFile {
  if (!(Number.isInteger(stepCount) && stepCount >= 0 && stepCount <= stepsMax(sim))) {
    throw new Error(`trace: ${stepCount} steps is outside [0, maxDepth]`);
  }
  const chooser = new ReplayChooser(answers);
  let world = sim.init(chooser);
  const encoder = sim.encoder();
  const fingerprint = new Uint32Array(2);
  const fingerprintOf = (state: World): string => {
    encoder.fingerprint(state, fingerprint);
    return `${fingerprint[0]}:${fingerprint[1]}`;
  };
  const fingerprints: string[] = [fingerprintOf(world)];
  const initAnswers = answers.slice(0, chooser.consumed);
  const steps: TraceStep[] = [
    {
      index: 0,
      tick: world.now,
      client: null,
      kind: 'init',
      action: `start: ${world.clients.map((slot, index) => `${sim.clientIds[index]} at t=${slot.dueTick} (clock ${slot.skewTicks >= 0 ? '+' : ''}${slot.skewTicks})`).join(', ')}${phaseNote(sim, world)}`,
      request: null,
      reply: null,
      effect: null,
      note: null,
      visibleTick: null,
      answers: initAnswers,
      clients: clientsOf(sim, world),
      views: viewsOf(sim, world),
      properties: propertiesOf(sim, world, properties),
    },
  ];
  onStep?.(steps[0]!);
  while (steps.length <= stepCount) {
    if (sim.isFinished(world)) throw new Error('trace: every client finished before the last step');
    const events: EventRecord[] = [];
    world = sim.step(world, chooser, events);
    fingerprints.push(fingerprintOf(world));
    const event = events[0]!;
    steps.push({
      index: steps.length,
      tick: event.tick,
      client: sim.clientIds[event.client]!,
      ...(event.timer ? { timer: true as const } : {}),
      kind: event.kind,
      action: actionOf(sim, event),
      request: event.request,
      reply: event.reply,
      effect: event.effect,
      note: event.note,
      visibleTick: event.visibleTick,
      answers: event.answers,
      clients: clientsOf(sim, world),
      views: viewsOf(sim, world),
      properties: propertiesOf(sim, world, properties),
    });
    onStep?.(steps[steps.length - 1]!);
  }
  if (chooser.consumed !== answers.length) throw new Error(`trace: ${answers.length - chooser.consumed} answers left over`);
  const last = steps[steps.length - 1]!;
  const header = {
    format: traceFormat,
    version: traceVersion,
    scenarioFile: meta.scenarioFile,
    scenario: sim.scenario,
    mode: meta.mode,
    seed: meta.seed,
    run: meta.run,
    choices: answers.slice(),
  } as const;
  const lasso = meta.lasso ?? null;
  if (lasso !== null) {
    if (!(lasso.loopStart >= 0 && lasso.loopStart < stepCount)) throw new Error('trace: the loop must start before the last step');
    if (fingerprints[lasso.loopStart] !== fingerprints[stepCount]) throw new Error('trace: the last step does not return to the state where the loop starts');
    const violation = { step: last.index, property: lasso.property, message: lasso.message, holders: [] };
    return { ...header, violation, loop: { start: lasso.loopStart }, steps };
  }
  const broken = properties.find((property) => last.properties[property.name] !== null);
  if (broken === undefined) throw new Error('trace: the answers do not end in a violation');
  const holders = last.clients.filter((client) => client.section !== null).map((client) => ({ client: client.id, section: client.section! }));
  const violation = { step: last.index, property: broken.name, message: last.properties[broken.name]!, holders };
  return { ...header, loop: null, violation, steps };
}
