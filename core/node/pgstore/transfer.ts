// Moving a project's team tables between its SQLite file and a team database, both ways,
// with every row and id kept: labels with their history and provenance (listened, the
// suggestion in view, client keys), picks, people and hashed tokens, gold windows, consensus
// settings, models with their parameters (and the predictions of those trained on the team)
// and query batches with the assignments (leases) they handed out. The waveforms and features stay
// in the project file (see README, "A team server on PostgreSQL"); the database keeps the
// window ids and a digest of them, so a host or a pull is refused a file that is not the team's.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CoreError } from '../../common/errors.js';
import { openDatabase, type ReadableDb, type WritableDb } from '../store/db.js';
import { f32ToBlob } from '../store/samples.js';
import type { PgTeamStore } from './pgTeamStore.js';

/** Team tables in foreign-key order, with the columns both stores share. */
export const TEAM_TABLES: { name: string; cols: string[]; order: string; serial: boolean }[] = [
  { name: 'classes', cols: ['id', 'name', 'hotkey', 'colour', 'description', 'position', 'example_window_ids', 'archived'], order: 'id', serial: false },
  { name: 'annotators', cols: ['id', 'name', 'kind', 'created_at'], order: 'id', serial: true },
  { name: 'people', cols: ['id', 'name', 'role', 'annotator_id', 'created_at'], order: 'id', serial: true },
  { name: 'access_tokens', cols: ['id', 'person_id', 'token_sha256', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'], order: 'id', serial: true },
  {
    name: 'label_events',
    cols: ['id', 'window_id', 'annotator_id', 'kind', 'class_id', 'listened', 'undoes', 'created_at', 'suggested_class_id', 'suggestion_confidence', 'suggestion_model_id', 'suggestion_accepted', 'person_id', 'role', 'view', 'shown_at', 'time_to_label_ms', 'query_batch_id', 'query_strategy', 'query_model_id', 'idempotency_key'],
    order: 'id',
    serial: true,
  },
  { name: 'annotator_labels', cols: ['window_id', 'annotator_id', 'event_id'], order: 'window_id, annotator_id', serial: false },
  { name: 'gold_windows', cols: ['window_id', 'class_id', 'created_at'], order: 'window_id', serial: false },
  { name: 'pick_events', cols: ['id', 'window_id', 'annotator_id', 'phase', 'offset_seconds', 'uncertainty_seconds', 'created_at'], order: 'id', serial: true },
  { name: 'models', cols: ['id', 'kind', 'backend', 'created_at', 'seed', 'classes', 'feature_set', 'training_set', 'metrics', 'train_ms', 'params'], order: 'id', serial: true },
  { name: 'query_batches', cols: ['id', 'created_at', 'strategy', 'model_id', 'seed', 'window_ids', 'scores'], order: 'id', serial: true },
  { name: 'assignments', cols: ['window_id', 'annotator_id', 'batch_id', 'gold', 'assigned_at', 'expires_at'], order: 'window_id, annotator_id', serial: false },
];
/** Project settings that belong to the team (the consensus method and its cache version, and when the team's trainer retrains). */
export const TEAM_META = ['crowd_settings', 'crowd_version', 'retrain_every'];

/** A digest of a project's window ids: the same windows, the same digest. */
export function windowsDigest(db: ReadableDb): { count: number; digest: string } {
  const h = createHash('sha256');
  let count = 0;
  for (const id of db.prepare('SELECT id FROM windows ORDER BY id').pluck().iterate() as Iterable<number>) {
    h.update(`${id},`);
    count++;
  }
  return { count, digest: h.digest('hex') };
}

/** Rows per table in a store, for a push or pull summary (and the round-trip test). */
export type TransferCounts = Record<string, number>;

/**
 * Copies a project's team tables into an empty team database, in one transaction. A
 * database that already holds a project is refused (pull it, or use a new database).
 */
export async function pushProject(db: ReadableDb, store: PgTeamStore, source: string): Promise<TransferCounts> {
  const counts: TransferCounts = {};
  const { count, digest } = windowsDigest(db);
  await store.tx(async (c) => {
    const held = await c.query("SELECT value FROM project_meta WHERE key = 'source_name'");
    if (held.rowCount) throw new CoreError('conflict', `${store.where} already holds a project (pushed from ${held.rows[0].value}); pull it to a file, or push to a new database`);
    const ids = db.prepare('SELECT id FROM windows ORDER BY id').pluck().all() as number[];
    for (let i = 0; i < ids.length; i += 10_000) await c.query('INSERT INTO windows (id) SELECT unnest($1::bigint[])', [ids.slice(i, i + 10_000)]);
    counts.windows = ids.length;
    for (const t of TEAM_TABLES) {
      const rows = db.prepare(`SELECT ${t.cols.join(', ')} FROM ${t.name} ORDER BY ${t.order}`).raw().all() as unknown[][];
      await insertRows(c, t.name, t.cols, rows);
      if (t.serial) await c.query(`SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), coalesce((SELECT max(id) FROM ${t.name}), 0) + 1, false)`);
      counts[t.name] = rows.length;
    }
    const meta = db.prepare(`SELECT key, value FROM project_meta WHERE key IN (${TEAM_META.map(() => '?').join(', ')})`).all(...TEAM_META) as { key: string; value: string }[];
    const extra = [
      { key: 'source_name', value: source },
      { key: 'pushed_at', value: new Date().toISOString() },
      { key: 'windows_count', value: String(count) },
      { key: 'windows_digest', value: digest },
    ];
    for (const m of [...meta, ...extra]) await c.query('INSERT INTO project_meta (key, value) VALUES ($1, $2)', [m.key, m.value]);
  });
  return counts;
}

async function insertRows(c: { query(sql: string, args: unknown[]): Promise<unknown> }, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  // PostgreSQL takes at most 65,535 parameters per statement.
  const per = Math.floor(60_000 / cols.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values = chunk.map((_, r) => `(${cols.map((__, k) => `$${r * cols.length + k + 1}`).join(', ')})`).join(', ');
    await c.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

/**
 * Refuses a project file whose windows are not the ones the team database was pushed from:
 * labels name windows by id, so another file's windows would get the wrong labels.
 */
export async function checkSameWindows(db: ReadableDb, store: PgTeamStore, path: string): Promise<void> {
  const r = await store.pool.query("SELECT key, value FROM project_meta WHERE key IN ('windows_digest', 'windows_count', 'source_name')");
  const meta = Object.fromEntries((r.rows as { key: string; value: string }[]).map((m) => [m.key, m.value]));
  if (!meta.windows_digest) throw new CoreError('not_found', `${store.where} holds no project yet: push one first (seislabel team push P.seislabel URL)`);
  const local = windowsDigest(db);
  if (local.digest !== meta.windows_digest) {
    throw new CoreError('conflict', `${path}: its ${local.count} windows are not the ${meta.windows_count} windows of the project in ${store.where} (pushed from ${meta.source_name}); use a copy of that project file`);
  }
}

/**
 * Writes a single project file from a team database: a copy of `from` (the waveforms and
 * features) whose team tables are replaced by the database's, in one transaction that is
 * checked for foreign-key consistency before it commits. `out` must not exist.
 */
export async function pullProject(store: PgTeamStore, from: string, out: string): Promise<TransferCounts> {
  if (existsSync(out)) throw new CoreError('conflict', `${out}: a file with this name already exists`);
  const src = openDatabase(from, { readonly: true });
  try {
    await checkSameWindows(src, store, from);
    (src as unknown as Database.Database).prepare('VACUUM INTO ?').run(out);
  } finally {
    src.close();
  }
  const counts: TransferCounts = {};
  const data: Record<string, unknown[][]> = {};
  let meta: { key: string; value: string }[] = [];
  // Predictions of the newest model of each kind, as the team's trainer stored them.
  let shared: { model_id: number; window_ids: Buffer; probs: Buffer }[] = [];
  // One snapshot of the database for every table (REPEATABLE READ), so a label written
  // meanwhile is either in all of the tables or in none.
  await store.tx(async (c) => {
    await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const t of TEAM_TABLES) {
      const r = await c.query({ text: `SELECT ${t.cols.join(', ')} FROM ${t.name} ORDER BY ${t.order}`, rowMode: 'array' });
      data[t.name] = r.rows as unknown[][];
    }
    meta = (await c.query('SELECT key, value FROM project_meta WHERE key = ANY($1)', [TEAM_META])).rows as { key: string; value: string }[];
    shared = (await c.query('SELECT model_id, window_ids, probs FROM model_predictions WHERE model_id IN (SELECT max(id) FROM models GROUP BY kind)')).rows as typeof shared;
  });
  const db: WritableDb = openDatabase(out);
  try {
    // Off for the swap (a table is emptied before the rows that point into it are), then
    // the whole result is checked before anything commits.
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      for (const t of [...TEAM_TABLES].reverse()) db.prepare(`DELETE FROM ${t.name}`).run();
      for (const t of TEAM_TABLES) {
        const put = db.prepare(`INSERT INTO ${t.name} (${t.cols.join(', ')}) VALUES (${t.cols.map(() => '?').join(', ')})`);
        for (const row of data[t.name]!) put.run(...row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
        counts[t.name] = data[t.name]!.length;
      }
      // Predictions belong to the file's newest model; keep them only where that model came back.
      db.prepare('DELETE FROM predictions WHERE model_id NOT IN (SELECT id FROM models)').run();
      // A model trained on the team has its predictions in the database, not in the file it is pulled onto.
      for (const m of shared) putSharedPredictions(db, m.model_id, m.window_ids, m.probs);
      db.prepare(`DELETE FROM project_meta WHERE key IN (${TEAM_META.map(() => '?').join(', ')})`).run(...TEAM_META);
      for (const m of meta) db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)').run(m.key, m.value);
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (broken.length) {
        const b = broken[0]!;
        throw new CoreError('conflict', `${out}: the team database's rows do not fit this project file (${broken.length} broken references, e.g. ${b.table} row ${b.rowid} → ${b.parent}); nothing was written`);
      }
    })();
    db.pragma('foreign_keys = ON');
    counts.windows = (db.prepare('SELECT count(*) FROM windows').pluck().get() as number);
  } finally {
    db.close();
  }
  return counts;
}

/** Writes a shared model's predictions (float64 window ids, float32 probabilities) where the file has none for it. */
function putSharedPredictions(db: WritableDb, modelId: number, windowIds: Buffer, probs: Buffer): void {
  if (db.prepare('SELECT 1 FROM predictions WHERE model_id = ?').get(modelId)) return;
  const ids = new Float64Array(new Uint8Array(windowIds).buffer);
  const p = new Float32Array(new Uint8Array(probs).buffer);
  if (!ids.length || p.length % ids.length) return;
  const K = p.length / ids.length;
  const put = db.prepare('INSERT INTO predictions (window_id, model_id, probs) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM windows WHERE id = ?)');
  ids.forEach((w, i) => put.run(w, modelId, f32ToBlob(p.subarray(i * K, (i + 1) * K)), w));
}
