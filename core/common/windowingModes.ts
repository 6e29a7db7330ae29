// Cutting by the user's chosen mode: none, fixed length and step, or STA/LTA triggers.
import type { z } from 'zod';
import type { WindowingSchema } from './api/schemas.js';
import { cutFixed, type ComponentGroup, type WindowCut } from './windowing.js';
import { cutTriggered } from './windowingTrigger.js';

/** Windows for every group according to `windowing`. */
export function cutWindows(groups: ComponentGroup[], windowing: z.output<typeof WindowingSchema>): WindowCut[] {
  if (windowing.mode === 'none') return [];
  if (windowing.mode === 'fixed') return groups.flatMap((g) => cutFixed(g, windowing.lengthSeconds, windowing.stepSeconds));
  return groups.flatMap((g) => cutTriggered(g, windowing));
}
