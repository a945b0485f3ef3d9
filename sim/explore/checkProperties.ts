// Evaluates safety properties on a world.

import type { SafetyProperty, SectionView, StoreFacts } from '../../model/index.ts';
import type { World } from '../engine/world.ts';

export function sectionView(world: World, clientIds: readonly string[]): SectionView {
  return world.clients.map((client, index) => ({ id: clientIds[index]!, section: client.section }));
}

export function storeFacts(world: World, clientIds: readonly string[]): StoreFacts {
  const stale = world.data.staleWriter;
  return { staleWriter: stale === -1 ? null : clientIds[stale]! };
}

/** The first violated property and its message, or null. */
export function firstViolation(
  world: World,
  clientIds: readonly string[],
  properties: readonly SafetyProperty[],
): { property: string; message: string } | null {
  let inSection = 0;
  for (const client of world.clients) if (client.section !== null) inSection += 1;
  let view: SectionView | null = null;
  for (const property of properties) {
    if (inSection < property.holdersToFail) continue;
    // A store-side property can only fail once the store has recorded a stale write.
    if (property.holdersToFail === 0 && world.data.staleWriter === -1) continue;
    view ??= sectionView(world, clientIds);
    const message = property.violation(view, storeFacts(world, clientIds));
    if (message !== null) return { property: property.name, message };
  }
  return null;
}

/** Marks clients that are in a critical section in `world`. */
export function markReached(world: World, reached: boolean[]): void {
  for (let index = 0; index < world.clients.length; index += 1) {
    if (world.clients[index]!.section !== null) reached[index] = true;
  }
}
