// `seislabel team push` and `team pull` move a project to a real PostgreSQL and back with
// nothing lost: every row of every team table (labels with history and provenance, picks,
// people and hashed tokens, gold, settings, models, query batches and their leases) comes back as it was,
// plus what the team wrote in the database meanwhile (labels, and a model with its predictions).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../core/node/cli/main.js';
import { PgTeamStore } from '../../core/node/pgstore/pgTeamStore.js';
import { leaseWindows } from '../../core/node/store/assignments.js';
import { insertModel, insertQueryBatch, predictionsFor } from '../../core/node/store/models.js';
import { invite, tokenOwner } from '../../core/node/store/people.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { pgClusterForFile } from '../helpers/pgCluster.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('seislabel-transfer-');
const cluster = await pgClusterForFile();

const TABLES = ['classes', 'annotators', 'people', 'access_tokens', 'label_events', 'annotator_labels', 'gold_windows', 'pick_events', 'models', 'query_batches', 'assignments'];
const dump = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries([
      ...TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]),
      ['meta', db.prepare("SELECT * FROM project_meta WHERE key LIKE 'crowd_%' ORDER BY key").all()],
      ['windows', db.prepare('SELECT id, samples FROM windows ORDER BY id').all()],
    ]);
  } finally {
    db.close();
  }
};

const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await main(argv, { log: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, text: lines.join('\n') };
};

/** A project with a bit of everything a team leaves behind. */
function richProject(path: string): { token: string; windows: number[] } {
  const p = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'noise' }]);
  const windows = [0, 1, 2, 3].map((i) => p.insertWindow({
    sourceId: null, origin: 'manual', network: 'XX', station: `S${i}`, location: '', channels: ['HHZ'], startTime: i, samplingRate: 50,
    data: [Float32Array.from({ length: 50 }, (_, k) => Math.sin(k + i))],
  }));
  const [eq, noise] = p.listClasses();
  const { token, annotatorId } = (() => {
    const inv = invite(p.db, 'Ana', 'volunteer', 48);
    return { token: inv.token, annotatorId: tokenOwner(p.db, inv.token)!.annotatorId };
  })();
  invite(p.db, 'Ben', 'analyst');
  const owner = p.ensureAnnotator('owner').id;
  p.addLabel({ windowId: windows[0]!, annotatorId, kind: 'class', classId: eq!.id, listened: true, idempotencyKey: 'ana-key-1' });
  p.addLabel({ windowId: windows[0]!, annotatorId: owner, kind: 'class', classId: noise!.id, suggestion: { classId: noise!.id, confidence: 0.9, modelId: 1, accepted: true } });
  p.addLabel({ windowId: windows[1]!, annotatorId, kind: 'skip' });
  p.undoLast(annotatorId);
  p.addLabel({ windowId: windows[2]!, annotatorId: owner, kind: 'unsure' });
  p.addPick({ windowId: windows[0]!, annotatorId: owner, phase: 'P', offsetSeconds: 0.4, uncertaintySeconds: 0.05 });
  p.setGold(windows[3]!, eq!.id);
  p.updateCrowdSettings({ method: 'dawid-skene', votesPerWindow: 2 });
  const modelId = insertModel(p.db, {
    kind: 'forest', backend: 'js', seed: 3, classIds: [eq!.id, noise!.id], featureSet: 'v1', trainingSet: { train: windows, validation: [], test: [] }, metrics: { f1: 0.7 }, trainMs: 5,
    params: Uint8Array.from({ length: 300 }, (_, i) => i % 251),
  }, { windowIds: windows, probs: new Float32Array(windows.length * 2).fill(0.5) });
  const batchId = insertQueryBatch(p.db, { strategy: 'entropy', modelId, seed: 1, windowIds: [windows[1]!, windows[2]!], scores: [0.9, 0.8] });
  // Ana holds two windows of it, one of them gold.
  leaseWindows(p.db, annotatorId, batchId, [windows[1]!, windows[3]!], new Set([windows[3]!]), 1_700_000_000_000, 600);
  p.close();
  return { token, windows };
}

