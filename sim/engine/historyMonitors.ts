// The engine side of the history monitors (model/monitors.ts) that the
// checked properties name: the facts they record, kept in the world
// (ClientSlot.superseded and lastToken, DataFacts.staleWriter), and the
// questions the reductions ask. Without a monitor those fields stay at
// their initial values, are not encoded, and no event is observed.

import type { HistoryMonitor } from '../../model/index.ts';
import type { ClientSlot, DataFacts } from './world.ts';

export class HistoryMonitors {
  /** Whether supersededWrites runs: then superseded, lastToken and staleWriter are kept and encoded. */
  readonly supersededWrites: boolean;
  /** Whether some monitor observes data writes: their order against each other and against observed enters matters. */
  readonly observesDataWrites: boolean;
  private readonly enterSections: ReadonlySet<string>;

  constructor(monitors: readonly HistoryMonitor[]) {
    this.supersededWrites = monitors.some((monitor) => monitor.name === 'supersededWrites');
    this.observesDataWrites = monitors.some((monitor) => monitor.observes.dataWrites);
    this.enterSections = new Set(monitors.flatMap((monitor) => monitor.observes.enterSections));
  }

  /** The monitors a set of properties needs, each once, in name order. */
  static of(properties: readonly { monitors?: readonly HistoryMonitor[] }[]): HistoryMonitor[] {
    const byName = new Map<string, HistoryMonitor>();
    for (const property of properties) for (const monitor of property.monitors ?? []) byName.set(monitor.name, monitor);
    return [...byName.keys()].sort().map((name) => byName.get(name)!);
  }

  /** Whether a monitor observes a client entering `section`. */
  observesEnter(section: string): boolean {
    return this.enterSections.has(section);
  }

  /**
   * After client `entrant` entered `section`, with the slots as they are
   * now (changed in place, copy on write): who is superseded. The holders
   * it took over from, unless the store's fencing tokens say otherwise: an
   * entrant whose accepted token is older than a holder's is itself the
   * stale one (it won long ago and was paused on its way in).
   */
  afterEnter(clients: ClientSlot[], entrant: number, section: string): void {
    if (!this.supersededWrites || section !== 'exclusive') return;
    const entering = clients[entrant]!;
    clients.forEach((other, index) => {
      if (index === entrant || other.section !== 'exclusive') return;
      const entrantIsOlder = entering.lastToken >= 0 && other.lastToken >= 0 && entering.lastToken < other.lastToken;
      if (entrantIsOlder) {
        if (!clients[entrant]!.superseded) clients[entrant] = { ...clients[entrant]!, superseded: true };
      } else if (!other.superseded) {
        clients[index] = { ...other, superseded: true };
      }
    });
  }

  /** The data facts after the store accepted a data write from `writer`: the first superseded writer is recorded. */
  afterAcceptedWrite(data: DataFacts, writer: number, slot: ClientSlot): DataFacts {
    if (!this.supersededWrites || data.staleWriter !== -1 || !slot.superseded) return data;
    return { fenceToken: data.fenceToken, staleWriter: writer };
  }

  /** The writer's newest accepted fencing token after a data write (accepted or not) with `token`. */
  tokenAfterWrite(slot: ClientSlot, token: number | undefined, accepted: boolean): number {
    if (!this.supersededWrites || token === undefined || !accepted) return slot.lastToken;
    return token;
  }

  /** Whether a client stays superseded after a step that leaves it in `section`. */
  staysSuperseded(slot: ClientSlot, section: string | null): boolean {
    return this.supersededWrites && section === 'exclusive' && slot.superseded;
  }
}
