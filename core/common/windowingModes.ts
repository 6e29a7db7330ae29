// Cutting by the user's chosen mode: none, fixed length and step, or STA/LTA triggers. Every
// cut is planned first (windowPlan.ts) and then produced one window at a time, so memory
// holds one window, not the whole cut.
import type { z } from 'zod';
import type { WindowingSchema } from './api/schemas.js';
import { planGroup, type GroupPlan } from './windowPlan.js';
import { iterateFixed, type ComponentGroup, type WindowCut } from './windowing.js';
import { iterateTriggered } from './windowingTrigger.js';

export type Windowing = z.output<typeof WindowingSchema>;

/** A group's plan and the generator of its windows (empty when the plan refuses). */
export interface PlannedCut {
  plan: GroupPlan;
  windows(): Generator<WindowCut>;
}

/** Plans the windows of one group according to `windowing`. */
export function planCut(g: ComponentGroup, windowing: Windowing): PlannedCut {
  if (windowing.mode === 'none') return { plan: { n: 0, cut: false, count: 0, notices: [] }, windows: function* () {} };
  const plan = planGroup(g, windowing.lengthSeconds, windowing.mode === 'fixed' ? windowing.stepSeconds : null);
  if (!plan.cut) return { plan, windows: function* () {} };
  return {
    plan,
    windows: windowing.mode === 'fixed' ? () => iterateFixed(g, plan.n, windowing.stepSeconds, plan.count) : () => iterateTriggered(g, windowing, plan.n, plan.count),
  };
}

/** Windows for every group according to `windowing` (groups whose plan refuses give none). */
export function cutWindows(groups: ComponentGroup[], windowing: Windowing): WindowCut[] {
  return groups.flatMap((g) => [...planCut(g, windowing).windows()]);
}
