// Multi-resolution min/max envelopes of a long trace, so a browser can draw a day of
// 100 Hz data at any zoom from a few thousand numbers instead of millions of samples.
// Level k holds min/max over buckets of BASE·FACTOR^k samples; a query picks the
// coarsest level whose bucket is still no wider than one output pixel, so the drawing is
// exact (every extreme inside a pixel is kept) while the work is O(pixels · FACTOR).

const BASE = 16;
const FACTOR = 4;

/** One level: min and max of consecutive buckets of `bucket` samples. */
interface Level {
  bucket: number;
  min: Float32Array;
  max: Float32Array;
}

/** The pyramid of one trace; build once, query many times. */
export interface EnvelopePyramid {
  readonly length: number;
  readonly levels: readonly Level[];
  readonly samples: Float32Array;
}

/** Builds the pyramid (about 2/BASE·4/3 of the trace's size in memory). */
export function buildPyramid(samples: Float32Array): EnvelopePyramid {
  const levels: Level[] = [];
  let prevMin: Float32Array = samples;
  let prevMax: Float32Array = samples;
  let step = BASE;
  let bucket = BASE;
  while (Math.ceil(samples.length / bucket) >= 2 || levels.length === 0) {
    const n = Math.ceil(prevMin.length / step);
    const min = new Float32Array(n);
    const max = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const a = i * step;
      const b = Math.min(a + step, prevMin.length);
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = a; j < b; j++) {
        if (prevMin[j]! < lo) lo = prevMin[j]!;
        if (prevMax[j]! > hi) hi = prevMax[j]!;
      }
      min[i] = lo;
      max[i] = hi;
    }
    levels.push({ bucket, min, max });
    if (n <= 1) break;
    prevMin = min;
    prevMax = max;
    step = FACTOR;
    bucket *= FACTOR;
  }
  return { length: samples.length, levels, samples };
}

// Column edges come from seconds × sampling rate and land a hair off whole samples
// (3 · 40960 / 100 · 100 = 122880.00000000001); snapping them keeps a column aligned on
// buckets from picking up its neighbour's first bucket.
const snap = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-6 ? r : v;
};

/**
 * Min/max per output column for samples [from, to) split into `width` equal columns.
 * Columns outside the trace are NaN (nothing to draw there).
 */
export function queryEnvelope(p: EnvelopePyramid, from: number, to: number, width: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(width).fill(NaN);
  const max = new Float32Array(width).fill(NaN);
  const span = to - from;
  if (width < 1 || !(span > 0)) return { min, max };
  const perPx = span / width;
  // The coarsest level whose buckets fit inside one column; raw samples when zoomed in.
  let level: Level | null = null;
  for (const l of p.levels) if (l.bucket <= perPx) level = l;
  const srcMin = level ? level.min : p.samples;
  const srcMax = level ? level.max : p.samples;
  const bucket = level ? level.bucket : 1;
  for (let x = 0; x < width; x++) {
    const s0 = Math.max(0, snap(from + x * perPx));
    const s1 = Math.min(p.length, snap(from + (x + 1) * perPx));
    if (s1 <= s0) continue;
    // Bucket indices covering [s0, s1); a column narrower than a sample still shows it.
    const b0 = Math.floor(s0 / bucket);
    const b1 = Math.max(b0 + 1, Math.ceil(s1 / bucket));
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = b0; b < b1 && b < srcMin.length; b++) {
      if (srcMin[b]! < lo) lo = srcMin[b]!;
      if (srcMax[b]! > hi) hi = srcMax[b]!;
    }
    if (lo <= hi) {
      min[x] = lo;
      max[x] = hi;
    }
  }
  return { min, max };
}
