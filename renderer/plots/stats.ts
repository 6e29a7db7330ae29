// Small numeric helpers of the charts: quantiles, box-plot statistics, histogram bins, axis
// ticks, colour scales and CSV text. Pure, so they are tested without a browser.

/** Linear-interpolated quantile of ascending values (q in 0..1); NaN for none. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Box-plot numbers (Tukey): quartiles, whiskers at the last values within 1.5 IQR, outliers beyond. */
export interface BoxStats { n: number; q1: number; median: number; q3: number; lo: number; hi: number; outliers: number[] }

/** Box-plot statistics of some values (non-finite values are ignored). */
export function boxStats(values: readonly number[]): BoxStats {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = s.filter((v) => v >= q1 - fence && v <= q3 + fence);
  return { n: s.length, q1, median: quantile(s, 0.5), q3, lo: inside[0] ?? NaN, hi: inside[inside.length - 1] ?? NaN, outliers: s.filter((v) => v < q1 - fence || v > q3 + fence) };
}

/** `bins` equal-width bins over [min, max] of all groups; counts per group, the last bin closed. */
export function histogram(groups: readonly (readonly number[])[], bins: number): { edges: number[]; counts: number[][] } {
  let min = Infinity;
  let max = -Infinity;
  for (const g of groups) for (const v of g) if (Number.isFinite(v)) { min = Math.min(min, v); max = Math.max(max, v); }
  if (!(max >= min)) return { edges: [], counts: groups.map(() => []) };
  if (max === min) { min -= 0.5; max += 0.5; }
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  const counts = groups.map((g) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of g) if (Number.isFinite(v)) c[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
    return c;
  });
  return { edges, counts };
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** Short tick text: at most 4 significant digits, no trailing zeros (ticks 137 and 137.5 must differ). */
export const tickText = (v: number): string => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

const mix = (a: number[], b: number[], t: number) => `rgb(${a.map((x, i) => Math.round(x + (b[i]! - x) * t)).join(',')})`;
const BLUE = [33, 102, 172];
const WHITE = [247, 247, 247];
const RED = [178, 24, 43];

/** Colour of a value in [-1, 1]: blue (−1), white (0), red (+1); grey for missing. */
export function divergingColour(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '#cccccc';
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
}

/** Colour of a value in [0, 1]: white to blue. */
export function sequentialColour(t: number): string {
  return mix(WHITE, BLUE, Math.max(0, Math.min(1, t)));
}

/** CSV text (RFC 4180 quoting) from rows of cells; null and NaN become empty cells. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
