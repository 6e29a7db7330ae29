// Serves the built renderer. A request path is decoded once and must resolve to a file
// inside the renderer folder: `/..%2fetc/passwd`, a sibling folder sharing the root's
// prefix (`dist/renderer-old`) or a symlink pointing out are all refused.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { isInside } from '../node/api/paths.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

// A strict policy: the page may talk only to its own origin.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; frame-ancestors 'none'";

/**
 * The file a URL path names inside `root`, `index.html` for paths that name no file (the
 * app routes itself), or null when the path leaves the root. Throws URIError on a
 * malformed escape, which the caller answers with 400.
 */
export function resolveStatic(root: string, pathname: string): string | null {
  const decoded = decodeURIComponent(pathname);
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${sep}${decoded}`);
  if (!isInside(base, file)) return null;
  if (!existsSync(file) || statSync(file).isDirectory()) return join(base, 'index.html');
  // A symlink inside the folder may point anywhere; what counts is where it lands.
  return isInside(realpathSync(base), realpathSync(file)) ? file : null;
}

/** Answers a GET for a static file. */
export function sendStatic(root: string, pathname: string, res: ServerResponse): void {
  const file = resolveStatic(root, pathname);
  if (file === null) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file)) {
    res.writeHead(404).end('renderer not built: run `npm run build`');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
