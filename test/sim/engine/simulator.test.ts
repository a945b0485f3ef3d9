// The store semantics through the simulator, on hand-made schedules: a tiny
// scenario, a scripted protocol, and every choice given by a ReplayChooser,
// so that each expected tick can be worked out by hand.

import { describe, expect, test } from 'vitest';
import type { Effect, ListedFile, Protocol, Reply } from '../../../model/index.ts';
import { ReplayChooser } from '../../../sim/engine/chooser.ts';
import { ProtocolFault, Simulator, type EventRecord } from '../../../sim/engine/simulator.ts';
import type { World } from '../../../sim/engine/world.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { scriptProtocol, type ScriptState, type Seen } from '../../fixtures/scriptProtocol.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { QuestionLog } from '../../fixtures/questionLog.ts';


type Run = { sim: Simulator; world: World; events: EventRecord[]; asked: string[]; seen: (id: string) => Seen[] };

/** Runs the scenario to the end on exactly `answers`; fails if any is left over. */
function runOn(scenario: Scenario, protocol: Protocol, answers: number[], stepsMax = 100): Run {
  const sim = new Simulator(scenario, protocol);
  const replay = new ReplayChooser(answers);
  const chooser = new QuestionLog(replay);
  let world = sim.init(chooser);
  const events: EventRecord[] = [];
  for (let steps = 0; !sim.isFinished(world); steps += 1) {
    if (steps >= stepsMax) throw new Error('test run did not finish');
    world = sim.step(world, chooser, events);
  }
  expect(replay.consumed, `answers consumed; questions were: ${chooser.asked.join(', ')}`).toBe(answers.length);
  const final = world;
  const seen = (id: string) => (final.clients[sim.clientIds.indexOf(id)]!.protocolState as ScriptState).seen!;
  return { sim, world, events, asked: chooser.asked, seen };
}

/** The replies a client received, in order, with its clock when it got each. */
function replies(run: Run, id: string): { clockTicks: number; reply: Reply | null }[] {
  return run.seen(id).slice(1);
}

function names(reply: Reply | null): string[] {
  if (reply === null || reply.kind !== 'listed') throw new Error(`expected a list reply, got ${JSON.stringify(reply)}`);
  return reply.files.map((file) => file.name);
}

function listedFiles(reply: Reply | null): ListedFile[] {
  if (reply === null || reply.kind !== 'listed') throw new Error(`expected a list reply, got ${JSON.stringify(reply)}`);
  return reply.files;
}

const put = (name: string, body: string = name): Effect => ({ kind: 'put', name, body });
const create = (name: string, body: string = name): Effect => ({ kind: 'create', name, body });
const remove = (name: string): Effect => ({ kind: 'delete', name });
const list = (prefix = ''): Effect => ({ kind: 'list', prefix });

