// Envelope data for the trace browser: a coarse overview of the whole stream (fetched once)
// plus tiles of fixed column count at power-of-two resolutions, fetched for the visible
// range and its neighbours and kept in a small LRU. Drawing layers the best data already
// here (overview, then coarser tiles, then the view's own), so panning and zooming never
// wait for the core: a zoom step first shows the previous level stretched, then refines;
// panning back over seen ground is free. Tiles are aligned on multiples of 2^level samples,
// which are also multiples of the core pyramid's buckets, so each tile is exact and cheap.
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
/** Columns per tile: a 1280 px view at its level spans 1–2 tiles' worth of columns. */
export const TILE_COLUMNS = 1024;
// ~8 KB per tile: 256 tiles are 2 MB per stream, hours of panning at any zoom.
const MAX_TILES = 256;
// Two requests per stream at once: enough to fill a view quickly without queueing stale
// tiles ahead of the ones a fast pan will want next.
const MAX_IN_FLIGHT = 2;
/** Coarser levels drawn under the view's own while its tiles load. */
const FALLBACK_LEVELS = 6;

/** The tile level for a view: columns of 2^level samples, the widest no wider than a pixel (one sample at least). */
export function levelFor(start: number, end: number, width: number, samplingRate: number): number {
  const perPx = ((end - start) * samplingRate) / Math.max(1, width);
  return perPx <= 1 ? 0 : Math.floor(Math.log2(perPx));
}

export class EnvelopeSource {
  overview: Envelope | null = null;
  private readonly tiles = new Map<string, Envelope>();
  private readonly inFlight = new Set<string>();
  private queue: { level: number; index: number }[] = [];

  constructor(
    private readonly client: CoreClient,
    readonly streamId: number,
    readonly duration: number,
    readonly samplingRate: number,
    private readonly onData: () => void,
  ) {}

  /** Fetches the overview of the whole stream. */
  async init(): Promise<void> {
    this.overview = await this.fetch(0, this.duration, OVERVIEW_COLUMNS);
    this.onData();
  }

  private tileSeconds(level: number): number {
    return (TILE_COLUMNS * 2 ** level) / this.samplingRate;
  }

  /** Tile indices of `level` that intersect [start, end), clipped to the stream. */
  private tileRange(level: number, start: number, end: number): [number, number] {
    const ts = this.tileSeconds(level);
    const last = Math.max(0, Math.ceil(this.duration / ts) - 1);
    return [Math.max(0, Math.floor(start / ts)), Math.min(last, Math.ceil(end / ts) - 1)];
  }

