// The sequence of windows being labeled, as pure functions the store and the tests share.
// Two modes: every window in project order, or the active-learning queue built from the
// query batches of `al.nextBatch` (appended one batch after the other).
import type { WindowSummary } from '../../core/common/model.js';

/** Where the next windows come from: project order, the active-learning queue, or a review queue. */
export type QueueMode = 'order' | 'queue' | ReviewMode;

/**
 * The expert's review queues: the windows whose consensus is most in doubt
 * (`review.contested`), and those whose label is probably wrong (`review.labelIssues`).
 */
export type ReviewMode = 'contested' | 'issues';

export const isReviewMode = (mode: QueueMode): mode is ReviewMode => mode === 'contested' || mode === 'issues';

/** Why a window is in a review queue, as the review API said. */
export type ReviewNote =
  | { kind: 'contested'; rank: number; classId: number; confidence: number; votes: number; entropy: number }
  | { kind: 'issue'; rank: number; classId: number; likelyClassId: number; selfConfidence: number };

/** How the next query batch is chosen (the inputs of `al.nextBatch`). */
export interface QueueSettings {
  strategy: string;
  batchSize: number;
  seed: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { strategy: 'hybrid', batchSize: 20, seed: 0 };

/** Windows left to judge from `cursor` on, beyond which the next batch is fetched ahead of need. */
export const PREFETCH_WHEN_LEFT = 2;

/**
 * Where to resume in project order: the window stored as this browser's cursor, else the
 * first unlabeled window after the one this annotator labeled last, else the first
 * unlabeled one, else the last window.
 */
export function resumeIndex(windows: WindowSummary[], annotatorId: number, storedId: number | null): number {
  if (storedId !== null) {
    const i = windows.findIndex((w) => w.id === storedId);
    if (i >= 0) return i;
  }
  let last = -1;
  let lastEvent = -1;
  windows.forEach((w, i) => {
    if (w.label && w.label.annotatorId === annotatorId && w.label.eventId > lastEvent) {
      lastEvent = w.label.eventId;
      last = i;
    }
  });
  const after = windows.findIndex((w, i) => i > last && !w.label);
  if (after >= 0) return after;
  const first = windows.findIndex((w) => !w.label);
  return first >= 0 ? first : Math.max(0, windows.length - 1);
}

/**
 * Where to resume in a stored queue: the stored window when it is still queued, else the
 * first unlabeled queued window, else one past the end (which asks for the next batch).
 */
export function resumeQueueIndex(queued: (WindowSummary | undefined)[], storedId: number | null): number {
  if (storedId !== null) {
    const i = queued.findIndex((w) => w?.id === storedId);
    if (i >= 0 && !queued[i]!.label) return i;
  }
  const first = queued.findIndex((w) => w !== undefined && !w.label);
  return first >= 0 ? first : queued.length;
}

/**
 * The queue after a new batch: the batch's windows appended in the batch's order, leaving
 * out windows already queued (a batch chosen while the last ones were on screen may pick
 * them again) and windows that got a label meanwhile.
 */
export function appendBatch(order: number[], batch: number[], isLabeled: (id: number) => boolean): number[] {
  const seen = new Set(order);
  const out = order.slice();
  for (const id of batch) {
    if (seen.has(id) || isLabeled(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** Unlabeled windows in `order` from `cursor` on (what is left of the queue). */
export function leftInQueue(order: number[], cursor: number, isLabeled: (id: number) => boolean): number {
  let n = 0;
  for (let i = Math.max(0, cursor); i < order.length; i++) if (!isLabeled(order[i]!)) n++;
  return n;
}

/** What the queue remembers between sessions (per project, in this browser). */
export interface StoredQueue {
  mode: QueueMode;
  settings: QueueSettings;
  order: number[];
}

/** Reads a stored queue, falling back to defaults for anything missing or malformed. */
export function parseStoredQueue(text: string | null): StoredQueue {
  const fallback: StoredQueue = { mode: 'queue', settings: { ...DEFAULT_QUEUE_SETTINGS }, order: [] };
  if (!text) return fallback;
  try {
    const v = JSON.parse(text) as Partial<StoredQueue>;
    const s: Partial<QueueSettings> = v.settings ?? {};
    return {
      mode: v.mode === 'order' ? 'order' : 'queue',
      settings: {
        strategy: typeof s.strategy === 'string' ? s.strategy : DEFAULT_QUEUE_SETTINGS.strategy,
        batchSize: Number.isInteger(s.batchSize) && s.batchSize! >= 1 && s.batchSize! <= 1000 ? s.batchSize! : DEFAULT_QUEUE_SETTINGS.batchSize,
        seed: Number.isInteger(s.seed) && s.seed! >= 0 ? s.seed! : DEFAULT_QUEUE_SETTINGS.seed,
      },
      order: Array.isArray(v.order) ? v.order.filter((x): x is number => Number.isInteger(x) && x > 0) : [],
    };
  } catch {
    return fallback;
  }
}
