// Who was handed which window, by which query batch, until when. An assignment the person has
// not answered and that has not expired is a lease: it counts against the window's redundancy
// (votesPerWindow), so a window in flight is not handed to more people than should judge it.
// Expired leases need no sweeping: every query compares expires_at with the time.
import type { ReadableDb, WritableDb } from './db.js';

/** Unanswered, unexpired leases per window, of everyone but `except`. */
export function activeLeases(db: ReadableDb, now: number, except: number | null): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT a.window_id AS w, count(*) AS n FROM assignments a
       WHERE a.expires_at > ? AND a.annotator_id != ?
         AND NOT EXISTS (SELECT 1 FROM annotator_labels l WHERE l.window_id = a.window_id AND l.annotator_id = a.annotator_id)
       GROUP BY a.window_id`,
    )
    .all(now, except ?? -1) as { w: number; n: number }[];
  return new Map(rows.map((r) => [r.w, r.n]));
}

/** Leases windows to an annotator for `seconds` (renewing leases they already hold), recording the batch that chose them. */
export function leaseWindows(
  db: WritableDb, annotatorId: number, batchId: number, windowIds: readonly number[], gold: ReadonlySet<number>, now: number, seconds: number,
): void {
  const put = db.prepare(
    `INSERT INTO assignments (window_id, annotator_id, batch_id, gold, assigned_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(window_id, annotator_id) DO UPDATE SET batch_id = excluded.batch_id, gold = excluded.gold, assigned_at = excluded.assigned_at, expires_at = excluded.expires_at`,
  );
  db.transaction(() => {
    for (const w of windowIds) put.run(w, annotatorId, batchId, gold.has(w) ? 1 : 0, now, now + seconds * 1000);
  })();
}

/** Windows an annotator holds now (handed to them, unanswered, unexpired). */
export function heldBy(db: ReadableDb, annotatorId: number, now: number): Set<number> {
  const ids = db
    .prepare(
      `SELECT a.window_id FROM assignments a WHERE a.annotator_id = ? AND a.expires_at > ?
         AND NOT EXISTS (SELECT 1 FROM annotator_labels l WHERE l.window_id = a.window_id AND l.annotator_id = a.annotator_id)`,
    )
    .pluck()
    .all(annotatorId, now) as number[];
  return new Set(ids);
}

/** Windows held now per annotator (handed to them, unanswered, unexpired). */
export function inFlight(db: ReadableDb, now: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT a.annotator_id AS a, count(*) AS n FROM assignments a
       WHERE a.expires_at > ? AND NOT EXISTS (SELECT 1 FROM annotator_labels l WHERE l.window_id = a.window_id AND l.annotator_id = a.annotator_id)
       GROUP BY a.annotator_id`,
    )
    .all(now) as { a: number; n: number }[];
  return new Map(rows.map((r) => [r.a, r.n]));
}

/** How many assignments an annotator has had (varies the seed of their gold draws from batch to batch). */
export const assignmentCount = (db: ReadableDb, annotatorId: number): number =>
  db.prepare('SELECT count(*) FROM assignments WHERE annotator_id = ?').pluck().get(annotatorId) as number;

/** One person's progress: verdicts given, gold windows judged and how many of those were right, windows held now. */
export interface PersonProgress {
  labels: number;
  goldSeen: number;
  goldCorrect: number;
  inFlight: number;
}

/** Progress of every invited person and every annotator with any own label, by annotator id (`held`: windows held per annotator, when read elsewhere — a team database). */
export function personProgress(db: ReadableDb, now: number, held: Map<number, number> = inFlight(db, now)): Map<number, PersonProgress> {
  const out = new Map<number, PersonProgress>();
  const get = (a: number) => {
    let p = out.get(a);
    if (!p) out.set(a, (p = { labels: 0, goldSeen: 0, goldCorrect: 0, inFlight: 0 }));
    return p;
  };
  for (const a of db.prepare('SELECT annotator_id FROM people').pluck().all() as number[]) get(a);
  // An unsure or skip on a gold window counts as seen but not right: the volunteer did not find the class.
  const rows = db
    .prepare(
      `SELECT l.annotator_id AS a, count(*) AS labels, count(g.window_id) AS goldSeen,
              sum(CASE WHEN g.window_id IS NOT NULL AND e.kind = 'class' AND e.class_id = g.class_id THEN 1 ELSE 0 END) AS goldCorrect
       FROM annotator_labels l JOIN label_events e ON e.id = l.event_id LEFT JOIN gold_windows g ON g.window_id = l.window_id
       GROUP BY l.annotator_id`,
    )
    .all() as { a: number; labels: number; goldSeen: number; goldCorrect: number }[];
  for (const r of rows) Object.assign(get(r.a), { labels: r.labels, goldSeen: r.goldSeen, goldCorrect: r.goldCorrect });
  for (const [a, n] of held) get(a).inFlight = n;
  return out;
}
