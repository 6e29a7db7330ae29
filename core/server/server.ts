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
import { hostAllowed, isLoopback, originAllowed, servedHosts } from './hostNames.js';
import { Gate, type Session } from './auth.js';
import { newToken } from '../node/store/people.js';
import { eventFor } from '../node/api/caller.js';
import { sendStatic } from './staticFiles.js';
import { HostMetrics } from './metrics.js';

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
  /**
   * The owner's token: a fixed one (tests, a service manager's secret), or by default a
   * fresh random one. null turns authentication off — every client is the owner — and is
   * refused unless the host listens on loopback only.
   */
  ownerToken?: string | null;
}

export interface RunningServer {
  url: string;
  wsUrl: string;
  /** The URL that signs the owner in (`url/?token=…`); equals `url` without authentication. */
  ownerUrl: string;
  ownerToken: string | null;
  server: Server;
  /** Live connections (tests and the bench read their peak unsent bytes). */
  connections(): readonly Connection[];
  /** Since start: clients cut off for not reading, and the most unsent bytes any client had. */
  stats(): { cutOff: number; peakBuffered: number };
  close(): Promise<void>;
}

/** Starts the host; resolves when it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const ownerToken = opts.ownerToken === undefined ? newToken() : opts.ownerToken;
  if (ownerToken === null && !isLoopback(host)) throw new Error(`listening on ${host} reaches other machines: authentication must stay on`);
  const gate = new Gate(opts.core, ownerToken);
  // The sign-in cookie is named by the port the browser reached (its Host header, checked
  // against the served names before any cookie is read): cookies are not kept apart by port,
  // and two hosts on one machine must not sign each other out — yet every host behind one
  // load balancer must read the cookie another of them set (the browser sees one address).
  const cookieName = (req: IncomingMessage): string => {
    const m = /:(\d+)$/.exec(req.headers.host ?? '');
    return `seislabel-token-${m ? m[1] : 'default'}`;
  };
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dispatch = createDispatcher(opts.core, { checkOutput: opts.checkOutput });
  let served = new Set<string>();
  const metrics = new HostMetrics();

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      // A handler that throws must cost one request, never the process.
      if (!res.headersSent) res.writeHead(e instanceof URIError ? 400 : 500);
      res.end(e instanceof URIError ? 'malformed URL' : 'internal error');
    });
  });
  // A client that trickles its headers (slowloris) is dropped instead of holding a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // A client that sends garbage instead of HTTP gets 400 and is dropped (Node's default,
  // made explicit so the behaviour does not depend on the Node version).
  server.on('clientError', (_e, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const handleHttp = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host, served)) {
      res.writeHead(403).end('this host does not answer to that name');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname === '/api/health' || url.pathname === '/health') {
      // For a load balancer: a team host whose database link is down answers 503, so
      // traffic goes to a host that can save labels. Says nothing else about the host.
      const db = opts.core.team ? (opts.core.team.status.connected ? 'ok' : 'unreachable') : undefined;
      res.writeHead(db === 'unreachable' ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(db ? { ok: db === 'ok', db } : { ok: true }));
      return;
    }
    if (url.pathname === '/metrics') {
      // The owner's token, or a scraper on this machine (not through a proxy).
      const session = await gate.signIn(gate.tokenOf(req, cookieName(req)), req).catch(() => null);
      const local = isLoopback(req.socket.remoteAddress) && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
      if (!local && !(session?.caller.role === 'owner' && session.tokenId === null)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('metrics need the owner token (Authorization: Bearer …) or a scraper on the host machine');
        return;
      }
      const t = opts.core.team?.status;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' });
      res.end(metrics.render({ connections: live.size, cutOff: totals.cutOff, team: t ? { ...t } : null }));
      return;
    }
    if (url.searchParams.has('token') && gate.enabled) {
      await signInLink(req, res, url);
      return;
    }
    if (url.pathname === '/api/session') {
      // Lets the page tell "not signed in" apart from "host unreachable".
      const session = await gate.signIn(gate.tokenOf(req, cookieName(req)), req);
      res.writeHead(session ? 200 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(session ? { role: session.caller.role, name: session.caller.name } : { error: 'not signed in: open the link the host printed, or your invite link' }));
      return;
    }
    if (!opts.staticDir) {
      res.writeHead(404).end('no renderer is served by this host');
      return;
    }
    sendStatic(opts.staticDir, url.pathname, res);
  };

  // An invite or owner link: trade the token for a cookie and take it out of the address
  // bar (and so out of the history and of screenshots), keeping the other parameters.
  const signInLink = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const token = url.searchParams.get('token')!;
    if (!(await gate.signIn(token, req))) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('This link is not valid: it was revoked, it expired, or it belongs to another project. Ask the project owner for a new one.');
      return;
    }
    url.searchParams.delete('token');
    // `//evil.example` or `/\evil.example` as a Location would leave the host: keep one slash.
    const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
    const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    res.writeHead(303, {
      location: `${path}${url.search}`,
      'set-cookie': `${cookieName(req)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload, perMessageDeflate: false });
  server.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    };
    try {
      if (!hostAllowed(req.headers.host, served) || !originAllowed(req.headers.origin, served)) return refuse('403 Forbidden');
      if (new URL(req.url ?? '/', 'http://host.invalid').pathname !== '/ws') return refuse('404 Not Found');
      const session = await gate.signIn(gate.tokenOf(req, cookieName(req)), req);
      if (!session) return refuse('401 Unauthorized');
      if (live.size >= limits.maxConnections) return refuse('503 Service Unavailable');
      if (session.tokenId !== null && (perPerson.get(session.tokenId) ?? 0) >= limits.maxPerPerson) return refuse('429 Too Many Requests');
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, session));
    } catch (e) {
      // The team database away: a client should retry (another host may serve it), not give up.
      return refuse((e as { code?: string }).code === 'unavailable' ? '503 Service Unavailable' : '400 Bad Request');
    }
  });

  const live = new Map<Connection, Session>();
  const perPerson = new Map<number, number>();
  const totals = { cutOff: 0, peakBuffered: 0 };
  const scheduler = new FairScheduler(async (c, msg) => {
    const session = live.get(c);
    let valid: boolean;
    try {
      valid = !!session && (await gate.stillValid(session));
    } catch (e) {
      c.send({ id: msg.id, result: { ok: false, error: { code: 'unavailable', message: (e as Error).message } } });
      return;
    }
    if (!session || !valid) {
      c.send({ id: msg.id, result: { ok: false, error: { code: 'unauthenticated', message: 'this link was revoked or expired, or another project was opened; sign in again' } } });
      c.ws.close(CLOSE.unauthenticated, 'signed out');
      return;
    }
    let result;
    const t0 = performance.now();
    try {
      result = await dispatch(msg.method, msg.input, session.caller);
    } catch (e) {
      result = { ok: false as const, error: { code: 'internal' as const, message: (e as Error)?.message ?? String(e) } };
    }
    metrics.noteCall(String(msg.method), result.ok, (performance.now() - t0) / 1000);
    c.send({ id: msg.id, result });
  });

  const serve = (ws: WebSocket, session: Session) => {
    const c = new Connection(ws, limits, scheduler.wake);
    live.set(c, session);
    if (session.tokenId !== null) perPerson.set(session.tokenId, (perPerson.get(session.tokenId) ?? 0) + 1);
    scheduler.add(c);
    const unsubscribe = opts.core.subscribe((event, payload) => {
      try {
        const shown = eventFor(session.caller, event, payload);
        if (shown !== null) c.send({ event, payload: shown });
      } catch {
        // A session that no longer resolves (project closed) just misses the event.
      }
    });
    ws.on('message', (data, isBinary) => c.receive(data, isBinary));
    // An oversized message makes ws close with 1009; errors end only this connection.
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      totals.cutOff += c.cutOff ? 1 : 0;
      totals.peakBuffered = Math.max(totals.peakBuffered, c.peakBuffered);
      unsubscribe();
      scheduler.remove(c);
      live.delete(c);
      if (session.tokenId !== null) {
        const n = (perPerson.get(session.tokenId) ?? 1) - 1;
        if (n > 0) perPerson.set(session.tokenId, n);
        else perPerson.delete(session.tokenId);
      }
    });
  };

  await new Promise<void>((r) => server.listen(opts.port ?? 0, host, r));
  const { port } = server.address() as AddressInfo;
  served = servedHosts(host, port, opts.allowHosts);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}`;
  return {
    url,
    wsUrl: `ws://${shown}:${port}/ws`,
    ownerUrl: ownerToken === null ? url : `${url}/?token=${ownerToken}`,
    ownerToken,
    server,
    connections: () => [...live.keys()],
    stats: () => ({ cutOff: totals.cutOff, peakBuffered: Math.max(totals.peakBuffered, ...[...live.keys()].map((c) => c.peakBuffered)) }),
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
