// UMAP's repulsive force between a point and a random "negative" sample is
// 2b / ((0.001 + d²)(1 + a·d^(2b))), which needs a fractional power. Math.pow costs ~60 ns
// here (exp∘log ~30 ns) and there are ~70 million negative samples at 10,000 points, so
// the power dominated the layout. The force depends on the distance alone, so we tabulate
// it once per run on a grid in u = r / (1 + r), which is fine near r = 0 where the force
// changes fastest and still reaches r → ∞, and interpolate linearly. SGD tolerates the
// < 1e-3 relative error (uwot's approx_pow makes the same trade for speed).

/** Grid size of the table: 16 KB of Float32, small enough to stay in L1/L2 cache. */
export const REPULSION_STEPS = 4096;

/** Exact repulsion coefficient for squared distance d2 (before multiplying by the offset). */
export function repulsionExact(d2: number, a: number, b: number): number {
  return (2 * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
}

/** Table of the coefficient at u = i / REPULSION_STEPS, i = 0..REPULSION_STEPS. */
export function repulsionTable(a: number, b: number): Float32Array {
  const table = new Float32Array(REPULSION_STEPS + 2);
  for (let i = 0; i < REPULSION_STEPS; i++) {
    const u = i / REPULSION_STEPS;
    const r = u / (1 - u);
    table[i] = repulsionExact(r * r, a, b);
  }
  // At r = ∞ the force is 0; the extra slot lets interpolation read i + 1 without a check.
  table[REPULSION_STEPS] = 0;
  table[REPULSION_STEPS + 1] = 0;
  return table;
}

/** Interpolated coefficient for squared distance d2 (the layout inlines the same lines). */
export function repulsionLookup(table: Float32Array, d2: number): number {
  const r = Math.sqrt(d2);
  const pos = (r / (1 + r)) * REPULSION_STEPS;
  const i = pos | 0;
  return table[i] + (pos - i) * (table[i + 1] - table[i]);
}
