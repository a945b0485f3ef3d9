// The one command that reproduces a fuzz run, as printed after it and
// written into the minimal scenario's header.

/** A word for a POSIX shell: as is when it is safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export type ReproduceArgs = { file: string; seed: string; path: string | null; runs: number | null; shard?: string | null };

/** With a path: that exact case. Without (nothing found): the same search, case for case. */
export function reproduceCommand(args: ReproduceArgs): string {
  const words = ['locksim', 'fuzz', args.file, '--seed', args.seed];
  if (args.path !== null) words.push('--path', args.path);
  else if (args.runs !== null) words.push('--runs', String(args.runs));
  // A path names one case, in any shard; a search without one is this shard's part of it.
  if (args.path === null && args.shard != null) words.push('--shard', args.shard);
  return words.map(shellWord).join(' ');
}
