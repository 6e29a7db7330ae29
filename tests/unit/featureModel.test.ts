import { describe, expect, it } from 'vitest';
import { featureModelFromJSON, trainFeatureModel, type FeatureModel } from '../../core/common/ml/featureModel.js';
import { binOf, computeCuts } from '../../core/common/ml/featureModelBins.js';
import { makeRandom } from '../../core/common/ml/forest.js';

/** Features uniform in [0, 1); label = (x0 > 0.5) + (x1 > 0.3 ? 1 : 0), i.e. 3 classes. */
function thresholdProblem(n: number, F: number, seed: number): { data: Float64Array; rows: number; cols: number; y: Int32Array } {
  const rand = makeRandom(seed);
  const data = new Float64Array(n * F);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) data[i * F + f] = rand();
    y[i] = (data[i * F] > 0.5 ? 1 : 0) + (data[i * F + 1] > 0.3 ? 1 : 0);
  }
  return { data, rows: n, cols: F, y };
}

const argmax = (p: Float64Array, i: number, K: number): number => {
  let b = 0;
  for (let c = 1; c < K; c++) if (p[i * K + c] > p[i * K + b]) b = c;
  return b;
};

function accuracy(m: FeatureModel, t: ReturnType<typeof thresholdProblem>): number {
  const p = m.predictProba(t);
  let ok = 0;
  for (let i = 0; i < t.rows; i++) if (argmax(p, i, m.classes) === t.y[i]) ok++;
  return ok / t.rows;
}

