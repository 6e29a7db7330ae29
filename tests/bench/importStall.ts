// What an import costs the host: a day of two 1 Hz channels cut into 2 s windows every second
// (~86,000 windows) through imports.start, while a 1 ms timer measures how long the event
// loop is held at most (every other client waits that long). Also the time to refuse the
// files that once stalled the host: SAC delta = 1e6 and a miniSEED rate factor of -32768.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const suite: BenchSuite = async () => {
  if (!hasSharedData) return [{ name: 'import stall', value: NaN, unit: 'ms', note: 'real data missing' }];
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-'));
  const core = new Core({ homeDir: join(dir, 'home') });
  try {
    const c = createClient(inProcessTransport(core));
    await c.call('projects.create', { path: join(dir, 'stall.seislabel'), classes: [] });
    const run = async (paths: string[], windowing: { mode: 'fixed'; lengthSeconds: number; stepSeconds: number }) => {
      let last = performance.now();
      let worst = 0;
      const probe = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 1);
      const t0 = performance.now();
      const task = await core.tasks.wait((await c.call('imports.start', { paths, windowing })).taskId);
      clearInterval(probe);
      return { ms: performance.now() - t0, worst, task };
    };
    // The first import starts the parse worker; that start-up is not what is measured.
    await run([dataPath('raw_formats/obspy/seism.sac')], { mode: 'fixed', lengthSeconds: 5, stepSeconds: 5 });
    const day = await run([dataPath('raw_formats/obspy/CH.BALST..LH_two_channels')], { mode: 'fixed', lengthSeconds: 2, stepSeconds: 1 });
    const sac = new Uint8Array(readFileSync(dataPath('raw_formats/roundtrip/00002_earthquake.NP.1845.HNZ.SAC')));
    new DataView(sac.buffer).setFloat32(0, 1e6, true);
    writeFileSync(join(dir, 'delta1e6.SAC'), sac);
    const mseed = new Uint8Array(readFileSync(dataPath('raw_formats/obspy/BW.BGLD.__.EHE.D.2008.001.first_10_records')));
    new DataView(mseed.buffer).setInt16(32, -32768, false);
    writeFileSync(join(dir, 'factor-32768.mseed'), mseed);
    const bad = await run([join(dir, 'delta1e6.SAC'), join(dir, 'factor-32768.mseed')], { mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 });
    const windows = (day.task.result as { imported: { windows: number }[] }).imported[0]!.windows;
    const figures: BenchFigure[] = [
      { name: `import a 1 Hz day, 2 channels, 2 s windows (${windows})`, value: day.ms, unit: 'ms' },
      { name: 'longest event-loop stall during that import', value: day.worst, unit: 'ms' },
      { name: 'refuse SAC delta=1e6 + miniSEED rate factor -32768', value: bad.ms, unit: 'ms', note: `${bad.task.errors.length} refused` },
    ];
    return figures;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
export default suite;
