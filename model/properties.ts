// Safety properties, checked in every reachable state. Each speaks only of
// which critical section each client is in, so any protocol that names its
// sections `exclusive` and `sync` is checked by the same definitions.

/** Each client's current critical section, or null, in client order. */
export type SectionView = ReadonlyArray<{ id: string; section: string | null }>;

export type SafetyProperty = {
  name: string;
  /** The property in one line, as spec/ states it. */
  statement: string;
  /** The critical sections it speaks of; a protocol must declare them to be checked against it. */
  sections: readonly string[];
  /** It can only fail with at least this many clients in critical sections; lets the checker skip it cheaply. */
  holdersToFail: number;
  /** Null when it holds; otherwise why it does not, naming the clients. */
  violation(view: SectionView): string | null;
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

export const safetyProperties: readonly SafetyProperty[] = [mutualExclusion, exclusiveExcludesSync];

export function findSafetyProperty(name: string): SafetyProperty | undefined {
  return safetyProperties.find((property) => property.name === name);
}
