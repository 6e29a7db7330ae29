// Label events are append-only; each person's current label of each window is materialised
// in annotator_labels inside the same transaction, so it can never disagree with the log.
// The project's label of a window is a consensus over these (see consensus.ts).
import { CoreError } from '../../common/errors.js';
import type { CurrentLabel, LabelEventInfo, LabelKind, LabelProvenance, LabelSuggestion, LabelView } from '../../common/model.js';
import type { ReadableDb, WritableDb } from './db.js';
import { queryReasons } from './models.js';

export interface EventRow {
  id: number;
  window_id: number;
  annotator_id: number;
  kind: LabelKind | 'undo';
  class_id: number | null;
  listened: number;
  undoes: number | null;
  created_at: number;
  suggested_class_id: number | null;
  suggestion_confidence: number | null;
  suggestion_model_id: number | null;
  suggestion_accepted: number | null;
  person_id: number | null;
  role: LabelProvenance['role'] | null;
  view: LabelView | null;
  shown_at: number | null;
  time_to_label_ms: number | null;
  query_batch_id: number | null;
  query_strategy: string | null;
  query_model_id: number | null;
  idempotency_key: string | null;
}

export const toEvent = (r: EventRow): LabelEventInfo => ({
  id: r.id,
  windowId: r.window_id,
  annotatorId: r.annotator_id,
  kind: r.kind,
  classId: r.class_id,
  listened: r.listened === 1,
  undoes: r.undoes,
  createdAt: r.created_at,
  suggestion: r.suggested_class_id === null ? null : {
    classId: r.suggested_class_id, confidence: r.suggestion_confidence!, modelId: r.suggestion_model_id!, accepted: r.suggestion_accepted === 1,
  },
  provenance: r.role === null ? null : {
    personId: r.person_id, role: r.role, view: r.view, shownAt: r.shown_at, timeToLabelMs: r.time_to_label_ms,
    queryBatchId: r.query_batch_id, queryStrategy: r.query_strategy, queryModelId: r.query_model_id,
  },
});

/** The columns `toCurrent` reads (plus the window and time), for queries over many labels. */
const CURRENT_COLUMNS = 'e.id, e.window_id, e.annotator_id, e.kind, e.class_id, e.listened, e.created_at';

export const toCurrent = (r: Pick<EventRow, 'id' | 'annotator_id' | 'kind' | 'class_id' | 'listened'>): CurrentLabel => ({
  kind: r.kind as LabelKind,
  classId: r.class_id,
  annotatorId: r.annotator_id,
  eventId: r.id,
  listened: r.listened === 1,
});

/** A verdict on one window. */
export interface NewLabel {
  windowId: number;
  annotatorId: number;
  kind: LabelKind;
  classId?: number | null;
  /** Whether the annotator played the sound before judging. */
  listened?: boolean;
  /** The model's suggestion the annotator saw, if any. */
  suggestion?: LabelSuggestion | null;
  at?: number;
  /** Who labeled in which view, and how long after the window was shown (a session's labels; imports have none). */
  session?: LabelSession | null;
  /** The client's key for this verdict: a retry with the same key returns the first write. */
  idempotencyKey?: string | null;
}

/** What the host knows about a label given in a session: the caller, and what the client measured. */
export interface LabelSession {
  personId: number | null;
  role: LabelProvenance['role'];
  view: LabelView | null;
  timeToLabelMs: number | null;
  /**
   * The query batch that chose the window, when the caller already knows it (a team host reads
   * it from its replica before writing to the team database); otherwise looked up here.
   */
  batch?: ChoosingBatch | null;
}

/** A query batch that put a window in front of someone. */
export interface ChoosingBatch {
  id: number;
  strategy: string;
  modelId: number | null;
}

/** The query batch that chose a window for an annotator: their assignment, else the latest batch naming it. */
export function choosingBatch(db: ReadableDb, windowId: number, annotatorId: number): ChoosingBatch | null {
  // A gold window mixed into a volunteer's queue was chosen to measure them, not by the batch's strategy.
  const a = db.prepare(`SELECT b.id, CASE WHEN a.gold = 1 THEN 'gold' ELSE b.strategy END AS strategy, b.model_id AS modelId
    FROM assignments a JOIN query_batches b ON b.id = a.batch_id
    WHERE a.window_id = ? AND a.annotator_id = ?`).get(windowId, annotatorId) as { id: number; strategy: string; modelId: number | null } | undefined;
  if (a) return a;
  const r = queryReasons(db, [windowId]).get(windowId);
  return r ? { id: r.batchId, strategy: r.strategy, modelId: r.modelId } : null;
}

