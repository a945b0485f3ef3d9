// The locksim command line. Every command returns its exit code: 0 when no
// violation was found (or every verdict matched `expect`), 1 when one was
// (or a verdict did not match, or a replay diverged), 2 for bad input or
// usage, 3 for an internal error (a bug in locksim). Bad input prints one
// line and no stack trace.

// Each command's module is imported when that command runs: `locksim --help`
// loads commander and nothing else, and `check` never loads fast-check or
// the viewer. That is most of a start of the compiled CLI.

import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../scenario/inputError.ts';
import { sweepHelp } from './sweepHelp.ts';
import { parseShard, type Shard } from './shard.ts';

export type Io = { out: (line: string) => void; err: (line: string) => void };

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Options every command takes, before or after its name. */
export type GlobalOptions = { quiet: boolean; color: boolean };

/** NO_COLOR (https://no-color.org): present and not empty turns color off, as `--no-color` does. */
export function colorWanted(env: NodeJS.ProcessEnv, argvColor: boolean): boolean {
  return argvColor && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const exitCodesHelp = `
Exit codes:
  0  as expected: no violation, or every verdict matched its \`expect\`
  1  a violation (or a verdict other than \`expect\`); a replay that diverged
  2  bad input or usage (one line naming the file, field and what was expected)
  3  an internal error: a bug in locksim (LOCKSIM_DEBUG=1 prints its stack)`;

function shardOption(): Option {
  return new Option('--shard <i/n>', 'run the i-th of n equal parts (1-based, as vitest and Playwright), for a CI matrix of n jobs');
}

function parseShardOption(text: string | undefined): Shard | null {
  return text === undefined ? null : parseShard(text);
}

function program(io: Io, setCode: (code: number) => void): Command {
  const globals: GlobalOptions = { quiet: false, color: true };
  const root = new Command('locksim')
    .description('Model-check lock protocols built from files on network stores: can two clients ever hold EXCLUSIVE?')
    .version('0.1.0')
    .option('-q, --quiet', 'print only what did not go as expected (and errors); no progress lines')
    .option('--no-color', 'no color in the terminal viewer (as the NO_COLOR environment variable)')
    .addHelpText('after', exitCodesHelp)
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride()
    .hook('preAction', (_root, action) => {
      const options = action.optsWithGlobals() as { quiet?: boolean; color?: boolean };
      globals.quiet = options.quiet === true;
      globals.color = colorWanted(process.env, options.color !== false);
      // Set for everything that reads it: the viewer, and any library it uses.
      if (!globals.color) process.env.NO_COLOR = '1';
    });

  root
    .command('check')
    .description('explore each scenario and report its verdict; counterexamples are written as traces')
    .argument('<scenario...>', 'scenario files (YAML)')
    .addOption(new Option('--out <dir>', 'where traces are written').default('traces'))
    .option('--json', 'one JSON object per scenario on stdout, one per line')
    .option('--view', 'open the first counterexample in the viewer (without a terminal, print where it is)')
    .option('--junit <file>', 'also write the verdicts as JUnit XML, one test case per scenario')
    .option('--memory <mb>', 'bound on the memory an exhaustive search holds, in MB (overrides explore.memoryMb; default 4096); past it the verdict is incomplete')
    .option('--workers <n>', 'threads for each exhaustive search (default: one per core); the output is the same for any number')
    .addOption(shardOption())
    .action(async (files: string[], options: { out: string; json?: boolean; view?: boolean; junit?: string; memory?: string; workers?: string; shard?: string }) => {
      const { parseCount } = await import('./parseDuration.ts');
      const shard = parseShardOption(options.shard);
      const memoryMb = options.memory === undefined ? undefined : parseCount(options.memory, '--memory');
      const { workersDefault, workersMax } = await import('../explore/parallelExhaustive.ts');
      const workers = options.workers === undefined ? workersDefault() : parseCount(options.workers, '--workers', workersMax);
      const { checkCommand } = await import('./checkCommand.ts');
      const written: string[] = [];
      const code = checkCommand(files, { out: options.out, json: options.json === true, quiet: globals.quiet, written, junit: options.junit, memoryMb, workers, shard, err: io.err }, io.out);
      if (options.view !== true) return setCode(code);
      // With --json, stdout is JSON lines only; the viewer hint goes to stderr.
      const { viewAfterCheck } = await import('./viewCommand.ts');
      setCode(await viewAfterCheck(code, written, options.json === true ? { out: io.err, err: io.err } : io));
    });

  root
    .command('fuzz')
    .description('generate scenarios around each base file (within its fuzz: limits) with fast-check; shrink the first violation to a minimal scenario and trace')
    .argument('<base...>', 'base scenario files (YAML)')
    .option('--time <duration>', 'search budget per base file, e.g. 60s, 2m (default 60s unless --runs is given)')
    .option('--runs <n>', 'most cases to try per base file')
    .option('--seed <seed>', 'a number or a 40-hex git commit hash', '1')
    .option('--path <path>', 'replay exactly the case at this fast-check path, as printed by an earlier run')
    .addOption(new Option('--out <dir>', 'where the minimal scenario and its trace are written').default('traces'))
    .option('--json', 'one JSON object per base file on stdout, one per line')
    .option('--junit <file>', 'also write the verdicts as JUnit XML, one test case per base file')
    .addOption(shardOption())
    .action(async (files: string[], options: { time?: string; runs?: string; seed: string; path?: string; out: string; json?: boolean; junit?: string; shard?: string }) => {
      const shard = parseShardOption(options.shard);
      const { fuzzCommand } = await import('./fuzzCommand.ts');
      setCode(fuzzCommand(files, { ...options, json: options.json === true, quiet: globals.quiet, shard }, io));
    });

  root
    .command('replay')
    .description('re-run a trace from its scenario and choices, and check every step')
    .argument('<trace>', 'trace file (JSON)')
    .action(async (file: string) => {
      const { replayCommand } = await import('./replayCommand.ts');
      setCode(replayCommand(file, globals.quiet ? { out: () => {}, err: io.err } : io));
    });

  root
    .command('run-real')
    .description("run a scenario's implementation (real lock code) as concurrent clients of a real store for a bounded time, and check its properties over the clients' enter/exit log")
    .argument('<scenario>', 'scenario file with implementation: { module: ... }')
    .requiredOption('--store <url>', 'the store: a folder path, file:///dir, webdav://host:port/dir, webdavs://host/dir, s3://bucket/prefix?endpoint=URL (add ?create=1 where conditional PUT is honoured)')
    .option('--time <duration>', 'run rounds for this long, e.g. 10s, 2m', '10s')
    .option('--log <file>', "write the clients' enter/exit events here, one JSON object a line")
    .action(async (file: string, options: { store: string; time: string; log?: string }) => {
      const { parseDuration } = await import('./parseDuration.ts');
      const timeMs = parseDuration(options.time, '--time');
      const { runRealCommand } = await import('./runRealCommand.ts');
      setCode(await runRealCommand(file, { store: options.store, timeMs, ...(options.log === undefined ? {} : { log: options.log }) }, io));
    });

  root
    .command('show')
    .description('print a trace as text, one line per step, the violation last')
    .argument('<trace>', 'trace file (JSON)')
    .action(async (file: string) => {
      const { showCommand } = await import('./showCommand.ts');
      setCode(showCommand(file, io));
    });

  root
    .command('init-protocol')
    .description('write a commented starting protocol module and a scenario that runs it')
    .argument('<name>', 'the protocol name, e.g. my-protocol')
    .addOption(new Option('--dir <dir>', 'where to write <name>.ts and <name>.yaml').default('.'))
    .action(async (name: string, options: { dir: string }) => {
      const { initProtocolCommand } = await import('./initProtocolCommand.ts');
      setCode(initProtocolCommand(name, options, globals.quiet ? { out: () => {}, err: io.err } : io));
    });

  root
    .command('view')
    .description('step through a trace in a full-screen terminal viewer (? for its keys)')
    .argument('<trace>', 'trace file (JSON)')
    .action(async (file: string) => {
      const { viewCommand } = await import('./viewCommand.ts');
      setCode(await viewCommand(file, io));
    });

  root
    .command('export')
    .description('a trace for reviews: a mermaid sequence diagram, a self-contained html page, or text')
    .argument('<trace>', 'trace file (JSON)')
    .addOption(new Option('--format <format>', 'what to write').choices(['mermaid', 'html', 'text']).makeOptionMandatory())
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (file: string, options: { format: string; out?: string }) => {
      const { exportCommand } = await import('./exportCommand.ts');
      setCode(exportCommand(file, options, io));
    });

  root
    .command('sweep')
    .description('explore a scenario over a grid of one or two params: where is it safe?')
    .argument('<scenario>', 'the base scenario file (YAML)')
    .option('--param <path=values>', 'a field and its values, e.g. store.listLag=0..8 or protocol.tieBreak=client-id,strict; once for rows, again for columns', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--jobs <n>', 'worker threads (default: one per core; 1 runs serially)')
    .option('--json', 'one JSON object on stdout instead of the table')
    .option('--csv <file>', 'also write the grid as CSV, one line per cell')
    .option('--plot', 'draw the grid as a chart instead of the table')
    .option('--out <dir>', "write each violating cell's trace here (no traces without it)")
    .addOption(shardOption())
    .addHelpText('after', sweepHelp)
    .action(async (file: string, options: { param?: string[]; jobs?: string; json?: boolean; csv?: string; plot?: boolean; out?: string; shard?: string }) => {
      const shard = parseShardOption(options.shard);
      const { sweepCommand } = await import('./sweepCommand.ts');
      setCode(await sweepCommand(file, { ...options, param: options.param ?? [], json: options.json === true, plot: options.plot === true, quiet: globals.quiet, shard }, io));
    });

  root
    .command('schema')
    .description('print the JSON Schema of scenario files, for editors (also shipped as scenario.schema.json)')
    .action(async () => {
      const { scenarioJsonSchemaText } = await import('./schemaCommand.ts');
      io.out(scenarioJsonSchemaText().trimEnd());
      setCode(0);
    });

  for (const command of root.commands) command.exitOverride().configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  return root;
}

export { raiseInliningBudget } from './inliningBudget.ts';

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  try {
    await program(io, (value) => (code = value)).parseAsync(argv as string[]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof InputError) {
      io.err(`locksim: ${error.message}`);
      return 2;
    }
    // Loaded only now: it is the simulator's, which `--help` does not load.
    const { ProtocolFault } = await import('../engine/simulator.ts');
    if (error instanceof ProtocolFault) {
      const where = error.where === null ? '' : ` ${error.where}`;
      const state = error.state === null ? '' : `; client state ${JSON.stringify(error.state)}`;
      io.err(`locksim: protocol fault${where}: ${error.message}${state}`);
      return 2;
    }
    io.err(`locksim: internal error: ${(error as Error).message}`);
    if (process.env.LOCKSIM_DEBUG) io.err(String((error as Error).stack));
    return 3;
  }
}
