// The desktop app itself, started with Playwright's _electron.launch. Needs the Electron
// binary (`node node_modules/electron/install.js`) and the built renderer (`npm run build`,
// which `npm run test:e2e` runs first). Without the binary every test here is reported as
// skipped, with the reason, instead of silently passing.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronExecutable } from '../../electron/launcher.js';
import { ensureElectronBinding, verifyInElectron } from '../../electron/nativeBinding.js';

const root = resolve(import.meta.dirname, '..', '..');
const exe = electronExecutable(root);
const missing = `Electron binary not installed: ${join(root, 'node_modules', 'electron', 'dist')} has none (run \`node node_modules/electron/install.js\` to fetch it)`;
if (!exe) console.warn(`\n*** SKIPPED tests/e2e/electron.spec.ts — ${missing} ***\n`);

test.describe('Electron app', () => {
  test.skip(!exe, missing);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let home: string;

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    execFileSync(process.execPath, [join(root, 'electron', 'build.mjs')], { cwd: root, stdio: 'pipe' });
    const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const binding = await ensureElectronBinding({ root, electronVersion, verify: verifyInElectron(exe!, root) });
    home = mkdtempSync(join(tmpdir(), 'seislabel-electron-e2e-'));
    const env: NodeJS.ProcessEnv = { ...process.env, SEISLABEL_HOME: home, SEISLABEL_SQLITE_BINDING: binding };
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({ executablePath: exe!, args: [root], cwd: root, env: env as Record<string, string> });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('shows the app from its own origin', async () => {
    expect(page.url()).toMatch(/^app:\/\/seislabel\//);
    await expect(page).toHaveTitle(/Seislabel/);
    await expect(page.locator('body *').first()).toBeVisible();
  });

  test('opens the demo project on a first start and answers through window.seislabel', async () => {
    const keys = await page.evaluate(() => Object.keys((window as unknown as { seislabel: object }).seislabel).sort());
    expect(keys).toEqual(['invoke', 'on']);
    const current = await page.evaluate(() =>
      (window as unknown as { seislabel: { invoke(m: string, i?: unknown): Promise<{ ok: boolean; value: { path: string } }> } }).seislabel.invoke('projects.current'),
    );
    expect(current.ok).toBe(true);
    expect(current.value.path).toBe(join(home, 'demo.seislabel'));
  });

  test('keeps Node out of the page and enforces the CSP', async () => {
    const probe = await page.evaluate(() => {
      let evalBlocked = false;
      try {
        (0, eval)('1');
      } catch {
        evalBlocked = true;
      }
      const g = globalThis as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, evalBlocked };
    });
    expect(probe).toEqual({ require: 'undefined', process: 'undefined', evalBlocked: true });
  });

  test('opens no new windows and does not navigate away from the app', async () => {
    const opened = await page.evaluate(() => window.open('file:///etc/hostname') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      location.href = 'file:///etc/hostname';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/seislabel\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
