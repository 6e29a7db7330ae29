// The browser-mode host: serves the renderer and carries the API contract over a
// WebSocket. Bound to 127.0.0.1 by default; WebSocket upgrades from other origins are
// refused so a web page the user visits cannot drive the core.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WsIn, WsOut } from '../common/api/wsTransport.js';
import type { Core } from '../node/core.js';
import { createDispatcher } from '../node/api/dispatch.js';

export interface ServerOptions {
  core: Core;
  host?: string;
  port?: number;
  /** Folder with the built renderer (index.html); omitted in API-only tests. */
  staticDir?: string;
  /** Validate handler outputs against the contract (tests). */
  checkOutput?: boolean;
}

export interface RunningServer {
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

// A strict policy: the page may talk only to its own origin.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:";

/** Starts the host; resolves when it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const dispatch = createDispatcher(opts.core, { checkOutput: opts.checkOutput });
  const server = createServer((req, res) => {
    if (req.url === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (!opts.staticDir) {
      res.writeHead(404).end('no renderer is served by this host');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const root = resolve(opts.staticDir);
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('renderer not built: run `npm run build`');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (!sameOrigin(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket) => {
    const send = (m: WsIn) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const unsubscribe = opts.core.subscribe((event, payload) => send({ event, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let msg: WsOut;
      try {
        msg = JSON.parse(String(data)) as WsOut;
        if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') throw new Error('not a call');
      } catch {
        send({ id: -1, result: { ok: false, error: { code: 'invalid_input', message: 'malformed message: expected {id, method, input}' } } });
        return;
      }
      send({ id: msg.id, result: await dispatch(msg.method, msg.input) });
    });
  };

  await new Promise<void>((r) => server.listen(opts.port ?? 0, host, r));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    wsUrl: `ws://${host}:${port}/ws`,
    server,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // Non-browser clients (tests, CLI) send no Origin.
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
