// SeisBench and STEAD/EQTransformer imports on the real files in shared/data/raw_sources, read
// through the API as the app and the CLI do. Samples are checked against the development
// set's windows.f32, which the data's maintainers cut from the same files with h5py.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { parseBucketName } from '../../core/node/importers/seisbenchHdf5.js';
import { parseTraceTime, pickPhase } from '../../core/node/importers/seisbenchRows.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

describe('SeisBench naming', () => {
  it('parses bucket addresses, trace times and pick columns', () => {
    expect(parseBucketName('bucket3$17,:3,:1200')).toEqual({ bucket: 'bucket3', index: 17, slices: [[0, 3], [0, 1200]] });
    expect(parseBucketName('bucket0$2,1:3,100:')).toEqual({ bucket: 'bucket0', index: 2, slices: [[1, 3], [100, null]] });
    expect(parseBucketName('109C.TA_20060723155859_EV')).toBeNull();
    expect(parseTraceTime('2007/01/01 01:42:45.08')).toBe(Date.UTC(2007, 0, 1, 1, 42, 45) + 80);
    expect(parseTraceTime('2010-08-01T00:58:56.940000Z')).toBe(Date.UTC(2010, 7, 1, 0, 58, 56) + 940);
    expect(parseTraceTime('yesterday')).toBeNull();
    expect(pickPhase('trace_Pg_arrival_sample')).toBe('Pg');
    expect(pickPhase('s_arrival_sample')).toBe('S');
    expect(pickPhase('trace_start_time')).toBeNull();
  });
});

/** Rows of a development-set folder with their samples (float32 [N, C, T]). */
function devSet(folder: string[]) {
  const { rows } = parseCsv(readFileSync(dataPath(...folder, 'windows.csv'), 'utf8'), 'windows.csv');
  const json = JSON.parse(readFileSync(dataPath(...folder, 'windows.json'), 'utf8')) as { shape: [number, number, number] };
  const buf = readFileSync(dataPath(...folder, 'windows.f32'));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const [, C, T] = json.shape;
  return { rows, channel: (i: number, c: number) => all.subarray((i * C + c) * T, (i * C + c + 1) * T) };
}

