// Onset picking inside one window, for features measured relative to an arrival.
//
// The picker looks for the sharpest rise of signal energy: at every candidate sample k it
// compares the mean energy in a short window after k with the mean in an equally short
// window before k, and keeps the k with the largest ratio. Unlike the envelope peak this
// lands on the start of an arrival, and unlike a threshold on STA/LTA it needs no tuning per
// station: a P wave out of quiet noise and an S wave out of the P coda are both a step up in
// energy, only of different size. Running sums make it O(n).

/** The strongest energy step of a window. */
export interface Onset {
  /** Sample index where the step begins. */
  index: number;
  /** log10 of mean energy after over mean energy before (0 when nothing rises). */
  logJump: number;
}

/**
 * Cumulative sum of energy[0..n) into cum[0..n] (cum[0] = 0), so a window mean is one
 * subtraction; returns cum.
 */
export function cumulativeEnergy(energy: ArrayLike<number>, n: number, cum: Float64Array): Float64Array {
  if (cum.length < n + 1) throw new Error(`cumulative buffer needs ${n + 1} values, got ${cum.length}`);
  cum[0] = 0;
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + energy[i];
  return cum;
}

/** Mean of the energy in [a, b) from its cumulative sum (0 for an empty range). */
export function meanEnergy(cum: Float64Array, a: number, b: number): number {
  return b > a ? Math.max(0, cum[b] - cum[a]) / (b - a) : 0;
}

/**
 * Strongest energy step in n samples, from their cumulative energy: windows of w samples
 * on each side, at least minSide samples before and after the candidate (shorter windows
 * are allowed near the edges so an arrival close to the start can still be found).
 * The floor (a small share of the window's mean energy) keeps zero-padded stretches from
 * producing infinite ratios. Candidates in [exclude[0], exclude[1]) are skipped, which finds
 * the strongest *other* arrival (S after P, or P before S); with `within`, only candidates in
 * [within[0], within[1]] are considered (e.g. the arrival nearest the window centre).
 */
export function strongestOnset(cum: Float64Array, n: number, w: number, minSide: number, exclude?: readonly [number, number], within?: readonly [number, number]): Onset {
  const lo = Math.max(1, minSide, within ? within[0] : 0);
  const hi = Math.min(n - Math.max(1, minSide), within ? within[1] : n);
  if (hi <= lo) return { index: Math.floor(n / 2), logJump: 0 };
  const floor = 1e-6 * meanEnergy(cum, 0, n) + 1e-300;
  let best = -Infinity;
  let index = -1;
  for (let k = lo; k <= hi; k++) {
    if (exclude && k >= exclude[0] && k < exclude[1]) continue;
    const before = meanEnergy(cum, Math.max(0, k - w), k) + floor;
    const after = meanEnergy(cum, k, Math.min(n, k + w)) + floor;
    const r = after / before;
    if (r > best) {
      best = r;
      index = k;
    }
  }
  if (index < 0) return { index: Math.floor(n / 2), logJump: 0 };
  return { index, logJump: best > 1 ? Math.log10(best) : 0 };
}
