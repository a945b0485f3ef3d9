// `locksim run-real <scenario> --store <url>`: the scenario's clients, real
// code from its implementation harness, run as concurrent clients of a real
// store for a bounded time, and its safety properties checked over the log of
// their markers (sim/real/runReal.ts). Exit 0 when no round broke one, 1 when
// one did, 2 for bad input.

import { resolve } from 'node:path';
import { findSafetyProperty } from '../../model/properties.ts';
import type { SafetyProperty } from '../../model/properties.ts';
import { implementationName } from '../impl/implementationProtocol.ts';
import { loadHarness } from '../impl/loadHarness.ts';
import { runReal } from '../real/runReal.ts';
import { storeFromUrl } from '../real/storeUrl.ts';
import { InputError } from '../scenario/inputError.ts';
import { loadScenario } from '../scenario/loadScenario.ts';
import type { Io } from './main.ts';
import { thousands } from './thousands.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export type RunRealCommandOptions = { store: string; timeMs: number; log?: string };

function nsToMs(fromNs: bigint, atNs: string): string {
  return (Number(BigInt(atNs) - fromNs) / 1e6).toFixed(1);
}

export async function runRealCommand(file: string, options: RunRealCommandOptions, io: Io): Promise<number> {
  const scenario = loadScenario(file);
  if (scenario.protocol.name !== implementationName || typeof scenario.protocol.module !== 'string') {
    throw new InputError(file, 'implementation', null, 'missing; run-real runs real code: expected implementation: { module: ./harness.ts } instead of a protocol model');
  }
  const harness = loadHarness(resolve(scenario.protocol.module));
  let storeFor;
  try {
    storeFromUrl(options.store);
    storeFor = () => storeFromUrl(options.store);
  } catch (error) {
    throw new InputError('--store', '', null, (error as Error).message);
  }
  const properties = scenario.properties.map((name) => findSafetyProperty(name)).filter((property): property is SafetyProperty => property !== undefined);
  const startNs = process.hrtime.bigint();
  const result = await runReal(scenario, harness, properties, {
    timeMs: options.timeMs,
    storeFor,
    onRound: (round) => {
      for (const violation of round.violations) io.out(`${file}: round ${round.round}: VIOLATION of ${violation.property}: ${violation.message}, at ${nsToMs(startNs, violation.atNs)} ms`);
    },
  });
  if (options.log !== undefined) writeFileAtomic(options.log, result.events.map((event) => JSON.stringify(event)).join('\n') + (result.events.length > 0 ? '\n' : ''));
  for (const failure of result.failures.slice(0, 10)) io.err(`${file}: ${failure}`);
  const violated = result.violations.length;
  io.out(
    `${file}: ${thousands(result.rounds)} rounds against ${options.store}, ${thousands(result.events.length)} enter/exit events; ${violated === 0 ? `no violation of ${scenario.properties.join(', ')} (which proves nothing)` : `${thousands(violated)} violations`}`,
  );
  return violated > 0 ? 1 : 0;
}
