// One WebSocket client of the host, and the scheduler that shares the core between them.
// Requests wait in a queue per connection; the scheduler starts one request at a time,
// taking connections in turn and yielding to the event loop in between, so a client that
// sends 20,000 labels at once waits for its own queue while a quiet client's request is
// answered next. A full queue stops reading the socket (TCP pushes back on the sender);
// a client that does not read its answers is not served further and, if it stays behind
// or its unsent data passes a bound, is cut off, so it cannot make the host hoard memory.
import type { RawData, WebSocket } from 'ws';
import type { WsIn, WsOut } from '../common/api/wsTransport.js';

export interface Limits {
  /** Largest message a client may send, in bytes (uploads come in chunks below this). */
  maxPayload: number;
  /** Requests waiting per connection before the host stops reading from it. */
  maxQueued: number;
  /** Requests of one connection running at once (long calls await tasks, workers). */
  maxInFlight: number;
  /** Unsent bytes to a client above which its further requests wait. */
  pauseBuffered: number;
  /** Unsent bytes to a client above which it is cut off. */
  maxBuffered: number;
  /** How long a client may stay above `pauseBuffered` before it is cut off. */
  stallMs: number;
  /** WebSocket clients at once; more are refused with 503 (each holds buffers and a queue). */
  maxConnections: number;
  /**
   * WebSocket clients at once for one invited person (one invite link): a few tabs and devices
   * are normal, a script opening hundreds to take every slot is not. The owner is not capped.
   * Per person, not per IP: a classroom of volunteers shares one address.
   */
  maxPerPerson: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxPayload: 8 * 1024 * 1024,
  maxQueued: 64,
  maxInFlight: 4,
  pauseBuffered: 1024 * 1024,
  maxBuffered: 16 * 1024 * 1024,
  stallMs: 30_000,
  maxConnections: 1000,
  maxPerPerson: 16,
};

/** WebSocket close codes the host uses (4000–4999 are the application's). */
export const CLOSE = { tooBig: 1009, policy: 1008, slowReader: 4008, unauthenticated: 4401 } as const;

export class Connection {
  private readonly queue: { msg: WsOut; bytes: number }[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private paused = false;
  private stalledSince: number | null = null;
  /** Most unsent bytes seen on this connection (for tests and the bench). */
  peakBuffered = 0;
  /** Set when the host cut this client off for not reading. */
  cutOff = false;

  constructor(
    readonly ws: WebSocket,
    private readonly limits: Limits,
    private readonly onWork: () => void,
  ) {}

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Queues one incoming message (or answers it with an error if it is not a call). */
  receive(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
    let msg: WsOut;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(String(data)) as WsOut;
      // The method is checked by the dispatcher, which answers a bad one under the call's id.
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') throw new Error('not a call');
    } catch {
      this.send({ id: -1, result: { ok: false, error: { code: 'invalid_input', message: 'malformed message: expected JSON {id, method, input}' } } });
      return;
    }
    this.queue.push({ msg, bytes });
    this.queuedBytes += bytes;
    // Pausing takes effect after the chunk already read from the socket (thousands of small
    // calls fit in one), so the queue may overshoot by a chunk; memory is bounded by bytes.
    if (this.queuedBytes > this.limits.maxPayload * 4) {
      this.ws.close(CLOSE.policy, 'too much waiting to be served');
      return;
    }
    if (!this.paused && (this.queue.length >= this.limits.maxQueued || this.queuedBytes >= this.limits.maxPayload)) {
      this.paused = true;
      this.ws.pause();
    }
    this.onWork();
  }

  /** Whether the scheduler may start this connection's next request now. */
  ready(now: number): boolean {
    return this.open && this.queue.length > 0 && this.inFlight < this.limits.maxInFlight && !this.backedUp(now);
  }

  /** Requests waiting only because the client is behind on reading. */
  waitingOnReader(now: number): boolean {
    return this.open && this.queue.length > 0 && this.backedUp(now);
  }

  /** Takes the next request; `done` must be called when it has been answered. */
  take(): WsOut {
    const { msg, bytes } = this.queue.shift()!;
    this.queuedBytes -= bytes;
    this.inFlight++;
    if (this.paused && this.queue.length < this.limits.maxQueued / 2 && this.queuedBytes < this.limits.maxPayload / 2) {
      this.paused = false;
      this.ws.resume();
    }
    return msg;
  }

  done(): void {
    this.inFlight--;
  }

  /** Sends a result or an event; cuts the client off if it has let too much pile up. */
  send(m: WsIn): void {
    if (!this.open) return;
    let json: string;
    try {
      json = JSON.stringify(m);
    } catch (e) {
      // A value JSON cannot carry (a BigInt, a cycle) fails this call, not the host.
      if (!('id' in m)) return;
      json = JSON.stringify({ id: m.id, result: { ok: false, error: { code: 'internal', message: `answer not serialisable: ${(e as Error).message}` } } } satisfies WsIn);
    }
    this.ws.send(json);
    this.backedUp(Date.now());
  }

  private backedUp(now: number): boolean {
    const buffered = this.ws.bufferedAmount;
    this.peakBuffered = Math.max(this.peakBuffered, buffered);
    if (buffered > this.limits.maxBuffered) {
      this.drop();
      return true;
    }
    if (buffered <= this.limits.pauseBuffered) {
      this.stalledSince = null;
      return false;
    }
    this.stalledSince ??= now;
    if (now - this.stalledSince > this.limits.stallMs) this.drop();
    return true;
  }

  private drop(): void {
    this.cutOff = true;
    // terminate, not close: a close frame would queue behind the data the client is not reading.
    if (this.ws.readyState !== this.ws.CLOSED) this.ws.terminate();
  }
}

/** Starts queued requests one at a time, taking the connections in turn. */
export class FairScheduler {
  private readonly ring: Connection[] = [];
  private next = 0;
  private scheduled = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly run: (c: Connection, msg: WsOut) => Promise<void>) {}

  add(c: Connection): void {
    this.ring.push(c);
  }

  remove(c: Connection): void {
    const i = this.ring.indexOf(c);
    if (i < 0) return;
    this.ring.splice(i, 1);
    if (i < this.next) this.next--;
  }

  /** Asks for a scheduling turn (coalesced: one pending turn at a time). */
  wake = (): void => {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after pending I/O, so other clients' messages get queued first.
    setImmediate(this.turn);
  };

  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.ring.length = 0;
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    const now = Date.now();
    const n = this.ring.length;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      const c = this.ring[i]!;
      if (!c.ready(now)) continue;
      this.next = (i + 1) % n;
      const msg = c.take();
      void this.run(c, msg)
        .catch(() => c.ws.terminate())
        .finally(() => {
          c.done();
          this.wake();
        });
      this.wake();
      return;
    }
    // Nothing can start. A client behind on reading has no event to wake us when it
    // catches up, so look again shortly while one is waiting.
    if (!this.retry && this.ring.some((c) => c.waitingOnReader(now))) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.wake();
      }, 20);
    }
  };
}
