import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/node/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../core/node/store/migrations/index.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let n = 0;
const freshPath = () => join(dir, `p${n++}.seislabel`);

const addWindow = (store: ProjectStore, station = 'STA') =>
  store.insertWindow({
    sourceId: null, origin: 'manual', network: 'XX', station, location: '', channels: ['HHZ', 'HHN'],
    startTime: Date.UTC(2020, 0, 1), samplingRate: 100, data: [Float32Array.from([1, 2, 3]), Float32Array.from([4, 5, 6])],
  });

describe('project file', () => {
  it('is a WAL-mode SQLite file at the current schema version', () => {
    const path = freshPath();
    ProjectStore.create(path, [{ name: 'earthquake' }]).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('refuses a project written by a newer version and leaves the file untouched', () => {
    const path = freshPath();
    ProjectStore.create(path).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(() => ProjectStore.open(path)).toThrow(/newer Seislabel .*not modified/);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
  });

  it('says clearly when a file is not a project or is missing', () => {
    const path = join(dir, 'not-a-project.seislabel');
    writeFileSync(path, 'hello, this is text');
    expect(() => openDatabase(path)).toThrow(/not-a-project.seislabel: .*(not a Seislabel project|cannot open)/);
    expect(() => ProjectStore.open(join(dir, 'missing.seislabel'))).toThrow(/no such project file/);
  });

  it('migrates a schema-0 database forward and records the version', () => {
    const path = freshPath();
    // An SQLite file with a header and no tables (a 0-byte file is refused, not migrated).
    const empty = new Database(path);
    empty.pragma('journal_mode = WAL');
    empty.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('classes', () => {
  it("are the user's: names, hotkeys in order, colour-blind-safe colours, description", () => {
    const store = ProjectStore.create(freshPath(), [{ name: 'earthquake', description: 'local event' }, { name: 'tremor' }, { name: 'noise', hotkey: '0' }]);
    const cls = store.listClasses();
    expect(cls.map((c) => [c.name, c.hotkey])).toEqual([['earthquake', '1'], ['tremor', '2'], ['noise', '0']]);
    expect(cls[0]!.description).toBe('local event');
    expect(new Set(cls.map((c) => c.colour)).size).toBe(3);
    expect(() => store.createClass({ name: 'tremor' })).toThrow(/already exists/);
    expect(() => store.createClass({ name: 'x', hotkey: '1' })).toThrow(/hotkey "1" is already used/);
    expect(() => store.createClass({ name: 'unsure' })).toThrow(/reserved/);
    const upd = store.updateClass(cls[1]!.id, { name: 'volcanic tremor', exampleWindowIds: [] });
    expect(upd.name).toBe('volcanic tremor');
    store.archiveClass(cls[2]!.id);
    expect(store.listClasses().map((c) => c.name)).toEqual(['earthquake', 'volcanic tremor']);
    store.close();
  });
});

describe('label events', () => {
  it('derive the current label, undo and history from an append-only log', () => {
    const store = ProjectStore.create(freshPath(), [{ name: 'earthquake' }, { name: 'noise' }]);
    const [eq, noise] = store.listClasses();
    const ann = store.ensureAnnotator('ana');
    const other = store.ensureAnnotator('bob');
    const w1 = addWindow(store);
    const w2 = addWindow(store);
    store.addLabel({ windowId: w1, annotatorId: ann.id, kind: 'class', classId: eq!.id, listened: true });
    store.addLabel({ windowId: w1, annotatorId: other.id, kind: 'class', classId: noise!.id });
    store.addLabel({ windowId: w2, annotatorId: ann.id, kind: 'unsure' });
    expect(store.currentLabel(w1)).toMatchObject({ kind: 'class', classId: noise!.id, annotatorId: other.id });
    expect(store.labelCounts()).toMatchObject({ labeled: 2, unsure: 1, perClass: { [noise!.id]: 1 } });

    // ana's undo takes back her latest label (w2), not bob's.
    const u1 = store.undoLast(ann.id)!;
    expect(u1.windowId).toBe(w2);
    expect(store.currentLabel(w2)).toBeNull();
    // Her next undo reaches w1; bob's label there stays current.
    const u2 = store.undoLast(ann.id)!;
    expect(u2.windowId).toBe(w1);
    expect(store.currentLabel(w1)).toMatchObject({ classId: noise!.id });
    // Bob undoes: w1 falls back to nothing, since ana's was undone.
    store.undoLast(other.id);
    expect(store.currentLabel(w1)).toBeNull();
    expect(store.undoLast(ann.id)).toBeNull();

    const hist = store.labelHistory(w1);
    expect(hist.map((e) => e.kind)).toEqual(['class', 'class', 'undo', 'undo']);
    expect(hist[0]!.listened).toBe(true);
    // Nothing was deleted: the log only grew.
    expect((store.db.prepare('SELECT count(*) AS n FROM label_events').get() as { n: number }).n).toBe(6);
    store.close();
  });

  it('refuse a label for a missing window or class, writing nothing', () => {
    const store = ProjectStore.create(freshPath(), [{ name: 'a' }]);
    const ann = store.ensureAnnotator('ana');
    const w = addWindow(store);
    expect(() => store.addLabel({ windowId: 999, annotatorId: ann.id, kind: 'skip' })).toThrow(/no window with id 999/);
    expect(() => store.addLabel({ windowId: w, annotatorId: ann.id, kind: 'class', classId: 77 })).toThrow(/no class with id 77/);
    expect(() => store.addLabel({ windowId: w, annotatorId: ann.id, kind: 'class' })).toThrow(/needs a classId/);
    expect((store.db.prepare('SELECT count(*) AS n FROM label_events').get() as { n: number }).n).toBe(0);
    store.close();
  });
});

describe('windows', () => {
  it('round-trip their samples exactly and load from the cache', () => {
    const store = ProjectStore.create(freshPath());
    const id = addWindow(store, 'ABC');
    const w = store.loadWindow(id);
    expect(w.channels).toEqual(['HHZ', 'HHN']);
    expect(Array.from(w.data[0]!)).toEqual([1, 2, 3]);
    expect(Array.from(w.data[1]!)).toEqual([4, 5, 6]);
    expect(w.station).toBe('ABC');
    expect(store.listWindows({ labeled: false }).total).toBe(1);
    store.close();
  });
});

describe('migration to per-person labels (6)', () => {
  it("derives each person's own current label from the log of a version-5 project, undo included", () => {
    const path = freshPath();
    const db = new Database(path);
    for (const m of MIGRATIONS.filter((x) => x.version <= 5)) m.up(db);
    db.pragma('user_version = 5');
    db.exec(`
      INSERT INTO classes (id, name, colour, position) VALUES (1, 'earthquake', '#f00', 0), (2, 'noise', '#00f', 1);
      INSERT INTO annotators (id, name, kind, created_at) VALUES (1, 'ana', 'human', 0), (2, 'bob', 'human', 0);
      INSERT INTO windows (id, origin, network, station, location, channels, sampling_rate, n_samples, samples)
        VALUES (1, 'manual', 'XX', 'A', '', '["HHZ"]', 100, 0, x''), (2, 'manual', 'XX', 'A', '', '["HHZ"]', 100, 0, x'');
      INSERT INTO label_events (id, window_id, annotator_id, kind, class_id, undoes, created_at) VALUES
        (1, 1, 1, 'class', 1, NULL, 1), (2, 1, 2, 'class', 2, NULL, 2), (3, 1, 1, 'class', 2, NULL, 3),
        (4, 1, 1, 'undo', NULL, 3, 4), (5, 2, 2, 'skip', NULL, NULL, 5);
      INSERT INTO current_labels (window_id, event_id) VALUES (1, 2), (2, 5);
    `);
    db.close();
    const store = ProjectStore.open(path);
    // Ana's second label was undone: her own label of window 1 is her first one again.
    expect(store.ownLabel(1, 1)).toMatchObject({ classId: 1, eventId: 1 });
    expect(store.ownLabel(1, 2)).toMatchObject({ classId: 2, eventId: 2 });
    expect(store.ownLabel(2, 1)).toBeNull();
    expect(store.ownLabel(2, 2)).toMatchObject({ kind: 'skip' });
    // One vote each: the tie goes to the newest vote, Bob's, as "last label wins" did.
    expect(store.currentLabel(1)).toMatchObject({ classId: 2, consensus: { votes: 2, confidence: 0.5, method: 'majority' } });
    expect(store.labelCounts()).toMatchObject({ labeled: 2, skip: 1 });
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'current_labels'").pluck().get()).toBe(0);
    store.close();
  });
});
