// The WebSocket transport of the browser mode. It takes the WebSocket class as a parameter
// so the same code runs in the browser and in Node tests (with the `ws` package).
import type { ApiResult } from './define.js';
import type { Transport } from './client.js';

interface WsLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', l: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', l: (ev: unknown) => void): void;
}

/** Protocol messages: calls go out with an id, results come back with it; events have none. */
export type WsOut = { id: number; method: string; input: unknown };
export type WsIn = { id: number; result: ApiResult } | { event: string; payload: unknown };

/** Connects and resolves once the socket is open. */
export function connectWebSocket(url: string, WebSocketImpl: new (url: string) => WsLike): Promise<Transport & { close(): void }> {
  const ws = new WebSocketImpl(url);
  const pending = new Map<number, (r: ApiResult) => void>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let nextId = 1;
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as WsIn;
    if ('id' in msg) {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else {
      for (const l of listeners) l(msg.event, msg.payload);
    }
  });
  ws.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'connection to the Seislabel core was closed' } });
    pending.clear();
  });
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () =>
      resolve({
        invoke(method, input) {
          const id = nextId++;
          return new Promise<ApiResult>((res) => {
            pending.set(id, res);
            ws.send(JSON.stringify({ id, method, input } satisfies WsOut));
          });
        },
        subscribe(l) {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        close: () => ws.close(),
      }),
    );
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
  });
}
