// The viewer's navigation as a pure reducer: which step is current, which
// client is shown, the search, help and quit. No terminal here, so every key's
// effect is tested as data; the components only draw the state.

import type { TraceFile } from '../trace/traceFile.ts';

/** What navigation needs of a trace, computed once. */
export type ViewerModel = {
  stepCount: number;
  clients: readonly string[];
  /** Each step's client, null for the initial state. */
  stepClients: readonly (string | null)[];
  /** Each step's searchable words, lower case. */
  searchTexts: readonly string[];
  violationStep: number;
};

export type ViewerMode = 'browse' | 'search' | 'help';

export type ViewerState = {
  model: ViewerModel;
  /** The current step's index. */
  cursor: number;
  /** Show this client's steps only, or null for every step. */
  filter: string | null;
  mode: ViewerMode;
  /** The search being typed. */
  query: string;
  /** The last search entered, whose matches stay marked. */
  lastQuery: string | null;
  /** Where a search started: Escape goes back there. */
  searchOrigin: number;
  /** One line for the status bar, e.g. why a key did nothing. */
  message: string | null;
  quit: boolean;
};

export type ViewerAction =
  | { type: 'step'; delta: 1 | -1 }
  | { type: 'page'; delta: 1 | -1; rows: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'violation' }
  | { type: 'sameClient'; delta: 1 | -1 }
  | { type: 'filter' }
  | { type: 'select'; step: number }
  | { type: 'searchOpen' }
  | { type: 'searchType'; text: string }
  | { type: 'searchErase' }
  | { type: 'searchSubmit' }
  | { type: 'searchCancel' }
  | { type: 'help' }
  | { type: 'quit' };

/** Longest search a user can type: a bound, as on every input. */
export const queryLengthMax = 80;

export function viewerModel(trace: TraceFile): ViewerModel {
  const model: ViewerModel = {
    stepCount: trace.steps.length,
    clients: trace.scenario.clients.map((client) => client.id),
    stepClients: trace.steps.map((step) => step.client),
    searchTexts: trace.steps.map((step) => [step.client ?? '', step.action, step.note ?? ''].join(' ').toLowerCase()),
    violationStep: trace.violation.step,
  };
  if (model.stepCount < 1) throw new Error('viewer: a trace has at least one step');
  if (!(model.violationStep >= 0 && model.violationStep < model.stepCount)) throw new Error('viewer: the violation is not a step');
  return model;
}

export function initialViewerState(model: ViewerModel): ViewerState {
  return { model, cursor: 0, filter: null, mode: 'browse', query: '', lastQuery: null, searchOrigin: 0, message: null, quit: false };
}

/** Whether a step shows under a filter. */
export function isShown(model: ViewerModel, filter: string | null, step: number): boolean {
  return filter === null || model.stepClients[step] === filter;
}

/** The steps shown under a filter, in order. */
export function shownSteps(model: ViewerModel, filter: string | null): number[] {
  const steps: number[] = [];
  for (let step = 0; step < model.stepCount; step += 1) if (isShown(model, filter, step)) steps.push(step);
  return steps;
}

export function matchesQuery(model: ViewerModel, step: number, query: string): boolean {
  return query !== '' && model.searchTexts[step]!.includes(query.toLowerCase());
}

/** The first shown step from `from` on (wrapping when `wrap`) that matches, or null. */
function findMatch(model: ViewerModel, filter: string | null, query: string, from: number, delta: 1 | -1): number | null {
  for (let offset = 0; offset < model.stepCount; offset += 1) {
    const step = (((from + delta * offset) % model.stepCount) + model.stepCount) % model.stepCount;
    if (isShown(model, filter, step) && matchesQuery(model, step, query)) return step;
  }
  return null;
}

/** The nth shown step before or after the cursor, stopping at the ends. */
function moveShown(state: ViewerState, count: number, delta: 1 | -1): number {
  let cursor = state.cursor;
  let moved = 0;
  for (let step = state.cursor + delta; step >= 0 && step < state.model.stepCount && moved < count; step += delta) {
    if (isShown(state.model, state.filter, step)) {
      cursor = step;
      moved += 1;
    }
  }
  return cursor;
}

/** The shown step nearest to `step`, preferring earlier ones; the filter always shows at least one step. */
function nearestShown(model: ViewerModel, filter: string | null, step: number): number {
  for (let distance = 0; distance < model.stepCount; distance += 1) {
    if (step - distance >= 0 && isShown(model, filter, step - distance)) return step - distance;
    if (step + distance < model.stepCount && isShown(model, filter, step + distance)) return step + distance;
  }
  throw new Error(`viewer: no step shows under filter ${filter}`);
}

function matchSummary(model: ViewerModel, filter: string | null, query: string, step: number): string {
  const matches = shownSteps(model, filter).filter((each) => matchesQuery(model, each, query));
  return `"${query}": match ${matches.indexOf(step) + 1} of ${matches.length} (/ then Enter: next)`;
}

