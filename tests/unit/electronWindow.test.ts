// The window's security without an Electron binary: the settings are plain values, and the
// window factory, session hooks and app:// handler run against fakes of Electron's objects.
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { handleAppRequest, resolveAppFile } from '../../electron/appProtocol.js';
import { APP_URL, isAppUrl } from '../../electron/channels.js';
import {
  allowPermission,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  decideWindowOpen,
  guardNavigation,
  mainWindowOptions,
  secureSession,
  secureWebPreferences,
  withCsp,
  type WindowDeps,
} from '../../electron/windowFactory.js';
import { tempDir } from '../helpers/tmp.js';

/** The directives of a policy string, as name → sources. */
const parseCsp = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));

describe('webPreferences', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');

  it('isolates and sandboxes the page and keeps Node out of it', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the given preload and is what the main window uses', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    const opts = mainWindowOptions('/p.cjs');
    expect(opts.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(opts.show).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('allows scripts only from the app, with no inline scripts or eval', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  });

  it('lets the page talk only to its own origin and forbids plugins, frames, base and forms', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    for (const d of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) expect(csp.get(d), d).toEqual(["'none'"]);
  });

  it('names no remote host or wildcard anywhere', () => {
    for (const [name, sources] of csp) {
      for (const s of sources) expect(s, `${name} ${s}`).toMatch(/^('[a-z-]+'|data:|blob:)$/);
    }
  });

  it('replaces whatever policy a response carried, in any header case', () => {
    const out = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('session hooks', () => {
  function fakeSession() {
    const hooks: {
      headers?: (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
      request?: (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
      check?: (wc: unknown, permission: string, origin: string) => boolean;
    } = {};
    const session = {
      webRequest: { onHeadersReceived: (l: typeof hooks.headers) => (hooks.headers = l) },
      setPermissionRequestHandler: (h: typeof hooks.request) => (hooks.request = h),
      setPermissionCheckHandler: (h: typeof hooks.check) => (hooks.check = h),
    };
    secureSession(session as unknown as Parameters<typeof secureSession>[0]);
    return hooks;
  }

  it('puts the CSP on every response, file:// included', () => {
    const hooks = fakeSession();
    for (const url of ['file:///opt/seislabel/dist/renderer/index.html', `${APP_URL}index.html`, 'http://127.0.0.1:5173/']) {
      const cb = vi.fn();
      hooks.headers!({ url, responseHeaders: { 'Content-Security-Policy': ["default-src *"] } }, cb);
      expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    }
  });

  it('refuses camera, microphone, geolocation and notifications, and everything to other origins', () => {
    const hooks = fakeSession();
    const ask = (permission: string, url: string) => {
      const cb = vi.fn();
      hooks.request!({ getURL: () => url }, permission, cb, { requestingUrl: url });
      return cb.mock.calls[0]![0] as boolean;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial']) expect(ask(p, APP_URL), p).toBe(false);
    expect(ask('fullscreen', APP_URL)).toBe(true);
    expect(ask('fullscreen', 'https://example.org/')).toBe(false);
    expect(hooks.check!(null, 'clipboard-sanitized-write', 'app://seislabel')).toBe(true);
    expect(hooks.check!(null, 'media', 'app://seislabel')).toBe(false);
    expect(allowPermission('fullscreen', 'file:///x.html')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('never opens a new window; http(s) links go to the system browser, other schemes nowhere', () => {
    const open = vi.fn();
    expect(decideWindowOpen({ url: 'https://ds.iris.edu/' }, open)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: 'http://example.org/a' }, open)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: 'file:///etc/passwd' }, open)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: 'javascript:alert(1)' }, open)).toEqual({ action: 'deny' });
    expect(decideWindowOpen({ url: `${APP_URL}other.html` }, open)).toEqual({ action: 'deny' });
    expect(open.mock.calls.map((c) => c[0])).toEqual(['https://ds.iris.edu/', 'http://example.org/a']);
  });

  it('stays on the app: navigation elsewhere is prevented', () => {
    const open = vi.fn();
    const nav = (url: string) => {
      const event = { preventDefault: vi.fn() };
      guardNavigation(event, url, open);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(nav(`${APP_URL}index.html#/label`)).toBe(false);
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///home/user/data.mseed')).toBe(true);
    expect(nav('app://other-host/index.html')).toBe(true);
    expect(nav('data:text/html,<script>1</script>')).toBe(true);
    expect(open.mock.calls.map((c) => c[0])).toEqual(['https://evil.example/']);
  });

  it('isAppUrl accepts only app://seislabel', () => {
    expect(isAppUrl('app://seislabel/')).toBe(true);
    expect(isAppUrl('app://seislabel.evil/')).toBe(false);
    expect(isAppUrl('app:///seislabel')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('createMainWindow', () => {
  class FakeWebContents extends EventEmitter {
    openHandler?: (d: { url: string }) => { action: string };
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  class FakeWindow extends EventEmitter {
    static last: FakeWindow;
    readonly webContents = new FakeWebContents();
    loaded: string | null = null;
    shown = false;
    constructor(readonly options: unknown) {
      super();
      FakeWindow.last = this;
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
  }

  const make = () => {
    const openExternal = vi.fn();
    createMainWindow({ BrowserWindow: FakeWindow as unknown as WindowDeps['BrowserWindow'], openExternal }, { preload: '/p/preload.cjs', url: APP_URL });
    return { win: FakeWindow.last, openExternal };
  };

  it('creates the window with the secure options, loads the app and shows it when ready', () => {
    const { win } = make();
    expect(win.options).toEqual(mainWindowOptions('/p/preload.cjs'));
    expect(win.loaded).toBe(APP_URL);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('wires the window-open, navigation, redirect and webview guards', () => {
    const { win, openExternal } = make();
    expect(win.webContents.openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.org/');
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      win.webContents.emit(name, away, 'file:///etc/passwd');
      expect(away.preventDefault, name).toHaveBeenCalled();
      const inside = { preventDefault: vi.fn() };
      win.webContents.emit(name, inside, `${APP_URL}#/map`);
      expect(inside.preventDefault, name).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('app:// protocol', () => {
  const base = tempDir('seislabel-renderer-');
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Seislabel</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');

  const get = (url: string, method = 'GET') => handleAppRequest(root, { url, method });

  it('serves the renderer with the CSP and the right type', async () => {
    const page = await get(APP_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Seislabel</title>');
    const js = await get(`${APP_URL}assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers client-side routes with index.html and missing assets with 404', async () => {
    expect(await (await get(`${APP_URL}label/42`)).text()).toContain('Seislabel');
    const missing = await get(`${APP_URL}assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves files outside the renderer folder or for other hosts', async () => {
    expect(resolveAppFile(root, `${APP_URL}..%2Fsecret.txt`)).toBeNull();
    // The URL parser resolves a dot-segment at the top to the root itself: still inside.
    expect(resolveAppFile(root, `${APP_URL}%2e%2e/secret.txt`)).toBe(join(root, 'secret.txt'));
    expect((await get(`${APP_URL}%2e%2e/secret.txt`)).status).toBe(404);
    expect(resolveAppFile(root, 'app://elsewhere/index.html')).toBeNull();
    const res = await get(`${APP_URL}..%2Fsecret.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('do not serve');
    expect((await get(APP_URL, 'POST')).status).toBe(405);
  });
});
