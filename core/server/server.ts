// The browser-mode host: serves the renderer and carries the API contract over a
// WebSocket. Every client is untrusted: the Host header and a WebSocket's Origin must name
// this host, malformed requests get 400 instead of an exception, messages are bounded in
// size, and requests of all clients share the core fairly (see connection.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../node/core.js';
import { createDispatcher } from '../node/api/dispatch.js';
import { CLOSE, Connection, DEFAULT_LIMITS, FairScheduler, type Limits } from './connection.js';
import { hostAllowed, originAllowed, servedHosts } from './hostNames.js';
import { sendStatic } from './staticFiles.js';

export interface ServerOptions {
  core: Core;
  host?: string;
  port?: number;
  /** Folder with the built renderer (index.html); omitted in API-only tests. */
  staticDir?: string;
  /** Validate handler outputs against the contract (tests). */
  checkOutput?: boolean;
  /** Further names this host is reached by (a reverse proxy's public name). */
  allowHosts?: string[];
  limits?: Partial<Limits>;
}

export interface RunningServer {
  url: string;
  wsUrl: string;
  server: Server;
  /** Live connections (tests and the bench read their peak unsent bytes). */
  connections(): readonly Connection[];
  close(): Promise<void>;
}

/** Starts the host; resolves when it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dispatch = createDispatcher(opts.core, { checkOutput: opts.checkOutput });
  let served = new Set<string>();

  const server = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (e) {
      // A handler that throws must cost one request, never the process.
      if (!res.headersSent) res.writeHead(e instanceof URIError ? 400 : 500);
      res.end(e instanceof URIError ? 'malformed URL' : 'internal error');
    }
  });
  // A client that sends garbage instead of HTTP gets 400 and is dropped (Node's default,
  // made explicit so the behaviour does not depend on the Node version).
  server.on('clientError', (_e, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const handleHttp = (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host, served)) {
      res.writeHead(403).end('this host does not answer to that name');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (!opts.staticDir) {
      res.writeHead(404).end('no renderer is served by this host');
      return;
    }
    sendStatic(opts.staticDir, url.pathname, res);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    };
    try {
      if (!hostAllowed(req.headers.host, served) || !originAllowed(req.headers.origin, served)) return refuse('403 Forbidden');
      if (new URL(req.url ?? '/', 'http://host.invalid').pathname !== '/ws') return refuse('404 Not Found');
    } catch {
      return refuse('400 Bad Request');
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const live = new Set<Connection>();
  const scheduler = new FairScheduler(async (c, msg) => {
    let result;
    try {
      result = await dispatch(msg.method, msg.input);
    } catch (e) {
      result = { ok: false as const, error: { code: 'internal' as const, message: (e as Error)?.message ?? String(e) } };
    }
    c.send({ id: msg.id, result });
  });

  const serve = (ws: WebSocket) => {
    const c = new Connection(ws, limits, scheduler.wake);
    live.add(c);
    scheduler.add(c);
    const unsubscribe = opts.core.subscribe((event, payload) => c.send({ event, payload }));
    ws.on('message', (data, isBinary) => c.receive(data, isBinary));
    // An oversized message makes ws close with 1009; errors end only this connection.
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      unsubscribe();
      scheduler.remove(c);
      live.delete(c);
    });
  };

  await new Promise<void>((r) => server.listen(opts.port ?? 0, host, r));
  const { port } = server.address() as AddressInfo;
  served = servedHosts(host, port, opts.allowHosts);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    wsUrl: `ws://${shown}:${port}/ws`,
    server,
    connections: () => [...live],
    close: () =>
      new Promise<void>((r) => {
        scheduler.close();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export { CLOSE };
