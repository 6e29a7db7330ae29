// E2E: the real renderer in Debian's Chromium against the browser-mode host, started on a
// free port with a fresh Seislabel home. Values are put in process.env at load time so
// the worker processes (which load this file again) see the same port and folders.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const repoRoot = resolve(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

process.env.SEISLABEL_E2E_PORT ??= String(await freePort());
process.env.SEISLABEL_E2E_HOME ??= mkdtempSync(join(tmpdir(), 'seislabel-e2e-'));
// The served host's owner token, fixed for the run: every page starts signed in as the
// owner through the cookie the host would set for its printed URL (see helpers.ts).
process.env.SEISLABEL_E2E_TOKEN ??= randomBytes(32).toString('base64url');
const port = Number(process.env.SEISLABEL_E2E_PORT);
const token = process.env.SEISLABEL_E2E_TOKEN;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One core serves one open project at a time: the specs run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: join(repoRoot, 'test-results'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    storageState: {
      cookies: [{ name: `seislabel-token-${port}`, value: token, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }],
      origins: [],
    },
    launchOptions: {
      executablePath: process.env.SEISLABEL_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    },
  },
  webServer: {
    command: `node core/node/cli/bin.js serve --port ${port}`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/api/health`,
    env: { SEISLABEL_HOME: process.env.SEISLABEL_E2E_HOME, SEISLABEL_OWNER_TOKEN: token },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
