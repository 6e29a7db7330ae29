// The main window and the security settings it runs with. Everything that decides how safe
// the window is lives in plain exported values and functions, so a unit test can check each
// setting without an Electron binary; `createMainWindow` only applies them.
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Event,
  HandlerDetails,
  OnHeadersReceivedListenerDetails,
  Session,
  WebPreferences,
  WindowOpenHandlerResponse,
} from 'electron';
import { isAppUrl } from './channels.js';

/**
 * The Content-Security-Policy of the renderer, one directive per entry. Everything comes
 * from the app's own origin; inline styles stay allowed because React sets `style`
 * attributes, wasm compilation because the ML code may run tfjs-wasm, blob: for audio
 * playback and workers created from blobs. No inline or remote scripts, no eval, no plugins,
 * no framing, no form posts.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/** The policy as a header value. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** The webPreferences of every window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** The options of the main window. */
export function mainWindowOptions(preload: string, title = 'Seislabel'): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preload),
  };
}

/** Whether a link may be handed to the system browser: only http(s), never file:, javascript: or custom schemes. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The window-open decision: never a new Electron window; http(s) links go to the system browser. */
export function decideWindowOpen(details: Pick<HandlerDetails, 'url'>, openExternal: (url: string) => unknown): WindowOpenHandlerResponse {
  if (isExternalLink(details.url)) void openExternal(details.url);
  return { action: 'deny' };
}

/** Stops navigation away from the app; http(s) targets open in the system browser instead. */
export function guardNavigation(event: Pick<Event, 'preventDefault'>, url: string, openExternal: (url: string) => unknown): void {
  if (isAppUrl(url)) return;
  event.preventDefault();
  if (isExternalLink(url)) void openExternal(url);
}

/** Response headers with the app's CSP, replacing any policy the response carried. */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Permissions a page of the app may get; everything else (camera, geolocation, notifications…) is refused. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** Whether the app's page may have a permission; other origins get none. */
export function allowPermission(permission: string, requestingUrl: string): boolean {
  return isAppUrl(requestingUrl) && ALLOWED_PERMISSIONS.has(permission);
}

type SecuredSession = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * Puts the CSP on every response of the session — app://, file:// and http(s) alike — and
 * refuses permissions. The app:// handler sets the header itself too, because webRequest
 * has not always seen custom protocols.
 */
export function secureSession(session: SecuredSession): void {
  session.webRequest.onHeadersReceived((details: OnHeadersReceivedListenerDetails, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(allowPermission(permission, details.requestingUrl ?? webContents?.getURL() ?? ''));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => allowPermission(permission, requestingOrigin));
}

/** The Electron pieces the factory needs, injected so tests can pass fakes. */
export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  openExternal: (url: string) => unknown;
}

/** Creates the main window, locks down its navigation, and loads `url`. */
export function createMainWindow(deps: WindowDeps, opts: { preload: string; url: string; title?: string }): BrowserWindow {
  const win = new deps.BrowserWindow(mainWindowOptions(opts.preload, opts.title));
  const contents = win.webContents;
  contents.setWindowOpenHandler((details) => decideWindowOpen(details, deps.openExternal));
  contents.on('will-navigate', (event, url) => guardNavigation(event, url, deps.openExternal));
  contents.on('will-redirect', (event, url) => guardNavigation(event, url, deps.openExternal));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}
