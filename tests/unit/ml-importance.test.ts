import { describe, expect, it } from 'vitest';
import { permutationImportance, permutationImportanceAsync } from '../../core/common/ml/importance.js';
import type { Matrix } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';

// The label is a threshold of feature 0 only; features 1 and 2 are noise. A "model" that
// knows the rule loses about half its accuracy when feature 0 is shuffled (random guesses
// on a balanced label), and nothing at all when a noise feature is shuffled.
function toy(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = makeRng(seed);
  const data = new Float64Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) data[i * 3 + j] = rng.normal();
    y[i] = data[i * 3]! > 0 ? 1 : 0;
  }
  return { x: { data, rows: n, cols: 3 }, y };
}
const rule = (x: Matrix): Int32Array => Int32Array.from({ length: x.rows }, (_, i) => (x.data[i * x.cols]! > 0 ? 1 : 0));

describe('permutation importance', () => {
  it('finds the only feature the label depends on', () => {
    const { x, y } = toy(2000, 1);
    const r = permutationImportance(rule, { x, y, repeats: 5, seed: 2 });
    expect(r.baseline).toBe(1);
    expect(r.features[0]!.mean).toBeGreaterThan(0.4);
    expect(r.features[0]!.mean).toBeLessThan(0.6);
    expect(r.features[0]!.values.length).toBe(5);
    expect(r.features[1]!.mean).toBe(0);
    expect(r.features[2]!.mean).toBe(0);
  });

  it('is seeded and leaves the input untouched', () => {
    const { x, y } = toy(300, 3);
    const before = Float64Array.from(x.data);
    const a = permutationImportance(rule, { x, y, seed: 4 });
    const b = permutationImportance(rule, { x, y, seed: 4 });
    const c = permutationImportance(rule, { x, y, seed: 5 });
    expect(b).toEqual(a);
    expect(c.features[0]!.values).not.toEqual(a.features[0]!.values);
    expect(Array.from(x.data)).toEqual(Array.from(before));
  });

  it('async variant gives the same result, reports progress and can be cancelled', async () => {
    const { x, y } = toy(300, 6);
    const sync = permutationImportance(rule, { x, y, repeats: 2, seed: 7 });
    const seen: number[] = [];
    const r = await permutationImportanceAsync(async (m) => rule(m), { x, y, repeats: 2, seed: 7, onProgress: (d) => seen.push(d) });
    expect(r).toEqual(sync);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const ctl = new AbortController();
    ctl.abort();
    await expect(permutationImportanceAsync(async (m) => rule(m), { x, y, seed: 7, signal: ctl.signal })).rejects.toThrow();
  });
});

describe('permutation importance of column groups', () => {
  // A model that reads feature 0 from column 0 when column 2 agrees in sign and from column
  // 2 otherwise, where column 2 is a copy of column 0: shuffling either copy alone costs
  // little, shuffling both together costs what losing the feature costs.
  it('shuffles a group with one permutation and reports one importance per group', () => {
    const { x: x3, y } = toy(2000, 3);
    const data = Float64Array.from(x3.data);
    for (let i = 0; i < x3.rows; i++) data[i * 3 + 2] = data[i * 3]!;
    const x = { data, rows: x3.rows, cols: 3 };
    const eitherCopy = (m: Matrix) => Int32Array.from({ length: m.rows }, (_, i) => (m.data[i * 3]! > 0 || m.data[i * 3 + 2]! > 0 ? 1 : 0));
    const alone = permutationImportance(eitherCopy, { x, y, repeats: 3, seed: 4 });
    const grouped = permutationImportance(eitherCopy, { x, y, repeats: 3, seed: 4, groups: [[0, 2], [1]] });
    expect(grouped.features.map((f) => f.feature)).toEqual([0, 1]);
    expect(grouped.features[0]!.mean).toBeGreaterThan(alone.features[0]!.mean + 0.1);
    expect(grouped.features[0]!.mean).toBeGreaterThan(0.3);
    expect(grouped.features[1]!.mean).toBe(0);
    expect(() => permutationImportance(eitherCopy, { x, y, seed: 4, groups: [[3]] })).toThrow(/outside/);
  });
});
