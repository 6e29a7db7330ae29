// Serves the built renderer on app://seislabel/ instead of file://. A page on file:// may
// read any file the user can, and file:// responses carry no headers for a CSP; a private
// standard scheme gives the page its own origin, so 'self' means the app and nothing else,
// and Vite's absolute asset paths (/assets/…) resolve as they do in the browser mode.
import type { Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './channels.js';
import { CONTENT_SECURITY_POLICY } from './windowFactory.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Registers the app scheme as a standard, secure origin; must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * The file under `root` that a request URL names, or null when the URL is not the app's or
 * escapes `root`. Paths without a file extension fall back to index.html (client-side routes).
 */
export function resolveAppFile(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  const base = resolve(root);
  const file = normalize(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (file === base || path.endsWith('/') || !extname(file)) return join(base, 'index.html');
  return file;
}

/** Answers one app:// request from the built renderer, always with the CSP header. */
export async function handleAppRequest(root: string, request: Pick<Request, 'url' | 'method'>): Promise<Response> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
  const file = resolveAppFile(root, request.url);
  if (!file) return new Response('forbidden', { status: 403, headers });
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' } });
  } catch {
    const hint = file.endsWith('index.html') ? 'the renderer is not built: run `npm run build`' : 'not found';
    return new Response(hint, { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

/** Serves `root` (dist/renderer) on the app scheme. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(root, request));
}
