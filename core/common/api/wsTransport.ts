// The WebSocket transport of the browser mode. It takes the WebSocket class as a parameter
// so the same code runs in the browser and in Node tests (with the `ws` package).
//
// A lost connection is re-opened on the same URL (behind a load balancer that reaches
// another host of a team server), with growing pauses. Calls made meanwhile wait and go out
// once it is back. A call that was sent but not answered is sent again only when a retry
// cannot do it twice — it carries an idempotency key (labels) — otherwise it fails with a
// message saying so. The host closing the session on purpose (revoked, signed out, message
// too big) is final: nothing is retried.
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

export interface ReconnectOptions {
  /** Attempts after a drop before pending calls fail (default 40: about three minutes at the longest pause). */
  attempts?: number;
  /** First pause, doubled each attempt up to maxMs. */
  firstPauseMs?: number;
  maxPauseMs?: number;
  /** Told when the connection is lost, back, or given up. */
  onStatus?: (status: 'reconnecting' | 'connected' | 'closed') => void;
}

/** Close codes after which the host does not want this session back (see core/server/connection.ts). */
const FINAL_CLOSE = new Set([1008, 1009, 4401]);

const LOST = 'connection to the Seislabel core was closed';

/** A call whose repetition is harmless: the host returns the first write for a repeated idempotency key. */
const canResend = (msg: WsOut): boolean => {
  const key = (msg.input as { idempotencyKey?: unknown } | null | undefined)?.idempotencyKey;
  return typeof key === 'string' && key.length > 0;
};

/** Connects and resolves once the socket is open. */
export function connectWebSocket(url: string, WebSocketImpl: new (url: string) => WsLike, opts: ReconnectOptions = {}): Promise<Transport & { close(): void }> {
  const attempts = opts.attempts ?? 40;
  const firstPause = opts.firstPauseMs ?? 250;
  const maxPause = opts.maxPauseMs ?? 5000;
  const pending = new Map<number, { msg: WsOut; resolve: (r: ApiResult) => void; sent: boolean }>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let nextId = 1;
  let ws: WsLike;
  let open = false;
  let closedByUser = false;
  let gaveUp = false;
  let tries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const failAll = (message: string) => {
    for (const p of pending.values()) p.resolve({ ok: false, error: { code: 'internal', message } });
    pending.clear();
  };
  const flush = () => {
    for (const p of pending.values()) {
      if (p.sent) continue;
      ws.send(JSON.stringify(p.msg));
      p.sent = true;
    }
  };
  const retry = () => {
    if (tries >= attempts) {
      gaveUp = true;
      failAll(`${LOST}; it did not come back after ${attempts} attempts`);
      opts.onStatus?.('closed');
      return;
    }
    const pause = Math.min(maxPause, firstPause * 2 ** tries);
    tries++;
    timer = setTimeout(() => attach(new WebSocketImpl(url)), pause);
  };

  const attach = (sock: WsLike, first?: { resolve: () => void; reject: (e: Error) => void }) => {
    ws = sock;
    let wasOpen = false;
    sock.addEventListener('open', () => {
      wasOpen = true;
      open = true;
      tries = 0;
      if (first) first.resolve();
      else opts.onStatus?.('connected');
      flush();
    });
    sock.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as WsIn;
      if ('id' in msg) {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      } else {
        for (const l of listeners) l(msg.event, msg.payload);
      }
    });
    sock.addEventListener('error', () => {
      if (first && !wasOpen) first.reject(new Error(`cannot connect to ${url}`));
    });
    sock.addEventListener('close', (ev) => {
      open = false;
      if (first && !wasOpen) return;
      const code = (ev as { code?: number } | undefined)?.code;
      if (closedByUser || (code !== undefined && FINAL_CLOSE.has(code))) {
        gaveUp = true;
        failAll(LOST);
        opts.onStatus?.('closed');
        return;
      }
      // Sent and unanswered: the host may or may not have done it. Resend only what cannot be done twice.
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        if (canResend(p.msg)) p.sent = false;
        else {
          p.resolve({ ok: false, error: { code: 'internal', message: `${LOST} before ${p.msg.method} was answered: it may or may not have been done` } });
          pending.delete(id);
        }
      }
      if (wasOpen) opts.onStatus?.('reconnecting');
      retry();
    });
  };

  return new Promise((resolve, reject) => {
    attach(new WebSocketImpl(url), {
      reject,
      resolve: () =>
        resolve({
          invoke(method, input) {
            const id = nextId++;
            return new Promise<ApiResult>((res) => {
              if (gaveUp) return res({ ok: false, error: { code: 'internal', message: LOST } });
              pending.set(id, { msg: { id, method, input }, resolve: res, sent: false });
              if (open) flush();
            });
          },
          subscribe(l) {
            listeners.add(l);
            return () => listeners.delete(l);
          },
          close: () => {
            closedByUser = true;
            gaveUp = true;
            if (timer) clearTimeout(timer);
            ws.close();
            failAll(LOST);
          },
        }),
    });
  });
}
