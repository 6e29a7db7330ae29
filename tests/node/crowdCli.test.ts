// `seislabel import-labels`, `seislabel consensus` and `seislabel windows --csv` on real
// temporary projects, with small vote files (tests/node/fixtures/crowd).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../core/node/cli/main.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', 'crowd', name);
let n = 0;

async function run(...argv: string[]) {
  const log: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { log: (s) => log.push(s), err: (s) => err.push(s) });
  return { code, out: log.join('\n'), err: err.join('\n') };
}

/** A project with four windows (ids 1–4) and the classes earthquake and noise. */
function project(): string {
  const path = join(dir, `p${n++}.seislabel`);
  const store = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'noise' }]);
  for (let i = 0; i < 4; i++) {
    store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'STA', location: '', channels: ['HHZ'], startTime: Date.UTC(2020, 0, 1, 0, i), samplingRate: 100, data: [new Float32Array(50)] });
  }
  store.close();
  return path;
}

const events = (path: string) => {
  const store = ProjectStore.open(path, { readonly: true });
  const count = (store.db.prepare('SELECT count(*) FROM label_events').pluck().get() as number);
  store.close();
  return count;
};

describe('seislabel import-labels and consensus', () => {
  it('imports CSV votes as label events of named annotators and writes the majority consensus', async () => {
    const p = project();
    const imp = await run('import-labels', p, fixture('votes.csv'));
    expect(imp.err).toBe('');
    expect(imp.out).toBe('imported 8 label(s) from ' + fixture('votes.csv') + '; new annotators: ann, bob, cat');
    const out = join(dir, 'consensus.csv');
    expect((await run('consensus', p, '--method', 'majority', '--out', out)).code).toBe(0);
    // w1 2 of 3 earthquake; w2 both noise; w3 only "unsure" (no class, so no row); w4: ann's later vote replaces her first.
    expect(readFileSync(out, 'utf8')).toBe([
      'window,label,confidence,votes,method',
      '1,earthquake,0.6667,3,majority',
      '2,noise,1.0000,2,majority',
      '4,earthquake,1.0000,1,majority',
      '',
    ].join('\n'));
    const store = ProjectStore.open(p, { readonly: true });
    expect(store.labelHistory(4).map((e) => e.classId)).toEqual([2, 1]);
    expect(store.listAnnotators().map((a) => a.name)).toEqual(expect.arrayContaining(['ann', 'bob', 'cat']));
    store.close();

    // Zooniverse votes join the same windows: w2 now has 2 earthquake against 3 noise.
    const z = await run('import-labels', p, fixture('zooniverse.csv'), '--format', 'zooniverse', '--window-field', 'seislabel_window');
    expect(z.err).toBe('');
    expect(z.out).toMatch(/^imported 4 label\(s\).*new annotators: vol_a, vol_b, vol_c$/);
    await run('consensus', p, '--out', out);
    expect(readFileSync(out, 'utf8').split('\n').slice(2, 4)).toEqual(['2,noise,0.6000,5,majority', '3,noise,1.0000,1,majority']);
  });

  it('refuses a file naming the line, field and value, and writes none of it', async () => {
    const p = project();
    const bad = await run('import-labels', p, fixture('votes-bad-label.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 3, field "label": "tremor" is not a class/);
    expect(events(p)).toBe(0);
    // The Zooniverse export names its window under another key than the default.
    const z = await run('import-labels', p, fixture('zooniverse.csv'), '--format', 'zooniverse');
    expect(z.code).toBe(1);
    expect(z.err).toMatch(/line 2, field "subject_data": subject 501 has no "window"/);
    expect(events(p)).toBe(0);
    const missing = await run('consensus', p, '--method', 'vote', '--out', join(dir, 'x.csv'));
    expect(missing.err).toMatch(/--method must be majority or dawid-skene/);
  });

  it('writes the Dawid–Skene consensus on request', async () => {
    const p = project();
    await run('import-labels', p, fixture('votes.csv'));
    const out = join(dir, 'ds.csv');
    const r = await run('consensus', p, '--method', 'dawid-skene', '--out', out);
    expect(r.out).toMatch(/dawid-skene consensus of 3 window/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([['1', 'earthquake', 'dawid-skene'], ['2', 'noise', 'dawid-skene'], ['4', 'earthquake', 'dawid-skene']]);
    // A posterior, not a vote share: window 1's 2-of-3 is neither 2/3 nor certain.
    expect(Number(rows[0]![2])).toBeGreaterThan(0.5);
  });
});

describe.skipIf(!hasSharedData)('seislabel windows --csv', () => {
  it('lists every window id with its source and, for a windowed set, its original index', async () => {
    const p = join(dir, 'ws.seislabel');
    expect((await run('new', p, '--classes', 'earthquake,noise')).code).toBe(0);
    expect((await run('import', p, dataPath())).code).toBe(0);
    const r = await run('windows', p, '--csv');
    expect(r.err).toBe('');
    const [header, ...rows] = r.out.split('\n');
    const cols = header!.split(',');
    expect(cols.slice(0, 6)).toEqual(['window', 'source', 'source_file', 'format', 'origin', 'index']);
    const expected = readFileSync(dataPath('windows.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rows).toHaveLength(expected);
    const index = rows.map((l) => Number(l.split(',')[cols.indexOf('index')]));
    expect(index).toEqual(Array.from({ length: expected }, (_, i) => i));
    expect(rows[0]!.split(',')[cols.indexOf('format')]).toBe('windowset');
  });
});
