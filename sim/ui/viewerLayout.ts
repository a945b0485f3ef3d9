// How the screen is shared. Narrow terminals (80×24 and up) stack the
// timeline over the details; wide ones put the details beside the timeline.
// Pane heights do not depend on the current step, so nothing jumps while
// stepping.

export type ViewerLayout = {
  wide: boolean;
  /** Timeline width, and the details' width (equal when stacked). */
  timelineWidth: number;
  detailWidth: number;
  /** Rows of steps the timeline shows (its lane header not counted). */
  timelineRows: number;
  /** Lines for the details; then the properties pane (its verdicts, then the violation's story). */
  detailHeight: number;
  propertyHeight: number;
};

/** Wider than this, the details go beside the timeline. */
export const wideWidthMin = 120;
/** Fewest timeline rows on a short screen. */
const timelineRowsMin = 6;

/** `timelineNatural`: the timeline's width with nothing cut; wide screens give it that much if they can. */
export function viewerLayout(width: number, height: number, clientCount: number, timelineNatural: number): ViewerLayout {
  if (!(Number.isInteger(width) && width >= 1 && Number.isInteger(height) && height >= 1)) throw new Error(`viewerLayout: bad size ${width}×${height}`);
  if (!(clientCount >= 1)) throw new Error('viewerLayout: at least one client');
  // Header, status bar and the timeline's lane header.
  const chrome = 3;
  // Header, action, one stale-list line, then two lines per client; wide screens add the exchange line and a third line per client.
  const detailWanted = 3 + 2 * clientCount;
  // Side by side only when the timeline keeps its natural width (or 80 columns) and the details keep 60.
  const timelineWidth = Math.min(Math.max(64, timelineNatural), width - 60);
  if (width >= wideWidthMin && timelineWidth >= Math.min(timelineNatural, 80)) {
    const body = Math.max(1, height - chrome);
    const storyLinesMax = 6;
    // The right pane runs beside the lane header too.
    const paneLines = body + 1;
    const propertyHeight = Math.min(2 + storyLinesMax, paneLines);
    return {
      wide: true,
      timelineWidth,
      detailWidth: width - timelineWidth - 1,
      timelineRows: body,
      detailHeight: Math.max(0, Math.min(detailWanted + 1 + clientCount, paneLines - propertyHeight - 1)),
      propertyHeight,
    };
  }
  // The violation's story is what a reader needs most: it gets lines before the timeline does.
  const storyLinesMax = height >= 30 ? 4 : height >= 22 ? 3 : 2;
  const propertyHeight = 2 + storyLinesMax;
  const room = height - chrome - propertyHeight;
  const detailHeight = Math.max(0, Math.min(detailWanted, room - timelineRowsMin));
  return {
    wide: false,
    timelineWidth: width,
    detailWidth: width,
    timelineRows: Math.max(1, room - detailHeight),
    detailHeight,
    propertyHeight,
  };
}