/** The filter after the current one: this step's client first, then the next ones, then every client. */
function nextFilter(state: ViewerState): string | null {
  const { model } = state;
  if (state.filter === null) return model.stepClients[state.cursor] ?? model.clients[0] ?? null;
  const index = model.clients.indexOf(state.filter);
  return model.clients[index + 1] ?? null;
}

function browse(state: ViewerState, action: ViewerAction): ViewerState {
  const { model } = state;
  const at = (cursor: number, message: string | null = null): ViewerState => ({ ...state, cursor, message });
  switch (action.type) {
    case 'step': {
      const cursor = moveShown(state, 1, action.delta);
      return at(cursor, cursor === state.cursor ? (action.delta > 0 ? 'last step' : 'first step') : null);
    }
    case 'page':
      return at(moveShown(state, Math.max(1, action.rows), action.delta));
    case 'first':
      return at(shownSteps(model, state.filter)[0]!);
    case 'last':
      return at(shownSteps(model, state.filter).at(-1)!);
    case 'violation': {
      // The violation must show: a filter that hides it is lifted.
      const filter = isShown(model, state.filter, model.violationStep) ? state.filter : null;
      return { ...state, filter, cursor: model.violationStep, message: filter === state.filter ? null : 'showing every client' };
    }
    case 'sameClient': {
      const client = model.stepClients[state.cursor] ?? null;
      if (client === null) return at(state.cursor, 'this step has no client: use ↑/↓');
      for (let step = state.cursor + action.delta; step >= 0 && step < model.stepCount; step += action.delta) {
        if (model.stepClients[step] === client) return { ...at(step), filter: isShown(model, state.filter, step) ? state.filter : null };
      }
      return at(state.cursor, `no ${action.delta > 0 ? 'later' : 'earlier'} step of ${client}`);
    }
    case 'filter': {
      const filter = nextFilter(state);
      return { ...state, filter, cursor: nearestShown(model, filter, state.cursor), message: filter === null ? 'showing every client' : `showing ${filter} only (f: next client)` };
    }
    case 'select':
      if (!(Number.isInteger(action.step) && action.step >= 0 && action.step < model.stepCount)) return state;
      return { ...at(action.step), filter: isShown(model, state.filter, action.step) ? state.filter : null };
    case 'searchOpen':
      return { ...state, mode: 'search', query: '', searchOrigin: state.cursor, message: null };
    case 'help':
      return { ...state, mode: 'help', message: null };
    case 'quit':
      return { ...state, quit: true };
    default:
      return state;
  }
}

function search(state: ViewerState, action: ViewerAction): ViewerState {
  const { model } = state;
  // Typing jumps to the first match from where the search started, as in less and vim.
  const typed = (query: string): ViewerState => {
    if (query === '') return { ...state, query, cursor: state.searchOrigin, message: null };
    const found = findMatch(model, state.filter, query, state.searchOrigin, 1);
    return found === null
      ? { ...state, query, cursor: state.searchOrigin, message: `no step matches "${query}"` }
      : { ...state, query, cursor: found, message: null };
  };
  switch (action.type) {
    case 'searchType':
      return typed((state.query + action.text).slice(0, queryLengthMax));
    case 'searchErase':
      return typed(state.query.slice(0, -1));
    case 'searchCancel':
      return { ...state, mode: 'browse', query: '', cursor: state.searchOrigin, message: null };
    case 'searchSubmit': {
      if (state.query === '') {
        // An empty search repeats the last one, from the step after the current.
        if (state.lastQuery === null) return { ...state, mode: 'browse', message: null };
        const found = findMatch(model, state.filter, state.lastQuery, state.cursor + 1, 1);
        if (found === null) return { ...state, mode: 'browse', message: `no step matches "${state.lastQuery}"` };
        return { ...state, mode: 'browse', cursor: found, message: matchSummary(model, state.filter, state.lastQuery, found) };
      }
      const found = findMatch(model, state.filter, state.query, state.searchOrigin, 1);
      if (found === null) return { ...state, mode: 'browse', query: '', cursor: state.searchOrigin, message: `no step matches "${state.query}"` };
      return { ...state, mode: 'browse', query: '', lastQuery: state.query, cursor: found, message: matchSummary(model, state.filter, state.query, found) };
    }
    case 'quit':
      return { ...state, quit: true };
    default:
      return state;
  }
}

export function viewerReducer(state: ViewerState, action: ViewerAction): ViewerState {
  let next: ViewerState;
  if (state.mode === 'search') next = search(state, action);
  else if (state.mode === 'help') next = action.type === 'quit' ? { ...state, quit: true } : { ...state, mode: 'browse' };
  else next = browse(state, action);
  if (!(Number.isInteger(next.cursor) && next.cursor >= 0 && next.cursor < next.model.stepCount)) {
    throw new Error(`viewer: cursor ${next.cursor} is not a step`);
  }
  if (!isShown(next.model, next.filter, next.cursor)) throw new Error(`viewer: step ${next.cursor} is hidden by the filter`);
  return next;
}
