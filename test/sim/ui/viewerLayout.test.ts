import { describe, expect, test } from 'vitest';
import { viewerLayout } from '../../../sim/ui/viewerLayout.ts';

describe('viewerLayout', () => {
  test('80×24 stacks the details under the timeline, and everything adds up to the screen', () => {
    const layout = viewerLayout(80, 23, 2, 84);
    expect(layout.wide).toBe(false);
    expect(layout.timelineWidth).toBe(80);
    // Header, lane header, status bar.
    expect(3 + layout.timelineRows + layout.detailHeight + layout.propertyHeight).toBe(23);
    expect(layout.timelineRows).toBeGreaterThanOrEqual(6);
  });

  test('more clients take detail lines, never the timeline\'s last six rows', () => {
    for (const clients of [1, 2, 3, 4, 8, 26]) expect(viewerLayout(80, 23, clients, 120).timelineRows).toBeGreaterThanOrEqual(6);
  });

  test('a wide screen puts the details beside the timeline when both keep their room', () => {
    const layout = viewerLayout(160, 44, 2, 84);
    expect(layout.wide).toBe(true);
    expect(layout.timelineWidth).toBe(84);
    expect(layout.detailWidth).toBe(160 - 84 - 1);
    expect(layout.timelineRows).toBe(41);
  });

  test('a screen too narrow for both side by side stacks them', () => {
    expect(viewerLayout(130, 40, 3, 114).wide).toBe(false);
    expect(viewerLayout(200, 40, 3, 114).wide).toBe(true);
  });

  test('a tiny screen still lays out', () => {
    const layout = viewerLayout(20, 5, 3, 100);
    expect(layout.timelineRows).toBeGreaterThanOrEqual(1);
    expect(layout.detailHeight).toBeGreaterThanOrEqual(0);
  });
});
