// One contract for what a team shares, run against the project file (SQLite) and against a
// real PostgreSQL cluster started for this file: people and tokens, append-only label events
// with idempotency keys, each person's own label and undo, consensus inputs, picks, models,
// and query batches with the leases they hand out.
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PgTeamStore } from '../../core/node/pgstore/pgTeamStore.js';
import { PG_SCHEMA_VERSION } from '../../core/node/pgstore/migrate.js';
import { pushProject } from '../../core/node/pgstore/transfer.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { SqliteTeamStore } from '../../core/node/team/sqliteTeamStore.js';
import type { TeamStore } from '../../core/node/team/teamStore.js';
import { pgClusterForFile } from '../helpers/pgCluster.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('seislabel-team-');
const cluster = await pgClusterForFile();
let n = 0;

interface Fixture {
  team: TeamStore;
  windows: number[];
  eq: number;
  noise: number;
  archived: number;
  /** An annotator of the import kind (imports label as one). */
  importer: number;
  /** A second handle on the same store, as another host has (the same handle for the project file, which one host serves). */
  second: () => Promise<TeamStore>;
}

/** A project with three windows and classes earthquake, noise and an archived one, as the given store. */
async function fixture(backend: 'sqlite' | 'postgres'): Promise<Fixture> {
  const path = join(dir, `p${++n}.seislabel`);
  const project = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'noise' }, { name: 'old' }]);
  const windows = [0, 1, 2].map((i) => project.insertWindow({
    sourceId: null, origin: 'manual', network: 'XX', station: `S${i}`, location: '', channels: ['HHZ'], startTime: i * 10, samplingRate: 100, data: [new Float32Array(100)],
  }));
  const [eq, noise, old] = project.listClasses();
  project.archiveClass(old!.id);
  const importer = project.ensureAnnotator('csv import', 'import').id;
  if (backend === 'sqlite') {
    const team = new SqliteTeamStore(project.db, path);
    return { team, windows, eq: eq!.id, noise: noise!.id, archived: old!.id, importer, second: async () => team };
  }
  const url = await cluster!.createDatabase(`contract_${n}`);
  const team = await PgTeamStore.connect(url);
  await pushProject(project.db, team, path);
  project.close();
  return { team, windows, eq: eq!.id, noise: noise!.id, archived: old!.id, importer, second: () => PgTeamStore.connect(url) };
}

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? 'no code';
  }
  return 'no error';
};

const backends = ['sqlite', 'postgres'] as const;

