// The team store on PostgreSQL: the same semantics as the project file's tables (people.ts,
// labels.ts, consensus.ts, picks.ts), for several host processes on one database. Each write is one
// transaction; a person's label writes are serialised by an advisory lock on their annotator
// id (so "undo my latest" means the same on every host), and every committed change is
// announced with NOTIFY so the other hosts can push it to their clients at once.
import pg from 'pg';
import type { Role } from '../../common/api/roles.js';
import { CoreError } from '../../common/errors.js';
import type { AnnotatorInfo, CurrentLabel } from '../../common/model.js';
import { consensusOf, parseCrowdSettings, patchedCrowdSettings, type ConsensusMethod, type CrowdSettings, type ProjectConsensus } from '../store/consensus.js';
import { checkNewLabel, checkReplay, toCurrent, toEvent, type AddedLabel, type EventRow, type NewLabel } from '../store/labels.js';
import type { ModelPredictions, ModelRecord } from '../store/models.js';
import { hashToken, newToken, type Invite, type TokenOwner } from '../store/people.js';
import type { PickEvent } from '../store/picks.js';
import { serially, type LeaseTx, type NewModel, type OwnLabel, type TeamStore, type UndoResult } from '../team/teamStore.js';
import { inFlightPg, leasingBatchPg, leaseTx } from './pgLeases.js';
import { migratePg } from './migrate.js';

/** The channel every change is announced on; payloads are TeamNotice JSON. */
export const TEAM_CHANNEL = 'seislabel_team';

/** What a NOTIFY says changed. */
export type TeamNotice =
  | { t: 'label'; id: number; windowId: number; annotatorId: number }
  /** Label events committed together (a group commit). */
  | { t: 'labels'; ids: number[] }
  | { t: 'crowd' }
  | { t: 'people' }
  | { t: 'pick'; id: number; windowId: number }
  /** A model trained for the team; `req` answers training requests of other hosts. */
  | { t: 'model'; id: number; req: string[] }
  /** A host asks the team's trainer for a training (models.train on a host that does not train). */
  | { t: 'train'; req: string; kind: 'forest' | 'cnn'; seed: number }
  /** The trainer could not train for these requests. */
  | { t: 'trainFailed'; req: string[]; message: string };

/** A model as the team database holds it, with its predictions when it was trained for the team. */
export interface SharedModel { record: ModelRecord; params: Buffer; predictions: ModelPredictions | null }

// Copied out of the driver's buffer: a typed array needs its own aligned memory.
const f64Of = (b: Buffer) => new Float64Array(new Uint8Array(b).buffer);
const f32Of = (b: Buffer) => new Float32Array(new Uint8Array(b).buffer);

// BIGINT ids come back as JS numbers (they stay far below 2^53), not strings.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A database URL fit for messages and logs: the password is left out. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the team database';
  }
}

/** Connection options shared by the pool and the listener. */
export const pgConfig = (url: string): pg.ClientConfig => ({ connectionString: url, types, connectionTimeoutMillis: 5000, application_name: 'seislabel' });

// Errors that mean the database is away (down, restarting, unreachable), not a bad request.
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** Turns a driver error into one the caller can read; CoreErrors pass through. */
function toCoreError(e: unknown, where: string): Error {
  if (e instanceof CoreError) return e;
  const err = e as Error & { code?: string };
  if ((err.code && UNAVAILABLE.has(err.code)) || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(err.message)) {
    return new CoreError('unavailable', `the team database (${where}) cannot be reached: ${err.message}; nothing was written, try again`);
  }
  return e as Error;
}

interface InviteRow { id: number; person_id: number; name: string; role: Role; created_at: number; expires_at: number | null; revoked_at: number | null; last_used_at: number | null }
const INVITE_SQL = `SELECT t.id, t.person_id, p.name, p.role, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
  FROM access_tokens t JOIN people p ON p.id = t.person_id`;
const toInvite = (r: InviteRow, now: number): Invite => ({
  id: r.id, personId: r.person_id, name: r.name, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at,
  revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, active: r.revoked_at === null && (r.expires_at === null || r.expires_at > now),
});
const OWNER_SQL = `SELECT t.id AS "tokenId", p.id AS "personId", p.name, p.role, p.annotator_id AS "annotatorId"
  FROM access_tokens t JOIN people p ON p.id = t.person_id
  WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $1)`;
