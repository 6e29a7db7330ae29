// Analyst picks: append-only events per window and phase (see migration 0006). A window's
// picks are the source file's picks with each phase replaced (or removed) by the latest
// analyst event for it.
import type { PhasePick } from '../../common/types.js';
import type { ReadableDb, WritableDb } from './db.js';

/** One stored pick event. */
export interface PickEvent {
  id: number;
  windowId: number;
  annotatorId: number;
  phase: string;
  offsetSeconds: number | null;
  uncertaintySeconds: number | null;
  createdAt: number;
}

interface PickRow { id: number; window_id: number; annotator_id: number; phase: string; offset_seconds: number | null; uncertainty_seconds: number | null; created_at: number }
const toEvent = (r: PickRow): PickEvent => ({
  id: r.id, windowId: r.window_id, annotatorId: r.annotator_id, phase: r.phase, offsetSeconds: r.offset_seconds, uncertaintySeconds: r.uncertainty_seconds, createdAt: r.created_at,
});

/** Appends a pick event (offset null removes the phase's pick). */
export function addPickEvent(db: WritableDb, e: Omit<PickEvent, 'id' | 'createdAt'>): PickEvent {
  const createdAt = Date.now();
  const r = db
    .prepare('INSERT INTO pick_events (window_id, annotator_id, phase, offset_seconds, uncertainty_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(e.windowId, e.annotatorId, e.phase, e.offsetSeconds, e.uncertaintySeconds, createdAt);
  return { ...e, id: Number(r.lastInsertRowid), createdAt };
}

/** Every pick event of a window, oldest first. */
export function pickHistory(db: ReadableDb, windowId: number): PickEvent[] {
  return (db.prepare('SELECT * FROM pick_events WHERE window_id = ? ORDER BY id').all(windowId) as PickRow[]).map(toEvent);
}

/** The latest event per phase of each of these windows (all windows when ids is undefined). */
function latestEvents(db: ReadableDb, ids?: readonly number[]): Map<number, Map<string, PickEvent>> {
  const rows = (ids === undefined
    ? db.prepare('SELECT * FROM pick_events ORDER BY id').all()
    : ids.length === 0
      ? []
      : db.prepare(`SELECT * FROM pick_events WHERE window_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids)) as PickRow[];
  const out = new Map<number, Map<string, PickEvent>>();
  for (const r of rows) {
    let m = out.get(r.window_id);
    if (!m) out.set(r.window_id, (m = new Map()));
    m.set(r.phase, toEvent(r));
  }
  return out;
}

/** The file's picks overlaid with the analyst's latest events. */
export function overlayPicks(filePicks: PhasePick[], latest: Map<string, PickEvent> | undefined): PhasePick[] {
  if (!latest) return filePicks;
  const out = filePicks.filter((p) => !latest.has(p.phase));
  for (const e of latest.values()) {
    if (e.offsetSeconds === null) continue;
    out.push({ phase: e.phase, offsetSeconds: e.offsetSeconds, annotatorId: e.annotatorId, ...(e.uncertaintySeconds !== null ? { uncertaintySeconds: e.uncertaintySeconds } : {}) });
  }
  return out.sort((a, b) => a.offsetSeconds - b.offsetSeconds);
}

/** Replaces each window's picks by its current picks (file picks overlaid with analyst events). */
export function withCurrentPicks<W extends { id: number; picks: PhasePick[] }>(db: ReadableDb, windows: W[]): W[] {
  // Projects opened read-only from an older schema have no pick_events table.
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pick_events'").get();
  if (!has) return windows;
  const latest = latestEvents(db, windows.length > 500 ? undefined : windows.map((w) => w.id));
  return windows.map((w) => (latest.has(w.id) ? { ...w, picks: overlayPicks(w.picks, latest.get(w.id)) } : w));
}