describe.each(backends)('team store contract on %s', (backend) => {
  const skip = backend === 'postgres' && !cluster;
  const make = () => fixture(backend);

  it.skipIf(skip)('invites people with tokens kept only as hashes; revoked and expired tokens stop working', async () => {
    const { team } = await make();
    const t0 = Date.now();
    const a = await team.invite('Ana', 'volunteer', undefined, t0);
    const b = await team.invite('Ben', 'analyst', 1, t0);
    expect(a.token.length).toBeGreaterThan(30);
    expect((await team.tokenOwner(a.token, t0))).toMatchObject({ name: 'Ana', role: 'volunteer', tokenId: a.id, personId: a.personId });
    expect(await team.tokenOwner('not a token', t0)).toBeNull();
    // Ben's link expires after an hour.
    expect(await team.tokenOwner(b.token, t0 + 30 * 60_000)).not.toBeNull();
    expect(await team.tokenOwner(b.token, t0 + 2 * 3_600_000)).toBeNull();
    // A second invite of Ana gives her a new role and a second link; the first still works.
    const a2 = await team.invite('Ana', 'reviewer', undefined, t0 + 1);
    expect(a2.personId).toBe(a.personId);
    expect((await team.tokenOwner(a.token, t0))!.role).toBe('reviewer');
    expect((await team.listInvites(t0)).map((i) => i.id)).toEqual([a2.id, b.id, a.id]);
    await team.revoke(a.id, t0 + 5);
    await team.revoke(a.id, t0 + 9);
    expect(await team.tokenOwner(a.token, t0 + 10)).toBeNull();
    expect(await team.tokenStillValid(a.id, t0 + 10)).toBeNull();
    expect(await team.tokenStillValid(a2.id, t0 + 10)).not.toBeNull();
    const listed = (await team.listInvites(t0 + 10)).find((i) => i.id === a.id)!;
    expect(listed).toMatchObject({ revokedAt: t0 + 5, active: false });
    expect(await code(team.revoke(999_999))).toBe('not_found');
    await team.touchToken(a2.id, t0 + 42);
    expect((await team.listInvites(t0)).find((i) => i.id === a2.id)!.lastUsedAt).toBe(t0 + 42);
    // The person labels as an annotator of their own name.
    const annotatorId = (await team.tokenOwner(a2.token, t0))!.annotatorId;
    expect((await team.listAnnotators()).find((x) => x.id === annotatorId)).toMatchObject({ name: 'Ana', kind: 'human' });
    await team.close();
  });

  it.skipIf(skip)('refuses to invite under the name of an import annotator', async () => {
    const { team } = await make();
    expect(await code(team.invite('csv import', 'volunteer'))).toBe('conflict');
    await team.close();
  });

  it.skipIf(skip)('appends label events; each person has their own current label and undo', async () => {
    const { team, windows: [w1, w2], eq, noise } = await make();
    const ana = (await team.ensureAnnotator('ana')).id;
    const ben = (await team.ensureAnnotator('ben')).id;
    expect((await team.ensureAnnotator('ana')).id).toBe(ana);
    const first = await team.addLabel({ windowId: w1!, annotatorId: ana, kind: 'class', classId: eq, listened: true });
    expect(first.replayed).toBe(false);
    expect(first.current).toMatchObject({ kind: 'class', classId: eq, annotatorId: ana, listened: true });
    await team.addLabel({ windowId: w1!, annotatorId: ana, kind: 'class', classId: noise, suggestion: { classId: noise, confidence: 0.8, modelId: 3, accepted: true } });
    await team.addLabel({ windowId: w1!, annotatorId: ben, kind: 'unsure' });
    await team.addLabel({ windowId: w2!, annotatorId: ana, kind: 'skip' });
    expect((await team.ownLabel(w1!, ana))!.classId).toBe(noise);
    expect((await team.ownLabel(w1!, ben))!.kind).toBe('unsure');
    const hist = await team.labelHistory(w1!);
    expect(hist.map((e) => [e.annotatorId, e.kind, e.classId])).toEqual([[ana, 'class', eq], [ana, 'class', noise], [ben, 'unsure', null]]);
    expect(hist[1]!.suggestion).toEqual({ classId: noise, confidence: 0.8, modelId: 3, accepted: true });
    expect(hist[0]!.suggestion).toBeNull();
    // Ana undoes her latest (the skip of w2), then her noise on w1: she is back to earthquake; Ben is untouched.
    const u1 = await team.undoLast(ana);
    expect(u1).toMatchObject({ windowId: w2, current: null });
    const u2 = await team.undoLast(ana);
    expect(u2!.current).toMatchObject({ classId: eq });
    expect((await team.ownLabel(w1!, ben))!.kind).toBe('unsure');
    expect([...(await team.ownLabels(ana)).keys()]).toEqual([w1]);
    expect((await team.undoLast(ana))!.current).toBeNull();
    expect(await team.undoLast(ana)).toBeNull();
    // The log kept everything, undos included.
    expect((await team.labelHistory(w1!)).map((e) => e.kind)).toEqual(['class', 'class', 'unsure', 'undo', 'undo']);
    await team.close();
  });

  it.skipIf(skip)('refuses labels that name nothing real, writing nothing', async () => {
    const { team, windows: [w1], eq, archived } = await make();
    const ana = (await team.ensureAnnotator('ana')).id;
    expect(await code(team.addLabel({ windowId: w1!, annotatorId: ana, kind: 'class' }))).toBe('invalid_input');
    expect(await code(team.addLabel({ windowId: w1!, annotatorId: ana, kind: 'skip', classId: eq }))).toBe('invalid_input');
    expect(await code(team.addLabel({ windowId: 987_654, annotatorId: ana, kind: 'skip' }))).toBe('not_found');
    expect(await code(team.addLabel({ windowId: w1!, annotatorId: ana, kind: 'class', classId: archived }))).toBe('not_found');
    expect(await code(team.addLabel({ windowId: w1!, annotatorId: 987_654, kind: 'skip' }))).toBe('not_found');
    expect(await team.labelHistory(w1!)).toEqual([]);
    await team.close();
  });

  it.skipIf(skip)('writes many people\'s labels given at once, each exactly once, refusing only the bad ones', async () => {
    const { team, windows, eq, noise } = await make();
    const people = await Promise.all(['ana', 'ben', 'cai', 'dee'].map(async (name) => (await team.ensureAnnotator(name)).id));
    // 4 people × 3 windows × 2 verdicts at once (PostgreSQL writes them in groups), with
    // labels that name no window mixed in: those fail alone.
    const calls = people.flatMap((a, p) => windows.flatMap((w, i) => [eq, noise].map((c, v) => ({ windowId: w, annotatorId: a, kind: 'class' as const, classId: c, idempotencyKey: `key-${p}-${i}-${v}` }))));
    const bad = people.map((a, p) => ({ windowId: 987_654, annotatorId: a, kind: 'skip' as const, idempotencyKey: `bad-key-${p}` }));
    // A person who does not exist fails only in the database (a foreign key), after writes began.
    const ghost = { windowId: windows[0]!, annotatorId: people[0]!, kind: 'unsure' as const, idempotencyKey: 'ghost-key', session: { personId: 987_654, role: 'volunteer' as const, view: 'volunteer' as const, timeToLabelMs: 10 } };
    const all = [...calls, ...bad, ghost].sort((x, y) => x.idempotencyKey.localeCompare(y.idempotencyKey));
    const results = await Promise.allSettled(all.map((l) => team.addLabel(l)));
    results.forEach((r, i) => {
      if (all[i]!.windowId === 987_654) expect(r.status === 'rejected' && (r.reason as { code: string }).code).toBe('not_found');
      else if (all[i] === ghost) expect(r.status).toBe('rejected');
      else expect(r.status, all[i]!.idempotencyKey).toBe('fulfilled');
    });
    const events = (await Promise.all(windows.map((w) => team.labelHistory(w)))).flat();
    expect(events).toHaveLength(calls.length);
    expect(new Set(events.map((e) => e.id)).size).toBe(calls.length);
    // Each person's own label is the later of their two verdicts on each window.
    for (const a of people) {
      const own = await team.ownLabels(a);
      expect(own.size).toBe(windows.length);
      for (const w of windows) {
        const mine = events.filter((e) => e.annotatorId === a && e.windowId === w).sort((x, y) => x.id - y.id);
        expect(own.get(w)!.eventId).toBe(mine.at(-1)!.id);
      }
    }
    await team.close();
  });

  it.skipIf(skip)('writes a label retried with the same client key once, even when the retries race', async () => {
    const { team, windows: [w1, w2], eq, noise } = await make();
    const ana = (await team.ensureAnnotator('ana')).id;
    const ben = (await team.ensureAnnotator('ben')).id;
    const l = { windowId: w1!, annotatorId: ana, kind: 'class' as const, classId: eq, idempotencyKey: 'key-00001' };
    const tries = await Promise.all(Array.from({ length: 12 }, () => team.addLabel(l)));
    expect(tries.filter((t) => !t.replayed)).toHaveLength(1);
    expect(new Set(tries.map((t) => t.event.id)).size).toBe(1);
    expect(await team.labelHistory(w1!)).toHaveLength(1);
    // The same key for another verdict is a client bug, said out loud, not a silent drop.
    expect(await code(team.addLabel({ ...l, classId: noise }))).toBe('conflict');
    expect(await code(team.addLabel({ ...l, windowId: w2! }))).toBe('conflict');
    // Keys are per person: Ben's k-1 is his own label.
    expect((await team.addLabel({ ...l, annotatorId: ben })).replayed).toBe(false);
    expect(await team.labelHistory(w1!)).toHaveLength(2);
    await team.close();
  });

  it.skipIf(skip)('derives the consensus from everyone\'s own labels, gold windows and the settings', async () => {
    const { team, windows: [w1, w2, w3], eq, noise } = await make();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(async (x) => (await team.ensureAnnotator(x)).id));
    await team.addLabel({ windowId: w1!, annotatorId: a!, kind: 'class', classId: eq });
    await team.addLabel({ windowId: w1!, annotatorId: b!, kind: 'class', classId: eq });
    await team.addLabel({ windowId: w1!, annotatorId: c!, kind: 'class', classId: noise });
    await team.addLabel({ windowId: w2!, annotatorId: a!, kind: 'class', classId: noise });
    await team.addLabel({ windowId: w3!, annotatorId: a!, kind: 'unsure' });
    let cons = await team.consensus();
    expect(cons.method).toBe('majority');
    expect(cons.labels.get(w1!)).toMatchObject({ classId: eq, consensus: { votes: 3, method: 'majority' } });
    expect(cons.labels.get(w1!)!.consensus!.confidence).toBeCloseTo(2 / 3);
    expect(cons.labels.get(w3!)!.kind).toBe('unsure');
    expect(cons.judged.get(w1!)).toBe(3);
    expect((await team.allOwnLabels()).map((l) => [l.windowId, l.annotatorId])).toEqual([[w1, a], [w1, b], [w1, c], [w2, a], [w3, a]]);
    await team.setGold(w1!, noise);
    expect(await team.goldWindows()).toEqual(new Map([[w1!, noise]]));
    cons = await team.consensus();
    expect(cons.labels.get(w1!)).toMatchObject({ classId: noise, consensus: { confidence: 1, method: 'gold' } });
    await team.setGold(w1!, null);
    expect((await team.consensus()).labels.get(w1!)!.classId).toBe(eq);
    expect(await code(team.setGold(987_654, eq))).toBe('not_found');
    expect(await team.crowdSettings()).toMatchObject({ method: 'majority', votesPerWindow: 1, retireAgreeing: null });
    expect(await team.updateCrowdSettings({ method: 'dawid-skene', votesPerWindow: 3 })).toMatchObject({ method: 'dawid-skene', votesPerWindow: 3, retireAgreeing: null });
    expect(await code(team.updateCrowdSettings({ votesPerWindow: 0 }))).toBe('invalid_input');
    expect((await team.crowdSettings()).votesPerWindow).toBe(3);
    expect((await team.consensus()).method).toBe('dawid-skene');
    // A vote changed on another path (undo) changes the consensus, not a stale cache.
    await team.undoLast(c!);
    expect((await team.consensus('majority')).labels.get(w1!)!.consensus!.confidence).toBe(1);
    await team.close();
  });

  it.skipIf(skip)('keeps model versions with their parameters byte for byte', async () => {
    const { team, windows, eq, noise } = await make();
    const params = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) % 256);
    const m = { kind: 'forest', backend: 'js', seed: 7, classIds: [eq, noise], featureSet: 'v1', trainingSet: { train: windows, validation: [], test: [] }, metrics: { accuracy: 0.5 }, trainMs: 12.5 };
    const id1 = await team.insertModel({ ...m, params });
    const id2 = await team.insertModel({ ...m, seed: 8, params: new Uint8Array([1, 2, 3]) });
    const list = await team.listModels();
    expect(list.map((x) => x.id)).toEqual([id2, id1]);
    expect(list[1]).toMatchObject({ ...m, id: id1 });
    expect(Buffer.compare(await team.modelParams(id1), Buffer.from(params))).toBe(0);
    expect(await code(team.modelParams(987_654))).toBe('not_found');
    await team.close();
  });

  it.skipIf(skip)('appends pick events per window and phase, refusing ones that name nothing real', async () => {
    const { team, windows } = await make();
    const ana = (await team.ensureAnnotator('Ana')).id;
    const p1 = await team.addPick({ windowId: windows[0]!, annotatorId: ana, phase: 'P', offsetSeconds: 0.4, uncertaintySeconds: 0.05 });
    const p2 = await team.addPick({ windowId: windows[0]!, annotatorId: ana, phase: 'P', offsetSeconds: null, uncertaintySeconds: null });
    await team.addPick({ windowId: windows[1]!, annotatorId: ana, phase: 'S', offsetSeconds: 0.7, uncertaintySeconds: null });
    expect(p2.id).toBeGreaterThan(p1.id);
    expect(p1).toMatchObject({ windowId: windows[0], annotatorId: ana, phase: 'P', offsetSeconds: 0.4, uncertaintySeconds: 0.05 });
    expect(await team.pickHistory(windows[0]!)).toEqual([p1, p2]);
    expect(await code(team.addPick({ windowId: 987_654, annotatorId: ana, phase: 'P', offsetSeconds: 1, uncertaintySeconds: null }))).toBe('not_found');
    expect(await code(team.addPick({ windowId: windows[0]!, annotatorId: 987_654, phase: 'P', offsetSeconds: 1, uncertaintySeconds: null }))).toBe('not_found');
    expect(await team.pickHistory(windows[0]!)).toHaveLength(2);
    await team.close();
  });

  it.skipIf(skip)('leases windows: others\' unanswered, unexpired leases count per window, and choices never interleave', async () => {
    const { team, windows, eq, second } = await make();
    const [w0, w1, w2] = windows as [number, number, number];
    const ana = (await team.ensureAnnotator('Ana')).id;
    const ben = (await team.ensureAnnotator('Ben')).id;
    const t0 = 1_700_000_000_000;
    const batch = (ids: number[], at: number) => ({ strategy: 'entropy', modelId: null, seed: 1, windowIds: ids, scores: ids.map(() => 0.5), createdAt: at });
    const b1 = await team.leasing(async (tx) => {
      expect(await tx.state(ana, t0)).toEqual({ held: new Map(), mine: new Set(), assigned: 0 });
      return tx.record(batch([w0, w1], t0), { annotatorId: ana, gold: new Set([w1]), now: t0, seconds: 60 });
    });
    expect(b1).toBeGreaterThan(0);
    expect(await team.leasing((tx) => tx.state(ben, t0 + 1))).toEqual({ held: new Map([[w0, 1], [w1, 1]]), mine: new Set(), assigned: 0 });
    expect(await team.leasing((tx) => tx.state(ana, t0 + 1))).toEqual({ held: new Map(), mine: new Set([w0, w1]), assigned: 2 });
    // The owner's queue (no annotator) sees everyone's leases.
    expect((await team.leasing((tx) => tx.state(null, t0 + 1))).held).toEqual(new Map([[w0, 1], [w1, 1]]));
    expect(await team.inFlight(t0 + 1)).toEqual(new Map([[ana, 2]]));
    // Answered, a lease no longer holds its window; expired, none does.
    await team.addLabel({ windowId: w0, annotatorId: ana, kind: 'class', classId: eq });
    expect((await team.leasing((tx) => tx.state(ben, t0 + 2))).held).toEqual(new Map([[w1, 1]]));
    expect(await team.inFlight(t0 + 2)).toEqual(new Map([[ana, 1]]));
    expect((await team.leasing((tx) => tx.state(ben, t0 + 60_001))).held).toEqual(new Map());
    expect(await team.inFlight(t0 + 60_001)).toEqual(new Map());
    // Leased again, a window is renewed, not counted twice.
    const b2 = await team.leasing((tx) => tx.record(batch([w1], t0 + 70_000), { annotatorId: ana, gold: new Set(), now: t0 + 70_000, seconds: 60 }));
    expect(b2).toBeGreaterThan(b1);
    expect(await team.leasing((tx) => tx.state(ana, t0 + 70_001))).toEqual({ held: new Map(), mine: new Set([w1]), assigned: 2 });
    // A batch without a lease (the owner's queue) leases nothing.
    await team.leasing((tx) => tx.record(batch([w2], t0 + 70_000), null));
    expect((await team.leasing((tx) => tx.state(ben, t0 + 70_001))).held).toEqual(new Map([[w1, 1]]));

    // Two people ask at once, through two handles (two hosts on PostgreSQL), for the one free
    // window; each choice reads, waits, then writes: exactly one of them gets it.
    const other = await second();
    const cara = (await team.ensureAnnotator('Cara')).id;
    const take = (store: TeamStore, who: number) => store.leasing(async (tx) => {
      const s = await tx.state(who, t0 + 80_000);
      await new Promise((r) => setTimeout(r, 100));
      const free = s.held.has(w2) ? [] : [w2];
      await tx.record(batch(free, t0 + 80_000), { annotatorId: who, gold: new Set(), now: t0 + 80_000, seconds: 60 });
      return free;
    });
    const got = await Promise.all([take(team, ben), take(other, cara)]);
    expect(got.flat()).toEqual([w2]);
    expect((await team.leasing((tx) => tx.state(ana, t0 + 80_001))).held).toEqual(new Map([[w2, 1]]));
    if (other !== team) await other.close();
    await team.close();
  });
});

