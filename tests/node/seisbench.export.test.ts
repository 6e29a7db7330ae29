// SeisBench export: consensus labels, station-grouped split, filters, and the round trip
// export -> import giving the same samples, labels and picks. Where Debian's python3-h5py is
// installed, the files are also read back with h5py as a SeisBench user would.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import type { Core } from '../../core/node/core.js';
import { exportSeisbench } from '../../core/node/exporters/seisbenchExport.js';
import type { TaskContext } from '../../core/node/tasks.js';
import { dataPath, hasSharedData, repoRoot } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const ctx: TaskContext = { signal: new AbortController().signal, progress: () => {}, error: () => {} };
const h5pyPython = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import h5py'], { encoding: 'utf8' }).status === 0);
if (!h5pyPython) console.warn('SKIPPED h5py read-back: python3 with h5py not found (Debian: apt-get install python3-h5py)');

describe.skipIf(!hasSharedData)('SeisBench export', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'src.seislabel'));
    for (const [paths, labelColumn] of [
      [[dataPath('raw_sources', 'seisbench', 'dummydataset_waveforms.hdf5')], 'source_event_category'],
      [[dataPath('raw_sources', 'eqtransformer', 'waveforms.hdf5')], 'trace_category'],
    ] as const) {
      const { taskId } = await c.call('imports.start', { paths: [...paths], windowing: { mode: 'none' }, labelColumn });
      expect((await core.tasks.wait(taskId)).errors).toEqual([]);
    }
    // Two more people disagree with the imported class of the first window: UP wins 2 to 1.
    const store = core.requireProject();
    const up = store.classByName('UP');
    for (const name of ['alice', 'bob']) store.addLabel({ windowId: 1, annotatorId: store.ensureAnnotator(name).id, kind: 'class', classId: up.id });
  });
  afterAll(() => core.close());

  it('exports consensus labels with votes and confidence, a station-grouped split and the picks', async () => {
    const out = join(dir, 'all');
    const r = await exportSeisbench(core.requireProject(), out, { seed: 7 }, ctx);
    expect(r.windows).toBe(150);
    const { columns, rows } = parseCsv(readFileSync(join(out, 'metadata.csv'), 'utf8'), 'metadata.csv');
    for (const col of ['trace_name', 'trace_start_time', 'trace_sampling_rate_hz', 'station_network_code', 'station_code', 'trace_channel',
      'trace_P_arrival_sample', 'trace_S_arrival_sample', 'split', 'label', 'label_confidence', 'votes']) expect(columns).toContain(col);
    const first = rows.find((row) => row.seislabel_window_id === '1')!;
    expect(first).toMatchObject({ label: 'UP', votes: '3', label_confidence: '0.667', trace_name: 'bucket0$0,:3,:1200', trace_channel: 'BH', trace_start_time: '2007-01-01T01:42:45.080000Z' });
    const stead = rows.find((row) => row.trace_category === 'earthquake_local' && row.coda_end_sample === '2896')!;
    expect(stead).toMatchObject({ trace_P_arrival_sample: '700', trace_S_arrival_sample: '1894', station_code: '109C', trace_sampling_rate_hz: '100' });
    const sides = new Map<string, Set<string>>();
    for (const row of rows) sides.set(`${row.station_network_code}.${row.station_code}`, (sides.get(`${row.station_network_code}.${row.station_code}`) ?? new Set()).add(row.split!));
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.split))).toEqual(new Set(['train', 'dev']));
  });

  it('filters by class and by minimum confidence', async () => {
    const r = await exportSeisbench(core.requireProject(), join(dir, 'up'), { classes: ['UP', 'P3'] }, ctx);
    const { rows } = parseCsv(readFileSync(join(dir, 'up', 'metadata.csv'), 'utf8'), 'metadata.csv');
    expect(r.windows).toBe(rows.length);
    expect(new Set(rows.map((row) => row.label))).toEqual(new Set(['UP', 'P3']));
    expect(rows.filter((row) => row.label === 'UP')).toHaveLength(9 + 1);
    const sure = await exportSeisbench(core.requireProject(), join(dir, 'sure'), { minConfidence: 0.9 }, ctx);
    expect(sure.windows).toBe(149);
  });

  it('round trip: importing the export gives the same samples, labels and picks', async () => {
    const out = join(dir, 'trip');
    await exportSeisbench(core.requireProject(), out, {}, ctx);
    const src = core.requireProject();
    const before = src.listWindows({ limit: 1000 }).windows;
    const labelName = new Map(src.listClasses().map((k) => [k.id, k.name]));
    const beforeData = new Map(before.map((w) => [w.id, src.loadWindow(w.id).data]));
    await c.call('projects.create', { path: join(dir, 'trip.seislabel'), classes: [] });
    const { taskId } = await c.call('imports.start', { paths: [join(out, 'waveforms.hdf5')], windowing: { mode: 'none' }, labelColumn: 'label' });
    expect((await core.tasks.wait(taskId)).errors).toEqual([]);
    const dst = core.requireProject();
    const after = dst.listWindows({ limit: 1000 }).windows;
    expect(after).toHaveLength(before.length);
    const afterName = new Map(dst.listClasses().map((k) => [k.id, k.name]));
    for (const w of after) {
      const orig = before.find((b) => b.id === Number(w.meta.seislabel_window_id))!;
      const expected = orig.id === 1 ? 'UP' : labelName.get(orig.label!.classId!);
      expect(afterName.get(w.label!.classId!)).toBe(expected);
      expect(w).toMatchObject({ network: orig.network, station: orig.station, channels: orig.channels, samplingRate: orig.samplingRate, startTime: orig.startTime });
      expect(w.picks).toEqual(orig.picks);
      expect(dst.loadWindow(w.id).data).toEqual(beforeData.get(orig.id));
    }
  });

  it('seislabel export seisbench writes the files from the command line and refuses bad options', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), 'export', 'seisbench', ...args], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
    const out = join(dir, 'cli');
    const ok = cli(join(dir, 'src.seislabel'), out, '--classes', 'UP');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^wrote 10 window\(s\) to .*cli\/waveforms\.hdf5 \+ metadata\.csv \(train \d+, dev \d+, test \d+; split grouped by station, seed 1\)/);
    expect(readFileSync(join(out, 'metadata.csv'), 'utf8').trim().split('\n')).toHaveLength(11);
    const bad = cli(join(dir, 'src.seislabel'), out, '--min-confidence', '2');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--min-confidence must be between 0 and 1, got "2"/);
  });

  it.skipIf(!h5pyPython)('h5py reads the export with SeisBench names and attributes', async () => {
    const out = join(dir, 'h5py');
    await exportSeisbench(core.requireProject(), out, {}, ctx);
    const script = `import h5py, sys, json
f = h5py.File(sys.argv[1] + '/waveforms.hdf5', 'r')
df = {k: (v[()].decode() if isinstance(v[()], bytes) else v[()].item() if hasattr(v[()], 'item') else v[()]) for k, v in f['data_format'].items()}
b = f['data/bucket0']
print(json.dumps({'df': df, 'shape': list(b.shape), 'dtype': str(b.dtype), 'v': float(b[0, 0, 5])}))`;
    const r = spawnSync(h5pyPython!, ['-c', script, out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { df: Record<string, unknown>; shape: number[]; dtype: string; v: number };
    expect(got.df).toMatchObject({ component_order: 'ZNE', dimension_order: 'CW' });
    expect(got.shape).toEqual([100, 3, 1200]);
    expect(got.dtype).toBe('float32');
    expect(got.v).toBe(core.requireProject().loadWindow(1).data[0]![5]);
  });
});