/** The event a retried write already made, or null; refuses a key reused for a different verdict. */
function replayed(db: ReadableDb, l: NewLabel): EventRow | null {
  if (!l.idempotencyKey) return null;
  const row = db.prepare('SELECT * FROM label_events WHERE annotator_id = ? AND idempotency_key = ?').get(l.annotatorId, l.idempotencyKey) as EventRow | undefined;
  if (!row) return null;
  checkReplay(l, toEvent(row));
  return row;
}

/**
 * A retried key must name the same verdict; the same key on another window or class is a
 * client bug that would otherwise silently drop the second label.
 */
export function checkReplay(l: NewLabel, first: LabelEventInfo): void {
  if (first.windowId !== l.windowId || first.kind !== l.kind || first.classId !== (l.classId ?? null)) {
    throw new CoreError('conflict', `idempotencyKey: "${l.idempotencyKey}" was already used for another label (window ${first.windowId}, ${first.kind}${first.classId === null ? '' : ` class ${first.classId}`})`);
  }
}

/** What adding a label did: the event (the first one, for a retried key) and the annotator's own label now. */
export interface AddedLabel {
  event: LabelEventInfo;
  current: CurrentLabel;
  /** True when the key had been used: nothing was written, the first event is returned. */
  replayed: boolean;
}

/** Refuses a verdict that cannot be stored, before anything is read or written. */
export function checkNewLabel(l: NewLabel): void {
  if (l.kind === 'class' && l.classId == null) throw new CoreError('invalid_input', 'a class label needs a classId');
  if (l.kind !== 'class' && l.classId != null) throw new CoreError('invalid_input', `a "${l.kind}" verdict takes no class`);
  const s = l.suggestion ?? null;
  if (s?.accepted && (l.kind !== 'class' || l.classId !== s.classId)) {
    throw new CoreError('invalid_input', 'an accepted suggestion must be the class of the label');
  }
}

const UPSERT_OWN = `INSERT INTO annotator_labels (window_id, annotator_id, event_id) VALUES (?, ?, ?)
  ON CONFLICT(window_id, annotator_id) DO UPDATE SET event_id = excluded.event_id`;

