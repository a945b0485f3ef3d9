// A screen line as styled segments, cut to a width by the viewer itself so
// that layout never depends on the terminal wrapping. Widths count code
// points: every character locksim draws is one column wide (ASCII, arrows,
// box drawing), and ids and lock names are ASCII.

export type Segment = {
  text: string;
  color?: 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray';
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
  underline?: boolean;
};

export type StyledLine = Segment[];

export function textWidth(text: string): number {
  return Array.from(text).length;
}

/** Text cut to `width` columns, with … where it was cut. */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Text cut or padded to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const clipped = clip(text, width);
  return clipped + ' '.repeat(Math.max(0, width - textWidth(clipped)));
}

/** A line cut to `width` columns; with `pad`, padded to exactly that (so an inverse bar spans the line). */
export function fitLine(line: StyledLine, width: number, pad = false): StyledLine {
  const out: StyledLine = [];
  let used = 0;
  for (const segment of line) {
    const room = width - used;
    if (room <= 0) break;
    const text = clip(segment.text, room);
    out.push({ ...segment, text });
    used += textWidth(text);
  }
  if (pad && used < width) {
    const last = out.at(-1);
    // Padding carries the last segment's inverse, so a highlighted row is one bar.
    out.push({ text: ' '.repeat(width - used), ...(last?.inverse === true ? { inverse: true } : {}) });
  }
  return out;
}

/** Words wrapped to lines of at most `width` columns; a word longer than that is cut. */
export function wrapWords(text: string, width: number, linesMax: number): string[] {
  if (width <= 0 || linesMax <= 0) return [];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (textWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = clip(word, width);
  }
  if (current !== '') lines.push(current);
  if (lines.length <= linesMax) return lines;
  const kept = lines.slice(0, linesMax);
  const last = kept[linesMax - 1]!;
  kept[linesMax - 1] = textWidth(last) + 2 <= width ? `${last} …` : `${Array.from(last).slice(0, width - 1).join('')}…`;
  return kept;
}

export function plain(text: string): StyledLine {
  return [{ text }];
}
