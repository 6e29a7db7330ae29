// The labeling session: every window of the project, the sequence being labeled (project
// order or the active-learning queue), the cursor, the display settings and the verdicts.
// Labels are applied to the local list at once (the screen never waits for the core) and
// written in order through one promise chain; query batches are fetched ahead of need.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Input } from '../../core/common/api/index.js';
import type { CurrentLabel, LabelKind, LabelSuggestion, LabelView, WindowSummary } from '../../core/common/model.js';
import { newLabelKey, noteShown, timeToLabel } from '../lib/labelTiming.js';
import { DEFAULT_SPEED } from '../lib/audio.js';
import {
  appendBatch, isReviewMode, leftInQueue, parseStoredQueue, PREFETCH_WHEN_LEFT, resumeIndex, resumeQueueIndex,
  type QueueMode, type QueueSettings, type ReviewMode, type ReviewNote,
} from '../lib/queue.js';
import type { QueueReason } from '../lib/reasons.js';
import type { FilterSetting, Scaling } from '../lib/signal.js';
import type { PhasePick } from '../../core/common/types.js';

/** What the last query batch said about itself. */
export interface BatchInfo {
  batchId: number;
  strategy: string;
  requested: string;
  modelId: number | null;
  size: number;
  note: string;
}

interface LabelingState {
  /** Every window of the project, in project order. */
  windows: WindowSummary[];
  /** Window id → index into `windows`. */
  byId: Map<number, number>;
  /** Window ids in the sequence being labeled. */
  order: number[];
  /** Position in `order`; equal to its length while the next batch is on its way. */
  cursor: number;
  projectPath: string | null;
  mode: QueueMode;
  settings: QueueSettings;
  /** Index into `order` where the newest batch starts (it is replaced if a newer model arrives before it is reached). */
  batchStart: number;
  batch: BatchInfo | null;
  batchesFetched: number;
  fetching: boolean;
  queueError: string | null;
  /** In a review queue: why each window is in it. */
  review: Map<number, ReviewNote>;
  /** In a review queue: what the list is, in a few words. */
  reviewSummary: string;
  /** Builds the review queue of the current review mode again (after corrections). */
  reloadReview(client: CoreClient): void;
  /** Why windows were queued (`al.reasons`); null = asked, not chosen by any batch. */
  reasons: Map<number, QueueReason | null>;
  filter: FilterSetting;
  scaling: Scaling;
  speed: number;
  /** Channel whose spectrogram is shown (index into the window's channels). */
  spectrogramChannel: number;
  /** Spectrogram frequency axis on a log scale. */
  logFrequency: boolean;
  /** Windows whose sound was played since they were shown. */
  listened: Set<number>;
  helpOpen: boolean;
  saveError: string | null;
  load(client: CoreClient, projectPath: string, annotatorId: number): Promise<void>;
  go(index: number): void;
  /** Labels the window on screen and moves on; `suggestion`: the model suggestion that was in view. */
  label(client: CoreClient, annotatorId: number, kind: LabelKind, classId: number | undefined, suggestion: LabelSuggestion | null | undefined, view: LabelView): void;
  undo(client: CoreClient, annotatorId: number): void;
  applyRemote(windowId: number, current: CurrentLabel | null): void;
  /** A window's picks changed (an analyst placed, moved or removed one). */
  applyPicks(windowId: number, picks: PhasePick[]): void;
  /** Snap picks placed by hand to the onset nearby (AIC). */
  snapPicks: boolean;
  setSnapPicks(snap: boolean): void;
  /** Switches between project order and the active-learning queue. */
  setMode(client: CoreClient, mode: QueueMode): void;
  /** Changes how batches are chosen and starts a fresh queue with them. */
  newQueue(client: CoreClient, settings: QueueSettings): void;
  /** Fetches the next batch when the queue is about to run out (never blocks labeling). */
  ensureAhead(client: CoreClient): void;
  /** A newer model exists: a batch not yet reached is chosen again from it. */
  onModelChanged(client: CoreClient): void;
  /** Makes sure the reasons of these windows are known. */
  loadReasons(client: CoreClient, ids: number[]): void;
  setFilter(f: FilterSetting): void;
  setLogFrequency(log: boolean): void;
  setScaling(s: Scaling): void;
  setSpeed(s: number): void;
  setSpectrogramChannel(c: number): void;
  markListened(windowId: number): void;
  setHelp(open: boolean): void;
}

