import { describe, expect, it } from 'vitest';
import { trainFeatureModel } from '../../core/common/ml/featureModel.js';

// One feature: class 0 labeled at 0 and 1, class 1 at 9 and 10. The forest cuts features at
// midpoints between training values, so alone it puts the boundary at 5. Unlabeled windows at
// 6 and 6.5 are sure class 1 for it; once they join as pseudo-labels the boundary moves to the
// midpoint of the new gap, 3.5, and a window at 4 changes class — a known answer that only
// holds if the pseudo-labeled windows really take part in training.
const X = { data: Float64Array.from([0, 1, 9, 10]), rows: 4, cols: 1 };
const y = Int32Array.from([0, 0, 1, 1]);
const U = { data: Float64Array.from([6, 6.5]), rows: 2, cols: 1 };
const at = (x: number) => ({ data: Float64Array.from([x]), rows: 1, cols: 1 });

describe('self-training', () => {
  it('trains on the unlabeled windows it is sure of, with their predicted class', () => {
    // Without bagging every tree sees all four labels, so the answers are sharp.
    const plain = trainFeatureModel(X, y, { classes: 2, seed: 1, bootstrap: false });
    const self = trainFeatureModel(X, y, { classes: 2, seed: 1, bootstrap: false, unlabeled: U, selfTraining: { threshold: 0.9, weight: 0.5 } });
    expect(plain.predictProba(at(6))[1]).toBeGreaterThan(0.9);
    expect(plain.predictProba(at(4))[0]).toBeGreaterThan(0.9);
    expect(self.predictProba(at(4))[1]).toBeGreaterThan(0.9);
    // Far from the moved boundary nothing changes.
    expect(self.predictProba(at(2))[0]).toBeGreaterThan(0.9);
    expect(self.predictProba(at(8))[1]).toBeGreaterThan(0.9);
  });

  it('changes nothing when no unlabeled window is sure enough', () => {
    // With bagging some trees miss a class, so the window at 5 (on the boundary) is unsure.
    const plain = trainFeatureModel(X, y, { classes: 2, seed: 1, bootstrap: true });
    expect(Math.max(...plain.predictProba(at(5)))).toBeLessThan(0.99);
    const self = trainFeatureModel(X, y, { classes: 2, seed: 1, bootstrap: true, unlabeled: { data: Float64Array.from([5]), rows: 1, cols: 1 }, selfTraining: { threshold: 0.99, weight: 1 } });
    const grid = { data: Float64Array.from([0, 2, 4, 5, 6, 8, 10]), rows: 7, cols: 1 };
    expect(Array.from(self.predictProba(grid))).toEqual(Array.from(plain.predictProba(grid)));
  });

  it('refuses unlabeled windows with other columns and meaningless settings', () => {
    expect(() => trainFeatureModel(X, y, { classes: 2, seed: 1, unlabeled: { data: new Float64Array(4), rows: 2, cols: 2 }, selfTraining: { threshold: 0.9, weight: 1 } })).toThrow(/features/);
    expect(() => trainFeatureModel(X, y, { classes: 2, seed: 1, unlabeled: U, selfTraining: { threshold: 1.5, weight: 1 } })).toThrow(/threshold/);
  });
});
