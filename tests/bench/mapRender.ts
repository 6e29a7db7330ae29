// The embedding map with 100,000 windows in Chromium: time to draw one frame of the WebGL
// scatter while panning (the GPU is waited on each frame). Headless Chromium here renders
// WebGL in software (SwiftShader), so a real GPU draws the same frame far faster.
// Needs the built renderer (npm run build) and a system Chromium.
// Run alone: npx tsx -e "import('./tests/bench/mapRender.ts').then(m => m.default()).then(console.table)"
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createClient } from '../../core/common/api/client.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { startServer } from '../../core/server/server.js';
import { repoRoot } from '../helpers/data.js';
import { quantile } from './stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const N = 100_000;
const BROWSER = [process.env.SEISLABEL_CHROMIUM, '/usr/bin/chromium'].find((p) => p && existsSync(p));

const suite: BenchSuite = async () => {
  const staticDir = join(repoRoot, 'dist', 'renderer');
  if (!BROWSER || !existsSync(join(staticDir, 'index.html'))) {
    return [{ name: `map frame time (${N} points)`, value: NaN, unit: 'ms', note: 'skipped: needs Chromium and `npm run build`' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-mapbench-'));
  const core = new Core({ homeDir: join(dir, 'home') });
  try {
    const c = createClient(inProcessTransport(core));
    await c.call('projects.create', { path: join(dir, 'map.seislabel'), classes: [{ name: 'a' }, { name: 'b' }] });
    const store = core.requireProject();
    // Short windows of seeded noise bursts: the map's cost depends on the point count only.
    const rng = makeRng(7);
    store.transaction(() => {
      for (let i = 0; i < N; i++) {
        const amp = 10 ** (rng.random() * 3);
        const data = Float32Array.from({ length: 64 }, (_, t) => amp * rng.normal() * (t > 20 && t < 40 ? 1 + 5 * rng.random() : 1));
        store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: `S${i % 50}`, location: '', channels: ['HHZ'], startTime: i * 1000, samplingRate: 20, data: [data] });
      }
    });
    const t0 = performance.now();
    const { taskId } = await c.call('maps.compute', { method: 'pca', seed: 0 });
    const task = await core.tasks.wait(taskId);
    if (task.status !== 'done') throw new Error(`map task ${task.status}: ${task.message}`);
    const computeS = (performance.now() - t0) / 1000;
    const server = await startServer({ core, staticDir });
    const browser = await chromium.launch({ executablePath: BROWSER, args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-swiftshader'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.ownerUrl);
      await page.getByTestId('tab-map').click();
      await page.waitForFunction((n) => window.__seislabelMap?.count() === n, N, { timeout: 120_000 });
      await page.waitForTimeout(500);
      const frames: number[] = [];
      for (let r = 0; r < 5; r++) frames.push(await page.evaluate(() => window.__seislabelMap!.frameTime(20)));
      return [
        { name: `map features + PCA (${N} windows)`, value: computeS, unit: 's' },
        { name: `map frame time p50 (${N} points, software WebGL)`, value: quantile(frames, 0.5), unit: 'ms', note: 'mean of 20 pan frames, 5 repeats' },
        { name: `map frame time max (${N} points, software WebGL)`, value: Math.max(...frames), unit: 'ms' },
      ] satisfies BenchFigure[];
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
export default suite;
