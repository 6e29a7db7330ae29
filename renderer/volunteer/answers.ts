// What the volunteer view counts and which trace it shows, kept free of React so it can be
// tested on plain window lists.
import type { WindowSummary } from '../../core/common/model.js';

/** Windows whose current label is this annotator's answer (a class or "not sure"; a skip is no answer). */
export function answeredBy(windows: WindowSummary[], annotatorId: number): number {
  let n = 0;
  for (const w of windows) if (w.label && w.label.annotatorId === annotatorId && w.label.kind !== 'skip') n++;
  return n;
}

/** The channel a volunteer sees and hears: the vertical (where the P wave is strongest), else the first. */
export function volunteerChannel(codes: string[]): number {
  return Math.max(0, codes.findIndex((c) => c.endsWith('Z')));
}