const LIVE_EVENT = `e.kind != 'undo' AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undoes = e.id)`;
const UPSERT_OWN = `INSERT INTO annotator_labels (window_id, annotator_id, event_id) VALUES ($1, $2, $3)
  ON CONFLICT (window_id, annotator_id) DO UPDATE SET event_id = excluded.event_id`;
const MODEL_COLS = 'id, kind, backend, created_at, seed, classes, feature_set, training_set, metrics, train_ms';
interface ModelRow { id: number; kind: string; backend: string; created_at: number; seed: number; classes: string; feature_set: string; training_set: string; metrics: string; train_ms: number }
const toModel = (r: ModelRow): ModelRecord => ({
  id: r.id, kind: r.kind, backend: r.backend, createdAt: r.created_at, seed: r.seed, classIds: JSON.parse(r.classes) as number[], featureSet: r.feature_set,
  trainingSet: JSON.parse(r.training_set) as ModelRecord['trainingSet'], metrics: JSON.parse(r.metrics), trainMs: r.train_ms,
});

export interface PickRow { id: number; window_id: number; annotator_id: number; phase: string; offset_seconds: number | null; uncertainty_seconds: number | null; created_at: number }
const toPick = (r: PickRow): PickEvent => ({
  id: r.id, windowId: r.window_id, annotatorId: r.annotator_id, phase: r.phase, offsetSeconds: r.offset_seconds, uncertaintySeconds: r.uncertainty_seconds, createdAt: r.created_at,
});

type Q = pg.ClientBase | pg.Pool;
/** What became of one label of a group. */
type Outcome = { ok: AddedLabel } | { err: Error };
const one = async <T>(q: Q, sql: string, args: unknown[] = []): Promise<T | undefined> => (await q.query(sql, args)).rows[0] as T | undefined;
const notify = (q: Q, n: TeamNotice) => q.query('SELECT pg_notify($1, $2)', [TEAM_CHANNEL, JSON.stringify(n)]);

export class PgTeamStore implements TeamStore {
  readonly kind = 'postgres' as const;
  readonly where: string;
  private consensusCache: { key: string; value: ProjectConsensus } | null = null;

  private constructor(
    readonly pool: pg.Pool,
    readonly url: string,
  ) {
    this.where = redactUrl(url);
    // An idle client that loses its server (a PostgreSQL restart) must not crash the host;
    // the pool drops it and the next query connects afresh.
    pool.on('error', () => {});
  }

