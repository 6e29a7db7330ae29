import { describe, expect, it } from 'vitest';
import { simSplit, simulate, type SimData, type SimModelFactory } from '../../core/common/ml/simulate.js';

// An oracle that knows every label: its macro-F1 is 1 on any test set, so a class left out
// of the test side must not pull it down, and the result must name that class.
const N = 40;
const y = Int32Array.from({ length: N }, (_, i) => (i === 0 ? 2 : i % 2));
const data: SimData = {
  classes: ['noise', 'earthquake', 'rare'],
  y,
  // One group per 4 windows; the single "rare" window is in group g0.
  groups: Array.from({ length: N }, (_, i) => `g${Math.floor(i / 4)}`),
  features: { data: Float64Array.from({ length: N }, (_, i) => i), rows: N, cols: 1 },
};
const oracle: SimModelFactory = {
  name: 'oracle',
  fit: (_t, _y, K) => ({
    predictProba: (idx) => {
      const p = new Float64Array(idx.length * K);
      idx.forEach((w, r) => { p[r * K + y[w]!] = 1; });
      return p;
    },
  }),
};

describe('simulation with a class missing from the held-out groups', () => {
  it('scores the classes present and names the missing one per seed', async () => {
    const seeds = 4;
    const r = await simulate(data, oracle, { strategy: 'random', seeds, initial: 4, batch: 4, budget: 12, testFraction: 0.25 });
    for (const p of r.curve) expect(p.macroF1).toBe(1);
    expect(r.fullPoolMacroF1).toBe(1);
    const missing = Array.from({ length: seeds }, (_, s) => s).filter((s) => !Array.from(simSplit(data, 0.25, s).test).includes(0));
    expect(missing.length).toBeGreaterThan(0);
    expect(r.notes).toEqual(missing.map((s) => `seed ${s}: no held-out windows of rare, left out of its macro-F1`));
  });
});
