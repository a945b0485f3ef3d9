// A trace as a file holds it. In memory a trace's paths (the scenario file it
// came from, the protocol module of its embedded scenario) are relative to the
// working directory; a trace file holds them relative to its own folder
// (format version 2), so that show, view, export and replay work on it from
// any folder, as loadTrace reads them back. Every writer of trace files
// (check, fuzz, sweep) writes through traceFileText.

import { modulePathInFile, pathInFile } from '../scenario/filePaths.ts';
import type { TraceFile } from './traceFile.ts';

/** `trace` with its paths as a file at `file` holds them: relative to that file's folder. */
export function tracePathsFrom(trace: TraceFile, file: string): TraceFile {
  const { module } = trace.scenario.protocol;
  const scenario = typeof module === 'string' ? { ...trace.scenario, protocol: { ...trace.scenario.protocol, module: modulePathInFile(file, module) } } : trace.scenario;
  const scenarioFile = trace.scenarioFile === null ? null : pathInFile(file, trace.scenarioFile);
  return { ...trace, scenarioFile, scenario };
}

/** The text of the trace file to be written at `file`. */
export function traceFileText(trace: TraceFile, file: string): string {
  return `${JSON.stringify(tracePathsFrom(trace, file), null, 1)}\n`;
}
