// The trace browser on a day of three-component 100 Hz data (3 × 8.64 M samples, built by
// tests/helpers/syntheticDay.ts into a temporary folder): what a user feels from import to
// panning. The host runs as its own process (`seislabel serve`), as in browser mode, so its
// RSS is the host's alone and API calls cross the real WebSocket.
//   - import time of the three SAC files (imports.start, windowing none);
//   - cold whole-day overview of the three streams (what the browser asks first), and the
//     longest wait of a cheap API call made meanwhile (a core blocked by the pyramid build
//     stalls every other screen);
//   - warm envelope query latency at several zoom levels;
//   - host RSS with the three streams cached;
//   - in Chromium: opening the browser → all three rows drawn; frame times while dragging
//     at three zoom levels; zoom step → the view drawn at full resolution.
// Needs the built renderer (npm run build) and Debian's Chromium.
// Run alone: npx tsx -e "import('./tests/bench/traceBrowserDay.ts').then(m => m.default()).then(console.table)"
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { Core } from '../../core/node/core.js';
import { repoRoot } from '../helpers/data.js';
import { DAY_SECONDS, writeSyntheticDay } from '../helpers/syntheticDay.js';
import { quantile } from './stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });

/** Resident set size of a process in MB (Linux /proc; NaN elsewhere). */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the host exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the host did not start');
}

