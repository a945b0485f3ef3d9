// What a list missed: at the commit of a list, the files whose newest
// committed version the lister could not yet see. These are the reads that
// let lock protocols on lagging stores go wrong, so every rendering marks them.

import type { TraceStep } from './traceFile.ts';

export type StaleFile = {
  name: string;
  /** 'missing': the list left the file out; 'old': it showed an older version; 'deleted': it still showed a deleted file. */
  how: 'missing' | 'old' | 'deleted';
  /** From this tick on the lister sees the newest version. */
  visibleTick: number;
};

/** The files a list committed at this step did not show as they are; [] for any other step. */
export function staleFiles(step: TraceStep): StaleFile[] {
  if (step.kind !== 'commit' || step.client === null || step.request?.kind !== 'list') return [];
  const view = step.views[step.client];
  if (view === undefined) throw new Error(`staleFiles: step ${step.index} has no view for its client ${step.client}`);
  const prefix = step.request.prefix;
  return view
    .filter((file) => !file.visible && file.name.startsWith(prefix))
    .map((file): StaleFile => ({
      name: file.name,
      how: file.deleted ? 'deleted' : file.seenVersion === null ? 'missing' : 'old',
      visibleTick: file.visibleTick,
    }));
}

export function describeStale(file: StaleFile): string {
  const name = file.name.slice(file.name.lastIndexOf('/') + 1);
  switch (file.how) {
    case 'missing':
      return `missed ${name}`;
    case 'old':
      return `saw an old ${name}`;
    case 'deleted':
      return `still saw deleted ${name}`;
  }
}
