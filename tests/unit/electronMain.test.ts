// The bundled main process (dist/electron/main.js) started in plain Node with a fake
// `electron` module, since no Electron binary can be installed here. It checks the wiring
// main.ts does: privileged app scheme, secured session, one window with the secure options,
// the IPC handler answering from the real core, events reaching the window, and a clean quit.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../electron/windowFactory.js';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(import.meta.dirname, '..', '..');
const work = join(root, 'node_modules', '.cache', `seislabel-electron-main-${process.pid}`);
const outdir = join(work, 'out');

// A stand-in for the parts of Electron main.ts touches, recording what it is asked to do.
const fakeElectron = `
import { EventEmitter } from 'node:events';
export const state = { privileged: null, protocols: {}, sessionHooks: [], handlers: {}, menu: null, windows: [], errors: [], quit: 0 };
class AppFake extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  setName() {}
  getVersion() { return '0.1.0'; }
  quit() { state.quit++; this.emit('will-quit', { preventDefault() { state.quitPrevented = true; } }); }
  exit(code) { state.exitCode = code; }
}
export const app = new AppFake();
export const protocol = {
  registerSchemesAsPrivileged(list) { state.privileged = list; },
  handle(scheme, fn) { state.protocols[scheme] = fn; },
};
export const session = { defaultSession: {
  webRequest: { onHeadersReceived(fn) { state.sessionHooks.push('headers'); state.onHeaders = fn; } },
  setPermissionRequestHandler() { state.sessionHooks.push('permissionRequest'); },
  setPermissionCheckHandler() { state.sessionHooks.push('permissionCheck'); },
} };
export const ipcMain = { handle(ch, fn) { state.handlers[ch] = fn; }, removeHandler(ch) { delete state.handlers[ch]; } };
export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu(m) { state.menu = m; } };
export const dialog = {
  showErrorBox(title, text) { state.errors.push(title + ': ' + text); },
  showMessageBox: async (...a) => { state.errors.push(JSON.stringify(a.at(-1))); return { response: 0 }; },
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
};
export const shell = { openExternal: async () => {}, openPath: async () => '' };
class Contents extends EventEmitter {
  sent = [];
  setWindowOpenHandler(h) { this.openHandler = h; }
  send(...args) { this.sent.push(args); }
  isDestroyed() { return false; }
}
export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return state.windows; }
  constructor(options) { super(); this.options = options; this.webContents = new Contents(); state.windows.push(this); }
  loadURL(url) { this.url = url; return Promise.resolve(); }
  show() { this.shown = true; }
}
`;

// Runs main.js, then plays the renderer's part through the recorded handlers and prints what happened.
const driver = `
import { state } from 'electron';
await import(${JSON.stringify(pathToFileURL(join(outdir, 'main.js')).href)});
const until = async (ok) => { for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25)); };
await until(() => state.windows.length && state.handlers['seislabel:invoke']);
const win = state.windows[0];
const shownBeforeReady = !!win.shown;
// The page has loaded: only now does main.ts open the start-up project.
win.emit('ready-to-show');
const invoke = (url, method, input) => state.handlers['seislabel:invoke']({ senderFrame: { url } }, method, input);
const current = JSON.parse(await invoke('app://seislabel/', 'projects.current', {}));
let refused = null;
try { await invoke('https://evil.example/', 'projects.current', {}); } catch (e) { refused = e.message; }
await until(() => win.webContents.sent.length);
const page = await state.protocols.app(new Request('app://seislabel/index.html'));
let headers;
state.onHeaders({ url: 'file:///x/index.html', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
const result = {
  privileged: state.privileged, sessionHooks: state.sessionHooks, windowOptions: win.options, url: win.url, shownBeforeReady, shown: win.shown,
  menu: state.menu.map((m) => m.label ?? m.role), current, refused, sent: win.webContents.sent[0],
  pageCsp: page.headers.get('content-security-policy'), fileCsp: headers['Content-Security-Policy'], errors: state.errors,
};
state.windows.length = 0;
state.quit = 0;
(await import('electron')).app.quit();
await until(() => state.quit > 1);
result.quit = { prevented: state.quitPrevented, quitAgainAfterClose: state.quit };
process.stdout.write(JSON.stringify(result));
`;

// Runs main.js with a binding path that does not exist.
const noBindingDriver = `
import { state } from 'electron';
await import(${JSON.stringify(pathToFileURL(join(outdir, 'main.js')).href)});
for (let i = 0; i < 200 && state.exitCode === undefined; i++) await new Promise((r) => setTimeout(r, 25));
process.stdout.write(JSON.stringify({ exitCode: state.exitCode, errors: state.errors, windows: state.windows.length }));
`;

describe('dist/electron/main.js with a fake electron', () => {
  beforeAll(() => {
    mkdirSync(join(work, 'node_modules', 'electron'), { recursive: true });
    // A package named electron next to the bundle shadows the real one for bare imports.
    writeFileSync(join(work, 'node_modules', 'electron', 'package.json'), '{"name":"electron","type":"module","main":"index.js"}');
    writeFileSync(join(work, 'node_modules', 'electron', 'index.js'), fakeElectron);
    writeFileSync(join(work, 'driver.mjs'), driver);
    writeFileSync(join(work, 'noBinding.mjs'), noBindingDriver);
    execFileSync(process.execPath, [join(root, 'electron', 'build.mjs'), '--outdir', outdir], { cwd: root, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('wires the app scheme, the window, the IPC and the events, and closes the core on quit', () => {
    const home = tempDir('seislabel-main-');
    const binding = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const run = spawnSync(process.execPath, [join(work, 'driver.mjs')], {
      cwd: work,
      env: { ...process.env, SEISLABEL_HOME: home, SEISLABEL_SQLITE_BINDING: binding },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(r.sessionHooks).toEqual(['headers', 'permissionRequest', 'permissionCheck']);
    expect(r.windowOptions.webPreferences).toEqual(secureWebPreferences(join(outdir, 'preload.cjs')));
    expect(r.url).toBe('app://seislabel/');
    expect([r.shownBeforeReady, r.shown]).toEqual([false, true]);
    expect(r.menu).toEqual(['&File', '&Edit', '&View', 'help']);
    expect(r.current).toMatchObject({ ok: true, value: { path: join(home, 'demo.seislabel') } });
    expect(r.refused).toMatch(/refused a call from https:\/\/evil\.example/);
    expect(r.sent[0]).toBe('seislabel:event');
    expect(r.pageCsp).toBe(CONTENT_SECURITY_POLICY);
    expect(r.fileCsp).toEqual([CONTENT_SECURITY_POLICY]);
    expect(r.errors).toEqual([]);
    expect(r.quit).toEqual({ prevented: true, quitAgainAfterClose: 2 });
  });

  it('explains a missing Electron build of better-sqlite3 and exits instead of crashing later', () => {
    const home = tempDir('seislabel-main-');
    const out = execFileSync(process.execPath, [join(work, 'noBinding.mjs')], {
      cwd: work,
      env: { ...process.env, SEISLABEL_HOME: home, SEISLABEL_SQLITE_BINDING: join(home, 'nope.node') },
      encoding: 'utf8',
    });
    const r = JSON.parse(out);
    expect(r.exitCode).toBe(1);
    expect(r.windows).toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(join(home, 'nope.node'));
    expect(r.errors[0]).toContain('npm start');
  });
});
