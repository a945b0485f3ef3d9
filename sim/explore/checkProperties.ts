// Evaluates safety properties on a world.

import type { SafetyProperty, SectionView } from '../../model/index.ts';
import type { World } from '../engine/world.ts';

export function sectionView(world: World, clientIds: readonly string[]): SectionView {
  return world.clients.map((client, index) => ({ id: clientIds[index]!, section: client.section }));
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
    view ??= sectionView(world, clientIds);
    const message = property.violation(view);
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
