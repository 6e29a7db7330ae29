import { describe, expect, it } from 'vitest';
import { fromRows } from '../../core/common/ml/matrix.js';
import { applyScaling, pca, projectPca, standardize, symmetricEigen } from '../../core/common/ml/pca.js';

// Reference: sklearn.decomposition.PCA().fit(X) in scikit-learn 1.2.1 (Debian python3).
const X = fromRows([
  [2.5, 2.4, 0.5, 1.0], [0.5, 0.7, 1.5, 2.0], [2.2, 2.9, 0.3, 0.1], [1.9, 2.2, 0.9, 1.1], [3.1, 3.0, 0.2, 0.4],
  [2.3, 2.7, 1.1, 0.6], [2.0, 1.6, 1.9, 1.3], [1.0, 1.1, 2.2, 2.4], [1.5, 1.6, 1.2, 0.8], [1.1, 0.9, 2.0, 1.9],
]);
const ev = [2.1466592887947424, 0.14704036145862587, 0.07509264252460683, 0.030985484999800503];
const evr = [0.8945241966456476, 0.06127249065319168, 0.03129149841288369, 0.012911814288276913];
const comps = [
  [0.5008952916382293, 0.5677491271112645, -0.4446260161667016, -0.4786152329656651],
  [-0.6750154749893257, -0.17625685633761112, -0.6409715130667218, -0.3200674125178556],
  [0.20622658210508388, -0.0027143242295158965, -0.6017340525631089, 0.7716082939310656],
  [-0.5009277514500898, 0.8041063870548203, 0.17140406987776907, 0.2703792724195717],
];
const proj0 = [1.0027389517827616, -0.06505512245983626, 0.42668815149398864, -0.11144346994771435];

describe('PCA', () => {
  it('matches sklearn explained variance and components up to sign', () => {
    const p = pca(X);
    Array.from(p.explainedVariance).forEach((v, i) => expect(v).toBeCloseTo(ev[i]!, 10));
    Array.from(p.explainedVarianceRatio).forEach((v, i) => expect(v).toBeCloseTo(evr[i]!, 10));
    for (let r = 0; r < 4; r++) {
      // Components are defined up to sign: compare after aligning with the reference.
      const mine = Array.from(p.components.data.subarray(r * 4, r * 4 + 4));
      const sign = Math.sign(mine.reduce((s, v, j) => s + v * comps[r]![j]!, 0));
      mine.forEach((v, j) => expect(sign * v).toBeCloseTo(comps[r]![j]!, 9));
      expect(Math.abs(p.projected.data[r]!)).toBeCloseTo(Math.abs(proj0[r]!), 9);
    }
  });

  it('keeps only the requested components and projects new rows the same way', () => {
    const p = pca(X, { components: 2 });
    expect(p.components.rows).toBe(2);
    expect(p.projected.cols).toBe(2);
    const again = projectPca(p, X);
    expect(Array.from(again.data)).toEqual(Array.from(p.projected.data));
  });

  it('eigen-decomposes a symmetric matrix: A v = λ v, values sorted', () => {
    const a = Float64Array.from([4, 1, 2, 0.5, 1, 3, 0, 1, 2, 0, 5, 1, 0.5, 1, 1, 2]);
    const { values, vectors } = symmetricEigen(a, 4);
    for (let r = 0; r < 4; r++) {
      if (r > 0) expect(values[r]!).toBeLessThanOrEqual(values[r - 1]!);
      for (let i = 0; i < 4; i++) {
        let av = 0;
        for (let j = 0; j < 4; j++) av += a[i * 4 + j]! * vectors[r * 4 + j]!;
        expect(av).toBeCloseTo(values[r]! * vectors[r * 4 + i]!, 10);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(4 + 3 + 5 + 2, 10); // trace
  });

  it('standardize gives mean 0 / std 1, maps constant columns to 0 and re-applies', () => {
    const m = fromRows([[1, 5, 10], [2, 5, 20], [3, 5, 60]]);
    const { data, scaling } = standardize(m);
    for (let j = 0; j < 3; j++) {
      const col = [0, 1, 2].map((i) => data.data[i * 3 + j]!);
      const mean = col.reduce((s, v) => s + v, 0) / 3;
      expect(mean).toBeCloseTo(0, 12);
      if (j !== 1) expect(col.reduce((s, v) => s + v * v, 0) / 3).toBeCloseTo(1, 12);
    }
    expect(scaling.stds[1]).toBe(1);
    expect(Array.from(applyScaling(fromRows([[2, 5, 30]]), scaling).data)).toEqual([0, 0, 0]);
  });
});
