// Leases on the team database: the same rules as the project file's (store/assignments.ts) —
// an unanswered, unexpired assignment counts against its window's votesPerWindow — read and
// written in one transaction that holds a lock every host takes before choosing windows.
import type pg from 'pg';
import type { ChoosingBatch } from '../store/labels.js';
import type { LeaseState, LeaseTx, NewBatch, NewLease } from '../team/teamStore.js';

/** Transaction-level advisory lock (two-key form) taken by every batch choice; 1 and 2 are the label and trainer locks. */
const LEASE_LOCK = [3, 0] as const;
const UNANSWERED = 'NOT EXISTS (SELECT 1 FROM annotator_labels l WHERE l.window_id = a.window_id AND l.annotator_id = a.annotator_id)';

/** Takes the lease lock in `c`'s transaction and returns the reads and write of one choice. */
export async function leaseTx(c: pg.ClientBase): Promise<LeaseTx> {
  await c.query('SELECT pg_advisory_xact_lock($1, $2)', [...LEASE_LOCK]);
  return {
    state: async (annotatorId: number | null, now: number): Promise<LeaseState> => {
      const held = (await c.query(`SELECT a.window_id AS w, count(*) AS n FROM assignments a WHERE a.expires_at > $1 AND a.annotator_id != $2 AND ${UNANSWERED} GROUP BY a.window_id`,
        [now, annotatorId ?? -1])).rows as { w: number; n: number }[];
      if (annotatorId === null) return { held: new Map(held.map((r) => [r.w, r.n])), mine: new Set(), assigned: 0 };
      const mine = (await c.query(`SELECT a.window_id AS w FROM assignments a WHERE a.annotator_id = $1 AND a.expires_at > $2 AND ${UNANSWERED}`, [annotatorId, now])).rows as { w: number }[];
      const assigned = (await c.query('SELECT count(*) AS n FROM assignments WHERE annotator_id = $1', [annotatorId])).rows[0] as { n: number };
      return { held: new Map(held.map((r) => [r.w, r.n])), mine: new Set(mine.map((r) => r.w)), assigned: assigned.n };
    },
    record: async (b: NewBatch, lease: NewLease | null): Promise<number> => {
      const { id } = (await c.query('INSERT INTO query_batches (created_at, strategy, model_id, seed, window_ids, scores) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [b.createdAt, b.strategy, b.modelId, b.seed, JSON.stringify(b.windowIds), JSON.stringify(b.scores)])).rows[0] as { id: number };
      if (lease && b.windowIds.length) {
        await c.query(
          `INSERT INTO assignments (window_id, annotator_id, batch_id, gold, assigned_at, expires_at)
           SELECT t.w, $3, $4, t.g, $5, $6 FROM unnest($1::bigint[], $2::int[]) AS t(w, g)
           ON CONFLICT (window_id, annotator_id) DO UPDATE SET batch_id = excluded.batch_id, gold = excluded.gold, assigned_at = excluded.assigned_at, expires_at = excluded.expires_at`,
          [b.windowIds, b.windowIds.map((w) => (lease.gold.has(w) ? 1 : 0)), lease.annotatorId, id, lease.now, lease.now + lease.seconds * 1000]);
      }
      return id;
    },
  };
}

/** Windows held now per annotator. */
export async function inFlightPg(q: pg.ClientBase | pg.Pool, now: number): Promise<Map<number, number>> {
  const rows = (await q.query(`SELECT a.annotator_id AS a, count(*) AS n FROM assignments a WHERE a.expires_at > $1 AND ${UNANSWERED} GROUP BY a.annotator_id`, [now])).rows as { a: number; n: number }[];
  return new Map(rows.map((r) => [r.a, r.n]));
}

/** The batch that leased a window to an annotator (a gold window's strategy is 'gold', as in labels.ts), or null. */
export async function leasingBatchPg(q: pg.ClientBase | pg.Pool, windowId: number, annotatorId: number): Promise<ChoosingBatch | null> {
  const r = (await q.query(`SELECT b.id, CASE WHEN a.gold = 1 THEN 'gold' ELSE b.strategy END AS strategy, b.model_id AS "modelId"
    FROM assignments a JOIN query_batches b ON b.id = a.batch_id WHERE a.window_id = $1 AND a.annotator_id = $2`, [windowId, annotatorId])).rows[0] as ChoosingBatch | undefined;
  return r ?? null;
}
