// `locksim sweep --help`'s text after the options: in a module of its own, so
// that building the command line does not load the sweep (see main.ts).

export const sweepHelp = `
Params:
  --param <path>=<values> names a field of the scenario by its dotted path
  (store.listLag, protocol.verifyDelay, clients[1].start, explore.maxDepth)
  and the values it takes: a..b (integers, inclusive) or a comma list
  (1,2,4 or client-id,strict). The first param is the table's rows, the
  second its columns; at most two.
  A range field (store.latency, store.listLag, store.clockSkew, faults.pause,
  clients[i].start) takes the value N as its max and keeps the scenario's
  min: with listLag: 0 in the scenario, store.listLag=0..8 sweeps lists that
  lag by up to 0, 1, ..., 8 ticks ([0,0] to [0,8]). Any other field takes
  the value as is.
  Every cell's scenario is validated before any cell runs: a value that
  makes it invalid is bad input, named with its param.

Cells:
  Each cell is explored exactly as \`locksim check\` explores a scenario
  (same explorer, same bounds): safe, VIOL (violation) or incompl
  (incomplete). A cell has no \`expect\`. After the table, each row's
  boundary: the smallest column value from which every cell is safe.
  With --out DIR, each violating cell's trace is written there, named after
  the cell: <scenario>.listLag-3.verifyDelay-2.trace.json.
  Cells run on worker threads, --jobs at a time (default: one per core);
  --jobs 1 runs them in this thread. Output is the same either way.

Output:
  --csv FILE writes one line per cell: each param's value as given (for a
  range field, its max), verdict, property, states, transitions, depth,
  steps, trace. --json prints one JSON object instead of the table; --plot
  prints a chart instead (█ safe, ░ violation, ? incomplete).

Exit codes: 0 the sweep ran, whatever the verdicts; 2 bad input or usage.`;
