/** The q-quantile (0–1) of a list of numbers (nearest rank). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Median of several timings of `fn` (ms). */
export async function medianMs(fn: () => unknown, repeats = 5): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return quantile(t, 0.5);
}
