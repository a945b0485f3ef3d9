// The folder of locksim's package.json: two levels above this file in the
// sources (sim/cli/), three in the compiled build (dist/sim/cli/).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));

/** A file of the package, which must be there. */
export function packageFile(path: string): string {
  const file = join(packageRoot, path);
  if (!existsSync(file)) throw new Error(`locksim's own ${path} is missing at ${file}: an incomplete install`);
  return file;
}