describe.skipIf(!cluster)('team database schema on PostgreSQL', () => {
  it('is migrated to the newest version, and a database from a newer Seislabel is refused untouched', async () => {
    const url = await cluster!.createDatabase('schema_newer');
    const store = await PgTeamStore.connect(url);
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    expect((await c.query('SELECT max(version) AS v FROM seislabel_schema')).rows[0].v).toBe(PG_SCHEMA_VERSION);
    await c.query("INSERT INTO seislabel_schema (version, name, applied_at) VALUES ($1, 'from the future', 0)", [PG_SCHEMA_VERSION + 1]);
    const before = (await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0].n;
    let err: Error | null = null;
    try {
      await PgTeamStore.connect(url);
    } catch (e) {
      err = e as Error;
    }
    expect((err as { code?: string }).code).toBe('too_new');
    expect(err!.message).toContain(`schema ${PG_SCHEMA_VERSION + 1}, this version knows up to ${PG_SCHEMA_VERSION}`);
    expect(err!.message).toContain('not modified');
    expect((await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0].n).toBe(before);
    await c.end();
  });

  it('says the database cannot be reached, naming it without its password', async () => {
    const err = await PgTeamStore.connect(`postgres://u:secret@127.0.0.1:${cluster!.port + 1}/x`).catch((e: Error) => e);
    expect((err as { code?: string }).code).toBe('unavailable');
    expect((err as Error).message).toContain('127.0.0.1');
    expect((err as Error).message).not.toContain('secret');
  });
});