describe('latency: each leg lands at the chosen tick', () => {
  test('one put with latency [1, 3]: the questions, in order', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }], store: { latency: [1, 3] } });
    const run = runOn(scenario, scriptProtocol({ A: [put('f')] }), [0, 0, 2, 0, 0]);
    expect(run.asked).toStrictEqual(['clock skew of A 0/1', 'start of A 0/1', 'send latency 2/3', 'list lag 0/1', 'reply latency 0/3']);
    expect(run.events.map((event) => [event.tick, event.kind, event.request?.kind ?? null, event.effect?.kind ?? null])).toStrictEqual([
      [0, 'step', null, 'put'],
      [3, 'commit', 'put', null],
      [4, 'step', 'put', 'done'],
    ]);
    expect(run.world.files.map((file) => [file.name, file.commitTick, file.mtimeTicks, file.clientStampTicks])).toStrictEqual([['f', 3, 3, 0]]);
  });

  test.each([
    [0, 0], [0, 2], [1, 1], [2, 0], [2, 2],
  ])('send latency answer %i, reply latency answer %i: commit at 1 + send, reply one to three ticks later', (send, back) => {
    const scenario = testScenario({ clients: [{ id: 'A' }], store: { latency: [1, 3] } });
    const run = runOn(scenario, scriptProtocol({ A: [put('f')] }), [0, 0, send, 0, back]);
    const commitTick = 1 + send;
    expect(run.events[1]).toMatchObject({ kind: 'commit', tick: commitTick });
    expect(run.events[2]).toMatchObject({ kind: 'step', tick: commitTick + 1 + back, reply: { kind: 'ok' } });
  });

  test('with latency [0, 1], a zero leg commits and replies in the same tick, and every event is asked for', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }], store: { latency: [0, 1] } });
    const run = runOn(scenario, scriptProtocol({ A: [put('f')] }), [0, 0, 0, 0, 0, 0, 0, 0]);
    expect(run.sim.reduces).toBe(false);
    expect(run.asked).toStrictEqual([
      'clock skew of A 0/1', 'start of A 0/1',
      'next event 0/1', 'send latency 0/2',
      'next event 0/1', 'list lag 0/1', 'reply latency 0/2',
      'next event 0/1',
    ]);
    expect(run.events.map((event) => [event.tick, event.kind])).toStrictEqual([[0, 'step'], [0, 'commit'], [0, 'step']]);
  });
});

describe('list lag: a write is visible to its writer at once, to others exactly lag ticks after commit', () => {
  // W puts f (committed at 1, lag 3: others see it from 4), then lists at 3.
  // R1 lists at 2 and 4; R2 lists at 3. Every choice but the lag is forced.
  const scenario = testScenario({
    clients: [{ id: 'W' }, { id: 'R1', start: [1, 1] }, { id: 'R2', start: [2, 2] }],
    store: { latency: [1, 1], listLag: [0, 5] },
  });
  const protocol = scriptProtocol({ W: [put('f'), list()], R1: [list(), list()], R2: [list()] });
  const answers = [0, 0, 0, 0, 0, 0, /* t0 */ 0, /* t1 */ 3, 0, 0, /* t2 */ 0, 0, 0, /* t3 */ 0, 0, 0, /* t4 */ 0];

  test('the lag chosen is the one asked for the put', () => {
    const run = runOn(scenario, protocol, answers);
    expect(run.asked.filter((question) => question.startsWith('list lag'))).toStrictEqual(['list lag 3/6']);
    expect(run.events.find((event) => event.kind === 'commit' && event.request?.kind === 'put')).toMatchObject({ tick: 1, visibleTick: 4 });
  });

  test('the writer lists its own write at tick 3, before anyone else can', () => {
    const run = runOn(scenario, protocol, answers);
    const [, listedByW] = replies(run, 'W');
    expect(names(listedByW!.reply)).toStrictEqual(['f']);
    expect(listedFiles(listedByW!.reply)[0]).toMatchObject({ owner: 'W', body: 'f', mtimeTicks: 1, clientStampTicks: 0, version: 1 });
  });

  test('another client lists nothing at tick 3 (commit + lag - 1) and the write at tick 4 (commit + lag)', () => {
    const run = runOn(scenario, protocol, answers);
    const listCommits = run.events.filter((event) => event.kind === 'commit' && event.request?.kind === 'list');
    expect(listCommits.map((event) => [event.tick, run.sim.clientIds[event.client], names(event.reply)])).toStrictEqual([
      [2, 'R1', []],
      [3, 'W', ['f']],
      [3, 'R2', []],
      [4, 'R1', ['f']],
    ]);
    expect(names(replies(run, 'R2')[0]!.reply)).toStrictEqual([]);
    expect(replies(run, 'R1').map((seen) => names(seen.reply))).toStrictEqual([[], ['f']]);
  });

  test('with lag 0, a list committed in the same tick sees the write only if it commits after it', () => {
    const sameTick = testScenario({ clients: [{ id: 'W' }, { id: 'R' }], store: { latency: [1, 1], listLag: [0, 0] } });
    const both = scriptProtocol({ W: [put('f')], R: [list()] });
    // t0: both steps run alone (invisible); t1: the two commits conflict, so the next event is asked.
    const writerFirst = runOn(sameTick, both, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(writerFirst.asked).toContain('next event 0/2');
    expect(names(replies(writerFirst, 'R')[0]!.reply)).toStrictEqual(['f']);
    const readerFirst = runOn(sameTick, both, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(readerFirst.asked).toContain('next event 1/2');
    expect(names(replies(readerFirst, 'R')[0]!.reply)).toStrictEqual([]);
  });
});

describe('clock skew offsets a client clock and the stamps of its puts', () => {
  const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }], store: { latency: [1, 1], clockSkew: [-3, 3] } });
  const protocol = scriptProtocol({ A: [put('a'), list()], B: [put('b'), list()] });
  // Skew answers 5 and 0: A runs 2 ticks ahead, B 3 behind.
  const answers = [5, 0, 0, 0, /* t0 */ 0, 0, /* t1 */ 0, 0, 0, 0, /* t2 */ 0, 0, /* t3 */ 0, 0];

  test('each client reads true time plus its skew', () => {
    const run = runOn(scenario, protocol, answers);
    expect(run.asked.slice(0, 4)).toStrictEqual(['clock skew of A 5/7', 'start of A 0/1', 'clock skew of B 0/7', 'start of B 0/1']);
    expect(run.world.clients.map((client) => client.skewTicks)).toStrictEqual([2, -3]);
    expect(run.seen('A').map((seen) => seen.clockTicks)).toStrictEqual([2, 4, 6]);
    expect(run.seen('B').map((seen) => seen.clockTicks)).toStrictEqual([-3, -1, 1]);
  });

  test("a put carries its writer's clock at send; mtime is the store's clock at commit", () => {
    const run = runOn(scenario, protocol, answers);
    const listed = listedFiles(replies(run, 'A')[1]!.reply);
    expect(listed.map((file) => [file.name, file.owner, file.clientStampTicks, file.mtimeTicks])).toStrictEqual([
      ['a', 'A', 2, 1],
      ['b', 'B', -3, 1],
    ]);
  });
});

