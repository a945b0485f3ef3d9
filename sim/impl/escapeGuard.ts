// Catches client code that escapes the store and clock interfaces. Installed
// once in the worker thread that runs the code (codeWorker.ts), after the
// harness module has loaded (a loader may use timers and clocks itself): from
// then on, a real timer, a real clock, randomness or a network call throws in
// the code that made it and is recorded, so that the step is reported as a
// fault even when the code catches the throw. Such calls would make a run
// depend on something the chooser does not decide, and replay would be a lie.

/** What the worker itself still needs of what the guard takes away. */
export type GuardOriginals = { setImmediate: typeof setImmediate };

export class EscapeGuard {
  private readonly escapes: string[] = [];
  readonly originals: GuardOriginals;

  constructor() {
    this.originals = { setImmediate: globalThis.setImmediate.bind(globalThis) };
  }

  /** The calls that escaped since the last take, in order. */
  take(): string[] {
    return this.escapes.splice(0, this.escapes.length);
  }

  install(): void {
    const guard = this;
    const escape = (call: string, instead: string): never => {
      const message = `its code called ${call}, which runs outside the simulator; expected ${instead}`;
      guard.escapes.push(message + (process.env.LOCKSIM_DEBUG ? ` ${new Error().stack}` : ""));
      throw new Error(message);
    };
    const timer = (name: string) => () => escape(`${name}()`, 'clock.sleep(ms) from the Clock it is given');
    const global = globalThis as unknown as Record<string, unknown>;
    global.setTimeout = timer('setTimeout');
    global.setInterval = timer('setInterval');
    global.setImmediate = timer('setImmediate');
    const RealDate = Date;
    class GuardedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) escape('new Date()', 'clock.now() or store.remoteDate()');
        super(...(args as [number]));
      }
      static override now(): number {
        return escape('Date.now()', 'clock.now() or store.remoteDate()');
      }
    }
    global.Date = GuardedDate;
    const realPerformance = globalThis.performance;
    Object.defineProperty(globalThis, 'performance', {
      configurable: true,
      value: Object.assign(Object.create(realPerformance) as Performance, { now: () => escape('performance.now()', 'clock.now()') }),
    });
    Math.random = () => escape('Math.random()', 'no randomness: a run must be decided by the simulator alone');
    global.fetch = () => escape('fetch()', 'the StoreClient it is given');
    process.hrtime = Object.assign(() => escape('process.hrtime()', 'clock.now()'), { bigint: () => escape('process.hrtime.bigint()', 'clock.now()') }) as typeof process.hrtime;
    const crypto = globalThis.crypto as unknown as Record<string, unknown> | undefined;
    if (crypto !== undefined) {
      for (const name of ['randomUUID', 'getRandomValues']) {
        Object.defineProperty(crypto, name, { configurable: true, value: () => escape(`crypto.${name}()`, 'no randomness: a run must be decided by the simulator alone') });
      }
    }
  }
}
