// A scenario as a YAML file that `locksim check` loads: the shape users
// write, with ranges and clients on one line each, and a comment on top.

import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Scenario } from '../scenario/scenario.ts';

function allScalars(items: readonly unknown[]): boolean {
  return items.every((item) => isScalar(item) || (isSeq(item) && item.items.every((inner) => isScalar(inner))));
}

export function scenarioYaml(scenario: Scenario, comment: string): string {
  const document = new Document(scenario);
  visit(document, {
    Seq(_key, node) {
      // [min, max] ranges, lists of names and clients read best on one line each.
      if (allScalars(node.items)) node.flow = true;
      for (const item of node.items) if (isMap(item) && allScalars(item.items.map((pair) => pair.value))) item.flow = true;
    },
  });
  document.commentBefore = comment
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