/** Appends a label event and returns it with the annotator's new own label of the window. */
export function addLabel(db: WritableDb, l: NewLabel): AddedLabel {
  checkNewLabel(l);
  const s = l.suggestion ?? null;
  return db.transaction(() => {
    const earlier = replayed(db, l);
    if (earlier) return { event: toEvent(earlier), current: ownLabel(db, l.windowId, l.annotatorId) ?? toCurrent(earlier), replayed: true };
    if (!db.prepare('SELECT 1 FROM windows WHERE id = ?').get(l.windowId)) throw new CoreError('not_found', `no window with id ${l.windowId}`);
    if (l.classId != null && !db.prepare('SELECT 1 FROM classes WHERE id = ? AND archived = 0').get(l.classId)) {
      throw new CoreError('not_found', `no class with id ${l.classId}`);
    }
    // A suggestion may name a class archived since the model was trained, but not an unknown one.
    if (s && !db.prepare('SELECT 1 FROM classes WHERE id = ?').get(s.classId)) throw new CoreError('not_found', `no class with id ${s.classId} (suggested)`);
    if (!db.prepare('SELECT 1 FROM annotators WHERE id = ?').get(l.annotatorId)) throw new CoreError('not_found', `no annotator with id ${l.annotatorId}`);
    const at = l.at ?? Date.now();
    const p = l.session ?? null;
    const batch = p ? (p.batch !== undefined ? p.batch : choosingBatch(db, l.windowId, l.annotatorId)) : null;
    const info = db
      .prepare(
        `INSERT INTO label_events (window_id, annotator_id, kind, class_id, listened, created_at,
           suggested_class_id, suggestion_confidence, suggestion_model_id, suggestion_accepted,
           person_id, role, view, shown_at, time_to_label_ms, query_batch_id, query_strategy, query_model_id, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.windowId, l.annotatorId, l.kind, l.classId ?? null, l.listened ? 1 : 0, at,
        s?.classId ?? null, s?.confidence ?? null, s?.modelId ?? null, s ? (s.accepted ? 1 : 0) : null,
        p?.personId ?? null, p?.role ?? null, p?.view ?? null, p?.timeToLabelMs == null ? null : at - p.timeToLabelMs, p?.timeToLabelMs ?? null,
        batch?.id ?? null, batch?.strategy ?? null, batch?.modelId ?? null, l.idempotencyKey ?? null);
    const id = Number(info.lastInsertRowid);
    db.prepare(UPSERT_OWN).run(l.windowId, l.annotatorId, id);
    const row = db.prepare('SELECT * FROM label_events WHERE id = ?').get(id) as EventRow;
    return { event: toEvent(row), current: toCurrent(row), replayed: false };
  })();
}

/** Adds many labels in one transaction (imports); returns how many were written. */
export function addLabels(db: WritableDb, labels: NewLabel[]): number {
  db.transaction(() => labels.forEach((l) => addLabel(db, l)))();
  return labels.length;
}

/**
 * Undoes the annotator's latest label that is still in effect, by appending an undo event.
 * Their own label of that window falls back to the one they gave before, or to none;
 * other people's labels are untouched.
 */
export function undoLast(db: WritableDb, annotatorId: number): { undone: LabelEventInfo; windowId: number; current: CurrentLabel | null; undoEventId: number } | null {
  return db.transaction(() => {
    const target = db
      .prepare(
        `SELECT e.* FROM label_events e
         WHERE e.annotator_id = ? AND e.kind != 'undo'
           AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undoes = e.id)
         ORDER BY e.id DESC LIMIT 1`,
      )
      .get(annotatorId) as EventRow | undefined;
    if (!target) return null;
    const undo = db.prepare("INSERT INTO label_events (window_id, annotator_id, kind, undoes, created_at) VALUES (?, ?, 'undo', ?, ?)").run(
      target.window_id, annotatorId, target.id, Date.now());
    const current = recomputeOwn(db, target.window_id, annotatorId);
    return { undone: toEvent(target), windowId: target.window_id, current, undoEventId: Number(undo.lastInsertRowid) };
  })();
}

export function recomputeOwn(db: WritableDb, windowId: number, annotatorId: number): CurrentLabel | null {
  const row = db
    .prepare(
      `SELECT e.* FROM label_events e
       WHERE e.window_id = ? AND e.annotator_id = ? AND e.kind != 'undo'
         AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undoes = e.id)
       ORDER BY e.id DESC LIMIT 1`,
    )
    .get(windowId, annotatorId) as EventRow | undefined;
  if (row) db.prepare(UPSERT_OWN).run(windowId, annotatorId, row.id);
  else db.prepare('DELETE FROM annotator_labels WHERE window_id = ? AND annotator_id = ?').run(windowId, annotatorId);
  return row ? toCurrent(row) : null;
}

/** Every label event of a window, oldest first. */
export function labelHistory(db: ReadableDb, windowId: number): LabelEventInfo[] {
  return (db.prepare('SELECT * FROM label_events WHERE window_id = ? ORDER BY id').all(windowId) as EventRow[]).map(toEvent);
}

/** One person's own current label of a window, or null. */
export function ownLabel(db: ReadableDb, windowId: number, annotatorId: number): CurrentLabel | null {
  const row = db
    .prepare('SELECT e.* FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.window_id = ? AND a.annotator_id = ?')
    .get(windowId, annotatorId) as EventRow | undefined;
  return row ? toCurrent(row) : null;
}

/** One person's own current labels, keyed by window id. */
export function ownLabels(db: ReadableDb, annotatorId: number): Map<number, CurrentLabel> {
  const rows = db.prepare(`SELECT ${CURRENT_COLUMNS} FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.annotator_id = ?`).all(annotatorId) as EventRow[];
  return new Map(rows.map((r) => [r.window_id, toCurrent(r)]));
}

/** Everyone's own current label of every window, with when it was given: the votes of the consensus. */
export function allOwnLabels(db: ReadableDb): Array<CurrentLabel & { windowId: number; createdAt: number }> {
  // Only the columns a current label needs: with provenance a row has twenty, and building
  // objects of all of them made reading 100,000 votes ten times slower.
  const rows = db.prepare(`SELECT ${CURRENT_COLUMNS} FROM annotator_labels a JOIN label_events e ON e.id = a.event_id ORDER BY e.id`).all() as EventRow[];
  return rows.map((r) => ({ ...toCurrent(r), windowId: r.window_id, createdAt: r.created_at }));
}

/** The suggestion shown with the given label events, for those labeled with one in view. */
export function suggestionsOf(db: ReadableDb, eventIds: Iterable<number>): Map<number, LabelSuggestion> {
  const get = db.prepare('SELECT * FROM label_events WHERE id = ? AND suggested_class_id IS NOT NULL');
  const out = new Map<number, LabelSuggestion>();
  for (const id of eventIds) {
    const r = get.get(id) as EventRow | undefined;
    if (r) out.set(id, toEvent(r).suggestion!);
  }
  return out;
}

/** Label events by id (the provenance of the events behind current labels, for exports). */
export function eventsById(db: ReadableDb, eventIds: Iterable<number>): Map<number, LabelEventInfo> {
  const get = db.prepare('SELECT * FROM label_events WHERE id = ?');
  const out = new Map<number, LabelEventInfo>();
  for (const id of eventIds) {
    const r = get.get(id) as EventRow | undefined;
    if (r) out.set(id, toEvent(r));
  }
  return out;
}