describe.skipIf(!cluster)('team push and pull', () => {
  it('round-trips every team row through PostgreSQL and brings back what the team added there', async () => {
    const src = join(dir, 'p.seislabel');
    const { token, windows } = richProject(src);
    const url = await cluster!.createDatabase('roundtrip');
    const push = await run('team', 'push', src, url);
    expect(push.text).toContain('5 label event(s)');
    expect(push.code).toBe(0);
    // A second push into the same database would mix two projects: refused.
    const again = await run('team', 'push', src, url);
    expect(again.code).toBe(1);
    expect(again.text).toContain('already holds a project');

    // Unchanged, the pull gives back the very same rows (and the waveforms of the file).
    const same = join(dir, 'same.seislabel');
    expect((await run('team', 'pull', url, same, '--from', src)).code).toBe(0);
    expect(dump(same)).toEqual(dump(src));

    // The team labels in the database; a pull brings that back too, ids and history kept.
    const store = await PgTeamStore.connect(url);
    const ben = (await store.ensureAnnotator('Ben')).id;
    const added = await store.addLabel({ windowId: windows[3]!, annotatorId: ben, kind: 'class', classId: 1, idempotencyKey: 'ben-key-1' });
    // And a model the team's trainer stored, with its predictions for every window.
    const probs = Float32Array.from({ length: windows.length * 2 }, (_, i) => (i % 2 ? 0.25 : 0.75) + i / 100);
    const shared = await store.publishModel({
      kind: 'forest', backend: 'js', seed: 4, classIds: [1, 2], featureSet: 'v1', trainingSet: { train: windows, validation: [], test: [] }, metrics: { f1: 0.8 }, trainMs: 6,
      params: Uint8Array.from([1, 2, 3]),
    }, { windowIds: windows, probs }, []);
    await store.close();
    const out = join(dir, 'out.seislabel');
    const pull = await run('team', 'pull', url, out, '--from', src);
    expect(pull.code).toBe(0);
    expect(pull.text).toContain('6 label event(s)');
    const before = dump(src);
    const after = dump(out);
    expect(after.label_events.slice(0, -1)).toEqual(before.label_events);
    expect(after.label_events.at(-1)).toMatchObject({ id: added.event.id, window_id: windows[3], idempotency_key: 'ben-key-1' });
    expect(after.models.slice(0, -1)).toEqual(before.models);
    expect(after.models.at(-1)).toMatchObject({ id: shared.id, seed: 4, params: Buffer.from([1, 2, 3]) });
    for (const t of ['classes', 'annotators', 'people', 'access_tokens', 'gold_windows', 'pick_events', 'query_batches', 'assignments', 'meta', 'windows']) expect(after[t], t).toEqual(before[t]);
    expect(after.assignments).toHaveLength(2);
    // The pulled file is a working project: Ana's invite link still opens it, and it labels on.
    const p = ProjectStore.open(out);
    expect(tokenOwner(p.db, token)!.name).toBe('Ana');
    expect(p.ownLabel(windows[3]!, ben)!.classId).toBe(1);
    expect(p.addLabel({ windowId: windows[3]!, annotatorId: ben, kind: 'class', classId: 1, idempotencyKey: 'ben-key-1' }).replayed).toBe(true);
    // It serves its queue from the team's newest model, with the predictions the trainer made.
    const served = predictionsFor(p.db, windows);
    expect(served.modelId).toBe(shared.id);
    expect(served.probs.map((x) => Array.from(x!))).toEqual(windows.map((_, i) => Array.from(probs.subarray(i * 2, i * 2 + 2))));
    p.close();
  });

  it('refuses to pull onto a project file with other windows, and to overwrite a file', async () => {
    const src = join(dir, 'q.seislabel');
    richProject(src);
    const url = await cluster!.createDatabase('other_windows');
    expect((await run('team', 'push', src, url)).code).toBe(0);
    const other = join(dir, 'other.seislabel');
    const o = ProjectStore.create(other, [{ name: 'earthquake' }]);
    o.insertWindow({ sourceId: null, origin: 'manual', network: 'YY', station: 'Z', location: '', channels: ['HHZ'], startTime: 0, samplingRate: 50, data: [new Float32Array(50)] });
    o.close();
    const r = await run('team', 'pull', url, join(dir, 'x.seislabel'), '--from', other);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/its 1 windows are not the 4 windows of the project/);
    expect((await run('team', 'pull', url, src, '--from', src)).text).toContain('already exists');
    expect((await run('team', 'push', src, 'mysql://x')).text).toContain('expected a PostgreSQL URL');
  });
});
