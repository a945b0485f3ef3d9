// Whether the viewer may use color: not when NO_COLOR is set and not empty
// (https://no-color.org; `locksim --no-color` sets it). Bold, underline and
// the cursor's inverse are not color, and stay.

export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}
