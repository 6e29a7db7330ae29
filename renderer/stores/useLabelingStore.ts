// The labeling session: the queue of windows, the cursor, the display settings and the
// verdicts. Labels are applied to the local list at once (the screen never waits for the
// core) and written in order through one promise chain.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import type { CurrentLabel, LabelKind, WindowSummary } from '../../core/common/model.js';
import { DEFAULT_SPEED } from '../lib/audio.js';
import type { FilterSetting, Scaling } from '../lib/signal.js';

interface LabelingState {
  windows: WindowSummary[];
  cursor: number;
  projectPath: string | null;
  filter: FilterSetting;
  scaling: Scaling;
  speed: number;
  /** Channel whose spectrogram is shown (index into the window's channels). */
  spectrogramChannel: number;
  /** Windows whose sound was played since they were shown. */
  listened: Set<number>;
  helpOpen: boolean;
  saveError: string | null;
  load(client: CoreClient, projectPath: string, annotatorId: number): Promise<void>;
  go(index: number): void;
  label(client: CoreClient, annotatorId: number, kind: LabelKind, classId?: number): void;
  undo(client: CoreClient, annotatorId: number): void;
  applyRemote(windowId: number, current: CurrentLabel | null): void;
  setFilter(f: FilterSetting): void;
  setScaling(s: Scaling): void;
  setSpeed(s: number): void;
  setSpectrogramChannel(c: number): void;
  markListened(windowId: number): void;
  setHelp(open: boolean): void;
}

const cursorKey = (path: string) => `seislabel.cursor:${path}`;
let writes: Promise<unknown> = Promise.resolve();

/**
 * Where to resume: the window stored as this browser's cursor, else the first unlabeled
 * window after the one this annotator labeled last, else the first unlabeled one.
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

export const useLabelingStore = create<LabelingState>((set, get) => ({
  windows: [],
  cursor: 0,
  projectPath: null,
  filter: { kind: 'band', lo: 1, hi: 10 },
  scaling: { kind: 'trace' },
  speed: DEFAULT_SPEED,
  spectrogramChannel: 0,
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
    const stored = localStorage.getItem(cursorKey(projectPath));
    const cursor = resumeIndex(windows, annotatorId, stored ? Number(stored) : null);
    set({ windows, cursor, projectPath, listened: new Set() });
  },
  go: (index) => {
    const { windows, projectPath } = get();
    const cursor = Math.max(0, Math.min(windows.length - 1, index));
    const w = windows[cursor];
    if (w && projectPath) localStorage.setItem(cursorKey(projectPath), String(w.id));
    set({ cursor });
  },
  label: (client, annotatorId, kind, classId) => {
    const { windows, cursor, listened } = get();
    const w = windows[cursor];
    if (!w) return;
    const heard = listened.has(w.id);
    const optimistic: CurrentLabel = { kind, classId: classId ?? null, annotatorId, eventId: Number.MAX_SAFE_INTEGER, listened: heard };
    set({ windows: replaceLabel(windows, w.id, optimistic) });
    get().go(cursor + 1);
    writes = writes
      .then(() => client.call('labels.add', { windowId: w.id, annotatorId, kind, classId: classId ?? null, listened: heard }))
      .then((res) => get().applyRemote(w.id, res.current))
      .catch((e: Error) => set({ saveError: `label not saved: ${e.message}` }));
  },
  undo: (client, annotatorId) => {
    writes = writes
      .then(() => client.call('labels.undo', { annotatorId }))
      .then((res) => {
        if (!res) return;
        get().applyRemote(res.windowId, res.current);
        const i = get().windows.findIndex((w) => w.id === res.windowId);
        if (i >= 0) get().go(i);
      })
      .catch((e: Error) => set({ saveError: `undo failed: ${e.message}` }));
  },
  applyRemote: (windowId, current) => set({ windows: replaceLabel(get().windows, windowId, current) }),
  setFilter: (filter) => set({ filter }),
  setScaling: (scaling) => set({ scaling }),
  setSpeed: (speed) => set({ speed }),
  setSpectrogramChannel: (spectrogramChannel) => set({ spectrogramChannel }),
  markListened: (id) => set({ listened: new Set(get().listened).add(id) }),
  setHelp: (helpOpen) => set({ helpOpen }),
}));

function replaceLabel(windows: WindowSummary[], id: number, label: CurrentLabel | null): WindowSummary[] {
  const i = windows.findIndex((w) => w.id === id);
  if (i < 0) return windows;
  const next = windows.slice();
  next[i] = { ...windows[i]!, label };
  return next;
}

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
