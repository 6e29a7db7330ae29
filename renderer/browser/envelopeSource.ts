// Envelope data for the trace browser: a coarse overview of the whole stream (fetched
// once) plus a detail envelope of the visible range (refetched as the view moves, one
// request in flight at a time). Drawing always uses the best data already here, so
// panning and zooming never wait for the core.
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';

/** Min/max columns over [start, end) seconds. */
export interface Envelope {
  start: number;
  end: number;
  min: Float32Array;
  max: Float32Array;
}

const OVERVIEW_COLUMNS = 8192;

export class EnvelopeSource {
  overview: Envelope | null = null;
  detail: Envelope | null = null;
  private inFlight = false;
  /** The range and column count of the request in flight. */
  private loading: { start: number; end: number; columns: number } | null = null;
  private wanted: { start: number; end: number; width: number } | null = null;

  constructor(
    private readonly client: CoreClient,
    readonly streamId: number,
    readonly duration: number,
    private readonly onData: () => void,
  ) {}

  /** Fetches the overview of the whole stream. */
  async init(): Promise<void> {
    this.overview = await this.fetch(0, this.duration, OVERVIEW_COLUMNS);
    this.onData();
  }

  /** Asks for the detail of a view; the latest ask wins, and a view the detail (held or on its way) already covers asks nothing. */
  request(start: number, end: number, width: number): void {
    if (covers(this.detail, start, end, width) || covers(this.loading, start, end, width)) {
      this.wanted = null;
      return;
    }
    this.wanted = { start, end, width };
    if (!this.inFlight) void this.pump();
  }

  private async pump(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.wanted) {
        const w = this.wanted;
        this.wanted = null;
        // A margin of half a view on each side keeps short pans inside the detail.
        const span = w.end - w.start;
        this.loading = { start: w.start - span / 2, end: w.end + span / 2, columns: w.width * 2 };
        this.detail = await this.fetch(this.loading.start, this.loading.end, this.loading.columns);
        this.loading = null;
        this.onData();
      }
    } finally {
      this.inFlight = false;
      this.loading = null;
    }
  }

  private async fetch(start: number, end: number, width: number): Promise<Envelope> {
    const r = await this.client.call('streams.envelope', { streamId: this.streamId, startSeconds: start, endSeconds: end, width: Math.min(16_384, Math.max(1, Math.round(width))) });
    return { start, end, min: base64ToF32(r.min), max: base64ToF32(r.max) };
  }

  /** The envelope to draw [start, end) at `width` columns: detail when it covers the view finely enough, else the overview. */
  best(start: number, end: number, width: number): Envelope | null {
    const d = this.detail;
    if (d && covers({ start: d.start, end: d.end, columns: d.min.length }, start, end, width)) return d;
    return this.overview ?? d;
  }
}

/** True when a range of `columns` min/max pairs spans [start, end] at least as finely as `width` pixels need. */
export function covers(r: { start: number; end: number; columns: number } | Envelope | null, start: number, end: number, width: number): boolean {
  if (!r) return false;
  const columns = 'columns' in r ? r.columns : r.min.length;
  return r.start <= start && r.end >= end && (r.end - r.start) / columns <= ((end - start) / width) * 1.01;
}

/** Min/max per pixel of `env` between start and end seconds (NaN where there is no data). */
export function columnsOf(env: Envelope, start: number, end: number, width: number, outMin: Float32Array, outMax: Float32Array): void {
  const n = env.min.length;
  const perCol = (env.end - env.start) / n;
  for (let x = 0; x < width; x++) {
    const t0 = start + ((end - start) * x) / width;
    const t1 = start + ((end - start) * (x + 1)) / width;
    const a = Math.floor((t0 - env.start) / perCol);
    const b = Math.max(a + 1, Math.ceil((t1 - env.start) / perCol));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = Math.max(0, a); i < Math.min(n, b); i++) {
      const mn = env.min[i]!;
      const mx = env.max[i]!;
      if (mn < lo) lo = mn;
      if (mx > hi) hi = mx;
    }
    outMin[x] = lo <= hi ? lo : NaN;
    outMax[x] = lo <= hi ? hi : NaN;
  }
}
