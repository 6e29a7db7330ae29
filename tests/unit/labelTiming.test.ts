// The screen's part of a label's provenance: the time from a window becoming the current one
// to its verdict (the clock restarts only when another window is shown), and fresh keys.
import { describe, expect, it } from 'vitest';
import { newLabelKey, noteShown, timeToLabel } from '../../renderer/lib/labelTiming.js';

describe('label timing', () => {
  it('measures from the moment a window became the current one', () => {
    noteShown(7, 1000);
    noteShown(7, 1500); // the same window again (a re-render): the clock keeps running
    expect(timeToLabel(7, 3250.4)).toBe(2250);
    noteShown(8, 4000);
    expect(timeToLabel(8, 4100)).toBe(100);
    // A window no longer on screen has no measured time.
    expect(timeToLabel(7, 4100)).toBeUndefined();
    // An idle screen is capped at a day, which the host accepts.
    expect(timeToLabel(8, 4000 + 3 * 86_400_000)).toBe(86_400_000);
    noteShown(null, 5000);
    expect(timeToLabel(8, 5000)).toBeUndefined();
  });

  it('makes keys the host accepts, never twice the same', () => {
    const keys = new Set(Array.from({ length: 1000 }, newLabelKey));
    expect(keys.size).toBe(1000);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/);
  });
});
