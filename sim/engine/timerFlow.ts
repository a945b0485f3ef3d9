// A client's timer flow seen as a ClientSlot: the commit and step code of the
// main flow runs on it unchanged, and its result is merged back into the
// client. The view shares the client's state (both flows read and write the
// one protocol state, as a JavaScript client's callbacks share its objects).

import type { ClientSlot, TimerSlot } from './world.ts';

/** Views by client slot: slots are immutable, so a slot's view never changes, and the host's identity caches keep working. */
const views = new WeakMap<ClientSlot, ClientSlot>();

/** The client's timer flow as a slot: its request cycle, the client's state, section and history. */
export function timerFlow(client: ClientSlot): ClientSlot {
  const timer = client.timer;
  if (timer === null) throw new Error('timer flow: the client has no timer');
  const known = views.get(client);
  if (known !== undefined) return known;
  const view: ClientSlot = {
    ...client,
    phase: timer.phase === 'armed' ? 'ready' : timer.phase,
    dueTick: timer.dueTick,
    request: timer.request,
    requestKey: timer.requestKey,
    sentClockTicks: timer.sentClockTicks,
    reply: timer.reply,
    batch: timer.batch,
    reaction: null,
  };
  views.set(client, view);
  return view;
}

/** The main flow (the slot itself) or the timer's view. */
export function flowOf(client: ClientSlot, timer: boolean): ClientSlot {
  return timer ? timerFlow(client) : client;
}

/**
 * The client after a commit on its timer flow turned the view into `view`:
 * the timer's request cycle from the view; the client-level fields a commit
 * changes (its fencing history) too; its main flow as it was.
 */
export function mergeTimerFlow(client: ClientSlot, view: ClientSlot): ClientSlot {
  if (view.phase !== 'sent' && view.phase !== 'replying') throw new Error(`timer flow: a commit left the timer ${view.phase}`);
  const timer: TimerSlot = {
    phase: view.phase,
    dueTick: view.dueTick,
    request: view.request,
    requestKey: view.requestKey,
    sentClockTicks: view.sentClockTicks,
    reply: view.reply,
    batch: view.batch,
    heldUntilTick: client.timer!.heldUntilTick,
  };
  return { ...client, lastToken: view.lastToken, superseded: view.superseded, timer };
}