const cursorKey = (path: string) => `seislabel.cursor:${path}`;
const queueKey = (path: string) => `seislabel.queue:${path}`;
let writes: Promise<unknown> = Promise.resolve();
// Bumped whenever the queue is reset, so a batch that arrives for an older queue is dropped.
let generation = 0;

/** Opens one window in project order next time the labeling screen loads (used by the trace browser). */
export function openInOrder(projectPath: string, windowId: number): void {
  localStorage.setItem(cursorKey(projectPath), String(windowId));
  const q = parseStoredQueue(localStorage.getItem(queueKey(projectPath)));
  localStorage.setItem(queueKey(projectPath), JSON.stringify({ ...q, mode: 'order' }));
}

/** The window at the cursor (undefined past the end of the queue). */
export function currentWindow(s: Pick<LabelingState, 'windows' | 'byId' | 'order' | 'cursor'>): WindowSummary | undefined {
  const id = s.order[s.cursor];
  const i = id === undefined ? undefined : s.byId.get(id);
  return i === undefined ? undefined : s.windows[i];
}

export const useLabelingStore = create<LabelingState>((set, get) => {
  const isLabeled = (id: number) => {
    const i = get().byId.get(id);
    return i !== undefined && get().windows[i]!.label !== null;
  };
  const persist = () => {
    const { projectPath, mode, settings, order } = get();
    if (projectPath) localStorage.setItem(queueKey(projectPath), JSON.stringify({ mode, settings, order: mode === 'queue' ? order : [] }));
  };

  const fetchBatch = (client: CoreClient, replaceFrom?: number) => {
    const gen = generation;
    const { settings } = get();
    set({ fetching: true, queueError: null });
    const input: Input<'al.nextBatch'> = { strategy: settings.strategy as Input<'al.nextBatch'>['strategy'], batchSize: settings.batchSize, seed: settings.seed };
    client
      .call('al.nextBatch', input)
      .then((b) => {
        if (gen !== generation) return;
        const base = replaceFrom === undefined ? get().order : get().order.slice(0, replaceFrom);
        const order = appendBatch(base, b.windowIds, isLabeled);
        const added = order.length - base.length;
        set({
          order,
          batchStart: base.length,
          batch: { batchId: b.batchId, strategy: b.strategy, requested: b.requested, modelId: b.modelId, size: added, note: b.note || (added === 0 ? 'every window is labeled' : '') },
          batchesFetched: get().batchesFetched + 1,
          fetching: false,
        });
        // The reasons shown beside each window come from the core's record of the batch.
        const reasons = new Map(get().reasons);
        for (const id of b.windowIds) reasons.delete(id);
        set({ reasons });
        get().loadReasons(client, b.windowIds);
        persist();
      })
      .catch((e: Error) => {
        if (gen === generation) set({ fetching: false, queueError: `cannot choose the next windows: ${e.message}` });
      });
  };

  // Review queues are short worklists: the most contested or suspicious windows first.
  const REVIEW_LIMIT = 200;
  const fetchReview = (client: CoreClient, mode: ReviewMode) => {
    const gen = generation;
    set({ fetching: true, queueError: null, order: [], cursor: 0, review: new Map(), reviewSummary: '' });
    const list: Promise<{ notes: [number, ReviewNote][]; summary: string }> = mode === 'contested'
      ? client.call('review.contested', { limit: REVIEW_LIMIT }).then((rows) => ({
        notes: rows.map((r, i): [number, ReviewNote] => [r.windowId, { kind: 'contested', rank: i + 1, classId: r.classId, confidence: r.confidence, votes: r.votes, entropy: r.entropy }]),
        summary: `${rows.length} contested window(s), most divided first`,
      }))
      : client.call('review.labelIssues', { limit: REVIEW_LIMIT }).then((r) => ({
        notes: r.issues.map((x, i): [number, ReviewNote] => [x.windowId, { kind: 'issue', rank: i + 1, classId: x.classId, likelyClassId: x.likelyClassId, selfConfidence: x.selfConfidence }]),
        summary: `${r.issues.length} probable label error(s) among ${r.labeled} labeled windows, most suspicious first`,
      }));
    list
      .then(({ notes, summary }) => {
        if (gen !== generation) return;
        const known = notes.filter(([id]) => get().byId.has(id));
        set({ order: known.map(([id]) => id), cursor: 0, review: new Map(known), reviewSummary: summary, fetching: false });
        get().go(0);
      })
      .catch((e: Error) => {
        if (gen === generation) set({ fetching: false, queueError: `cannot build the review queue: ${e.message}` });
      });
  };

  return {
    windows: [],
    byId: new Map(),
    order: [],
    cursor: 0,
    projectPath: null,
    mode: 'queue',
    settings: parseStoredQueue(null).settings,
    batchStart: 0,
    batch: null,
    batchesFetched: 0,
    fetching: false,
    queueError: null,
    reasons: new Map(),
    review: new Map(),
    reviewSummary: '',
    filter: { kind: 'band', lo: 1, hi: 10 },
    scaling: { kind: 'trace' },
    speed: DEFAULT_SPEED,
    spectrogramChannel: 0,
    logFrequency: false,
    listened: new Set(),
    helpOpen: false,
    saveError: null,

    load: async (client, projectPath, annotatorId) => {
      const windows: WindowSummary[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await client.call('windows.list', { offset, limit: 5000 });
        windows.push(...page.windows);
        if (windows.length >= page.total || page.windows.length === 0) break;
      }
      generation++;
      const byId = new Map(windows.map((w, i) => [w.id, i]));
      const stored = parseStoredQueue(localStorage.getItem(queueKey(projectPath)));
      const storedCursor = localStorage.getItem(cursorKey(projectPath));
      const storedId = storedCursor ? Number(storedCursor) : null;
      const base = { windows, byId, projectPath, listened: new Set<number>(), mode: stored.mode, settings: stored.settings, batch: null, batchesFetched: 0, fetching: false, queueError: null, reasons: new Map() };
      if (stored.mode === 'order') {
        set({ ...base, order: windows.map((w) => w.id), cursor: resumeIndex(windows, annotatorId, storedId), batchStart: 0 });
        return;
      }
      const order = stored.order.filter((id) => byId.has(id));
      const cursor = resumeQueueIndex(order.map((id) => windows[byId.get(id)!]), storedId);
      set({ ...base, order, cursor, batchStart: order.length });
      get().loadReasons(client, order.slice(cursor, cursor + 50));
      get().ensureAhead(client);
    },

    go: (index) => {
      const { order, projectPath, mode } = get();
      // In the queue, one step past the end means "waiting for the next batch"; in a review queue, "done".
      const last = mode === 'order' ? order.length - 1 : order.length;
      const cursor = Math.max(0, Math.min(last, index));
      const id = order[cursor];
      if (id !== undefined && projectPath) localStorage.setItem(cursorKey(projectPath), String(id));
      set({ cursor });
    },

    label: (client, annotatorId, kind, classId, suggestion, view) => {
      const s = get();
      const w = currentWindow(s);
      if (!w) return;
      const heard = s.listened.has(w.id);
      const input = { windowId: w.id, annotatorId, kind, classId: classId ?? null, listened: heard, suggestion: suggestion ?? null, view, timeToLabelMs: timeToLabel(w.id), idempotencyKey: newLabelKey() };
      const optimistic: CurrentLabel = { kind, classId: classId ?? null, annotatorId, eventId: Number.MAX_SAFE_INTEGER, listened: heard };
      get().applyRemote(w.id, optimistic);
      get().go(s.cursor + 1);
      get().ensureAhead(client);
      writes = writes
        .then(() => client.call('labels.add', input))
        .then((res) => get().applyRemote(w.id, res.current))
        .catch((e: Error) => set({ saveError: `label not saved: ${e.message}` }));
    },

    undo: (client, annotatorId) => {
      writes = writes
        .then(() => client.call('labels.undo', { annotatorId }))
        .then((res) => {
          if (!res) return;
          get().applyRemote(res.windowId, res.current);
          const { order, cursor } = get();
          let i = order.indexOf(res.windowId);
          if (i < 0) {
            // Labeled outside this queue (e.g. in project order): put it back in front of the annotator.
            i = Math.min(cursor, order.length);
            set({ order: [...order.slice(0, i), res.windowId, ...order.slice(i)], batchStart: get().batchStart + (i <= get().batchStart ? 1 : 0) });
          }
          get().go(i);
        })
        .catch((e: Error) => set({ saveError: `undo failed: ${e.message}` }));
    },

    applyPicks: (windowId, picks) => {
      const { windows, byId } = get();
      const i = byId.get(windowId);
      if (i === undefined) return;
      const next = windows.slice();
      next[i] = { ...windows[i]!, picks };
      set({ windows: next });
    },
    snapPicks: true,
    setSnapPicks: (snapPicks) => set({ snapPicks }),
    applyRemote: (windowId, current) => {
      const { windows, byId } = get();
      const i = byId.get(windowId);
      if (i === undefined) return;
      const next = windows.slice();
      next[i] = { ...windows[i]!, label: current };
      set({ windows: next });
    },

    setMode: (client, mode) => {
      const { windows, projectPath } = get();
      if (mode === get().mode) return;
      generation++;
      if (isReviewMode(mode)) {
        set({ mode, batchStart: 0, batch: null });
        fetchReview(client, mode);
      } else if (mode === 'order') {
        const id = currentWindow(get())?.id ?? null;
        set({ mode, order: windows.map((w) => w.id), batchStart: 0, fetching: false });
        // Stay on the window being looked at, so switching is not a jump.
        const i = id === null ? -1 : get().order.indexOf(id);
        get().go(i >= 0 ? i : resumeIndex(windows, -1, null));
      } else {
        set({ mode, order: [], cursor: 0, batchStart: 0, batch: null });
        fetchBatch(client);
      }
      if (projectPath) persist();
    },

    reloadReview: (client) => {
      const { mode } = get();
      if (!isReviewMode(mode)) return;
      generation++;
      fetchReview(client, mode);
    },

    newQueue: (client, settings) => {
      generation++;
      set({ settings, mode: 'queue', order: [], cursor: 0, batchStart: 0, batch: null });
      persist();
      fetchBatch(client);
    },

    ensureAhead: (client) => {
      const { mode, fetching, order, cursor } = get();
      if (mode !== 'queue' || fetching) return;
      if (leftInQueue(order, cursor, isLabeled) <= PREFETCH_WHEN_LEFT) fetchBatch(client);
    },

    onModelChanged: (client) => {
      const { mode, order, cursor, batchStart, fetching } = get();
      if (mode !== 'queue') return;
      const unreached = batchStart < order.length && cursor < batchStart;
      if (!fetching && !unreached) return;
      // The batch on its way, or one not yet reached, was chosen from the older model: choose again.
      generation++;
      fetchBatch(client, unreached ? batchStart : undefined);
    },

    loadReasons: (client, ids) => {
      const known = get().reasons;
      const want = [...new Set(ids)].filter((id) => !known.has(id));
      if (want.length === 0) return;
      client
        .call('al.reasons', { windowIds: want })
        .then((rows) => {
          const reasons = new Map(get().reasons);
          for (const id of want) reasons.set(id, null);
          for (const r of rows) reasons.set(r.windowId, r);
          set({ reasons });
        })
        .catch(() => undefined);
    },

    setFilter: (filter) => set({ filter }),
    setScaling: (scaling) => set({ scaling }),
    setSpeed: (speed) => set({ speed }),
    setSpectrogramChannel: (spectrogramChannel) => set({ spectrogramChannel }),
    setLogFrequency: (logFrequency) => set({ logFrequency }),
    markListened: (id) => set({ listened: new Set(get().listened).add(id) }),
    setHelp: (helpOpen) => set({ helpOpen }),
  };
});

// The clock of "time from shown to label" restarts whenever another window becomes the current one.
useLabelingStore.subscribe((s) => noteShown(currentWindow(s)?.id ?? null));

/** Counts for the progress bar: labeled, queued (unlabeled), per class id, unsure and skip. */
export function progressOf(windows: WindowSummary[]): { labeled: number; queued: number; unsure: number; skip: number; perClass: Map<number, number> } {
  const perClass = new Map<number, number>();
  let labeled = 0;
  let unsure = 0;
  let skip = 0;
  for (const w of windows) {
    if (!w.label) continue;
    labeled++;
    if (w.label.kind === 'unsure') unsure++;
    else if (w.label.kind === 'skip') skip++;
    else if (w.label.classId !== null) perClass.set(w.label.classId, (perClass.get(w.label.classId) ?? 0) + 1);
  }
  return { labeled, queued: windows.length - labeled, unsure, skip, perClass };
}