describe('timestamp resolution: mtime is rounded down', () => {
  test.each([0, 1, 2, 3, 4, 5, 6])('resolution 3, a put sent at %i (committed one tick later)', (start) => {
    // Phase 0: the run starts at the start of a timestamp unit (the phase has its own tests below).
    const scenario = testScenario({ clients: [{ id: 'A', start: [start, start] }], store: { latency: [1, 1], timestampResolution: 3, clockPhase: [0, 0] } });
    const run = runOn(scenario, scriptProtocol({ A: [put('f'), list()] }), [0, 0, 0, 0, 0, 0, 0]);
    const [file] = listedFiles(replies(run, 'A')[1]!.reply);
    const commitTick = start + 1;
    expect(file!.mtimeTicks).toBe(commitTick - (commitTick % 3));
    // The client stamp is the client's own clock, never rounded.
    expect(file!.clientStampTicks).toBe(start);
  });
});

describe('requests issued at once (all)', () => {
  const scenario = testScenario({ clients: [{ id: 'A' }], store: { latency: [1, 1] } });
  const both: Effect = { kind: 'all', requests: [{ kind: 'list', prefix: '' }, { kind: 'put', name: 'f', body: 'x' }] };

  test('each request commits on its own; two that do not commute are ordered by the chooser, and the step gets every reply in request order', () => {
    // Questions: skew, start, send latency of each request, the next event (the batch's commit is not free:
    // its requests do not commute), which commits first, then per commit its lag (put) and reply latency.
    const listFirst = runOn(scenario, scriptProtocol({ A: [both] }), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const putFirst = runOn(scenario, scriptProtocol({ A: [both] }), [0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(listFirst.asked).toContain('which request of all 0/2');
    const stepped = (run: Run) => replies(run, 'A')[0]!.reply;
    expect(stepped(listFirst)).toStrictEqual({ kind: 'all', replies: [{ kind: 'listed', files: [] }, { kind: 'ok' }] });
    const afterPut = stepped(putFirst);
    const firstReply = afterPut?.kind === 'all' ? afterPut.replies[0] : undefined;
    expect(firstReply?.kind === 'listed' && firstReply.files.map((file) => file.name)).toStrictEqual(['f']);
    // Two commits, then one step on both replies, at the later reply's tick.
    expect(listFirst.events.map((event) => event.kind)).toStrictEqual(['step', 'commit', 'commit', 'step']);
  });

  test('requests that commute commit in request order, with no question asked', () => {
    const lists: Effect = { kind: 'all', requests: [{ kind: 'list', prefix: 'a' }, { kind: 'date' }] };
    const run = runOn(scenario, scriptProtocol({ A: [lists] }), [0, 0, 0, 0, 0, 0]);
    expect(run.asked.some((question) => question.startsWith('which request'))).toBe(false);
    expect(run.events.filter((event) => event.kind === 'commit').map((event) => event.request?.kind)).toStrictEqual(['list', 'date']);
  });

  test('an all effect needs 2 to 4 requests, and requests only', () => {
    const sim = (effect: unknown) => new Simulator(scenario, scriptProtocol({ A: [effect as Effect] }));
    const start = (effect: unknown) => {
      const simulator = sim(effect);
      return () => simulator.step(simulator.init(new ReplayChooser([0, 0])), new ReplayChooser([0, 0, 0, 0, 0]));
    };
    expect(start({ kind: 'all', requests: [{ kind: 'list', prefix: '' }] })).toThrow(/all needs a list of 2 to 4 requests/);
    expect(start({ kind: 'all', requests: [{ kind: 'list', prefix: '' }, { kind: 'wait', ticks: 1 }] })).toThrow(/all issues requests only/);
  });
});

describe('a date request reads the store clock', () => {
  test.each([0, 1, 2, 3, 4])('at resolution 3, sent at %i: the tick it commits at, rounded down; it changes no file', (start) => {
    const scenario = testScenario({ clients: [{ id: 'A', start: [start, start] }], store: { latency: [1, 1], timestampResolution: 3, clockPhase: [0, 0] } });
    // Per request: send latency, then reply latency (a date writes nothing, so no lag is asked).
    const run = runOn(scenario, scriptProtocol({ A: [{ kind: 'date' }, list()] }), [0, 0, 0, 0, 0, 0]);
    const [dated, listed] = replies(run, 'A');
    const commitTick = start + 1;
    expect(dated!.reply).toStrictEqual({ kind: 'date', ticks: commitTick - (commitTick % 3) });
    expect(listed!.reply).toStrictEqual({ kind: 'listed', files: [] });
  });
});

describe("the store clock's phase", () => {
  test('with coarse timestamps every phase is a choice, asked first: the run starts that many ticks into a unit', () => {
    const scenario = testScenario({ clients: [{ id: 'A', start: [1, 1] }], store: { latency: [1, 1], timestampResolution: 4 } });
    for (const phase of [0, 1, 2, 3]) {
      const run = runOn(scenario, scriptProtocol({ A: [put('f'), list()] }), [phase, 0, 0, 0, 0, 0, 0, 0]);
      expect(run.asked[0]).toBe(`store clock phase ${phase}/4`);
      expect(run.events[0]!.tick).toBe(phase + 1);
      const [file] = listedFiles(replies(run, 'A')[1]!.reply);
      // Sent at phase + 1, committed a tick later, rounded down to a multiple of 4.
      const commitTick = phase + 2;
      expect(file!.mtimeTicks).toBe(commitTick - (commitTick % 4));
    }
  });

  test('a fixed phase, and resolution 1, ask no question', () => {
    const fixed = testScenario({ clients: [{ id: 'A' }], store: { timestampResolution: 4, clockPhase: [3, 3] } });
    const fine = testScenario({ clients: [{ id: 'A' }], store: { timestampResolution: 1 } });
    const fixedRun = runOn(fixed, scriptProtocol({ A: [] }), [0, 0]);
    const fineRun = runOn(fine, scriptProtocol({ A: [] }), [0, 0]);
    expect(fixedRun.asked.some((question) => question.startsWith('store clock phase'))).toBe(false);
    expect(fineRun.asked.some((question) => question.startsWith('store clock phase'))).toBe(false);
    expect(fixedRun.sim.init(new ReplayChooser([0, 0])).now).toBe(3);
  });
});

describe('start ticks', () => {
  test('a client first steps at the start tick chosen in its range; the world starts at tick 0', () => {
    const scenario = testScenario({ clients: [{ id: 'A', start: [2, 5] }, { id: 'B', start: [1, 1] }] });
    const run = runOn(scenario, scriptProtocol({ A: [{ kind: 'wait', ticks: 1 }], B: [] }), [0, 3, 0, 0]);
    expect(run.asked.slice(0, 4)).toStrictEqual(['clock skew of A 0/1', 'start of A 3/4', 'clock skew of B 0/1', 'start of B 0/1']);
    expect(run.events.map((event) => [run.sim.clientIds[event.client], event.tick])).toStrictEqual([
      ['B', 1],
      ['A', 5],
      ['A', 6],
    ]);
    expect(run.seen('A').map((seen) => seen.clockTicks)).toStrictEqual([5, 6]);
  });

  test('the initial world is at tick 0 with every client ready at its start', () => {
    const sim = new Simulator(testScenario({ clients: [{ id: 'A', start: [2, 5] }] }), scriptProtocol({ A: [] }));
    const world = sim.init(new ReplayChooser([0, 2]));
    expect(world.now).toBe(0);
    expect(world.clients[0]).toMatchObject({ phase: 'ready', dueTick: 4, section: null, outcome: null });
    expect(sim.nextDueTick(world)).toBe(4);
  });
});

describe('create-if-absent and delete', () => {
  const store = { latency: [1, 1] as const, createIfAbsent: true };

  test('create writes only when absent; delete removes only what exists', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }], store });
    const script = [create('f', 'one'), create('f', 'two'), list(), remove('f'), remove('f'), list(), create('f', 'three'), list()];
    // Per request: send latency, then (for writes that happen) lag, then reply latency.
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const run = runOn(scenario, scriptProtocol({ A: script }), answers);
    expect(replies(run, 'A').map((seen) => seen.reply)).toStrictEqual([
      { kind: 'ok' },
      { kind: 'exists' },
      { kind: 'listed', files: [{ name: 'f', owner: 'A', body: 'one', mtimeTicks: 1, clientStampTicks: 0, version: 1 }] },
      { kind: 'ok' },
      { kind: 'not-found' },
      { kind: 'listed', files: [] },
      { kind: 'ok' },
      { kind: 'listed', files: [{ name: 'f', owner: 'A', body: 'three', mtimeTicks: 13, clientStampTicks: 12, version: 1 }] },
    ]);
    // A refused create or delete writes nothing, so it asks no lag.
    expect(run.asked.filter((question) => question.startsWith('list lag'))).toHaveLength(3);
  });

  test('conditional requests act on the newest committed version, even one that lists do not show yet', () => {
    // W's put commits at tick 1 with lag 5 (others see it from 6). C's create
    // commits at 2: exists. C's list commits at 4: nothing yet. C's delete
    // commits at 6: ok.
    const scenario = testScenario({ clients: [{ id: 'W' }, { id: 'C', start: [1, 1] }], store: { ...store, listLag: [0, 5] } });
    const protocol = scriptProtocol({ W: [put('f')], C: [create('f'), list(), remove('f')] });
    const answers = [0, 0, 0, 0, /* t0 W sends */ 0, /* t1 W commits: lag, reply */ 5, 0, /* t1 C sends */ 0, /* t2 C's create commits */ 0, /* t3 C sends */ 0, /* t4 C's list commits */ 0, /* t5 C sends */ 0, /* t6 C's delete commits: lag, reply */ 0, 0];
    const run = runOn(scenario, protocol, answers);
    expect(replies(run, 'C').map((seen) => seen.reply)).toStrictEqual([{ kind: 'exists' }, { kind: 'listed', files: [] }, { kind: 'ok' }]);
  });

  test('create on a store without createIfAbsent is a protocol fault', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    const sim = new Simulator(scenario, scriptProtocol({ A: [create('f')] }));
    const world = sim.init(new ReplayChooser([0, 0]));
    expect(() => sim.step(world, new ReplayChooser([0]))).toThrow(ProtocolFault);
    expect(() => sim.step(world, new ReplayChooser([0]))).toThrow('A: create-if-absent on a store without conditional requests (store.createIfAbsent: false)');
  });

  test('a data write changes no file and is answered ok', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    const run = runOn(scenario, scriptProtocol({ A: [{ kind: 'write' }] }), [0, 0, 0, 0]);
    expect(run.world.files).toStrictEqual([]);
    expect(replies(run, 'A')[0]!.reply).toStrictEqual({ kind: 'ok' });
    expect(run.asked).not.toContain('list lag 0/1');
  });
});