  /** Asks for the tiles of a view: the visible ones first, then one on each side for panning. The latest ask replaces older ones. */
  request(start: number, end: number, width: number): void {
    const level = levelFor(start, end, width, this.samplingRate);
    const [a, b] = this.tileRange(level, start, end);
    const want: { level: number; index: number }[] = [];
    for (let i = a; i <= b; i++) want.push({ level, index: i });
    if (b + 1 <= Math.ceil(this.duration / this.tileSeconds(level)) - 1) want.push({ level, index: b + 1 });
    if (a - 1 >= 0) want.push({ level, index: a - 1 });
    this.queue = want.filter((t) => !this.tiles.has(key(t.level, t.index)) && !this.inFlight.has(key(t.level, t.index)));
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT && this.queue.length) {
      const t = this.queue.shift()!;
      const k = key(t.level, t.index);
      if (this.tiles.has(k) || this.inFlight.has(k)) continue;
      this.inFlight.add(k);
      const ts = this.tileSeconds(t.level);
      this.fetch(t.index * ts, (t.index + 1) * ts, TILE_COLUMNS)
        .then((env) => {
          this.tiles.set(k, env);
          // Oldest first in a Map: drop from the front once over budget.
          while (this.tiles.size > MAX_TILES) this.tiles.delete(this.tiles.keys().next().value!);
          this.onData();
        })
        .catch(() => {
          // A failed tile is asked again by the next view change; the overview still shows.
        })
        .finally(() => {
          this.inFlight.delete(k);
          this.pump();
        });
    }
  }

  private async fetch(start: number, end: number, width: number): Promise<Envelope> {
    const r = await this.client.call('streams.envelope', { streamId: this.streamId, startSeconds: start, endSeconds: end, width: Math.min(16_384, Math.max(1, Math.round(width))) });
    return { start, end, min: base64ToF32(r.min), max: base64ToF32(r.max) };
  }

  /**
   * What to draw for [start, end) at `width` columns, coarse to fine: the overview, then
   * loaded runs of tiles from coarser levels down to the view's own. `complete` is true when
   * the view's own tiles cover it all (the drawing is at full resolution).
   */
  layers(start: number, end: number, width: number): { layers: Envelope[]; complete: boolean } {
    const layers: Envelope[] = this.overview ? [this.overview] : [];
    const level = levelFor(start, end, width, this.samplingRate);
    let complete = false;
    for (let lv = level + FALLBACK_LEVELS; lv >= level; lv--) {
      const [a, b] = this.tileRange(lv, start, end);
      let run: Envelope[] = [];
      let missing = false;
      for (let i = a; i <= b + 1; i++) {
        const tile = i <= b ? this.tiles.get(key(lv, i)) : undefined;
        if (tile) {
          // Reading a tile counts as using it: move it to the LRU's young end.
          this.tiles.delete(key(lv, i));
          this.tiles.set(key(lv, i), tile);
          run.push(tile);
          continue;
        }
        if (i <= b) missing = true;
        if (run.length) layers.push(joinTiles(run));
        run = [];
      }
      if (lv === level) complete = !missing;
    }
    return { layers, complete };
  }
}

const key = (level: number, index: number): string => `${level}:${index}`;

/** Adjacent tiles of one level as one envelope (so a pixel on a tile boundary is not lost). */
function joinTiles(run: Envelope[]): Envelope {
  if (run.length === 1) return run[0]!;
  const n = run.reduce((s, t) => s + t.min.length, 0);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  let o = 0;
  for (const t of run) {
    min.set(t.min, o);
    max.set(t.max, o);
    o += t.min.length;
  }
  return { start: run[0]!.start, end: run[run.length - 1]!.end, min, max };
}

/**
 * Min/max per pixel of `env` between start and end seconds. With `overlay`, only pixels
 * that lie wholly inside the envelope are written (a finer layer over a coarser one);
 * otherwise every pixel is, NaN where there is no data.
 */
export function columnsOf(env: Envelope, start: number, end: number, width: number, outMin: Float32Array, outMax: Float32Array, overlay = false): void {
  const n = env.min.length;
  const perCol = (env.end - env.start) / n;
  const perPx = (end - start) / width;
  let x0 = 0;
  let x1 = width;
  if (overlay) {
    // Small tolerance: tile edges computed from seconds may land a hair off a pixel edge.
    const eps = perPx * 1e-6;
    x0 = Math.max(0, Math.ceil((env.start - start - eps) / perPx));
    x1 = Math.min(width, Math.floor((env.end - start + eps) / perPx));
  }
  for (let x = x0; x < x1; x++) {
    const t0 = start + ((end - start) * x) / width;
    const t1 = start + ((end - start) * (x + 1)) / width;
    const a = Math.floor((t0 - env.start) / perCol + 1e-9);
    const b = Math.max(a + 1, Math.ceil((t1 - env.start) / perCol - 1e-9));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = Math.max(0, a); i < Math.min(n, b); i++) {
      const mn = env.min[i]!;
      const mx = env.max[i]!;
      if (mn < lo) lo = mn;
      if (mx > hi) hi = mx;
    }
    if (overlay && !(lo <= hi)) continue;
    outMin[x] = lo <= hi ? lo : NaN;
    outMax[x] = lo <= hi ? hi : NaN;
  }
}
