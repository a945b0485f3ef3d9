// The example's scenarios, checked as `locksim check` checks them: the async
// code finds the violations the built-in model finds, as short.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepare } from '../../../sim/engine/prepare.ts';
import { ProtocolFault } from '../../../sim/engine/protocolHost.ts';
import { explore } from '../../../sim/explore/explore.ts';
import { loadScenario } from '../../../sim/scenario/loadScenario.ts';
import { replayTrace } from '../../../sim/trace/replayTrace.ts';

const folder = join(import.meta.dirname, '../../../examples/async-pending-lock');
const withExpect = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => join(folder, name))
  .filter((file) => loadScenario(file).expect !== null);

describe('examples/async-pending-lock', () => {
  test.each(withExpect)('%s gives the verdict it expects, and its trace replays', (file) => {
    const scenario = loadScenario(file);
    const { result, trace } = explore(prepare(scenario), file);
    expect(result.verdict).toBe(scenario.expect);
    if (trace !== null) expect(replayTrace(trace).same).toBe(true);
  });

  test('list lag: the code breaks mutual exclusion in 22 steps, as the built-in model of scenarios/pending-lock-list-lag.yaml does', () => {
    const code = explore(prepare(loadScenario(join(folder, 'list-lag.yaml'))), null).result;
    const model = explore(prepare(loadScenario(join(import.meta.dirname, '../../../scenarios/pending-lock-list-lag.yaml'))), null).result;
    expect(code.counterexample?.property).toBe('mutualExclusion');
    expect(code.counterexample?.steps).toBe(model.counterexample?.steps);
  });

  test('code that calls setTimeout itself is reported, naming the client', () => {
    let fault: unknown = null;
    try {
      explore(prepare(loadScenario(join(folder, 'escapes-timer.yaml'))), null);
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(ProtocolFault);
    expect((fault as ProtocolFault).message).toMatch(/^A: .*setTimeout\(\)/);
  });
});