  /** Connects and migrates the schema forward (refusing a database from a newer version). */
  static async connect(url: string, opts: { max?: number } = {}): Promise<PgTeamStore> {
    // Waiting for a pooled connection counts against connectionTimeoutMillis: a burst of
    // sign-ins (a class of volunteers opening their links) must queue, not fail at 5 s.
    const pool = new pg.Pool({ ...pgConfig(url), connectionTimeoutMillis: 20_000, max: opts.max ?? 10 });
    const store = new PgTeamStore(pool, url);
    try {
      const c = await pool.connect().catch((e: unknown) => { throw toCoreError(e, store.where); });
      try {
        await migratePg(c, store.where);
      } finally {
        c.release();
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  /** Runs `fn` in one transaction on one connection. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw toCoreError(e, this.where);
    }
    let broken = false;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => { broken = true; });
      throw toCoreError(e, this.where);
    } finally {
      c.release(broken);
    }
  }

  /** One statement outside a transaction, with errors made readable. */
  private async q<T>(fn: (p: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await fn(this.pool);
    } catch (e) {
      throw toCoreError(e, this.where);
    }
  }

  listInvites = (now = Date.now()) => this.q(async (p) => ((await p.query(`${INVITE_SQL} ORDER BY t.id DESC`)).rows as InviteRow[]).map((r) => toInvite(r, now)));

  invite = (name: string, role: Role, expiresInHours?: number, now = Date.now()) => {
    const token = newToken();
    return this.tx(async (c) => {
      const annotator = await this.ensureAnnotatorIn(c, name, 'human');
      if (annotator.kind !== 'human') throw new CoreError('conflict', `"${name}" is the name of an ${annotator.kind} annotator; choose another name`);
      const person = await one<{ id: number }>(c,
        `INSERT INTO people (name, role, annotator_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET role = excluded.role RETURNING id`, [name, role, annotator.id, now]);
      const expiresAt = expiresInHours === undefined ? null : Math.round(now + expiresInHours * 3_600_000);
      const t = await one<{ id: number }>(c, 'INSERT INTO access_tokens (person_id, token_sha256, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [person!.id, hashToken(token), now, expiresAt]);
      await notify(c, { t: 'people' });
      return { ...toInvite((await one<InviteRow>(c, `${INVITE_SQL} WHERE t.id = $1`, [t!.id]))!, now), token };
    });
  };

  revoke = (id: number, now = Date.now()) =>
    this.tx(async (c) => {
      const r = await c.query('UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2', [now, id]);
      if (r.rowCount === 0) throw new CoreError('not_found', `no invite with id ${id}`);
      await notify(c, { t: 'people' });
    });

  tokenOwner = (token: string, now = Date.now()) =>
    this.q(async (p) => (await one<TokenOwner>(p, `${OWNER_SQL} AND t.token_sha256 = $2`, [now, hashToken(token)])) ?? null);
  tokenStillValid = (tokenId: number, now = Date.now()) =>
    this.q(async (p) => (await one<TokenOwner>(p, `${OWNER_SQL} AND t.id = $2`, [now, tokenId])) ?? null);
  touchToken = (tokenId: number, now = Date.now()) => this.q(async (p) => { await p.query('UPDATE access_tokens SET last_used_at = $1 WHERE id = $2', [now, tokenId]); });

  listAnnotators = () => this.q(async (p) => (await p.query('SELECT id, name, kind FROM annotators ORDER BY id')).rows as AnnotatorInfo[]);
  ensureAnnotator = (name: string, kind: AnnotatorInfo['kind'] = 'human') => this.tx((c) => this.ensureAnnotatorIn(c, name, kind));

  private async ensureAnnotatorIn(c: pg.ClientBase, name: string, kind: AnnotatorInfo['kind']): Promise<AnnotatorInfo> {
    const clean = name.trim();
    if (!clean) throw new CoreError('invalid_input', 'an annotator needs a name');
    // DO NOTHING + select, so two hosts creating the same annotator agree on one row.
    await c.query('INSERT INTO annotators (name, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [clean, kind, Date.now()]);
    return (await one<AnnotatorInfo>(c, 'SELECT id, name, kind FROM annotators WHERE name = $1', [clean]))!;
  }

  /** Serialises one annotator's label writes across every host, until the transaction ends. */
  private lockAnnotator = (c: pg.ClientBase, annotatorId: number) => c.query('SELECT pg_advisory_xact_lock(1, $1::int)', [annotatorId]);

  /**
   * Appends a label event. Labels are written in groups: every label that arrives while a
   * group commits waits for the next one, which writes them all in one transaction with one
   * NOTIFY. A commit that sends a NOTIFY holds PostgreSQL's notify-queue lock through its WAL
   * flush, so label transactions of one per label committed one fsync after another
   * (`npx tsx tests/bench/run.ts --only teamLoad`: 112 labels/s with 400 volunteers on two
   * hosts, against 991 on one SQLite host with group commit); one transaction per group
   * pays that flush once for the group. Each label is still acknowledged only after its
   * group committed.
   */
  addLabel = async (l: NewLabel): Promise<AddedLabel> => {
    checkNewLabel(l);
    return new Promise((resolve, reject) => {
      this.labelQueue.push({ l, resolve, reject });
      this.startLabelWriter();
    });
  };

  private labelQueue: { l: NewLabel; resolve: (a: AddedLabel) => void; reject: (e: Error) => void }[] = [];
  private labelWriters = 0;
  /** Rows this host wrote and has not applied to its replica yet (eventById reads them first). */
  private written = new Map<number, EventRow>();

  private startLabelWriter(): void {
    // Two writers: one runs its statements while the other waits for its commit to flush.
    if (this.labelWriters >= 2 || this.labelQueue.length === 0) return;
    this.labelWriters++;
    void this.writeLabels().finally(() => {
      this.labelWriters--;
      this.startLabelWriter();
    });
  }

  private async writeLabels(): Promise<void> {
    while (this.labelQueue.length) {
      // At most 200 ids in one NOTIFY payload (PostgreSQL caps a payload at 8000 bytes).
      const group = this.labelQueue.splice(0, 200);
      let out: Outcome[] = [];
      const rows: EventRow[] = [];
      try {
        await this.tx(async (c) => {
          rows.length = 0;
          // Locks in ascending order (volatile functions run after ORDER BY): two groups
          // holding several people's locks cannot wait for each other.
          await c.query('SELECT pg_advisory_xact_lock(1, a) FROM unnest($1::int[]) a ORDER BY a', [[...new Set(group.map((g) => g.l.annotatorId))]]);
          out = await this.addLabelsIn(c, group.map((g) => g.l), rows);
          if (rows.length) await notify(c, { t: 'labels', ids: rows.map((r) => r.id) });
        });
      } catch (e) {
        const err = toCoreError(e, this.where);
        if (group.length > 1 && !(err instanceof CoreError && err.code === 'unavailable')) {
          // One bad label must not fail the others: each is tried again on its own.
          await this.writeAlone(group);
          continue;
        }
        for (const g of group) g.reject(err);
        continue;
      }
      this.remember(rows);
      group.forEach((g, i) => {
        const r = out[i]!;
        if ('ok' in r) g.resolve(r.ok);
        else g.reject(r.err);
      });
    }
  }

  /** Writes labels each in a transaction of its own (after their group failed). */
  private async writeAlone(group: typeof this.labelQueue): Promise<void> {
    for (const g of group) {
      const rows: EventRow[] = [];
      try {
        const [r] = await this.tx(async (c) => {
          rows.length = 0;
          await this.lockAnnotator(c, g.l.annotatorId);
          const o = await this.addLabelsIn(c, [g.l], rows);
          if (rows.length) await notify(c, { t: 'labels', ids: rows.map((x) => x.id) });
          return o;
        });
        this.remember(rows);
        if ('ok' in r!) g.resolve(r.ok);
        else g.reject(r!.err);
      } catch (e) {
        g.reject(toCoreError(e, this.where));
      }
    }
  }

  /** Keeps committed rows for this host's replica, which applies them next (bounded). */
  private remember(rows: EventRow[]): void {
    for (const r of rows) this.written.set(r.id, r);
    for (const id of this.written.keys()) {
      if (this.written.size <= 10_000) break;
      this.written.delete(id);
    }
  }

  /**
   * Labels inside a transaction that holds their annotators' locks, in a fixed number of
   * statements whatever their count (one round trip per label made a group as slow as the
   * commits it saved). New rows go into `rows`, in the order given.
   */
  private async addLabelsIn(c: pg.ClientBase, ls: readonly NewLabel[], rows: EventRow[]): Promise<Outcome[]> {
    const keyOf = (l: NewLabel) => (l.idempotencyKey == null ? null : `${l.annotatorId}\u0000${l.idempotencyKey}`);
    const keyed = ls.filter((l) => l.idempotencyKey != null);
    const earlier = new Map<string, EventRow>();
    if (keyed.length) {
      const r = await c.query(`SELECT e.* FROM label_events e JOIN unnest($1::bigint[], $2::text[]) AS k(a, key) ON e.annotator_id = k.a AND e.idempotency_key = k.key`,
        [keyed.map((l) => l.annotatorId), keyed.map((l) => l.idempotencyKey)]);
      for (const row of r.rows as EventRow[]) earlier.set(`${row.annotator_id}\u0000${row.idempotency_key}`, row);
    }
    const classIds = ls.flatMap((l) => [l.classId, l.suggestion?.classId].filter((x): x is number => x != null));
    const found = (await c.query(
      `SELECT 'w' AS t, id FROM windows WHERE id = ANY($1::bigint[])
       UNION ALL SELECT CASE WHEN archived = 0 THEN 'c' ELSE 'x' END, id FROM classes WHERE id = ANY($2::bigint[])
       UNION ALL SELECT 'a', id FROM annotators WHERE id = ANY($3::bigint[])`,
      [[...new Set(ls.map((l) => l.windowId))], [...new Set(classIds)], [...new Set(ls.map((l) => l.annotatorId))]])).rows as { t: string; id: number }[];
    const has = (t: string, id: number) => found.some((f) => f.id === id && (f.t === t || (t === 'x' && f.t === 'c')));

    const out: Outcome[] = new Array(ls.length);
    const fresh: number[] = [];
    const firstInGroup = new Map<string, number>();
    const sameAs = new Map<number, number>();
    ls.forEach((l, i) => {
      const k = keyOf(l);
      const first = k ? earlier.get(k) : undefined;
      try {
        if (first) {
          checkReplay(l, toEvent(first));
          out[i] = { ok: { event: toEvent(first), current: toCurrent(first), replayed: true } };
          return;
        }
        if (k && firstInGroup.has(k)) {
          sameAs.set(i, firstInGroup.get(k)!);
          return;
        }
        const s = l.suggestion ?? null;
        if (!has('w', l.windowId)) throw new CoreError('not_found', `no window with id ${l.windowId}`);
        if (l.classId != null && !has('c', l.classId)) throw new CoreError('not_found', `no class with id ${l.classId}`);
        if (s && !has('x', s.classId)) throw new CoreError('not_found', `no class with id ${s.classId} (suggested)`);
        if (!has('a', l.annotatorId)) throw new CoreError('not_found', `no annotator with id ${l.annotatorId}`);
        if (k) firstInGroup.set(k, i);
        fresh.push(i);
      } catch (e) {
        out[i] = { err: e as Error };
      }
    });

    const written = new Map<number, EventRow>();
    if (fresh.length) {
      const args: unknown[] = [];
      const tuples = fresh.map((i) => {
        const l = ls[i]!;
        const s = l.suggestion ?? null;
        const at = l.at ?? Date.now();
        const p = l.session ?? null;
        // The batch that chose the window: the caller reads it (the lease from this database, else the host's own batches).
        const batch = p?.batch ?? null;
        const vals = [l.windowId, l.annotatorId, l.kind, l.classId ?? null, l.listened ? 1 : 0, at,
          s?.classId ?? null, s?.confidence ?? null, s?.modelId ?? null, s ? (s.accepted ? 1 : 0) : null,
          p?.personId ?? null, p?.role ?? null, p?.view ?? null, p?.timeToLabelMs == null ? null : at - p.timeToLabelMs, p?.timeToLabelMs ?? null,
          batch?.id ?? null, batch?.strategy ?? null, batch?.modelId ?? null, l.idempotencyKey ?? null];
        const start = args.length;
        args.push(...vals);
        return `(${vals.map((_, j) => `$${start + j + 1}`).join(', ')})`;
      });
      // Ids come from the sequence in the order of the VALUES rows.
      const inserted = ((await c.query(
        `INSERT INTO label_events (window_id, annotator_id, kind, class_id, listened, created_at,
           suggested_class_id, suggestion_confidence, suggestion_model_id, suggestion_accepted,
           person_id, role, view, shown_at, time_to_label_ms, query_batch_id, query_strategy, query_model_id, idempotency_key)
         VALUES ${tuples.join(', ')} RETURNING *`, args)).rows as EventRow[]).sort((x, y) => x.id - y.id);
      // Each person's own label on a window is their newest event there.
      const newest = new Map<string, EventRow>();
      inserted.forEach((row, j) => {
        written.set(fresh[j]!, row);
        newest.set(`${row.window_id}:${row.annotator_id}`, row);
        rows.push(row);
        out[fresh[j]!] = { ok: { event: toEvent(row), current: toCurrent(row), replayed: false } };
      });
      const own = [...newest.values()];
      await c.query(`INSERT INTO annotator_labels (window_id, annotator_id, event_id)
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
        ON CONFLICT (window_id, annotator_id) DO UPDATE SET event_id = excluded.event_id`,
      [own.map((r) => r.window_id), own.map((r) => r.annotator_id), own.map((r) => r.id)]);
    }
    // A key given twice in one group: the second is a replay of the first.
    for (const [i, j] of sameAs) {
      const first = written.get(j);
      try {
        if (!first) throw (out[j] as { err: Error }).err;
        checkReplay(ls[i]!, toEvent(first));
        out[i] = { ok: { event: toEvent(first), current: toCurrent(first), replayed: true } };
      } catch (e) {
        out[i] = { err: e as Error };
      }
    }
    // A replay answers with the person's own label now (a later verdict may have replaced it).
    for (const o of out) {
      if ('ok' in o && o.ok.replayed) o.ok.current = (await this.ownLabelIn(c, o.ok.event.windowId, o.ok.event.annotatorId)) ?? o.ok.current;
    }
    return out;
  }

  undoLast = (annotatorId: number): Promise<UndoResult | null> =>
    this.tx(async (c) => {
      await this.lockAnnotator(c, annotatorId);
      const target = await one<EventRow>(c, `SELECT e.* FROM label_events e WHERE e.annotator_id = $1 AND ${LIVE_EVENT} ORDER BY e.id DESC LIMIT 1`, [annotatorId]);
      if (!target) return null;
      const undo = await one<{ id: number }>(c, "INSERT INTO label_events (window_id, annotator_id, kind, undoes, created_at) VALUES ($1, $2, 'undo', $3, $4) RETURNING id",
        [target.window_id, annotatorId, target.id, Date.now()]);
      const back = await one<EventRow>(c, `SELECT e.* FROM label_events e WHERE e.window_id = $1 AND e.annotator_id = $2 AND ${LIVE_EVENT} ORDER BY e.id DESC LIMIT 1`,
        [target.window_id, annotatorId]);
      if (back) await c.query(UPSERT_OWN, [target.window_id, annotatorId, back.id]);
      else await c.query('DELETE FROM annotator_labels WHERE window_id = $1 AND annotator_id = $2', [target.window_id, annotatorId]);
      await notify(c, { t: 'label', id: undo!.id, windowId: target.window_id, annotatorId });
      return { undone: toEvent(target), windowId: target.window_id, current: back ? toCurrent(back) : null, undoEventId: undo!.id };
    });

  labelHistory = (windowId: number) =>
    this.q(async (p) => ((await p.query('SELECT * FROM label_events WHERE window_id = $1 ORDER BY id', [windowId])).rows as EventRow[]).map(toEvent));

  private async ownLabelIn(c: Q, windowId: number, annotatorId: number): Promise<CurrentLabel | null> {
    const row = await one<EventRow>(c, 'SELECT e.* FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.window_id = $1 AND a.annotator_id = $2', [windowId, annotatorId]);
    return row ? toCurrent(row) : null;
  }
  ownLabel = (windowId: number, annotatorId: number) => this.q((p) => this.ownLabelIn(p, windowId, annotatorId));
  ownLabels = (annotatorId: number) =>
    this.q(async (p) => {
      const rows = (await p.query('SELECT e.* FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.annotator_id = $1', [annotatorId])).rows as EventRow[];
      return new Map(rows.map((r) => [r.window_id, toCurrent(r)]));
    });
  allOwnLabels = (): Promise<OwnLabel[]> =>
    this.q(async (p) => ((await p.query('SELECT e.* FROM annotator_labels a JOIN label_events e ON e.id = a.event_id ORDER BY e.id')).rows as EventRow[])
      .map((r) => ({ ...toCurrent(r), windowId: r.window_id, createdAt: r.created_at })));

  private meta = async (c: Q, key: string) => (await one<{ value: string }>(c, 'SELECT value FROM project_meta WHERE key = $1', [key]))?.value ?? null;
  private setMeta = (c: Q, key: string, value: string) =>
    c.query('INSERT INTO project_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  private bumpVersion = async (c: pg.ClientBase) => {
    // Row-locked increment: two hosts changing settings at once still give two versions.
    await c.query(`INSERT INTO project_meta (key, value) VALUES ('crowd_version', '1')
      ON CONFLICT (key) DO UPDATE SET value = (project_meta.value::bigint + 1)::text`);
    await notify(c, { t: 'crowd' });
  };

  crowdSettings = () => this.q(async (p) => {
    return parseCrowdSettings(await this.meta(p, 'crowd_settings'));
  });

  updateCrowdSettings = (patch: Partial<CrowdSettings>) =>
    this.tx(async (c) => {
      const next = patchedCrowdSettings(parseCrowdSettings(await this.meta(c, 'crowd_settings')), patch);
      await this.setMeta(c, 'crowd_settings', JSON.stringify(next));
      await this.bumpVersion(c);
      return next;
    });

  /** Sets when the team's trainer retrains (every N labels, on any host; 0: on request only). */
  setRetrainEvery = (n: number) =>
    this.tx(async (c) => {
      await this.setMeta(c, 'retrain_every', String(n));
      await notify(c, { t: 'crowd' });
    });

  setGold = (windowId: number, classId: number | null) =>
    this.tx(async (c) => {
      if (!(await one(c, 'SELECT 1 FROM windows WHERE id = $1', [windowId]))) throw new CoreError('not_found', `no window with id ${windowId}`);
      if (classId === null) await c.query('DELETE FROM gold_windows WHERE window_id = $1', [windowId]);
      else {
        if (!(await one(c, 'SELECT 1 FROM classes WHERE id = $1 AND archived = 0', [classId]))) throw new CoreError('not_found', `no class with id ${classId}`);
        await c.query('INSERT INTO gold_windows (window_id, class_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (window_id) DO UPDATE SET class_id = excluded.class_id',
          [windowId, classId, Date.now()]);
      }
      await this.bumpVersion(c);
    });

  goldWindows = () => this.q(async (p) => {
    const rows = (await p.query('SELECT window_id, class_id FROM gold_windows ORDER BY window_id')).rows as { window_id: number; class_id: number }[];
    return new Map(rows.map((r) => [r.window_id, r.class_id]));
  });

  /**
   * The consensus, recomputed only when the label log, the classes or the settings changed.
   * The key counts events as well as taking the newest id: ids from a sequence may commit
   * out of order across hosts, so the newest id alone could miss a late commit.
   */
  consensus = async (method?: ConsensusMethod): Promise<ProjectConsensus> => {
    const m = method ?? (await this.crowdSettings()).method;
    const state = await this.q((p) => one<{ k: string }>(p,
      `SELECT (SELECT coalesce(max(id), 0) || ':' || count(*) FROM label_events) || '|' || (SELECT count(*) FROM classes) || '|' ||
              coalesce((SELECT value FROM project_meta WHERE key = 'crowd_version'), '0') AS k`));
    const key = `${state!.k}|${m}`;
    if (this.consensusCache?.key === key) return this.consensusCache.value;
    const classIds = await this.q(async (p) => ((await p.query('SELECT id FROM classes ORDER BY id')).rows as { id: number }[]).map((r) => r.id));
    const value = consensusOf({ classIds, own: await this.allOwnLabels(), gold: await this.goldWindows(), method: m });
    this.consensusCache = { key, value };
    return value;
  };

  insertModel = (m: NewModel) =>
    this.tx(async (c) => {
      const r = await one<{ id: number }>(c,
        'INSERT INTO models (kind, backend, created_at, seed, classes, feature_set, training_set, metrics, train_ms, params) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id',
        [m.kind, m.backend, Date.now(), m.seed, JSON.stringify(m.classIds), m.featureSet, JSON.stringify(m.trainingSet), JSON.stringify(m.metrics), m.trainMs, Buffer.from(m.params)]);
      return r!.id;
    });
  listModels = () => this.q(async (p) => ((await p.query(`SELECT ${MODEL_COLS} FROM models ORDER BY id DESC`)).rows as ModelRow[]).map(toModel));
  modelParams = (id: number) => this.q(async (p) => {
    const r = await one<{ params: Buffer }>(p, 'SELECT params FROM models WHERE id = $1', [id]);
    if (!r) throw new CoreError('not_found', `no model with id ${id}`);
    return r.params;
  });

  /**
   * Stores a model trained for the team, with its predictions, and announces it, in one
   * transaction: every host (the trainer too) puts it in its file when the notice arrives.
   */
  publishModel = (m: NewModel, predictions: ModelPredictions, req: string[]) =>
    this.tx(async (c) => {
      const r = (await one<{ id: number; created_at: number }>(c,
        'INSERT INTO models (kind, backend, created_at, seed, classes, feature_set, training_set, metrics, train_ms, params) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at',
        [m.kind, m.backend, Date.now(), m.seed, JSON.stringify(m.classIds), m.featureSet, JSON.stringify(m.trainingSet), JSON.stringify(m.metrics), m.trainMs, Buffer.from(m.params)]))!;
      const probs = predictions.probs;
      await c.query('INSERT INTO model_predictions (model_id, window_ids, probs) VALUES ($1, $2, $3)',
        [r.id, Buffer.from(Float64Array.from(predictions.windowIds).buffer), Buffer.from(probs.buffer, probs.byteOffset, probs.byteLength)]);
      await notify(c, { t: 'model', id: r.id, req });
      return { id: r.id, createdAt: r.created_at };
    });

  /** A model with its parameters and (when shared by a trainer) predictions; null when there is none with this id. */
  sharedModel = (id: number) => this.q(async (p): Promise<SharedModel | null> => {
    const r = await one<ModelRow & { params: Buffer; window_ids: Buffer | null; probs: Buffer | null }>(p,
      `SELECT m.${MODEL_COLS.split(', ').join(', m.')}, m.params, mp.window_ids, mp.probs FROM models m LEFT JOIN model_predictions mp ON mp.model_id = m.id WHERE m.id = $1`, [id]);
    if (!r) return null;
    const predictions = r.window_ids && r.probs ? { windowIds: Array.from(f64Of(r.window_ids)), probs: f32Of(r.probs) } : null;
    return { record: toModel(r), params: r.params, predictions };
  });

  /** Announces a change that writes nothing (a training request or its failure). */
  announce = (n: TeamNotice) => this.q(async (p) => { await notify(p, n); });

  // Within this process too: a choice waits for the one before instead of holding a second pooled connection on the lock.
  private readonly queue = serially();
  leasing = <T>(fn: (tx: LeaseTx) => Promise<T>): Promise<T> => this.queue(() => this.tx(async (c) => fn(await leaseTx(c))));
  inFlight = (now: number) => this.q((p) => inFlightPg(p, now));
  /** The batch that leased a window to an annotator, on whichever host (null when none did). */
  leasingBatch = (windowId: number, annotatorId: number) => this.q((p) => leasingBatchPg(p, windowId, annotatorId));

  addPick = (e: Omit<PickEvent, 'id' | 'createdAt'>) =>
    this.tx(async (c) => {
      if (!(await one(c, 'SELECT 1 FROM windows WHERE id = $1', [e.windowId]))) throw new CoreError('not_found', `no window with id ${e.windowId}`);
      if (!(await one(c, 'SELECT 1 FROM annotators WHERE id = $1', [e.annotatorId]))) throw new CoreError('not_found', `no annotator with id ${e.annotatorId}`);
      const r = (await one<PickRow>(c, 'INSERT INTO pick_events (window_id, annotator_id, phase, offset_seconds, uncertainty_seconds, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [e.windowId, e.annotatorId, e.phase, e.offsetSeconds, e.uncertaintySeconds, Date.now()]))!;
      await notify(c, { t: 'pick', id: r.id, windowId: r.window_id });
      return toPick(r);
    });
  pickHistory = (windowId: number) => this.q(async (p) => ((await p.query('SELECT * FROM pick_events WHERE window_id = $1 ORDER BY id', [windowId])).rows as PickRow[]).map(toPick));
  /** One pick event by id (a host applying another host's NOTIFY), or null. */
  pickById = (id: number) => this.q(async (p) => (await one<PickRow>(p, 'SELECT * FROM pick_events WHERE id = $1', [id])) ?? null);

  /** One label event by id (a host applying another host's NOTIFY), or null. */
  eventById = async (id: number): Promise<EventRow | null> => (await this.eventsByIds([id])).get(id) ?? null;

  /** Label events by id: those this host just wrote from memory, the others in one query. */
  eventsByIds = async (ids: readonly number[]): Promise<Map<number, EventRow>> => {
    const out = new Map<number, EventRow>();
    const missing: number[] = [];
    for (const id of ids) {
      const row = this.written.get(id);
      if (row) {
        out.set(id, row);
        this.written.delete(id);
      } else missing.push(id);
    }
    if (missing.length) {
      const rows = await this.q(async (p) => (await p.query('SELECT * FROM label_events WHERE id = ANY($1::bigint[])', [missing])).rows as EventRow[]);
      for (const r of rows) out.set(r.id, r);
    }
    return out;
  };

  close = async () => {
    await this.pool.end();
  };
}

