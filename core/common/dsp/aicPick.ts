// Onset refinement with the Akaike information criterion (Maeda, 1985): within a segment that
// holds one onset, the sample that best splits it into two stationary parts (noise, then
// signal) minimises AIC(k) = k·ln(var(x[0..k])) + (N−k−1)·ln(var(x[k+1..N−1])). Used to snap a
// pick placed by hand to the onset nearby; one pass with running sums, O(N).

/** Index (within x) of the AIC minimum, or null when x is too short or no stronger signal follows it. */
export function aicOnset(x: ArrayLike<number>, from = 0, to = x.length): number | null {
  const n = to - from;
  if (n < 8) return null;
  // Running sums from the left and from the right give both variances at every split.
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = x[from + i]!;
    s1[i + 1] = s1[i]! + v;
    s2[i + 1] = s2[i]! + v * v;
  }
  const variance = (a: number, b: number) => {
    const m = b - a;
    const mean = (s1[b]! - s1[a]!) / m;
    return Math.max((s2[b]! - s2[a]!) / m - mean * mean, 1e-30);
  };
  let best = -1;
  let bestAic = Infinity;
  // Keep a few samples on each side so both variances are estimates, not single values.
  for (let k = 3; k < n - 3; k++) {
    const aic = k * Math.log(variance(0, k)) + (n - k - 1) * Math.log(variance(k, n));
    if (aic < bestAic) {
      bestAic = aic;
      best = k;
    }
  }
  // No onset stands out unless the signal after the split is clearly stronger than before.
  if (best < 0 || variance(best, n) < 2 * variance(0, best)) return null;
  return from + best;
}

/**
 * Snaps a pick at `seconds` to the AIC onset within ±`halfWidth` seconds of it; the pick is
 * returned unchanged when no onset stands out (flat or too short a segment).
 */
export function snapToOnset(x: ArrayLike<number>, fs: number, seconds: number, halfWidth = 1): number {
  const c = Math.round(seconds * fs);
  const from = Math.max(0, c - Math.round(halfWidth * fs));
  const to = Math.min(x.length, c + Math.round(halfWidth * fs));
  const k = aicOnset(x, from, to);
  return k === null ? seconds : k / fs;
}
