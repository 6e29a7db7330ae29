// Raw clients of the browser-mode host for the security tests: HTTP requests with any Host
// header or path, and WebSocket connections that report the status a refused upgrade got.
import { request } from 'node:http';
import WebSocket from 'ws';
import type { WsIn } from '../../core/common/api/wsTransport.js';

/** A GET with exactly this path and these headers; resolves with status and body. */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status of a refused upgrade. */
export function openWs(url: string, opts: WebSocket.ClientOptions = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** A minimal protocol client over an open socket: `call` resolves with the call's result message. */
export function rpc(ws: WebSocket) {
  let next = 1;
  const pending = new Map<number, (m: WsIn) => void>();
  const events: { event: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WsIn;
    if ('id' in m) {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    } else events.push(m);
  });
  return {
    events,
    /** Sends a call without waiting; returns its id. */
    send(method: string, input: unknown = {}): number {
      const id = next++;
      ws.send(JSON.stringify({ id, method, input }));
      return id;
    },
    call(method: string, input: unknown = {}): Promise<Extract<WsIn, { id: number }>['result']> {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, (m) => resolve((m as Extract<WsIn, { id: number }>).result));
        ws.send(JSON.stringify({ id, method, input }));
      });
    },
  };
}

/** Resolves when the socket has closed, with its close code. */
export const closed = (ws: WebSocket): Promise<number> =>
  new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(1006) : ws.once('close', (code) => resolve(code))));
