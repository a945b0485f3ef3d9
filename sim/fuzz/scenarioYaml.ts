// A scenario as a YAML file that `locksim check` loads: the shape users
// write, with ranges and clients on one line each, and a comment on top.
// A loaded scenario holds its protocol module's path relative to the working
// directory; `check` resolves the path in a file relative to that file, so
// the written path is made relative to where the file is written.

import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { modulePathInFile } from '../scenario/filePaths.ts';
import type { Scenario } from '../scenario/scenario.ts';

function allScalars(items: readonly unknown[]): boolean {
  return items.every((item) => isScalar(item) || (isSeq(item) && item.items.every((inner) => isScalar(inner))));
}

/** The YAML text of `scenario`, to be written to `file` (null: a text not written anywhere, paths kept as they are). */
export function scenarioYaml(scenario: Scenario, comment: string, file: string | null = null): string {
  const module = scenario.protocol.module;
  const written = file !== null && typeof module === 'string' ? { ...scenario, protocol: { ...scenario.protocol, module: modulePathInFile(file, module) } } : scenario;
  const document = new Document(written);
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
