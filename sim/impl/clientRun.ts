// One run of one client's real code, driven step by step. The code gets a
// StoreClient and a Clock whose every call is recorded as an action and left
// pending; a step delivers the replies of the calls in flight (or ends the
// sleep), lets every microtask run, and collects what the code did next.
// Nothing here knows the store: the simulator decides every reply.

import { comparePaths } from '../../model/implementation.ts';
import type { ClientApi, ClientCode, Clock, StoreClient, StoreEntry } from '../../model/implementation.ts';
import type { Request } from '../../model/effects.ts';
import { concurrentRequestsMax } from '../../model/effects.ts';
import type { CallReads, CodeAction, CodeInput, SeenReply, StepAnswer } from './codeInputs.ts';
import { simulatedEpochMs } from './codeInputs.ts';
import type { EscapeGuard } from './escapeGuard.ts';

export type RunSettings = { tickMs: number; createIfAbsent: boolean };
export type RunIdentity = { id: string; role: string; writes: number };

/** A call in flight: how its reply becomes the value the code awaits. */
type Pending = { call: string; allowed: readonly string[]; settle: (reply: SeenReply) => void; fail: (error: Error) => void };

/** Steps of one run above this: the run is cut (the explorer's own depth bound is far lower). */
const runStepsMax = 1 << 16;