describe('partial-order reduction', () => {
  test('with latency >= 1, free events (invisible steps, commuting commits) wait for the bound ones, then run alone, with no question', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }], store: { latency: [1, 1] } });
    const protocol = scriptProtocol({ A: [put('a'), { kind: 'enter', section: 'exclusive' }, { kind: 'exit', section: 'exclusive' }], B: [put('b')] });
    const run = runOn(scenario, protocol, [0, 0, 0, 0, /* t0 */ 0, 0, /* t1 */ 0, 0, 0, 0, /* t2 */ 0, 0]);
    expect(run.sim.reduces).toBe(true);
    // t1: the two puts name different files, so they commute: no question.
    expect(run.asked.filter((question) => question.startsWith('next event'))).toStrictEqual(['next event 0/1', 'next event 0/1']);
    // t2: B's done is free, so it waits while A's enter and exit are due; A's done runs on in the event of
    // its exit (an event runs on through an exit), then B's done.
    expect(run.events.filter((event) => event.tick === 2).map((event) => [run.sim.clientIds[event.client], event.effect?.kind, event.then.map((next) => next.effect.kind)])).toStrictEqual([
      ['A', 'enter', []],
      ['A', 'exit', ['done']],
      ['B', 'done', []],
    ]);
  });

  test('two visible steps due together are a choice; so are commits to the same file', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }], store: { latency: [1, 1] } });
    const sections = (section: string): Effect[] => [put('f'), { kind: 'enter', section }, { kind: 'exit', section }];
    const run = runOn(scenario, scriptProtocol({ A: sections('exclusive'), B: sections('sync') }), [0, 0, 0, 0, 0, 0, /* t1 */ 1, 0, 0, 0, 0, /* t2 */ 0, 0, 0, 0]);
    expect(run.asked.filter((question) => question.startsWith('next event'))).toStrictEqual([
      'next event 1/2',
      'next event 0/2',
      'next event 0/2',
      'next event 0/1',
      'next event 0/1',
    ]);
    // B's put was chosen to commit first, so A's is the newest.
    expect(run.world.files.map((file) => run.sim.clientIds[file.writer])).toStrictEqual(['A']);
  });

  test('with latency 0, no reduction: every event is a choice', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }, { id: 'B' }], store: { latency: [0, 0] } });
    const run = runOn(scenario, scriptProtocol({ A: [], B: [] }), [0, 0, 0, 0, 0, 0]);
    expect(run.sim.reduces).toBe(false);
    expect(run.asked.slice(4)).toStrictEqual(['next event 0/2', 'next event 0/1']);
  });
});

