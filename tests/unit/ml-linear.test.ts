import { describe, expect, it } from 'vitest';
import { linearModelFromJSON, robustScaling, trainLinearModel } from '../../core/common/ml/linear.js';
import { makeRng } from '../../core/common/ml/rng.js';

/** Three Gaussian blobs in 4-D (features 2–3 are pure noise), seeded. */
function blobs(nPer: number, seed: number) {
  const rng = makeRng(seed);
  const centres = [[0, 0], [4, 0], [0, 4]];
  const rows: number[][] = [];
  const y: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < nPer; i++) {
      rows.push([c[0] + rng.normal(), 100 * (c[1] + rng.normal()), rng.normal(), 1e-3 * rng.normal()]);
      y.push(k);
    }
  });
  return { X: rows.map((r) => Float64Array.from(r)), y: Int32Array.from(y) };
}

const argmax = (p: Float64Array, i: number, K: number) => {
  let b = 0;
  for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + b]) b = k;
  return b;
};

describe('linear model (multinomial logistic regression)', () => {
  it('separates three blobs whatever the feature units, with rows summing to 1', () => {
    const train = blobs(20, 1);
    const test = blobs(50, 2);
    const m = trainLinearModel(train.X, train.y, { classes: 3, classWeights: 'balanced' });
    const p = m.predictProba(test.X);
    let correct = 0;
    for (let i = 0; i < test.y.length; i++) {
      expect(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2]).toBeCloseTo(1, 12);
      if (argmax(p, i, 3) === test.y[i]) correct++;
    }
    expect(correct / test.y.length).toBeGreaterThan(0.9);
    // The informative features carry the weight; the noise feature stays small.
    const w = m.coefficients();
    const mag = (f: number) => Math.hypot(w[f], w[4 + f], w[8 + f]);
    expect(mag(0)).toBeGreaterThan(3 * mag(2));
    expect(mag(1)).toBeGreaterThan(3 * mag(2));
  });

  it('recovers a known logistic slope in one dimension', () => {
    // p(class 1 | x) = σ(2x) sampled densely: the weakly regularised fit finds w₁ − w₀ ≈ 2·scale.
    const xs: number[] = [];
    const ys: number[] = [];
    const rng = makeRng(3);
    for (let i = 0; i < 4000; i++) {
      const x = rng.normal();
      xs.push(x);
      ys.push(rng.random() < 1 / (1 + Math.exp(-2 * x)) ? 1 : 0);
    }
    const X = xs.map((x) => Float64Array.of(x));
    const m = trainLinearModel(X, Int32Array.from(ys), { classes: 2, l2: 1e-3 });
    const scale = robustScaling(Float64Array.from(xs), xs.length, 1).scale[0];
    const w = m.coefficients();
    expect((w[1] - w[0]) / scale).toBeGreaterThan(1.8);
    expect((w[1] - w[0]) / scale).toBeLessThan(2.2);
  });

  it('is deterministic, round-trips through JSON and gives absent classes probability 0', () => {
    const { X, y } = blobs(10, 4);
    const keep = Array.from(y.keys()).filter((i) => y[i] !== 1);
    const X2 = keep.map((i) => X[i]);
    const y2 = Int32Array.from(keep, (i) => y[i]);
    const a = trainLinearModel(X2, y2, { classes: 3, classWeights: 'balanced' });
    const b = trainLinearModel(X2, y2, { classes: 3, classWeights: 'balanced' });
    const pa = a.predictProba(X);
    expect(Array.from(b.predictProba(X))).toEqual(Array.from(pa));
    expect(Array.from(linearModelFromJSON(JSON.parse(JSON.stringify(a.toJSON()))).predictProba(X))).toEqual(Array.from(pa));
    for (let i = 0; i < X.length; i++) expect(pa[i * 3 + 1]).toBe(0);
  });

  it('treats NaN as the median and ignores constant features', () => {
    const X = [Float64Array.of(0, 5), Float64Array.of(1, 5), Float64Array.of(2, 5), Float64Array.of(3, 5)];
    const m = trainLinearModel(X, Int32Array.of(0, 0, 1, 1), { classes: 2 });
    const p = m.predictProba([Float64Array.of(Number.NaN, 5), Float64Array.of(1.5, 123)]);
    expect(p[0]).toBeCloseTo(p[2], 12);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(() => trainLinearModel(X, Int32Array.of(0, 0, 1, 2), { classes: 2 })).toThrow(/outside/);
  });

  it('trains in well under 100 ms on 100 windows × 60 features', () => {
    const rng = makeRng(5);
    const X = Array.from({ length: 100 }, () => Float64Array.from({ length: 60 }, () => rng.normal()));
    const y = Int32Array.from({ length: 100 }, (_, i) => i % 3);
    const t = performance.now();
    trainLinearModel(X, y, { classes: 3, classWeights: 'balanced' });
    expect(performance.now() - t).toBeLessThan(500); // generous: the CI machine is shared
  });
});
