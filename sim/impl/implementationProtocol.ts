// Real client code as a protocol: the adapter that lets every explorer,
// trace, replay and export of locksim run a harness unchanged. A client's
// state is the history of inputs its code has been given (replies and clock
// readings, in the compact form the code can observe), plus the effects of
// the current step not yet issued. For code that is deterministic given its
// inputs, which the scheduling rules make it (spec/implementations.md), that
// history determines the code's own hidden state, so it is an honest state:
// the worker (codeWorker.ts) rebuilds the code's state from it by replay
// whenever the simulator asks about a history other than the live one.

import { z } from 'zod';
import type { Effect, Request } from '../../model/effects.ts';
import type { Harness } from '../../model/implementation.ts';
import type { ClientContext, Protocol, StepInput, StepOutput } from '../../model/protocol.ts';
import { CodeBridge } from './codeBridge.ts';
import { CodeFault } from './codeFault.ts';
import type { CodeAction, CodeInput, InFlight } from './codeInputs.ts';
import { callsEffect, seenReplies } from './codeInputs.ts';
import { defaultSections } from './loadHarness.ts';

/** The protocol name that marks a scenario's `implementation`: its module is a harness. */
export const implementationName = 'implementation';

export const implementationOptions = z
  .object({
    /** Milliseconds of the code's clock per simulator tick. */
    tickMs: z.number().int().min(1).max(1_000_000).default(1),
    /** Whether the store offers create and cas: copied from the scenario's store, so the code sees the methods it has. */
    createIfAbsent: z.boolean().default(false),
  })
  .strict();

export type ImplementationOptions = z.infer<typeof implementationOptions>;

type Queued = { effect: Effect; note: string | null };

/**
 * A client's state: the inputs its code has had, what its current step has
 * still to issue, and what each call in flight reads of its reply.
 */
export type CodeState = { h: CodeInput[]; q: Queued[]; f: InFlight[] };

function effectsOf(actions: readonly CodeAction[]): Queued[] {
  const queued: Queued[] = [];
  const requests: Request[] = [];
  const calls: string[] = [];
  for (const action of actions) {
    if (action.kind === 'enter' || action.kind === 'exit') queued.push({ effect: { kind: action.kind, section: action.section }, note: `${action.kind}(${JSON.stringify(action.section)})` });
    else if (action.kind === 'sleep') queued.push({ effect: { kind: 'wait', ticks: action.ticks }, note: action.call });
    else if (action.kind === 'done') queued.push({ effect: { kind: 'done', outcome: action.outcome }, note: action.outcome === 'finished' ? 'its code returned' : "its code returned 'gave-up'" });
    else if (action.kind === 'call') {
      requests.push(action.request);
      calls.push(action.call);
    }
  }
  // Calls come after the markers of the same step (clientRun.ts orders them so).
  if (requests.length > 0) queued.push({ effect: callsEffect(requests), note: calls.join(' and ') });
  return queued;
}

/**
 * Per harness and settings: one worker per client, so that clients share
 * nothing but the store (as separate processes would: no module variable can
 * carry news between them behind the simulator's back), and the state each
 * client's live run stands for.
 */
type Host = { bridges: Map<string, CodeBridge>; live: Map<string, CodeState>; settings: { tickMs: number; createIfAbsent: boolean } };

function inFlightOf(actions: readonly CodeAction[]): InFlight[] {
  const calls: InFlight[] = [];
  for (const action of actions) if (action.kind === 'call') calls.push([action.reads, action.reads === 'body' && action.request.kind === 'list' ? action.request.prefix : null]);
  return calls;
}

export function implementationProtocol(absolutePath: string, harness: Harness): Protocol<ImplementationOptions, CodeState> {
  const hosts = new Map<string, Host>();
  const hostOf = (options: ImplementationOptions): Host => {
    const key = `${options.tickMs}:${options.createIfAbsent}`;
    let host = hosts.get(key);
    if (host === undefined) {
      host = { bridges: new Map(), live: new Map(), settings: { tickMs: options.tickMs, createIfAbsent: options.createIfAbsent } };
      hosts.set(key, host);
    }
    return host;
  };
  const bridgeOf = (host: Host, id: string): CodeBridge => {
    let bridge = host.bridges.get(id);
    if (bridge === undefined) {
      bridge = new CodeBridge(absolutePath, host.settings);
      host.bridges.set(id, bridge);
    }
    return bridge;
  };
  return {
    name: implementationName,
    summary: harness.summary ?? `the lock code of ${absolutePath}`,
    roles: Object.keys(harness.roles),
    sections: harness.sections ?? defaultSections,
    ...(harness.roleSections === undefined ? {} : { roleSections: harness.roleSections }),
    options: implementationOptions,
    init: () => ({ h: [], q: [], f: [] }),
    step(state: CodeState, input: StepInput, context: ClientContext<ImplementationOptions>): StepOutput<CodeState> {
      const host = hostOf(context.options);
      if (state.q.length > 0) {
        const [next, ...rest] = state.q;
        const popped: CodeState = { h: state.h, q: rest, f: state.f };
        if (host.live.get(context.id) === state) host.live.set(context.id, popped);
        return { state: popped, effect: next!.effect, ...(next!.note === null ? {} : { note: next!.note }) };
      }
      const codeInput: CodeInput = { replies: seenReplies(input.reply, state.f), clockTicks: input.clockTicks };
      const bridge = bridgeOf(host, context.id);
      const continuing = bridge.live && host.live.get(context.id) === state;
      const answer = bridge.step({ id: context.id, role: context.role, writes: context.writes }, continuing ? null : state.h, codeInput);
      if ('fault' in answer) {
        host.live.delete(context.id);
        throw new CodeFault(answer.fault, state.h.length + 1);
      }
      const queued = effectsOf(answer.actions);
      if (queued.length === 0) throw new Error('its code took no action in a step (internal)');
      const [first, ...rest] = queued;
      const kept: CodeInput = answer.clockRead ? codeInput : { replies: codeInput.replies, clockTicks: null };
      const next: CodeState = { h: [...state.h, kept], q: rest, f: inFlightOf(answer.actions) };
      host.live.set(context.id, next);
      return { state: next, effect: first!.effect, ...(first!.note === null ? {} : { note: first!.note }) };
    },
    describe: (state) => `code step ${state.h.length}`,
    declares: {
      // Not an assumption about the code: the store client it is given shows it these fields only (clientRun.ts).
      fileFields: () => ['body', 'mtimeTicks', 'version'],
    },
  };
}
