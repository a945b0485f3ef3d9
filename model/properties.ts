// Safety properties, checked in every reachable state. Each speaks only of
// which critical section each client is in, so any protocol that names its
// sections `exclusive` and `sync` is checked by the same definitions, and of
// the facts its history monitors record (model/monitors.ts).

import type { HistoryMonitor } from './monitors.ts';
import { supersededWritesMonitor } from './monitors.ts';

/** Each client's current critical section, or null, in client order. */
export type SectionView = ReadonlyArray<{ id: string; section: string | null }>;

/** What the store has seen that client beliefs cannot show. */
export type StoreFacts = {
  /** The client whose data write the store accepted after its EXCLUSIVE had been superseded, or null. */
  staleWriter: string | null;
};

export type SafetyProperty = {
  name: string;
  /** The property in one line, as spec/ states it. */
  statement: string;
  /** The critical sections it speaks of; a protocol must declare them to be checked against it. */
  sections: readonly string[];
  /**
   * It can only fail with at least this many clients in critical sections;
   * lets the checker skip it cheaply. 0 marks a store-side property, which
   * can only fail once the store has recorded a fact (a stale write).
   */
  holdersToFail: number;
  /** Null when it holds; otherwise why it does not, naming the clients. */
  violation(view: SectionView, facts: StoreFacts): string | null;
  /**
   * The monitors whose history this property reads beyond who is in which
   * section (supersededWrites: StoreFacts.staleWriter). The engine runs a
   * monitor only while a checked property names it; without one, data
   * writes are observed by nothing and commute with steps.
   */
  monitors?: readonly HistoryMonitor[];
};

function holders(view: SectionView, section: string): string[] {
  return view.filter((client) => client.section === section).map((client) => client.id);
}

export const mutualExclusion: SafetyProperty = {
  name: 'mutualExclusion',
  statement: 'at most one client holds EXCLUSIVE',
  sections: ['exclusive'],
  holdersToFail: 2,
  violation(view) {
    const exclusive = holders(view, 'exclusive');
    if (exclusive.length <= 1) return null;
    return `${exclusive.join(' and ')} hold EXCLUSIVE at once`;
  },
};

export const exclusiveExcludesSync: SafetyProperty = {
  name: 'exclusiveExcludesSync',
  statement: 'no client holds EXCLUSIVE while another client is syncing',
  sections: ['exclusive', 'sync'],
  holdersToFail: 2,
  violation(view) {
    const exclusive = holders(view, 'exclusive');
    const syncing = holders(view, 'sync');
    for (const holder of exclusive) {
      const other = syncing.find((id) => id !== holder);
      if (other !== undefined) return `${holder} holds EXCLUSIVE while ${other} is syncing`;
    }
    return null;
  },
};

export const fencedWrites: SafetyProperty = {
  name: 'fencedWrites',
  statement: 'the store never accepts a data write from a client whose EXCLUSIVE has been superseded',
  sections: ['exclusive'],
  holdersToFail: 0,
  monitors: [supersededWritesMonitor],
  violation(_view, facts) {
    if (facts.staleWriter === null) return null;
    return `the store accepted a data write from ${facts.staleWriter} after another client had taken EXCLUSIVE over from it`;
  },
};

export const safetyProperties: readonly SafetyProperty[] = [mutualExclusion, exclusiveExcludesSync, fencedWrites];

export function findSafetyProperty(name: string): SafetyProperty | undefined {
  return safetyProperties.find((property) => property.name === name);
}
