// The window cutter as a sequence of bounded steps, run in the parse worker: first the plans
// of all groups (cheap arithmetic), then windows in chunks of at most CHUNK_SAMPLES samples,
// each asked for by the main thread, so neither thread holds a whole cut in memory and the
// host's event loop only ever stores one chunk at a time.
import { planCut, type Windowing } from '../../common/windowingModes.js';
import type { GroupPlan } from '../../common/windowPlan.js';
import type { ComponentGroup, WindowCut } from '../../common/windowing.js';

/** Per chunk: 1 Mi samples (4 MiB) or 250 windows, so one chunk is stored in tens of ms. */
const CHUNK_SAMPLES = 2 ** 20;
const CHUNK_WINDOWS = 250;

export type CutEvent =
  | { type: 'plans'; plans: GroupPlan[] }
  | { type: 'windows'; group: number; windows: WindowCut[] }
  | { type: 'end' };

/** Plans, then chunks of windows group by group, then 'end'. */
export function* cutEvents(groups: ComponentGroup[], windowing: Windowing): Generator<CutEvent> {
  const cuts = groups.map((g) => planCut(g, windowing));
  yield { type: 'plans', plans: cuts.map((c) => c.plan) };
  for (const [group, cut] of cuts.entries()) {
    let chunk: WindowCut[] = [];
    let samples = 0;
    for (const w of cut.windows()) {
      chunk.push(w);
      samples += w.data.length * (w.data[0]?.length ?? 0);
      if (samples >= CHUNK_SAMPLES || chunk.length >= CHUNK_WINDOWS) {
        yield { type: 'windows', group, windows: chunk };
        chunk = [];
        samples = 0;
      }
    }
    if (chunk.length) yield { type: 'windows', group, windows: chunk };
  }
  yield { type: 'end' };
}

/** The sample buffers of an event, to transfer instead of copy. */
export const transferables = (e: CutEvent): ArrayBuffer[] =>
  e.type === 'windows' ? e.windows.flatMap((w) => w.data.map((d) => d.buffer as ArrayBuffer)) : [];
