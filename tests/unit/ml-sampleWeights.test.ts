// Per-sample weights of the feature model (the confidence of a crowd consensus label): a
// window the crowd agreed on must count more than one it split over.
import { describe, expect, it } from 'vitest';
import { trainFeatureModel } from '../../core/common/ml/featureModel.js';

describe('feature model sample weights', () => {
  it('tilt the probabilities of indistinguishable windows towards the heavier labels', () => {
    // 40 windows with the same features: half say class 0, half class 1.
    const X = { data: Float64Array.from({ length: 40 * 2 }, (_, i) => (i % 2 === 0 ? 1 : 2)), rows: 40, cols: 2 };
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const probe = { data: Float64Array.from([1, 2]), rows: 1, cols: 2 };
    const plain = trainFeatureModel(X, y, { classes: 2, seed: 1 }).predictProba(probe);
    const weighted = trainFeatureModel(X, y, { classes: 2, seed: 1, sampleWeights: Float64Array.from(y, (c) => (c === 0 ? 3 : 1)) }).predictProba(probe);
    expect(plain[0]).toBeCloseTo(0.5, 1);
    expect(weighted[0]).toBeGreaterThan(0.65);
    expect(() => trainFeatureModel(X, y, { classes: 2, seed: 1, sampleWeights: [1, 2] })).toThrow(/2 sample weights for 40 windows/);
  });
});
