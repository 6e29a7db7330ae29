// `npm start` without an Electron binary: the launcher tries to fetch it once, says in one
// line that it is starting the browser mode, and that browser mode really serves. The binary
// is made "missing" on every machine by pointing ELECTRON_OVERRIDE_DIST_PATH at an empty
// folder, so the test checks the fallback even where Electron is installed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstProblem } from '../../electron/launcher.js';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '..', '..');

/** Resolves with the first match of `re` in the growing output of `stream`. */
function waitFor(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${re} on ${stream} within ${timeoutMs} ms; got:\n${text}`)), timeoutMs);
    child[stream].on('data', (d: Buffer) => {
      text += d;
      const m = text.match(re);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m);
      }
    });
    child.on('exit', (code) => reject(new Error(`launcher exited (${code}) before ${re} appeared on ${stream}:\n${text}`)));
  });
}

describe('electron/launch.mjs without an Electron binary', () => {
  let child: ChildProcessWithoutNullStreams | null = null;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints one line and starts the browser mode, which answers /api/health', async () => {
    const home = tempDir('seislabel-launch-');
    const noElectron = join(home, 'no-electron');
    mkdirSync(noElectron);
    child = spawn(process.execPath, [join(root, 'electron', 'launch.mjs'), '--port', '0'], {
      cwd: root,
      env: { ...process.env, SEISLABEL_HOME: home, ELECTRON_OVERRIDE_DIST_PATH: noElectron, SEISLABEL_ELECTRON_FETCH_TIMEOUT_MS: '20000' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));

    await waitFor(child, 'stderr', /Electron is not installed here \(.+\); starting the browser mode instead\./, 40_000);
    const [, url] = await waitFor(child, 'stdout', /browser mode\) on (http:\/\/127\.0\.0\.1:\d+)/, 50_000);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    // One line about Electron, not a stack trace from the failed download.
    expect(stderr.split('\n').filter((l) => /electron/i.test(l))).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);

    // Stopping the launcher stops the server it started: nothing is left listening.
    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});

describe('firstProblem', () => {
  it('picks the line that says what failed, not the stack', () => {
    const out = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:970:111)\n';
    expect(firstProblem(out)).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
    expect(firstProblem('')).toBe('no output');
  });
});
