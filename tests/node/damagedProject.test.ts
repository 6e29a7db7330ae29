// Damaged, empty and foreign project files, opened by the commands a user runs (the CLI's
// main, in process): one message naming the file and saying how to recover, and the file
// byte-identical afterwards — for read-only commands and for commands that would write.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../core/node/cli/main.js';
import { Core } from '../../core/node/core.js';
import { backupIfDue, KEEP_BACKUPS, listBackups } from '../../core/node/store/backup.js';
import { MIGRATIONS } from '../../core/node/store/migrations/index.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
process.env.SEISLABEL_HOME = join(dir, 'home');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { log: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

let healthy: string;
beforeAll(() => {
  healthy = join(dir, 'healthy.seislabel');
  const store = ProjectStore.create(healthy, [{ name: 'earthquake' }, { name: 'noise' }]);
  for (let i = 0; i < 30; i++) {
    store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['HHZ'], startTime: i * 1000, samplingRate: 100, data: [new Float32Array(3000).fill(i)] });
  }
  store.close();
});

/** A copy of the healthy project damaged by `damage`. */
function damagedCopy(name: string, damage: (b: Buffer) => Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, damage(readFileSync(healthy)));
  return path;
}

/** Bytes of the page holding the classes table's rows overwritten, as a failing disk would. */
function classesPageGarbled(b: Buffer): Buffer {
  const db = new Database(healthy, { readonly: true });
  const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'classes'").pluck().get() as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const out = Buffer.from(b);
  out.fill(0x5a, (root - 1) * pageSize + 8, (root - 1) * pageSize + 200);
  return out;
}

describe('a damaged or empty project file', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty (0-byte) file', () => damagedCopy('empty.seislabel', () => Buffer.alloc(0)), /is empty \(0 bytes\)/],
    ['a file cut in half', () => damagedCopy('half.seislabel', (b) => b.subarray(0, b.length >> 1)), /is damaged \(.*malformed/],
    ['a garbled page of the classes table', () => damagedCopy('garbled.seislabel', classesPageGarbled), /is damaged \(SQLite quick_check: .*classes/],
  ];
  it.each(cases)('%s: one message naming it, how to recover, and the file left as it was', async (_what, make, problem) => {
    const path = make();
    const before = sha(path);
    for (const argv of [['info', path], ['export-labels', path, join(dir, 'out.csv')], ['windows', 'cut', path, '--window', '10']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${path}: the project file`);
      expect(lines[0]).toMatch(problem);
      expect(lines[0]).toMatch(/The file was not modified\. To recover, restore your last backup of it, or rescue .* sqlite3 ".*" "\.recover" \| sqlite3 ".*-recovered\.seislabel"/);
      expect(sha(path)).toBe(before);
    }
    // The app's open says the same.
    expect(() => ProjectStore.open(path)).toThrow(problem);
    expect(sha(path)).toBe(before);
  });

  it('a file that is not a database is named as such, and left alone', async () => {
    const path = join(dir, 'notes.seislabel');
    writeFileSync(path, 'my field notes\n'.repeat(100));
    const r = await cli('info', path);
    expect(r.err.trim()).toMatch(/notes\.seislabel: not a Seislabel project \(not an SQLite database: it starts with "my field notes\\n ?"?.*\)\. The file was not modified\./);
    expect(readFileSync(path, 'utf8')).toBe('my field notes\n'.repeat(100));
  });
});

describe('read-only commands', () => {
  it('info and export-labels leave a healthy project byte-identical (the header included)', async () => {
    const path = join(dir, 'read-only.seislabel');
    copyFileSync(healthy, path);
    const before = sha(path);
    const info = await cli('info', path, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out).windows).toBe(30);
    expect((await cli('export-labels', path, join(dir, 'labels.csv'))).code).toBe(0);
    expect(sha(path)).toBe(before);
  });

  it('an older project is read through a migrated copy in memory, the file keeps its schema', async () => {
    // A project as the previous schema version left it: every migration but the last.
    const path = join(dir, 'old.seislabel');
    const old = MIGRATIONS[MIGRATIONS.length - 2]!.version;
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, -1)) m.up(db);
    db.prepare("INSERT INTO classes (name, colour, position) VALUES ('earthquake', '#1f77b4', 0)").run();
    db.pragma(`user_version = ${old}`);
    db.close();
    const before = sha(path);
    const info = await cli('info', path, '--json');
    expect(info.err).toBe('');
    expect(JSON.parse(info.out).perClass.map((c: { name: string }) => c.name)).toEqual(['earthquake']);
    expect(sha(path)).toBe(before);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(old);
    after.close();
  });

  it('a project opened read-only refuses writes in SQLite itself', () => {
    const store = ProjectStore.open(healthy, { readonly: true });
    expect(store.listClasses().map((c) => c.name)).toEqual(['earthquake', 'noise']);
    expect(() => store.createClass({ name: 'tremor' })).toThrow(/readonly/);
    store.close();
  });
});

describe('automatic backups', () => {
  it('are made when a project is opened for work (once a day, three kept), and the damage message names the newest', async () => {
    const path = join(dir, 'backed-up.seislabel');
    copyFileSync(healthy, path);
    const core = new Core({ homeDir: join(dir, 'home') });
    core.openProject(path);
    await core.close();
    expect(listBackups(path)).toHaveLength(1);
    core.openProject(path);
    await core.close();
    // Within the day: no second copy.
    expect(listBackups(path)).toHaveLength(1);
    const store = ProjectStore.open(path);
    for (let day = 1; day <= 4; day++) await backupIfDue(store.db, path, Date.now() + day * 86_400_000);
    store.close();
    const backups = listBackups(path);
    expect(backups).toHaveLength(KEEP_BACKUPS);

    writeFileSync(path, readFileSync(path).subarray(0, 5000));
    const r = await cli('info', path);
    expect(r.err).toContain(`copy its newest automatic backup (${backups[0]}) over it`);
    copyFileSync(backups[0]!, path);
    expect(JSON.parse((await cli('info', path, '--json')).out).windows).toBe(30);
  });
});