describe.skipIf(!hasSharedData)('importing SeisBench and STEAD datasets', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let n = 0;
  beforeAll(() => {
    core = new Core({ homeDir: join(dir, 'home') });
    c = createClient(inProcessTransport(core, { checkOutput: true }));
  });
  afterAll(() => core.close());
  const fresh = () => c.call('projects.create', { path: join(dir, `p${n++}.seislabel`), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
  const run = async (paths: string[], labelColumn?: string) => {
    const { taskId } = await c.call('imports.start', { paths, windowing: { mode: 'none' }, labelColumn });
    return core.tasks.wait(taskId);
  };
  const sb = (f: string) => dataPath('raw_sources', 'seisbench', f);

  it('imports the dummy and chunked datasets: 100 + 100 traces at CX.PB01 with the event category as class', async () => {
    await fresh();
    const task = await run([sb('dummydataset_waveforms.hdf5'), sb('chunkeddummydataset_waveforms1.hdf5')], 'source_event_category');
    expect(task.errors).toEqual([]);
    expect(task.status).toBe('done');
    const info = await c.call('projects.info');
    expect(info.windows).toBe(200);
    const counts = Object.fromEntries(info.perClass.filter((k) => k.count > 0).map((k) => [k.name, k.count]));
    expect(counts).toEqual({ ID: 174, UP: 16, P2: 6, P3: 3, P1: 1 });
    const { windows } = await c.call('windows.list', { limit: 200 });
    expect(new Set(windows.map((w) => `${w.network}.${w.station}`))).toEqual(new Set(['CX.PB01']));
    expect(windows.every((w) => w.samplingRate === 20 && w.nSamples === 1200 && w.channels.join('|') === 'BHZ|BHN|BHE')).toBe(true);
    expect(windows[0]!.startTime).toBe(Date.UTC(2007, 0, 1, 1, 42, 45) + 80);
    expect(windows[0]!.meta).toMatchObject({ source_event_category: 'ID', source_magnitude: 1.353, split: 'train', trace_name: 'bucket0$0,:3,:1200' });

    // Every window's samples equal the development set's copy (cx_pb01, cut with h5py).
    const dev = devSet(['cx_pb01']);
    const store = core.requireProject();
    for (const w of windows) {
      const file = w.meta.source_file === 'dummydataset_waveforms.hdf5' ? 'dummydataset/waveforms.hdf5' : 'chunkeddummydataset/waveforms1.hdf5';
      const i = dev.rows.findIndex((r) => r.source_trace === w.meta.trace_name && r.source_path!.endsWith(file));
      expect(i).toBeGreaterThanOrEqual(0);
      const data = store.loadWindow(w.id).data;
      for (let ch = 0; ch < 3; ch++) expect(data[ch]).toEqual(dev.channel(i, ch));
    }
  });

  it('imports the STEAD sample (EQTransformer) with P/S picks, unlabeled when no column is chosen', async () => {
    await fresh();
    const task = await run([dataPath('raw_sources', 'eqtransformer', 'waveforms.hdf5')]);
    expect(task.errors).toEqual([]);
    const res = task.result as { imported: { windows: number; labels: number; warnings: string[] }[] };
    expect(res.imported[0]).toMatchObject({ windows: 50, labels: 0 });
    expect(res.imported[0]!.warnings.join('\n')).toMatch(/assumed 100 Hz \(STEAD\)/);
    const { windows } = await c.call('windows.list', { limit: 100 });
    expect(windows).toHaveLength(50);
    const w0 = windows.find((w) => w.meta.trace_name === '109C.TA_20060723155859_EV')!;
    expect(w0).toMatchObject({ network: 'TA', station: '109C', samplingRate: 100, nSamples: 6000, channels: ['BHZ', 'BHN', 'BHE'] });
    expect(w0.picks).toEqual([{ phase: 'P', offsetSeconds: 7 }, { phase: 'S', offsetSeconds: 18.94 }]);
    expect(w0.meta).toMatchObject({ trace_category: 'earthquake_local', source_magnitude: 3.6, coda_end_sample: 2896 });

    // The development set's stead_eqt rows are [P-500, P+2000) of these traces, channels E|N|Z.
    const dev = devSet([]);
    const store = core.requireProject();
    const steadRows = dev.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.source === 'stead_eqt');
    expect(steadRows).toHaveLength(50);
    for (const { r, i } of steadRows) {
      const w = windows.find((x) => `earthquake/local/${String(x.meta.trace_name)}` === r.source_trace)!;
      const data = store.loadWindow(w.id).data; // Z, N, E
      const from = Number(r.src_start_sample);
      for (const [devCh, ours] of [[0, 2], [1, 1], [2, 0]] as const) expect(data[ours]!.subarray(from, from + 2500)).toEqual(dev.channel(i, devCh));
    }
  });

  it('takes a chunked dataset folder, the label column of the user, and refuses what does not fit', async () => {
    await fresh();
    const folder = join(dir, 'chunked');
    mkdirSync(folder);
    copyFileSync(sb('chunkeddummydataset_waveforms1.hdf5'), join(folder, 'waveforms1.hdf5'));
    copyFileSync(sb('chunkeddummydataset_metadata1.csv'), join(folder, 'metadata1.csv'));
    writeFileSync(join(folder, 'chunks'), '1\n');
    const bad = await run([folder], 'no_such_column');
    expect(bad.errors.map((e) => e.message).join('\n')).toMatch(/metadata1\.csv: has no column "no_such_column" to take labels from; columns: trace_start_time,/);
    const ok = await run([folder], 'split');
    expect(ok.errors).toEqual([]);
    const info = await c.call('projects.info');
    expect(info.windows).toBe(100);
    expect(info.perClass.reduce((s, k) => s + k.count, 0)).toBe(100);
    const again = await run([join(folder, 'waveforms1.hdf5')]);
    expect(again.errors[0]!.message).toMatch(/waveforms1\.hdf5: was already imported/);
    const lone = join(dir, 'lone_waveforms.hdf5');
    copyFileSync(sb('dummydataset_waveforms.hdf5'), lone);
    expect((await run([lone])).errors[0]!.message).toMatch(/lone_waveforms\.hdf5: has no metadata CSV beside it \(expected lone_metadata\.csv\)/);
  });
});