describe('protocol faults and engine guards', () => {
  function faultOf(effects: Effect[], sections?: string[]): string {
    const scenario = testScenario({ clients: [{ id: 'A' }], store: { latency: [0, 0] } });
    const sim = new Simulator(scenario, scriptProtocol({ A: effects }, sections ? { sections } : {}));
    let world = sim.init(new ReplayChooser([0, 0]));
    try {
      for (let steps = 0; steps < 20 && !sim.isFinished(world); steps += 1) world = sim.step(world, { pick: () => 0 });
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolFault);
      expect((error as ProtocolFault).client).toBe('A');
      return (error as Error).message;
    }
    throw new Error('expected a ProtocolFault');
  }

  test.each<[string, Effect[], string]>([
    ['entering a section while in one', [{ kind: 'enter', section: 'exclusive' }, { kind: 'enter', section: 'sync' }], 'A: entered sync while in exclusive'],
    ['leaving a section it is not in', [{ kind: 'exit', section: 'sync' }], 'A: exited sync while in no section'],
    ['naming a section the protocol does not declare', [{ kind: 'enter', section: 'vault' }], 'A: enter names unknown section "vault"'],
    ['a wait shorter than one tick', [{ kind: 'wait', ticks: 0 }], 'A: wait needs whole ticks >= 1'],
    ['an effect of no known kind', [{ kind: 'teleport' } as unknown as Effect], 'A: step returned {"kind":"teleport"}, which is not a request or local effect'],
  ])('%s', (_title, effects, message) => {
    expect(faultOf(effects)).toBe(message);
  });

  test('a step that throws is reported with the client', () => {
    const throwing: Protocol = { ...scriptProtocol({ A: [] }), step: () => { throw new Error('boom'); } };
    const sim = new Simulator(testScenario({ clients: [{ id: 'A' }] }), throwing);
    const world = sim.init(new ReplayChooser([0, 0]));
    expect(() => sim.step(world, new ReplayChooser([]))).toThrow('A: step threw: boom');
  });

  test('a state that is not plain data is a protocol fault', () => {
    const bad: Protocol = { ...scriptProtocol({ A: [] }), step: () => ({ state: { at: Number.NaN }, effect: { kind: 'done', outcome: 'finished' } }) };
    const sim = new Simulator(testScenario({ clients: [{ id: 'A' }] }), bad);
    const world = sim.init(new ReplayChooser([0, 0]));
    expect(() => sim.step(world, new ReplayChooser([]))).toThrow(ProtocolFault);
  });

  test('stepping a finished world is an engine error', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    const run = runOn(scenario, scriptProtocol({ A: [] }), [0, 0]);
    expect(run.sim.isFinished(run.world)).toBe(true);
    expect(() => run.sim.step(run.world, new ReplayChooser([]))).toThrow('simulator: step on a finished world');
  });

  test('a world whose clock is past its next event is refused', () => {
    const sim = new Simulator(testScenario({ clients: [{ id: 'A' }] }), scriptProtocol({ A: [] }));
    const world = sim.init(new ReplayChooser([0, 0]));
    expect(() => sim.step({ ...world, now: 5 }, new ReplayChooser([]))).toThrow('simulator: time would go backwards');
  });

  test('done leaves any section, and the outcome is kept', () => {
    const scenario = testScenario({ clients: [{ id: 'A' }] });
    const run = runOn(scenario, scriptProtocol({ A: [{ kind: 'enter', section: 'sync' }, { kind: 'done', outcome: 'gave-up' }] }), [0, 0, 0, 0]);
    expect(run.world.clients[0]).toMatchObject({ phase: 'done', section: null, outcome: 'gave-up' });
  });
});
