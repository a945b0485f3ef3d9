// Reads what ../shared/reference/ref.py prints for one exhaustive scenario.
// Its report is text for people, so the parse is anchored on the exact
// lines it prints (its `check` function) and ignores everything else: the
// indented counterexample steps below a property could otherwise look like
// anything.
//
//    exhaustive: 31275 states, 104877 transitions, depth 35, 0.46 s, 67464 states/s[ INCOMPLETE (maxStates)]
//    mutualExclusion        violation
//      counterexample: 22 steps, shortest (BFS), ...
//    exclusiveExcludesSync  safe  (not in the scenario's properties)

export type ReferenceFigures = {
  /** 'violation', 'safe', or 'incomplete (<why>)' when ref.py stopped at a bound or its time limit. */
  verdict: string;
  states: number;
  transitions: number;
  /** The search's own time as ref.py reports it (start-up excluded). */
  seconds: number;
  /** Fewest steps over the violated listed properties; null when none is violated. */
  counterexampleSteps: number | null;
};

const summaryLine = /^ {3}exhaustive: (\d+) states, (\d+) transitions, depth \d+, ([\d.]+) s, [\d.]+ states\/s(?: INCOMPLETE \(([^)]*)\))?/;
const propertyLine = /^ {3}([A-Za-z]+) +(violation|safe|incomplete|not checked \(stopped\))( +\(not in the scenario's properties\))?$/;
const counterexampleLine = /^ {5}counterexample: (\d+) steps/;

/** Null when the text holds no exhaustive summary (ref.py refused the file, or printed something new). */
export function parseReferenceOutput(text: string): ReferenceFigures | null {
  let summary: RegExpMatchArray | null = null;
  const verdicts: string[] = [];
  const steps: number[] = [];
  // The property a counterexample line belongs to is the last property line above it.
  let listed = false;
  for (const line of text.split('\n')) {
    const s = summaryLine.exec(line);
    if (s !== null) {
      summary = s;
      continue;
    }
    const p = propertyLine.exec(line);
    if (p !== null) {
      // Properties the scenario does not list are reported for information only; locksim does not check them.
      listed = p[3] === undefined;
      if (listed) verdicts.push(p[2]!);
      continue;
    }
    const c = counterexampleLine.exec(line);
    if (c !== null && listed) steps.push(Number(c[1]));
  }
  if (summary === null || verdicts.length === 0) return null;
  const incomplete = summary[4];
  const verdict = verdicts.includes('violation')
    ? 'violation'
    : incomplete !== undefined
      ? `incomplete (${incomplete})`
      : verdicts.every((v) => v === 'safe')
        ? 'safe'
        : 'incomplete';
  return {
    verdict,
    states: Number(summary[1]),
    transitions: Number(summary[2]),
    seconds: Number(summary[3]),
    counterexampleSteps: steps.length === 0 ? null : Math.min(...steps),
  };
}
