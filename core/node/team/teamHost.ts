// A host serving a project whose team tables live in PostgreSQL (`seislabel serve P
// --db postgres://…`). PostgreSQL is the record: people, tokens, label and pick events, gold
// windows and consensus settings are written there first, and a write is acknowledged only once it
// committed there. The waveforms and features are read from the project file on this host,
// which also keeps a replica of the team tables (kept by this class): the consensus, the
// window lists and the model read them locally, synchronously, as on a single-file host.
// Every host LISTENs for the NOTIFY each write sends and applies the change to its replica,
// then pushes it to its own clients — so a label given through one host appears at once
// on the dashboards served by the others.
//
// Models are trained by one host at a time, the team's trainer: the host holding a session
// advisory lock on its listening connection, so the lock goes with the host (a killed
// process, a lost link) and another host takes it at its next try. The trainer counts every
// host's labels, trains, and writes the model to PostgreSQL first; every host, the trainer
// too, puts it in its file under the same id and serves the queue from it.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { pgConfig, PgTeamStore, TEAM_CHANNEL, type SharedModel, type TeamNotice } from '../pgstore/pgTeamStore.js';
import { checkSameWindows, TEAM_META, TEAM_TABLES } from '../pgstore/transfer.js';
import type { WritableDb } from '../store/db.js';
import { noteLateLabel } from '../store/consensus.js';
import { recomputeOwn, type EventRow } from '../store/labels.js';
import { leaseWindows } from '../store/assignments.js';
import { insertModel, insertQueryBatch, type ModelSaver } from '../store/models.js';
import type { LeaseTx, NewBatch, NewLease } from './teamStore.js';

/** The tables a host replicates: what the team writes while it serves. */
const REPLICATED = ['annotators', 'people', 'access_tokens', 'label_events', 'annotator_labels', 'gold_windows', 'pick_events'];

export interface TeamStatus {
  /** Whether the LISTEN connection to the team database is up. */
  connected: boolean;
  /** Label events applied from other hosts' notices since start. */
  applied: number;
  /** Times the connection was lost. */
  disconnects: number;
  /** Whether this host trains the team's models now. */
  trainer: boolean;
  /** The host that trains them (this one's name when `trainer`), null when none holds the lock. */
  trainerHost: string | null;
}

/** The advisory lock (two-key form) whose holder trains the team's models; 1 is taken by label writes. */
const TRAINER_LOCK = [2, 0] as const;
/** How often a host that does not train tries to become the trainer (and re-reads who is). */
const ELECT_MS = 1000;
/** Prefix of the listening connection's application_name, which names the host to the others. */
const APP_PREFIX = 'seislabel host ';

export class TeamHost {
  private listener: pg.Client | null = null;
  private closed = false;
  private retryMs = 250;
  private electTimer: NodeJS.Timeout | null = null;
  private electing = false;
  /** Training requests this host sent to the trainer, by request id. */
  private readonly waiting = new Map<string, { resolve: (modelId: number) => void; reject: (e: Error) => void }>();
  /** This host as the others name it (PostgreSQL's application_name allows 63 characters). */
  readonly name = `${hostname()} pid ${process.pid}`.slice(0, 63 - APP_PREFIX.length);
  readonly status: TeamStatus = { connected: false, applied: 0, disconnects: 0, trainer: false, trainerHost: null };

  private constructor(
    private readonly core: Core,
    readonly store: PgTeamStore,
    private readonly log: (s: string) => void,
  ) {}

