// A benchmark setting (an environment variable or argument) that is not what
// it must be: `npm run bench` prints its message as one line and exits 2,
// with no stack trace, before it builds or runs anything.

export class BenchSettingError extends Error {}
