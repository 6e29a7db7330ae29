// electron/build.mjs: the bundles Electron will run, checked in plain Node. The preload bundle
// is executed against a fake `electron` module, as a sandboxed preload is; a probe bundled
// with the same options as main.js imports a file through the core's worker thread, which
// proves the worker bundle is found beside the main bundle through import.meta.url.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../../core/common/api/index.js';
import { writeWav } from '../../core/common/formats/wav.js';
import type { SeislabelBridge } from '../../electron/bridge.js';
import { INVOKE_CHANNEL } from '../../electron/channels.js';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '..', '..');
// Inside node_modules so the bundles' bare imports (zod, better-sqlite3) resolve as in dist/.
const work = join(root, 'node_modules', '.cache', `seislabel-electron-test-${process.pid}`);
const outdir = join(work, 'out');

const probe = `
import { Core } from ${JSON.stringify(join(root, 'core/node/core.ts'))};
import { createDispatcher } from ${JSON.stringify(join(root, 'core/node/api/dispatch.ts'))};
import { openStartupProject } from ${JSON.stringify(join(root, 'electron/startup.ts'))};
import { LOCAL_OWNER } from ${JSON.stringify(join(root, 'core/common/api/roles.ts'))};
const core = new Core();
const started = await openStartupProject(core, process.argv[2]);
const dispatch = createDispatcher(core);
const res = await dispatch('imports.start', { paths: [process.argv[3]] }, LOCAL_OWNER);
if (!res.ok) throw new Error(res.error.message);
const task = await core.tasks.wait(res.value.taskId);
const info = await dispatch('projects.info', {}, LOCAL_OWNER);
process.stdout.write(JSON.stringify({ started, status: task.status, errors: task.errors, windows: info.value.windows }));
await core.close();
`;

describe('electron/build.mjs', () => {
  beforeAll(() => {
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'probe.ts'), probe);
    execFileSync(process.execPath, [join(root, 'electron', 'build.mjs'), '--outdir', outdir, '--entry', `probe=${join(work, 'probe.ts')}`], { cwd: root, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('bundles main.js as ESM with electron and better-sqlite3 left to node_modules', () => {
    const main = readFileSync(join(outdir, 'main.js'), 'utf8');
    expect(main).toMatch(/^import \{[^}]*\bapp\b[^}]*\} from "electron";$/m);
    expect(main).toMatch(/^import \w+ from "better-sqlite3";$/m);
    expect(main).toContain('new URL("./parseWorker.js", import.meta.url)');
    expect(readFileSync(join(outdir, 'parseWorker.js'), 'utf8')).toContain('parentPort');
  });

  it('makes a self-contained CommonJS preload that requires only electron and knows every contract method', async () => {
    const code = readFileSync(join(outdir, 'preload.cjs'), 'utf8');
    expect([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).not.toMatch(/from "|import\(/);
    expect(code.length).toBeLessThan(20_000);

    const exposed: Record<string, SeislabelBridge> = {};
    const ipcRenderer = { invoke: vi.fn(async () => JSON.stringify({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() };
    const electron = { contextBridge: { exposeInMainWorld: (key: string, value: SeislabelBridge) => (exposed[key] = value) }, ipcRenderer };
    const sandboxRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`module not found: ${id}`);
      return electron;
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect(Object.keys(exposed)).toEqual(['seislabel']);
    const bridge = exposed.seislabel!;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    for (const method of Object.keys(api)) expect(await bridge.invoke(method, {}), method).toEqual({ ok: true, value: null });
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(Object.keys(api).length);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'projects.open', {});
    expect(await bridge.invoke('no.such')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('runs the bundled core in plain JS, importing through the bundled parse worker', () => {
    const home = tempDir('seislabel-bundle-');
    const wav = join(home, 'STA1.wav');
    const samples = Float32Array.from({ length: 100 * 120 }, (_, i) => Math.sin(i / 7) * 100 + ((i * 7919) % 13));
    writeFileSync(wav, writeWav([samples], 100));
    const project = join(home, 'p.seislabel');
    execFileSync(process.execPath, [join(root, 'core/node/cli/bin.js'), 'new', project], { env: { ...process.env, SEISLABEL_HOME: home }, stdio: 'pipe' });
    const out = execFileSync(process.execPath, [join(outdir, 'probe.js'), project, wav], { env: { ...process.env, SEISLABEL_HOME: home }, encoding: 'utf8' });
    const result = JSON.parse(out) as { started: { path: string; problem?: string }; status: string; errors: unknown[]; windows: number };
    expect(result.started).toEqual({ path: project });
    expect(result.status).toBe('done');
    expect(result.errors).toEqual([]);
    // 120 s at 100 Hz in 30 s windows every 15 s.
    expect(result.windows).toBe(7);
  });
});