  /**
   * Connects to the team database for the open project: checks that the file holds the
   * team's windows, brings the file's replica in line with the database, and listens.
   */
  static async start(core: Core, url: string, log: (s: string) => void): Promise<TeamHost> {
    const project = core.requireProject();
    // The file's team tables are a replica, rebuilt from the database at every start: the
    // durability of an acknowledged label is PostgreSQL's commit, so the replica need not
    // wait for the disk at each of its own (WAL with synchronous=NORMAL survives a killed
    // process; a power loss costs at most replica rows the next start restores).
    project.db.pragma('synchronous = NORMAL');
    const store = await PgTeamStore.connect(url);
    try {
      await checkSameWindows(project.db, store, project.path);
      const host = new TeamHost(core, store, log);
      await host.replicate(true);
      await host.listen();
      await host.catchUpModels();
      await host.elect();
      host.electTimer = setInterval(() => void host.elect().catch(() => {}), ELECT_MS).unref();
      return host;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  private get db(): WritableDb {
    return this.core.requireProject().db;
  }

  /**
   * Makes the file's team tables equal to the database's. At start, a label or invite the
   * file has and the database lacks (the file was labeled without --db after the push)
   * stops the host instead of being overwritten.
   */
  private async replicate(first: boolean): Promise<void> {
    const data: Record<string, unknown[][]> = {};
    let meta: { key: string; value: string }[] = [];
    await this.store.tx(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const t of TEAM_TABLES.filter((x) => REPLICATED.includes(x.name))) {
        data[t.name] = (await c.query({ text: `SELECT ${t.cols.join(', ')} FROM ${t.name} ORDER BY ${t.order}`, rowMode: 'array' })).rows as unknown[][];
      }
      meta = (await c.query('SELECT key, value FROM project_meta WHERE key = ANY($1)', [TEAM_META])).rows as { key: string; value: string }[];
    });
    const db = this.db;
    if (first) {
      const remote = new Set(data.label_events!.map((r) => `${r[0]}|${r[1]}|${r[2]}|${r[3]}`));
      const localOnly = (db.prepare('SELECT id, window_id, annotator_id, kind FROM label_events').raw().all() as unknown[][]).filter((r) => !remote.has(r.join('|')));
      const tokens = new Set(data.access_tokens!.map((r) => r[2]));
      const tokensOnly = (db.prepare('SELECT token_sha256 FROM access_tokens').pluck().all() as string[]).filter((t) => !tokens.has(t));
      // Models too: the file's models must be the database's, id for id, since shared models keep their ids.
      const picks = new Set(data.pick_events!.map((r) => `${r[0]}|${r[1]}|${r[2]}|${r[3]}`));
      const picksOnly = (db.prepare('SELECT id, window_id, annotator_id, phase FROM pick_events').raw().all() as unknown[][]).filter((r) => !picks.has(r.join('|')));
      const remoteModels = new Set((await this.store.pool.query('SELECT id, created_at FROM models')).rows.map((r: { id: number; created_at: number }) => `${r.id}|${r.created_at}`));
      const modelsOnly = (db.prepare('SELECT id, created_at FROM models').raw().all() as unknown[][]).filter((r) => !remoteModels.has(r.join('|')));
      if (localOnly.length || tokensOnly.length || modelsOnly.length || picksOnly.length) {
        throw new CoreError('conflict', `${this.core.requireProject().path} has ${localOnly.length} label event(s), ${picksOnly.length} pick event(s), ${tokensOnly.length} invite link(s) and ${modelsOnly.length} model(s) that the team database (${this.store.where}) does not: they were made in the file after it was pushed. Nothing was changed; keep this file, and serve a copy pulled from the team database (seislabel team pull) instead.`);
      }
    }
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        for (const t of [...TEAM_TABLES].reverse().filter((x) => REPLICATED.includes(x.name))) db.prepare(`DELETE FROM ${t.name}`).run();
        for (const t of TEAM_TABLES.filter((x) => REPLICATED.includes(x.name))) {
          const put = db.prepare(`INSERT INTO ${t.name} (${t.cols.join(', ')}) VALUES (${t.cols.map(() => '?').join(', ')})`);
          for (const row of data[t.name]!) put.run(...row);
        }
        for (const m of meta) db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(m.key, m.value);
        this.bumpLocalVersion();
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new CoreError('conflict', `${this.core.requireProject().path}: the team database's labels do not fit this file (${broken.length} broken references); nothing was changed`);
      })();
    } finally {
      db.pragma('foreign_keys = ON');
    }
  }

  /** Invalidates the replica's cached consensus (a change that does not raise the newest event id). */
  private bumpLocalVersion(): void {
    this.db.prepare(`INSERT INTO project_meta (key, value) VALUES ('crowd_version', '1')
      ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`).run();
  }

  /** Copies a missing annotator (a person invited through another host) into the replica. */
  async ensureLocalAnnotator(id: number): Promise<void> {
    if (this.db.prepare('SELECT 1 FROM annotators WHERE id = ?').get(id)) return;
    const r = (await this.store.pool.query('SELECT id, name, kind, created_at FROM annotators WHERE id = $1', [id])).rows[0] as { id: number; name: string; kind: string; created_at: number } | undefined;
    if (!r) throw new CoreError('not_found', `no annotator with id ${id} in the team database`);
    this.db.prepare('INSERT OR IGNORE INTO annotators (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(r.id, r.name, r.kind, r.created_at);
  }

  /**
   * The person behind a label, copied into the replica so its provenance can name them; null
   * when the replica cannot hold them (a name taken there by another id): the team database
   * keeps the full provenance either way.
   */
  async localPerson(id: number | null): Promise<number | null> {
    if (id === null) return null;
    if (this.db.prepare('SELECT 1 FROM people WHERE id = ?').get(id)) return id;
    const r = (await this.store.pool.query('SELECT id, name, role, annotator_id, created_at FROM people WHERE id = $1', [id])).rows[0] as
      { id: number; name: string; role: string; annotator_id: number; created_at: number } | undefined;
    if (!r) return null;
    await this.ensureLocalAnnotator(r.annotator_id);
    this.db.prepare('INSERT OR IGNORE INTO people (id, name, role, annotator_id, created_at) VALUES (?, ?, ?, ?, ?)').run(r.id, r.name, r.role, r.annotator_id, r.created_at);
    return this.db.prepare('SELECT 1 FROM people WHERE id = ?').get(id) ? id : null;
  }

  /**
   * Applies one label event (written by this host or another) to the replica and tells
   * this host's clients; an event already applied changes nothing and tells no one.
   */
  async applyEvent(id: number, known?: EventRow): Promise<boolean> {
    if (this.db.prepare('SELECT 1 FROM label_events WHERE id = ?').get(id)) return false;
    const row = known ?? (await this.store.eventById(id));
    if (!row) return false;
    await this.ensureLocalAnnotator(row.annotator_id);
    const db = this.db;
    const local = { ...(row as unknown as Record<string, unknown>) };
    local.person_id = await this.localPerson((row as unknown as { person_id: number | null }).person_id ?? null);
    // A batch chosen on another host is not in this replica: its strategy and model stay, its id does not.
    if (local.query_batch_id != null && !db.prepare('SELECT 1 FROM query_batches WHERE id = ?').get(local.query_batch_id)) local.query_batch_id = null;
    const own = db.transaction(() => {
      const cols = ['id', 'window_id', 'annotator_id', 'kind', 'class_id', 'listened', 'undoes', 'created_at', 'suggested_class_id', 'suggestion_confidence', 'suggestion_model_id', 'suggestion_accepted', 'person_id', 'role', 'view', 'shown_at', 'time_to_label_ms', 'query_batch_id', 'query_strategy', 'query_model_id', 'idempotency_key'] as const;
      const r = db.prepare(`INSERT OR IGNORE INTO label_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
        .run(...cols.map((c) => local[c] ?? null));
      if (r.changes === 0) return undefined;
      const own = recomputeOwn(db, row.window_id, row.annotator_id);
      // Ids from a sequence can commit out of order across hosts: an older id arriving late
      // is not among the events newer than those the live consensus has seen.
      const newest = db.prepare('SELECT max(id) FROM label_events').pluck().get() as number;
      if (newest !== id) noteLateLabel(db, row.window_id, row.annotator_id);
      return own;
    })();
    if (own === undefined) return false;
    const store = this.core.requireProject();
    this.core.emit('labels.changed', { windowId: row.window_id, current: store.currentLabel(row.window_id), by: row.annotator_id, own });
    if (row.kind !== 'undo') this.core.retrainer.noteLabel();
    return true;
  }

  /** Applies label events in id order, read from the database in one query; returns how many were new here. */
  async applyEvents(ids: readonly number[]): Promise<number> {
    const fresh = ids.filter((id) => !this.db.prepare('SELECT 1 FROM label_events WHERE id = ?').get(id));
    if (!fresh.length) return 0;
    const rows = await this.store.eventsByIds(fresh);
    let n = 0;
    for (const id of [...fresh].sort((x, y) => x - y)) if (await this.applyEvent(id, rows.get(id))) n++;
    return n;
  }

  /**
   * Batch choices on a team host. The leases are read from and written to the team database
   * directly, under its lease lock, rather than replicated: a replica lags the NOTIFY by a
   * moment, and in that moment two hosts could both hand out a window's last place. The
   * replica's labels are caught up under the same lock, so the judgements counted beside the
   * leases are as new as they. The batch and this host's leases are then copied into the
   * file, under the team's batch id, for the provenance of the labels given through it.
   */
  leasing<T>(fn: (tx: LeaseTx) => Promise<T>): Promise<T> {
    let recorded: { id: number; b: NewBatch; lease: NewLease | null } | null = null;
    const out = this.store.leasing((tx) => fn({
      state: async (annotatorId, now) => {
        const s = await tx.state(annotatorId, now);
        await this.catchUp();
        return s;
      },
      record: async (b, lease) => {
        const id = await tx.record(b, lease);
        recorded = { id, b, lease };
        return id;
      },
    }));
    return out.then((v) => {
      const r = recorded as { id: number; b: NewBatch; lease: NewLease | null } | null;
      if (r) {
        this.db.transaction(() => {
          insertQueryBatch(this.db, r.b, { id: r.id, createdAt: r.b.createdAt });
          if (r.lease) leaseWindows(this.db, r.lease.annotatorId, r.id, r.b.windowIds, r.lease.gold, r.lease.now, r.lease.seconds);
        })();
      }
      return v;
    });
  }

  /** Applies one pick event (this host's or another's) to the replica and tells this host's clients; one already applied changes nothing. */
  async applyPick(id: number): Promise<boolean> {
    if (this.db.prepare('SELECT 1 FROM pick_events WHERE id = ?').get(id)) return false;
    const r = await this.store.pickById(id);
    if (!r) return false;
    await this.ensureLocalAnnotator(r.annotator_id);
    this.db.prepare('INSERT OR IGNORE INTO pick_events (id, window_id, annotator_id, phase, offset_seconds, uncertainty_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.window_id, r.annotator_id, r.phase, r.offset_seconds, r.uncertainty_seconds, r.created_at);
    this.core.emit('picks.changed', { windowId: r.window_id, picks: this.core.requireProject().loadWindow(r.window_id).picks });
    return true;
  }

  /** Pick events the replica lacks (missed while disconnected). Picks are few: all ids are compared. */
  private async catchUpPicks(): Promise<number> {
    const ids = (await this.store.pool.query('SELECT id FROM pick_events ORDER BY id')).rows as { id: number }[];
    let n = 0;
    for (const { id } of ids) if (await this.applyPick(id)) n++;
    return n;
  }

  /** Re-reads gold windows and settings after a change (this host's or another's). */
  async syncCrowd(): Promise<void> {
    const [gold, meta] = await Promise.all([
      this.store.pool.query('SELECT window_id, class_id, created_at FROM gold_windows ORDER BY window_id'),
      this.store.pool.query('SELECT key, value FROM project_meta WHERE key = ANY($1)', [TEAM_META]),
    ]);
    const db = this.db;
    db.transaction(() => {
      db.prepare('DELETE FROM gold_windows').run();
      const put = db.prepare('INSERT INTO gold_windows (window_id, class_id, created_at) VALUES (?, ?, ?)');
      for (const g of gold.rows as { window_id: number; class_id: number; created_at: number }[]) put.run(g.window_id, g.class_id, g.created_at);
      for (const m of meta.rows as { key: string; value: string }[]) {
        if (m.key !== 'crowd_version') db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(m.key, m.value);
      }
      this.bumpLocalVersion();
    })();
    this.core.emit('windows.changed', { total: this.core.requireProject().countWindows() });
  }

  /** Label events of the database the replica lacks (missed while disconnected), applied in order. */
  private async catchUp(): Promise<number> {
    const localMax = (this.db.prepare('SELECT coalesce(max(id), 0) FROM label_events').pluck().get() as number);
    // Events committed out of order may hide just below the newest id seen: look back a margin,
    // asking only for the ids the replica lacks there (this runs before every leased batch).
    const from = Math.max(0, localMax - 1000);
    const have = this.db.prepare('SELECT id FROM label_events WHERE id > ?').pluck().all(from) as number[];
    const ids = (await this.store.pool.query('SELECT id FROM label_events WHERE id > $1 AND NOT (id = ANY($2::bigint[])) ORDER BY id', [from, have])).rows as { id: number }[];
    return this.applyEvents(ids.map((r) => r.id));
  }

  private async onNotice(n: TeamNotice): Promise<void> {
    if (n.t === 'label') {
      if (await this.applyEvent(n.id)) this.status.applied++;
    } else if (n.t === 'labels') {
      this.status.applied += await this.applyEvents(n.ids);
    } else if (n.t === 'crowd') await this.syncCrowd();
    else if (n.t === 'people') await this.syncAnnotators();
    else if (n.t === 'model') {
      await this.applyModel(n.id);
      for (const r of n.req) this.waiting.get(r)?.resolve(n.id);
    } else if (n.t === 'trainFailed') {
      for (const r of n.req) this.waiting.get(r)?.reject(new CoreError('conflict', `the team's trainer could not train: ${n.message}`));
    } else if (n.t === 'pick') await this.applyPick(n.id);
    else if (this.status.trainer) this.core.retrainer.train(n.seed, n.kind, n.req);
  }

  /**
   * Puts a model of the team database in the file under the same id, with the predictions
   * its trainer shipped, and tells this host's clients, exactly as a training here does. A
   * model already in the file changes nothing.
   */
  async applyModel(id: number, known?: SharedModel): Promise<boolean> {
    if (this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id)) return false;
    const m = known ?? (await this.store.sharedModel(id));
    if (!m) return false;
    const { id: _id, createdAt, ...record } = m.record;
    // A model pushed from a file has no shared predictions; the file that pushed it kept its own.
    insertModel(this.db, { ...record, params: m.params }, m.predictions ?? { windowIds: [], probs: new Float32Array(0) }, { id, createdAt });
    if (!known) {
      // Labels are counted from the newest model on, whichever host trained it: a host that takes over training starts where the last trainer was.
      this.core.retrainer.reset();
      this.core.emit('models.changed', { modelId: id });
    }
    return true;
  }

  /** Models of the team database the file lacks (trained while this host was away), applied oldest first. */
  private async catchUpModels(): Promise<number> {
    const ids = (await this.store.pool.query('SELECT id FROM models ORDER BY id')).rows as { id: number }[];
    let n = 0;
    for (const { id } of ids) if (await this.applyModel(id)) n++;
    return n;
  }

  /**
   * Where the trainer's models go: the team database first (one transaction with its NOTIFY),
   * then this file under the same id. `requests` gives the other hosts' requests the model answers.
   */
  modelSaver(requests: () => string[]): ModelSaver {
    return async (m, predictions) => {
      // The lock went with a lost connection: another host may be training now, and two models for one round would be one too many.
      if (!this.status.trainer) throw new CoreError('conflict', `this host stopped training for the team (its connection to ${this.store.where} was lost) before the model was stored; the model was not stored`);
      const { id, createdAt } = await this.store.publishModel(m, predictions, requests());
      const { params, ...rest } = m;
      await this.applyModel(id, { record: { ...rest, id, createdAt }, params: Buffer.from(params), predictions });
      return id;
    };
  }

  /**
   * On a host that does not train: asks the team's trainer for a training and returns a task
   * here that ends when the model arrives (or the trainer says why it could not train).
   */
  requestTraining(kind: 'forest' | 'cnn', seed: number): string {
    const trainer = this.status.trainerHost;
    if (!trainer) throw new CoreError('unavailable', `no host trains for the team right now (${this.store.where}); try again in a moment`);
    const req = randomUUID();
    const title = `${kind === 'cnn' ? 'Train the CNN on waveforms' : 'Train the feature model'} (on host ${trainer}, the team's trainer)`;
    const task = this.core.tasks.start('train', title, async (ctx) => {
      const answer = new Promise<number>((resolve, reject) => {
        this.waiting.set(req, { resolve, reject });
        ctx.signal.addEventListener('abort', () => reject(new CoreError('cancelled', 'cancelled by the user')), { once: true });
      });
      try {
        await this.store.announce({ t: 'train', req, kind, seed });
        ctx.progress(0, 1, `host ${trainer} trains for the team`);
        return { modelId: await answer };
      } finally {
        this.waiting.delete(req);
      }
    });
    return task.id;
  }

  /**
   * Tries to become the team's trainer (the lock is free when no host holds it: the last
   * trainer stopped or lost its connection), and re-reads which host is.
   */
  private async elect(): Promise<void> {
    const c = this.listener;
    // One try at a time: a slow answer must not overlap the next tick's.
    if (!c || this.electing) return;
    this.electing = true;
    try {
      await this.electOn(c);
    } finally {
      this.electing = false;
    }
  }

  private async electOn(c: pg.Client): Promise<void> {
    if (!this.status.trainer) {
      const got = (await c.query('SELECT pg_try_advisory_lock($1, $2) AS got', [...TRAINER_LOCK])).rows[0] as { got: boolean };
      if (got.got && this.listener === c) {
        this.status.trainer = true;
        this.log(`team database ${this.store.where}: this host (${this.name}) now trains the team's models`);
      } else if (got.got) void c.query('SELECT pg_advisory_unlock($1, $2)', [...TRAINER_LOCK]).catch(() => {});
    }
    const before = this.status.trainerHost;
    this.status.trainerHost = this.status.trainer ? this.name : await this.trainerHost();
    // Requests to a trainer that went away would wait for ever: they end, saying why.
    if (before && before !== this.status.trainerHost) {
      for (const w of this.waiting.values()) w.reject(new CoreError('unavailable', `host ${before} stopped training for the team before it answered; train again`));
    }
  }

  /** The host holding the trainer lock, by its connection's application_name. */
  private async trainerHost(): Promise<string | null> {
    const r = await this.store.pool.query(
      `SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`, [...TRAINER_LOCK]);
    const app = (r.rows[0] as { app: string } | undefined)?.app;
    return app === undefined ? null : app.startsWith(APP_PREFIX) ? app.slice(APP_PREFIX.length) : app;
  }

  /** Copies people's annotators invited through any host, so lists name them before they label. */
  private async syncAnnotators(): Promise<void> {
    const rows = (await this.store.pool.query('SELECT id, name, kind, created_at FROM annotators ORDER BY id')).rows as { id: number; name: string; kind: string; created_at: number }[];
    const put = this.db.prepare('INSERT OR IGNORE INTO annotators (id, name, kind, created_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => { for (const r of rows) put.run(r.id, r.name, r.kind, r.created_at); })();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ ...pgConfig(this.store.url), application_name: `${APP_PREFIX}${this.name}` });
    // Notices are applied one after another, in the order PostgreSQL delivered them.
    let chain = Promise.resolve();
    client.on('notification', (m) => {
      if (m.channel !== TEAM_CHANNEL || !m.payload) return;
      const notice = JSON.parse(m.payload) as TeamNotice;
      chain = chain.then(() => this.onNotice(notice)).catch((e: Error) => this.log(`team database: could not apply a change (${e.message}); it is caught up at the next reconnect`));
    });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.status.connected = false;
      this.status.disconnects++;
      // The session, and the trainer lock with it, is gone.
      if (this.status.trainer) this.log(`team database ${this.store.where}: this host no longer trains the team's models (connection lost)`);
      this.status.trainer = false;
      // The answer to a training request may come while this host is not listening: the request ends, saying so.
      for (const w of this.waiting.values()) w.reject(new CoreError('unavailable', `the connection to ${this.store.where} was lost while the team's trainer trained; the model arrives when it is back, or train again`));
      client.removeAllListeners('error');
      client.on('error', () => {});
      void client.end().catch(() => {});
      if (this.closed) return;
      this.log(`team database ${this.store.where}: connection lost (${why}); labels cannot be saved until it is back — reconnecting`);
      this.reconnect();
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('the server closed the connection'));
    await client.connect();
    await client.query(`LISTEN ${TEAM_CHANNEL}`);
    this.listener = client;
    this.status.connected = true;
  }

  private reconnect(): void {
    setTimeout(async () => {
      if (this.closed) return;
      try {
        await this.listen();
        const n = await this.catchUp();
        await this.syncCrowd();
        await this.catchUpPicks();
        const models = await this.catchUpModels();
        await this.elect();
        this.retryMs = 250;
        this.log(`team database ${this.store.where}: connection restored; caught up ${n} label event(s) and ${models} model(s) written meanwhile`);
      } catch {
        if (this.listener) {
          const l = this.listener;
          this.listener = null;
          this.status.connected = false;
          this.status.trainer = false;
          void l.end().catch(() => {});
        }
        this.retryMs = Math.min(this.retryMs * 2, 5000);
        this.reconnect();
      }
    }, this.retryMs).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.electTimer) clearInterval(this.electTimer);
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => {});
    await this.store.close();
  }
}

