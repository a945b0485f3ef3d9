// Which rows of a long list a window of `height` rows shows. The window moves
// only when the cursor would come within `margin` rows of its edge, so the
// timeline does not jump on every key.

export function scrollTop(previousTop: number, cursorRow: number, rowCount: number, height: number, margin = 2): number {
  if (!(height >= 1)) throw new Error(`scrollTop: height ${height} < 1`);
  if (!(cursorRow >= 0 && cursorRow < Math.max(rowCount, 1))) throw new Error(`scrollTop: cursor row ${cursorRow} outside [0, ${rowCount})`);
  const topMax = Math.max(0, rowCount - height);
  const edge = Math.min(margin, Math.floor((height - 1) / 2));
  let top = Math.min(Math.max(previousTop, 0), topMax);
  if (cursorRow < top + edge) top = cursorRow - edge;
  if (cursorRow > top + height - 1 - edge) top = cursorRow - height + 1 + edge;
  top = Math.min(Math.max(top, 0), topMax);
  if (!(cursorRow >= top && cursorRow < top + height)) throw new Error('scrollTop: the cursor is outside the window');
  return top;
}
