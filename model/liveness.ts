// Liveness properties: something good eventually happens. Each is checked on
// the cycles of the reachable state graph: a violation is a reachable cycle,
// fair to every client, on which the good thing never happens (a lasso: a
// stem to the cycle, then the cycle forever).
//
// Fairness (weak, per client): a client that is able to move in every state
// of the cycle moves at least once in it. A client can be unable to move
// only while its next event lies in the future, so this rules out cycles
// that simply never schedule someone; it assumes nothing about who wins a
// race.
//
// Each property names, per client, the states a bad cycle must stay in. The
// checker finds fair cycles inside those states.

/** What a liveness property may read of one state, per client in scenario order. */
export type LivenessView = ReadonlyArray<{ id: string; role: string; section: string | null; done: boolean }>;

/** The roles whose clients ever entered each section anywhere in the explored graph. */
export type RoleSections = { exclusive: ReadonlySet<string>; sync: ReadonlySet<string> };

export type LivenessProperty = {
  name: string;
  statement: string;
  /** The fairness it assumes, in words, for spec/ and traces. */
  fairness: string;
  /**
   * The clients this property makes a promise to, and for each the predicate
   * a bad cycle must satisfy in every state (the promise kept never).
   */
  targets(view: LivenessView, roles: RoleSections): number[];
  staysBad(view: LivenessView, target: number, roles: RoleSections): boolean;
  /** Words for a violation: the target never got what was promised. */
  message(view: LivenessView, target: number): string;
};

const weakFairness = 'weak fairness per client: a client able to move in every state of a cycle moves in it';

export const eventuallyExclusive: LivenessProperty = {
  name: 'eventuallyExclusive',
  statement: 'under fair scheduling, every upgrader that has attempts left eventually holds EXCLUSIVE or gives up for good',
  fairness: weakFairness,
  targets: (view, roles) => view.flatMap((client, index) => (roles.exclusive.has(client.role) ? [index] : [])),
  staysBad: (view, target) => view[target]!.section !== 'exclusive' && !view[target]!.done,
  message: (view, target) => `${view[target]!.id} keeps trying and never holds EXCLUSIVE nor gives up`,
};

export const noLivelock: LivenessProperty = {
  name: 'noLivelock',
  statement: 'there is no cycle in which clients keep retrying and nobody ever enters a critical section',
  fairness: weakFairness,
  targets: () => [0],
  staysBad: (view) => view.every((client) => client.section === null) && view.some((client) => !client.done),
  message: () => 'the clients cycle forever and nobody ever enters a critical section',
};

export const eventuallySync: LivenessProperty = {
  name: 'eventuallySync',
  statement: 'a syncer eventually syncs, unless an upgrader holds or waits for EXCLUSIVE',
  fairness: weakFairness,
  targets: (view, roles) => view.flatMap((client, index) => (roles.sync.has(client.role) ? [index] : [])),
  // An upgrader that is not done holds or waits for EXCLUSIVE, which excuses the syncer.
  staysBad: (view, target, roles) =>
    view[target]!.section !== 'sync' &&
    !view[target]!.done &&
    view.every((client, index) => index === target || !roles.exclusive.has(client.role) || client.done),
  message: (view, target) => `${view[target]!.id} never syncs though no upgrader holds or waits for EXCLUSIVE`,
};

export const livenessProperties: readonly LivenessProperty[] = [eventuallyExclusive, noLivelock, eventuallySync];

export function findLivenessProperty(name: string): LivenessProperty | undefined {
  return livenessProperties.find((property) => property.name === name);
}