describe('feature model', () => {
  const train = thresholdProblem(600, 10, 1);
  const test = thresholdProblem(1000, 10, 2);

  it.each(['random', 'best'] as const)('learns a threshold rule on features 0 and 1 (%s splits)', (splitter) => {
    const m = trainFeatureModel(train, train.y, { classes: 3, seed: 3, splitter });
    expect(accuracy(m, test)).toBeGreaterThan(0.95);
    const imp = m.featureImportance();
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    // The two informative features carry most of the importance, each more than any other.
    expect(imp[0] + imp[1]).toBeGreaterThan(0.5);
    expect(Math.min(imp[0], imp[1])).toBeGreaterThan(2 * Math.max(...imp.slice(2)));
  });

  it('returns probability rows that sum to 1 and the same model for the same seed', () => {
    const a = trainFeatureModel(train, train.y, { classes: 3, seed: 11 });
    const b = trainFeatureModel(train, train.y, { classes: 3, seed: 11 });
    const c = trainFeatureModel(train, train.y, { classes: 3, seed: 12 });
    const pa = a.predictProba(test);
    for (let i = 0; i < test.rows; i++) expect(pa[i * 3] + pa[i * 3 + 1] + pa[i * 3 + 2]).toBeCloseTo(1, 12);
    expect(b.predictProba(test)).toEqual(pa);
    expect(c.predictProba(test)).not.toEqual(pa);
  });

  it('accepts an array of rows like the flat matrix', () => {
    const rows = Array.from({ length: train.rows }, (_, i) => train.data.slice(i * 10, (i + 1) * 10));
    const a = trainFeatureModel(rows, train.y, { classes: 3, seed: 5 });
    const b = trainFeatureModel(train, train.y, { classes: 3, seed: 5 });
    expect(a.predictProba(test)).toEqual(b.predictProba(test));
  });

  it('survives a JSON round trip unchanged', () => {
    const withInf = { ...train, data: train.data.slice() };
    withInf.data[0] = Infinity; // produces an infinite cut point, which JSON cannot hold as a number
    withInf.data[10] = -Infinity;
    const m = trainFeatureModel(withInf, train.y, { classes: 3, seed: 7 });
    const back = featureModelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.predictProba(test)).toEqual(m.predictProba(test));
    expect(back.embed(test)).toEqual(m.embed(test));
    expect(back.featureImportance()).toEqual(m.featureImportance());
    expect(back.explain(test.data.subarray(0, 10))).toEqual(m.explain(test.data.subarray(0, 10)));
  });

  it('explains a prediction exactly and credits the informative feature most', () => {
    const m = trainFeatureModel(train, train.y, { classes: 3, seed: 9 });
    const bias = m.bias();
    for (let i = 0; i < 20; i++) {
      const x = test.data.subarray(i * 10, (i + 1) * 10);
      const contrib = m.explain(x);
      const p = m.predictProba({ data: x, rows: 1, cols: 10 });
      for (let c = 0; c < 3; c++) {
        let sum = bias[c];
        for (let f = 0; f < 10; f++) sum += contrib[c * 10 + f];
        expect(sum).toBeCloseTo(p[c], 10);
      }
    }
    // x0 = 0.9 and x1 = 0.9 make class 2 certain; x0 decides between class 1 and 2 here
    // when x1 is high, so for class 2 features 0 and 1 dominate every noise feature.
    const x = new Float64Array(10).fill(0.5);
    x[0] = 0.9;
    x[1] = 0.9;
    const contrib = m.explain(x);
    const class2 = Array.from(contrib.subarray(20, 30));
    const noiseMax = Math.max(...class2.slice(2).map(Math.abs));
    expect(class2[0]).toBeGreaterThan(noiseMax);
    expect(class2[1]).toBeGreaterThan(noiseMax);
  });

  it('gives graded probabilities from 6 labels, one class with a single example', () => {
    const X = [
      [0.1, 5], [0.2, 4], [0.15, 6], // class 0
      [0.8, 5], [0.9, 4], // class 1
      [0.5, 20], // class 2, a single example
    ].map((r) => Float64Array.from(r));
    const y = Int32Array.from([0, 0, 0, 1, 1, 2]);
    const m = trainFeatureModel(X, y, { classes: 3, seed: 1 });
    const p = m.predictProba([Float64Array.from([0.12, 5]), Float64Array.from([0.5, 5]), Float64Array.from([0.85, 4.5])]);
    expect(argmax(p, 0, 3)).toBe(0);
    expect(argmax(p, 2, 3)).toBe(1);
    // The window between the classes is uncertain, not a confident 0/1 vote.
    expect(Math.max(p[3], p[4], p[5])).toBeLessThan(0.9);
    // Class 2 is learnt despite a single example, and not every probability is 0 or 1.
    expect(Array.from(p).some((v) => v > 0.05 && v < 0.95)).toBe(true);
    const balanced = trainFeatureModel(X, y, { classes: 3, seed: 1, classWeights: 'balanced' });
    expect(balanced.predictProba([Float64Array.from([0.5, 20])])[2]).toBeGreaterThan(0.5);
  });

  it('predicts the only class with probability 1 when training has one class', () => {
    const y = new Int32Array(train.rows).fill(2);
    const m = trainFeatureModel(train, y, { classes: 3, seed: 1 });
    const p = m.predictProba(test);
    for (let i = 0; i < test.rows; i++) expect([p[i * 3], p[i * 3 + 1], p[i * 3 + 2]]).toEqual([0, 0, 1]);
    expect(Array.from(m.featureImportance())).toEqual(new Array(10).fill(0));
  });

  it('handles NaN, infinite and constant columns', () => {
    const t = thresholdProblem(400, 4, 4);
    const rand = makeRandom(8);
    for (let i = 0; i < t.rows; i++) {
      t.data[i * 4 + 2] = 7; // constant
      t.data[i * 4 + 3] = NaN; // all missing
      if (rand() < 0.1) t.data[i * 4 + 1] = NaN; // some missing in an informative column
      if (rand() < 0.02) t.data[i * 4] = t.data[i * 4] > 0.5 ? Infinity : -Infinity;
    }
    const m = trainFeatureModel(t, t.y, { classes: 3, seed: 2 });
    const imp = m.featureImportance();
    expect(imp[2]).toBe(0);
    expect(imp[3]).toBe(0);
    const q = thresholdProblem(500, 4, 5);
    for (let i = 0; i < q.rows; i++) q.data[i * 4 + 2] = 7;
    expect(accuracy(m, q)).toBeGreaterThan(0.9);
    const p = m.predictProba([Float64Array.from([NaN, NaN, NaN, NaN]), Float64Array.from([Infinity, -Infinity, 0, 1])]);
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
    expect(argmax(p, 1, 3)).toBe(1); // x0 > 0.5, x1 < 0.3
    const e = m.embed(q);
    expect(e.length).toBe(q.rows * 4);
    for (const v of e) expect(Number.isFinite(v)).toBe(true);
  });

  it('embeds informative features with more spread than ignored ones', () => {
    const m = trainFeatureModel(train, train.y, { classes: 3, seed: 4 });
    const e = m.embed(test);
    const spread = (f: number): number => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < test.rows; i++) [lo, hi] = [Math.min(lo, e[i * 10 + f]), Math.max(hi, e[i * 10 + f])];
      return hi - lo;
    };
    expect(spread(0)).toBeGreaterThan(2 * spread(5));
  });

  it('rejects labels outside the class range and mismatched shapes', () => {
    expect(() => trainFeatureModel(train, new Int32Array(train.rows).fill(3), { classes: 3, seed: 1 })).toThrow(/label 3/);
    expect(() => trainFeatureModel(train, new Int32Array(5), { classes: 3, seed: 1 })).toThrow(/labels/);
    const m = trainFeatureModel(train, train.y, { classes: 3, seed: 1 });
    expect(() => m.predictProba({ data: new Float64Array(4), rows: 1, cols: 4 })).toThrow(/features/);
  });
});

