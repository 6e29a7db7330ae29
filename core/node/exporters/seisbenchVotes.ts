// Consensus labels for export: each annotator's latest verdict on a window that was not
// undone is one vote; the class with most votes is the label, its share of the votes the
// confidence. A tie goes to the class voted most recently, so a one-person project exports
// exactly its current labels.
import type { ReadableDb } from '../store/db.js';

/** The consensus of one window. */
export interface Consensus {
  classId: number;
  /** Share of the window's votes (class, unsure and skip verdicts) that chose classId. */
  confidence: number;
  votes: number;
  annotatorIds: number[];
  /** Time of the latest vote, epoch ms. */
  lastAt: number;
}

interface Row { id: number; window_id: number; annotator_id: number; kind: string; class_id: number | null; undoes: number | null; created_at: number }

/** Consensus per window that has at least one class vote. */
export function consensusLabels(db: ReadableDb): Map<number, Consensus> {
  const rows = db.prepare('SELECT id, window_id, annotator_id, kind, class_id, undoes, created_at FROM label_events ORDER BY id').all() as Row[];
  const undone = new Set(rows.filter((r) => r.kind === 'undo' && r.undoes !== null).map((r) => r.undoes!));
  // Latest standing verdict per (window, annotator).
  const latest = new Map<number, Map<number, Row>>();
  for (const r of rows) {
    if (r.kind === 'undo' || undone.has(r.id)) continue;
    let perAnnotator = latest.get(r.window_id);
    if (!perAnnotator) latest.set(r.window_id, (perAnnotator = new Map()));
    perAnnotator.set(r.annotator_id, r);
  }
  // An undo leaves the annotator's earlier verdict standing, as the store's current label does.
  const out = new Map<number, Consensus>();
  for (const [windowId, perAnnotator] of latest) {
    const tally = new Map<number, { n: number; last: number }>();
    let lastAt = 0;
    for (const r of perAnnotator.values()) {
      lastAt = Math.max(lastAt, r.created_at);
      if (r.kind !== 'class' || r.class_id === null) continue;
      const t = tally.get(r.class_id) ?? { n: 0, last: 0 };
      t.n++;
      t.last = Math.max(t.last, r.id);
      tally.set(r.class_id, t);
    }
    let best: [number, { n: number; last: number }] | null = null;
    for (const entry of tally) if (!best || entry[1].n > best[1].n || (entry[1].n === best[1].n && entry[1].last > best[1].last)) best = entry;
    if (!best) continue;
    out.set(windowId, {
      classId: best[0], confidence: best[1].n / perAnnotator.size, votes: perAnnotator.size,
      annotatorIds: [...perAnnotator.keys()], lastAt,
    });
  }
  return out;
}
