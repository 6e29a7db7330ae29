// Imports of real files through the API, as a user would run them: background task,
// per-file errors in plain words, nothing half-written.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import type { ImportResult } from '../../core/common/importResult.js';
import { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED import tests: ${missingDataReason}`);

describe.skipIf(!hasSharedData)('importing real files', () => {
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
  const runImport = async (paths: string[], windowing: Parameters<CoreClient['call']>[1] extends never ? never : object = { mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }) => {
    const { taskId } = await c.call('imports.start', { paths, windowing: windowing as never });
    return core.tasks.wait(taskId);
  };
  const count = (sql: string) => (core.requireProject().db.prepare(sql).get() as { n: number }).n;

  it('imports miniSEED (Steim-1/2, both byte orders, multiplexed) with libmseed sample counts', async () => {
    await fresh();
    const files = [
      'raw_formats/obspy/test.mseed',
      'raw_formats/obspy/CH.BALST..LHE.D.2025.314',
      'raw_formats/obspy/BW.BGLD.__.EHE.D.2008.001.first_10_records',
      'raw_formats/obspy/CH.BALST..LH_two_channels',
      'raw_formats/seisbench/OBS1.IQ.HHZ..D.2016.185.225026',
    ].map((f) => dataPath(f));
    const task = await runImport(files, { mode: 'none' });
    expect(task.errors).toEqual([]);
    const info = await c.call('projects.info');
    const samples = (id: string) => info.streams.filter((s) => s.streamId === id).reduce((a, s) => a + s.nSamples, 0);
    expect(samples('NL.HGN.00.BHZ')).toBe(11947);
    expect(info.streams.find((s) => s.streamId === 'NL.HGN.00.BHZ')!.samplingRate).toBe(40);
    expect(samples('BW.BGLD..EHE')).toBe(4120);
    expect(samples('IQ.OBS1..HHZ')).toBe(3751);
    // The LHE day is imported twice (alone, and multiplexed with LHZ): both copies are kept.
    expect(samples('CH.BALST..LHE')).toBe(2 * 86343);
    expect(samples('CH.BALST..LHZ')).toBeGreaterThan(80000);
  });

  it('cuts continuous streams into fixed windows grouping the components of a station', async () => {
    await fresh();
    const obs = ['HHZ', 'HHN', 'HHE', 'HHH'].map((c) => dataPath(`raw_formats/seisbench/OBS1.IQ.${c}..D.2016.185.225026`));
    const task = await runImport(obs, { mode: 'fixed', lengthSeconds: 20, stepSeconds: 10 });
    expect(task.errors).toEqual([]);
    const { windows } = await c.call('windows.list', { limit: 100 });
    // One file per channel; the four components of the station share windows. 3,751 samples
    // at 50 Hz = 75 s: windows start at 0, 10, …, 50 s → 6 windows of 1,000 samples.
    expect(windows).toHaveLength(6);
    expect(windows[0]!.channels).toEqual(['HHZ', 'HHN', 'HHE', 'HHH']);
    expect(windows.map((w) => w.nSamples)).toEqual(Array(6).fill(1000));
    expect(windows[1]!.startTime! - windows[0]!.startTime!).toBe(10_000);
  });

  it('reports a corrupt, truncated, empty or unknown file by name, imports the rest, and leaves no rows for the bad ones', async () => {
    await fresh();
    const good = dataPath('raw_formats/obspy/seism.sac');
    const truncated = join(dir, 'truncated.mseed');
    writeFileSync(truncated, readFileSync(dataPath('raw_formats/obspy/test.mseed')).subarray(0, 5000));
    const empty = join(dir, 'empty.sac');
    writeFileSync(empty, '');
    const unknown = join(dir, 'notes.txt');
    writeFileSync(unknown, 'these are my field notes, not a seismogram\n'.repeat(20));
    const missing = join(dir, 'missing.mseed');
    const task = await runImport([truncated, good, empty, unknown, missing]);
    expect(task.status).toBe('done');
    expect(task.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^truncated\.mseed: .*truncat/i),
      expect.stringMatching(/^empty\.sac: .*empty/i),
      expect.stringMatching(/^notes\.txt: .*not .*(miniSEED|SAC|WAV)/i),
      expect.stringMatching(/^missing\.mseed: .*(ENOENT|cannot be read)/i),
    ]);
    expect(count('SELECT count(*) AS n FROM sources')).toBe(1);
    expect(count('SELECT count(*) AS n FROM streams')).toBe(1);
    expect(core.requireProject().db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('detects a file imported twice, even under another name', async () => {
    await fresh();
    const copy = join(dir, 'copy-of-seism.sac');
    copyFileSync(dataPath('raw_formats/obspy/seism.sac'), copy);
    const first = await runImport([dataPath('raw_formats/obspy/seism.sac')]);
    expect(first.errors).toEqual([]);
    const second = await runImport([copy]);
    expect(second.errors[0]!.message).toMatch(/copy-of-seism\.sac: was already imported .*seism\.sac/);
    expect(count('SELECT count(*) AS n FROM sources')).toBe(1);
  });

  it('completes a source an older version left with streams and no windows, instead of refusing it', async () => {
    await fresh();
    const file = dataPath('raw_formats/obspy/CRLZ.HHZ.10.NZ.SAC');
    expect((await runImport([file], { mode: 'none' })).errors).toEqual([]);
    // As an older Seislabel stored it after a crash: streams, no windows, no record of completion.
    core.requireProject().db.prepare("UPDATE sources SET info = json_remove(info, '$.complete')").run();
    const again = await runImport([file]);
    expect(again.errors).toEqual([]);
    // 32,768 samples at 100 Hz = 327.68 s: 30 s windows every 15 s start at 0 … 285 s.
    expect((again.result as ImportResult).imported[0]).toMatchObject({ completed: true, windows: 20, streams: 1 });
    expect(count('SELECT count(*) AS n FROM streams')).toBe(1);
    const third = await runImport([file]);
    expect(third.errors[0]!.message).toMatch(/CRLZ\.HHZ\.10\.NZ\.SAC: was already imported .*use "windows cut"/);
    expect(count('SELECT count(*) AS n FROM windows')).toBe(20);
  });

  it('imports the roundtrip SAC files as windows equal to windows.f32 sample for sample', async () => {
    await fresh();
    const rtDir = dataPath('raw_formats/roundtrip');
    const files = readdirSync(rtDir).filter((f) => f.endsWith('.SAC')).map((f) => join(rtDir, f));
    const task = await runImport(files, { mode: 'fixed', lengthSeconds: 25, stepSeconds: 25 });
    expect(task.errors).toEqual([]);
    const index = readFileSync(join(rtDir, 'index.csv'), 'utf8').trim().split('\n');
    const header = index[0]!.split(',');
    const rows = index.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    const buf = readFileSync(dataPath('windows.f32'));
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const p = core.requireProject();
    const sources = new Map(p.listSources().map((s) => [s.name, s.id]));
    let checked = 0;
    const winCol = header.find((h) => /window/.test(h))!;
    const chCol = header.find((h) => /channel/.test(h) && h !== winCol)!;
    const fileCol = header.find((h) => /file/.test(h))!;
    for (const r of rows) {
      const streams = p.listStreams(sources.get(r[fileCol]!));
      expect(streams).toHaveLength(1);
      const trace = p.loadStream(streams[0]!.id);
      const w = Number(r[winCol]);
      const ch = Number(r[chCol]);
      const expected = all.subarray((w * 3 + ch) * 2500, (w * 3 + ch + 1) * 2500);
      expect(trace.samples).toEqual(expected);
      checked++;
    }
    expect(checked).toBe(18);
  });

  it('imports the windowed-array sets with labels as events of the import annotator', async () => {
    await fresh();
    const task = await runImport([dataPath(), dataPath('phases/windows.f32')]);
    expect(task.errors).toEqual([]);
    const info = await c.call('projects.info');
    expect(info.windows).toBe(138 + 114);
    const byName = Object.fromEntries(info.perClass.map((k) => [k.name, k.count]));
    expect(byName).toMatchObject({ earthquake: 94, noise: 44 + 44, P: 44, S: 26 });
    const annotators = await c.call('annotators.list');
    expect(annotators.map((a) => [a.name, a.kind])).toContainEqual(['import', 'import']);
    const { windows } = await c.call('windows.list', { limit: 3 });
    expect(windows[0]!.samplingRate).toBe(100);
    expect(windows[0]!.picks.length).toBeGreaterThan(0);
    // Stored E|N|Z in the file, shown Z first like windows cut from continuous data.
    for (const w of windows) expect(w.channels[0]).toMatch(/Z$/);
  });

  it('refuses a windowed set over 1 GiB before reading it', async () => {
    await fresh();
    const big = join(dir, 'huge-set');
    mkdirSync(big);
    writeFileSync(join(big, 'windows.json'), '{"shape": [1000000, 3, 100], "sampling_rate_hz": 100}');
    writeFileSync(join(big, 'windows.csv'), 'index\n');
    // Sparse: 1 GiB + 4 bytes on paper, nothing on disk.
    writeFileSync(join(big, 'windows.f32'), '');
    truncateSync(join(big, 'windows.f32'), 2 ** 30 + 4);
    const started = Date.now();
    const task = await runImport([big]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(task.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^huge-set\/windows\.f32: is 1073741828 bytes; sets over .* are not imported in one piece/)]);
  });

  it('cancels an import between files', async () => {
    await fresh();
    const { taskId } = await c.call('imports.start', { paths: Array(20).fill(dataPath('raw_formats/obspy/seism.sac')) });
    await c.call('tasks.cancel', { id: taskId });
    const t = await core.tasks.wait(taskId);
    expect(t.status).toBe('cancelled');
  });
});