function quoted(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export class ClientRun {
  private actions: CodeAction[] = [];
  private inFlight: Pending[] = [];
  private sleeping: (() => void) | null = null;
  private outcome: 'finished' | 'gave-up' | null = null;
  private failure: string | null = null;
  private clockTicks: number | null = 0;
  private clockRead = false;
  private started = false;
  /** Steps fed so far: the history length this run stands for. */
  steps = 0;

  constructor(
    private readonly code: ClientCode,
    private readonly identity: RunIdentity,
    private readonly settings: RunSettings,
    private readonly guard: EscapeGuard,
  ) {
    if (!(settings.tickMs >= 1)) throw new Error('client run: tickMs must be at least 1');
  }

  /** Feeds one step's input and answers with what the code did next. */
  async feed(input: CodeInput): Promise<StepAnswer> {
    if (!(this.steps < runStepsMax)) return { fault: `its code ran more than ${runStepsMax} steps` };
    this.steps += 1;
    this.clockTicks = input.clockTicks;
    this.clockRead = false;
    this.guard.take();
    const delivered = this.started ? this.deliver(input) : this.start(input);
    if (delivered !== null) return { fault: delivered };
    await new Promise<void>((resolve) => this.guard.originals.setImmediate(resolve));
    return this.answer();
  }

  private start(input: CodeInput): string | null {
    if (input.replies !== null) return 'its first step was given a reply (the history does not fit this code)';
    this.started = true;
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(this.code(this.api()));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        if (value === undefined || value === 'finished' || value === 'gave-up') this.outcome = value ?? 'finished';
        else this.failure = `its code returned ${quoted(value)}; expected 'finished', 'gave-up' or nothing`;
      },
      (error: unknown) => {
        this.failure = `its code threw: ${error instanceof Error ? error.message : quoted(error)}`;
      },
    );
    return null;
  }

  private deliver(input: CodeInput): string | null {
    if (this.sleeping !== null) {
      if (input.replies !== null) return 'a sleep was answered with a reply (the code did not do on replay what it did before: is it deterministic?)';
      const wake = this.sleeping;
      this.sleeping = null;
      wake();
      return null;
    }
    if (this.inFlight.length === 0) return this.outcome !== null ? null : 'a step came with nothing in flight';
    const replies = input.replies;
    if (replies === null || replies.length !== this.inFlight.length) {
      return `${this.inFlight.length} calls in flight got ${replies === null ? 'no' : replies.length} replies (the code did not do on replay what it did before: is it deterministic?)`;
    }
    const pending = this.inFlight;
    this.inFlight = [];
    for (let at = 0; at < pending.length; at += 1) {
      const call = pending[at]!;
      const reply = replies[at]!;
      if (call.allowed.includes(reply[0])) call.settle(reply);
      else if (reply[0] === 'rejected') call.fail(new Error(`the store rejected ${call.call}`));
      else return `${call.call} got a ${reply[0]} reply (the code did not do on replay what it did before: is it deterministic?)`;
    }
    return null;
  }

  /** The actions of this step, checked against what one step may hold. */
  private answer(): StepAnswer {
    const escapes = this.guard.take();
    if (escapes.length > 0) return { fault: escapes[0]! };
    if (this.failure !== null) return { fault: this.failure };
    const actions = this.actions;
    this.actions = [];
    const markers = actions.filter((action) => action.kind === 'enter' || action.kind === 'exit');
    const calls = actions.filter((action) => action.kind === 'call');
    const sleeps = actions.filter((action) => action.kind === 'sleep');
    if (sleeps.length > 1 || (sleeps.length === 1 && calls.length > 0)) {
      const what = actions.filter((action) => action.kind === 'call' || action.kind === 'sleep').map((action) => (action as { call: string }).call);
      return { fault: `its code ran ${what.join(' and ')} at once: two activities in one client, which locksim does not model (one chain of awaits per client; see spec/implementations.md)` };
    }
    if (calls.length > concurrentRequestsMax) return { fault: `its code issued ${calls.length} store calls at once; at most ${concurrentRequestsMax} are modelled` };
    const clockRead = this.clockRead;
    if (calls.length > 0 || sleeps.length > 0) return { actions: [...markers, ...calls, ...sleeps], clockRead };
    if (this.inFlight.length > 0) return { actions: markers, clockRead };
    if (this.outcome !== null) return { actions: [...markers, { kind: 'done', outcome: this.outcome }], clockRead };
    return { fault: 'its code awaits something that is neither a store call nor a sleep (a real timer, a real network call, or a promise that never settles)' };
  }

  private issue<T>(request: Request, call: string, allowed: readonly string[], result: (reply: SeenReply) => T, reads: CallReads = 'reply'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.actions.push({ kind: 'call', request, call, reads });
      this.inFlight.push({ call, allowed, settle: (reply) => resolve(result(reply)), fail: reject });
    });
  }

  private msOf(ticks: number): number {
    return simulatedEpochMs + ticks * this.settings.tickMs;
  }

  private entries(reply: SeenReply): StoreEntry[] {
    if (reply[0] !== 'listed') throw new Error('client run: a list got no listing');
    const files = [...reply[1]];
    files.sort((a, b) => comparePaths(a[0], b[0]));
    return files.map((file) => ({ path: file[0], modifiedMs: this.msOf(file[1]), etag: `"v${file[2]}"` }));
  }

  private bodyOf(reply: SeenReply): string | null {
    if (reply[0] !== 'body') throw new Error('client run: a get got no body');
    return reply[1];
  }

  private store(): StoreClient {
    const text = (name: string, value: unknown): string => {
      if (typeof value !== 'string') throw new TypeError(`store.${name} needs a string; got ${quoted(value)}`);
      return value;
    };
    const store: StoreClient = {
      list: (prefix) => this.issue({ kind: 'list', prefix: text('list', prefix) }, `store.list(${quoted(prefix)})`, ['listed'], (reply) => this.entries(reply), 'entries'),
      // A get reads one file through a list of its exact name: the same visibility (and lag) as a list.
      get: (path) => this.issue({ kind: 'list', prefix: text('get', path) }, `store.get(${quoted(path)})`, ['body'], (reply) => this.bodyOf(reply), 'body'),
      put: (path, body) => this.issue({ kind: 'put', name: text('put', path), body: text('put', body) }, `store.put(${quoted(path)}, ${quoted(body)})`, ['ok'], () => undefined),
      delete: (path) => this.issue({ kind: 'delete', name: text('delete', path) }, `store.delete(${quoted(path)})`, ['ok', 'not-found'], (reply) => reply[0] === 'ok'),
      remoteDate: () => this.issue({ kind: 'date' }, 'store.remoteDate()', ['date'], (reply) => this.msOf(reply[0] === 'date' ? reply[1] : Number.NaN)),
    };
    if (!this.settings.createIfAbsent) return store;
    store.create = (path, body) =>
      this.issue({ kind: 'create', name: text('create', path), body: text('create', body) }, `store.create(${quoted(path)}, ${quoted(body)})`, ['ok', 'exists'], (reply) => reply[0] === 'ok');
    store.cas = (path, body, etag) => {
      const version = /^"v(\d+)"$/.exec(text('cas', etag));
      const expectedVersion = version === null ? -1 : Number(version[1]);
      return this.issue({ kind: 'cas', name: text('cas', path), body: text('cas', body), expectedVersion }, `store.cas(${quoted(path)}, ${quoted(body)}, ${quoted(etag)})`, ['ok', 'conflict'], (reply) => reply[0] === 'ok');
    };
    return store;
  }

  private clock(): Clock {
    return {
      now: () => {
        this.clockRead = true;
        if (this.clockTicks === null) {
          this.failure = 'its code read its clock on replay in a step where it had not (is it deterministic?)';
          return Number.NaN;
        }
        return this.msOf(this.clockTicks);
      },
      sleep: (ms) => {
        if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) return Promise.reject(new TypeError(`clock.sleep needs a finite number of ms >= 0; got ${quoted(ms)}`));
        // The simulator's waits are whole ticks of at least one: a sleep(0) still lets others run.
        const ticks = Math.max(1, Math.ceil(ms / this.settings.tickMs));
        return new Promise<void>((resolve) => {
          this.actions.push({ kind: 'sleep', ticks, call: `clock.sleep(${ms})` });
          this.sleeping = resolve;
        });
      },
    };
  }

  private api(): ClientApi {
    const { id, role, writes } = this.identity;
    const marker = (kind: 'enter' | 'exit') => (section: string) => {
      if (typeof section !== 'string') throw new TypeError(`${kind} needs a section name; got ${quoted(section)}`);
      this.actions.push({ kind, section });
    };
    return {
      id,
      role,
      writes,
      store: this.store(),
      clock: this.clock(),
      enter: marker('enter'),
      exit: marker('exit'),
      writeData: (token) =>
        this.issue(token === undefined ? { kind: 'write' } : { kind: 'write', token }, `writeData(${token === undefined ? '' : token})`, ['ok', 'rejected'], (reply) => reply[0] === 'ok'),
    };
  }
}