async function importDay(client: CoreClient, paths: string[]): Promise<number> {
  const t0 = performance.now();
  const { taskId } = await client.call('imports.start', { paths, windowing: { mode: 'none' } });
  for (;;) {
    const t = await client.call('tasks.get', { id: taskId });
    if (t.status === 'done') break;
    if (t.status !== 'running') throw new Error(`import ${t.status}: ${t.message}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

/** True when every row of the trace canvas has dark (drawn) columns across most of its width: the user sees the three traces. */
const rowsDrawn = (page: Page, rows: number) =>
  page.evaluate((n) => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="browser-canvas"]');
    if (!c || c.width === 0) return false;
    const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    // Rows share the height above the 22 px time axis; the exact gaps do not matter here.
    const band = (c.height - 22 * devicePixelRatio) / n;
    for (let r = 0; r < n; r++) {
      let columns = 0;
      let seen = 0;
      for (let x = 0; x < c.width; x += 4, seen++) {
        for (let y = Math.floor(r * band); y < Math.floor((r + 1) * band); y++) {
          if (img[(y * c.width + x) * 4]! < 100) {
            columns++;
            break;
          }
        }
      }
      if (columns < seen / 2) return false;
    }
    return true;
  }, rows);

interface PanTimes {
  /** Frames during the drags that showed coarser data than the zoom needs (a blurry trace). */
  coarse: number;
  drawn: number[];
  all: number[];
  draw: number[];
}

/** Drags the canvas back and forth (one move every ~8 ms) and collects frame intervals, as labelingLatency does. */
async function panFrames(page: Page): Promise<PanTimes> {
  const canvas = page.getByTestId('browser-canvas');
  // Passed as source text: tsx would wrap a named inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    const perf = window.__seislabelPerf;
    perf.panFrames.length = 0;
    perf.panDraw.length = 0;
    window.__allFrames = [];
    window.__coarse = 0;
    window.__dragging = false;
    const canvas = document.querySelector('[data-testid="browser-canvas"]');
    window.__monitor = true;
    let last = null;
    const tick = (t) => {
      if (!window.__monitor) return;
      if (last !== null && window.__dragging) {
        window.__allFrames.push(t - last);
        // The canvas says whether its last drawing was at full resolution (renderer/browser/drawTraces.ts).
        if (canvas.dataset.complete !== 'true') window.__coarse++;
      }
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  for (let pass = 0; pass < 4; pass++) {
    // Left then right: each drag moves the view by 60 % of its span.
    const from = pass % 2 ? 0.2 : 0.8;
    const to = pass % 2 ? 0.8 : 0.2;
    await page.mouse.move(box.x + box.width * from, y);
    await page.mouse.down();
    await page.evaluate(() => ((window as unknown as { __dragging: boolean }).__dragging = true));
    for (let k = 0; k <= 60; k++) {
      await page.mouse.move(box.x + box.width * (from + ((to - from) * k) / 60), y);
      await page.waitForTimeout(8);
    }
    await page.evaluate(() => ((window as unknown as { __dragging: boolean }).__dragging = false));
    await page.mouse.up();
  }
  return page.evaluate(() => {
    const w = window as unknown as { __allFrames: number[]; __monitor: boolean; __coarse: number };
    w.__monitor = false;
    return { coarse: w.__coarse, drawn: window.__seislabelPerf!.panFrames.slice(), all: w.__allFrames.slice(), draw: window.__seislabelPerf!.panDraw.slice() };
  });
}

async function stopHost(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const suite: BenchSuite = async () => {
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    return [{ name: 'trace browser day', value: NaN, unit: 'ms', note: 'renderer not built: run npm run build' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-day-'));
  const figures: BenchFigure[] = [];
  let child: ChildProcess | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    mkdirSync(join(dir, 'day'));
    const paths = writeSyntheticDay(join(dir, 'day'));
    // Two empty projects made beforehand: A for the API figures, B (cold cache) for Chromium.
    const home = join(dir, 'home');
    const setup = new Core({ homeDir: home });
    const projectA = join(dir, 'a.seislabel');
    const projectB = join(dir, 'b.seislabel');
    setup.createProject(projectB);
    setup.createProject(projectA);
    await setup.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // A fixed owner token, so the bench can sign in as `seislabel serve`'s printed URL would.
    const token = randomBytes(32).toString('base64url');
    const startHost = async (project: string) => {
      child = spawn(process.execPath, [join(repoRoot, 'core', 'node', 'cli', 'bin.js'), 'serve', project, '--port', String(port)], {
        cwd: repoRoot,
        env: { ...process.env, SEISLABEL_HOME: home, SEISLABEL_OWNER_TOKEN: token },
        stdio: 'ignore',
      });
      await waitHealthy(url, child);
      const transport = await connectWebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, WebSocket);
      return { transport, client: createClient(transport), pid: child.pid! };
    };
    let { transport, client, pid } = await startHost(projectA);
    const importMs = await importDay(client, paths);
    figures.push({ name: 'import a 100 Hz day, 3 SAC files (3 × 8.64 M samples)', value: importMs, unit: 'ms' });
    const ids = (await client.call('projects.info')).streams.map((s) => s.id);
    // A fresh host for the rest, as on the next day's start: the import's garbage would
    // otherwise dominate its RSS.
    transport.close();
    await stopHost(child);
    ({ transport, client, pid } = await startHost(projectA));
    const rssBefore = rssMb(pid);

    // Cold overview of the three rows, with a cheap call every 5 ms meanwhile.
    const pings: number[] = [];
    let pinging = true;
    const pinger = (async () => {
      while (pinging) {
        const a = performance.now();
        await client.call('classes.list');
        pings.push(performance.now() - a);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    await Promise.all(ids.map((id) => client.call('streams.envelope', { streamId: id, startSeconds: 0, endSeconds: DAY_SECONDS, width: 8192 })));
    const firstMs = performance.now() - t0;
    pinging = false;
    await pinger;
    figures.push(
      { name: 'first whole-day overview of the 3 streams (cold, over the WebSocket)', value: firstMs, unit: 'ms' },
      { name: 'longest wait of another API call meanwhile', value: Math.max(...pings), unit: 'ms', note: 'the core stalls every screen this long' },
    );

    // Warm queries at the zoom levels a user goes through, at the column count the browser asks.
    for (const [label, span] of [['whole day', DAY_SECONDS], ['1 h', 3600], ['1 min', 60], ['5 s', 5]] as const) {
      const ts: number[] = [];
      for (let i = 0; i < 40; i++) {
        const start = span >= DAY_SECONDS ? 0 : ((i * 7919.3) % (DAY_SECONDS - span));
        const a = performance.now();
        await client.call('streams.envelope', { streamId: ids[i % ids.length]!, startSeconds: start, endSeconds: start + span, width: 2560 });
        ts.push(performance.now() - a);
      }
      figures.push({ name: `envelope query p95, ${label} view, 2560 columns (warm, 40 queries)`, value: quantile(ts, 0.95), unit: 'ms' });
    }
    const rssCached = rssMb(pid);
    figures.push(
      { name: 'host RSS, fresh host with the project open', value: rssBefore, unit: 'MB' },
      { name: 'host RSS with the 3 streams cached', value: rssCached, unit: 'MB' },
    );

    // Chromium on project B: nothing of it is cached yet.
    await client.call('projects.open', { path: projectB });
    figures.push({ name: 'import again (project B, for the Chromium figures)', value: await importDay(client, paths), unit: 'ms' });
    transport.close();
    browser = await chromium.launch({
      executablePath: process.env.SEISLABEL_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}/?token=${token}`);
    await page.getByTestId('tab-browse').waitFor();
    const c0 = performance.now();
    await page.getByTestId('tab-browse').click();
    await page.getByTestId('browser-canvas').waitFor();
    while (!(await rowsDrawn(page, 3))) {
      if (performance.now() - c0 > 60_000) throw new Error('the three rows were never drawn');
      await page.waitForTimeout(10);
    }
    figures.push({ name: 'open the browser → the whole day drawn, 3 rows (cold, Chromium)', value: performance.now() - c0, unit: 'ms' });

    const canvas = page.getByTestId('browser-canvas');
    await canvas.focus();
    let presses = 0;
    for (const [label, zoomIns] of [['1.5 h', 4], ['84 s', 10], ['5 s', 14]] as const) {
      // Zoom in step by step towards the level, timing each step until the view is drawn at full resolution.
      const refine: number[] = [];
      for (; presses < zoomIns; presses++) {
        const a = performance.now();
        await page.keyboard.press('+');
        const ok = await page
          .waitForFunction(() => document.querySelector('[data-testid="browser-canvas"]')?.getAttribute('data-complete') === 'true', null, { timeout: 5000, polling: 'raf' })
          .then(() => true, () => false);
        if (ok) refine.push(performance.now() - a);
      }
      if (refine.length) figures.push({ name: `zoom step → view drawn at full resolution, max up to ${label}`, value: Math.max(...refine), unit: 'ms' });
      await page.waitForTimeout(300);
      const pan = await panFrames(page);
      figures.push(
        { name: `pan at ${label} view: every frame interval p95 (${pan.all.length} frames)`, value: quantile(pan.all, 0.95), unit: 'ms', note: 'target ≤ 16.7 ms' },
        { name: `pan at ${label} view: draw time per frame p95`, value: quantile(pan.draw, 0.95), unit: 'ms' },
        { name: `pan at ${label} view: frames shown below full resolution`, value: (100 * pan.coarse) / Math.max(1, pan.all.length), unit: '%' },
      );
    }
    figures.push({ name: 'host RSS after browsing both projects (6 streams seen)', value: rssMb(pid), unit: 'MB' });
  } catch (e) {
    // Keep the figures measured so far: a failure late in Chromium should not hide the API ones.
    figures.push({ name: 'trace browser day: stopped early', value: NaN, unit: '', note: (e as Error).message });
  } finally {
    await browser?.close();
    await stopHost(child);
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

export default suite;