describe('feature binning', () => {
  it('puts NaN in bin 0 and orders values, infinities included', () => {
    const cuts = computeCuts(Float64Array.from([3, 1, 2, NaN, Infinity, -Infinity, 2]));
    const bins = [-Infinity, 1, 2, 3, Infinity, NaN, 1.6].map((v) => binOf(cuts, v));
    expect(bins).toEqual([1, 2, 3, 4, 5, 0, 3]);
  });

  it('keeps at most 255 value bins of about equal size for many distinct values', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    const cuts = computeCuts(values);
    expect(cuts.length).toBeLessThanOrEqual(254);
    const counts = new Array<number>(256).fill(0);
    for (const v of values) counts[binOf(cuts, v)]++;
    const used = counts.filter((c) => c > 0);
    expect(Math.max(...used)).toBeLessThan(2 * (10_000 / 255));
  });
});

describe('feature model defaults for small sets', () => {
  it('uses every label in every tree and 2·√F features per split up to 2,000 windows', () => {
    const t = thresholdProblem(200, 16, 5);
    const probe = thresholdProblem(50, 16, 6);
    const byDefault = trainFeatureModel(t, t.y, { classes: 3, seed: 9, nTrees: 20 });
    const explicit = trainFeatureModel(t, t.y, { classes: 3, seed: 9, nTrees: 20, bootstrap: false, maxFeatures: 8 });
    const bagged = trainFeatureModel(t, t.y, { classes: 3, seed: 9, nTrees: 20, bootstrap: true, maxFeatures: 'sqrt' });
    expect(Array.from(byDefault.predictProba(probe))).toEqual(Array.from(explicit.predictProba(probe)));
    expect(Array.from(byDefault.predictProba(probe))).not.toEqual(Array.from(bagged.predictProba(probe)));
    // No bagging: every tree grows until its leaves are pure on all labels, so the training
    // windows come back with certainty.
    const p = byDefault.predictProba(t);
    for (let i = 0; i < t.rows; i++) expect(p[i * 3 + t.y[i]!]).toBe(1);
  });
});
