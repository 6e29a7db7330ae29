// Labeled windows out as miniSEED 2, miniSEED 3 and SAC: every exported file, read back by the
// project's own readers (format found by content, as an import does), gives each window's
// samples and start time exactly; counts go as Steim-2, the float windows as float32; SAC
// carries the picks; index.csv names file, label and encoding; the CLI and the filters work.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import type { Core } from '../../core/node/core.js';
import { exportWaveforms, type WaveformFormat } from '../../core/node/exporters/waveformExport.js';
import { parseFile } from '../../core/node/importers/parseFile.js';
import { dataPath, hasSharedData, missingDataReason, repoRoot } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED waveformExport: ${missingDataReason}`);

describe.skipIf(!hasSharedData)('windows as miniSEED 2, miniSEED 3 and SAC', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  const ctx = { signal: new AbortController().signal, progress: () => undefined, error: () => undefined };
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'w.seislabel', [{ name: 'earthquake' }, { name: 'noise' }]));
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath()] })).taskId);
    // A miniSEED day-piece in counts, cut into 30 s windows and labeled by hand.
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath('raw_formats', 'obspy', 'test.mseed')], windowing: { mode: 'fixed', lengthSeconds: 30, stepSeconds: 30 } })).taskId);
    const noise = (await c.call('classes.list')).find((k) => k.name === 'noise')!.id;
    const { windows } = await c.call('windows.list', { limit: 1000 });
    const ana = await c.call('annotators.ensure', { name: 'ana' });
    for (const w of windows.filter((x) => x.station === 'HGN')) await c.call('labels.add', { windowId: w.id, annotatorId: ana.id, kind: 'class', classId: noise });
  }, 120_000);
  afterAll(() => core?.close());

  for (const format of ['mseed', 'mseed3', 'sac'] as WaveformFormat[]) {
    it(`${format}: every window reads back with the same samples and start time`, async () => {
      const out = join(dir, format);
      const r = await exportWaveforms(core.requireProject(), out, format, {}, ctx);
      expect(r.skipped).toBe(0);
      const index = parseCsv(readFileSync(join(out, 'index.csv'), 'utf8'), 'index.csv').rows;
      expect(index).toHaveLength(138 + 9);
      expect(r.windows).toBe(index.length);
      const store = core.requireProject();
      const encodings = new Set<string>();
      for (const row of index) {
        const id = Number(row.window_id);
        const w = store.loadWindow(id);
        const files = row.files!.split('|');
        const traces = files.flatMap((f) => parseFile(join(out, f)).recording.traces);
        expect(traces.map((t) => t.channel), row.files).toEqual(w.channels);
        traces.forEach((t, k) => {
          expect(Buffer.from(t.samples.buffer, t.samples.byteOffset, t.samples.byteLength).equals(Buffer.from(w.data[k]!.buffer, w.data[k]!.byteOffset, w.data[k]!.byteLength)), `${row.files} ${t.channel}`).toBe(true);
          expect([t.network, t.station, t.location]).toEqual([w.network, w.station, w.location]);
          expect(t.samplingRate).toBeCloseTo(w.samplingRate, 9);
          // miniSEED 2 states microseconds; the windows' times are whole microseconds, so all three give them back exactly.
          if (w.startTime !== null) expect(t.startTime).toBe(w.startTime);
          else if (format === 'sac') expect(Number.isNaN(t.startTime)).toBe(true);
        });
        if (format === 'sac') {
          // SAC keeps the picks: P in `a`, S in t0.
          const got = traces[0]!.picks.map((p: { phase: string; offsetSeconds: number }) => `${p.phase}@${Math.round(p.offsetSeconds * w.samplingRate)}`).sort().join('|');
          expect(got, row.files).toBe(row.picks!.split('|').filter(Boolean).sort().join('|'));
        }
        encodings.add(`${w.station === 'HGN' ? 'counts' : 'floats'}:${row.encoding}`);
      }
      expect([...encodings].sort()).toEqual(format === 'sac' ? ['counts:float32', 'floats:float32'] : ['counts:steim2', 'floats:float32']);
      expect(index.filter((r) => r.picks).length).toBeGreaterThan(50);
    }, 120_000);
  }

  it('takes the class and "only reviewed" filters, from the command line too', async () => {
    const r = await exportWaveforms(core.requireProject(), join(dir, 'reviewed'), 'mseed', { only: 'reviewed' }, ctx);
    // Only the HGN windows were labeled by a person; the others came with the dataset.
    expect(r.windows).toBe(9);
    const q = await exportWaveforms(core.requireProject(), join(dir, 'quakes'), 'sac', { classes: ['earthquake'] }, ctx);
    expect(q.windows).toBe(94);
    await core.close();
    const run = spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), 'export', 'mseed3', join(dir, 'w.seislabel'), join(dir, 'cli'), '--classes', 'noise', '--min-confidence', '0.5'], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/wrote 53 window\(s\) as 53 miniSEED 3 file\(s\) \+ index\.csv/);
    const bad = spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), 'export', 'mseed', join(dir, 'w.seislabel'), join(dir, 'x'), '--only', 'golden'], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--only must be gold or reviewed, got "golden"/);
  }, 120_000);
});
