// History monitors: what a safety property needs to know beyond who is in
// which critical section, and which events change it. A monitor declares
// the events it observes; the engine's reductions ask the monitors of the
// checked properties whether an event is observed, instead of naming a
// section or a request kind themselves: two observed events never commute,
// and an observed event is never deferred past another.

/** The events a monitor can observe. */
export type MonitorObserves = {
  /** Entering one of these critical sections. */
  readonly enterSections: readonly string[];
  /** A data write committing at the store (with or without a fencing token). */
  readonly dataWrites: boolean;
};

export type HistoryMonitor = {
  readonly name: 'supersededWrites';
  /** What it records, in one line. */
  readonly statement: string;
  readonly observes: MonitorObserves;
};

/**
 * Which holders of EXCLUSIVE another client has taken over from (the newer
 * holder by fencing token, where tokens tell; else the entrant), and the
 * first data write the store accepted from a superseded holder.
 */
export const supersededWritesMonitor: HistoryMonitor = {
  name: 'supersededWrites',
  statement: 'records the holders of EXCLUSIVE another client has taken over from, and the first data write the store accepted from one',
  observes: { enterSections: ['exclusive'], dataWrites: true },
};
