// The numeric parts of the insights: class-separation ranking on cases with a known
// answer, confusion-cell membership, and explanations in words.
import { describe, expect, it } from 'vitest';
import { describeExplanation, featureLabel, levelWord } from '../../core/common/ml/explainText.js';
import { fromRows } from '../../core/common/ml/matrix.js';
import { confusionMatrix } from '../../core/common/ml/metrics.js';
import { anova, mutualInformation, quantileBins, separationRanking } from '../../core/common/ml/separation.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { confusionCells } from '../../core/node/insights/heldOut.js';

describe('class separation', () => {
  it('matches a hand-computed one-way ANOVA', () => {
    // Groups {1,2,3} and {5,6,7}: means 2 and 6, grand mean 4; SSB = 3·4 + 3·4 = 24,
    // SSW = 2 + 2 = 4, F = (24/1) / (4/4) = 24, η² = 24/28.
    const a = anova([1, 2, 3, 5, 6, 7], [0, 0, 0, 1, 1, 1], 2);
    expect(a.f).toBeCloseTo(24, 12);
    expect(a.etaSquared).toBeCloseTo(24 / 28, 12);
    expect(a.n).toBe(6);
  });

  it('skips NaN values and unlabeled rows', () => {
    expect(anova([1, 2, 3, NaN, 5, 6, 7, 100], [0, 0, 0, 1, 1, 1, 1, -1], 2)).toEqual(anova([1, 2, 3, 5, 6, 7], [0, 0, 0, 1, 1, 1], 2));
  });

  it('ranks a separating feature first, noise next and a constant feature last', () => {
    const rng = makeRng(7);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      const c = i % 3;
      // Feature 0: class means 0, 5, 10 with unit noise; 1: pure noise; 2: constant; 3: a weak shift.
      rows.push([c * 5 + rng.normal(), rng.normal(), 4, c * 0.3 + rng.normal()]);
      y.push(c);
    }
    const r = separationRanking(fromRows(rows), y, 3);
    expect(r.map((s) => s.feature)).toEqual([0, 3, 1, 2]);
    expect(r[0]!.etaSquared).toBeGreaterThan(0.9);
    expect(r[3]!.f).toBe(0);
    expect(r[3]!.mutualInformation).toBe(0);
    // Mutual information agrees on the order of the informative ones and is at most log2(3).
    const byMi = separationRanking(fromRows(rows), y, 3, { by: 'mutualInformation' });
    expect(byMi[0]!.feature).toBe(0);
    expect(byMi[0]!.mutualInformation).toBeLessThanOrEqual(Math.log2(3) + 1e-12);
    expect(byMi[0]!.mutualInformation).toBeGreaterThan(1.2);
  });

  it('sees a class split over both tails, which the mean-based F misses', () => {
    // Class 1 sits in both tails of the feature, class 0 in the middle: equal means (F ≈ 0),
    // but the value still tells the class (mutual information high).
    const values: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 100; i++) {
      values.push((i % 2 ? 1 : -1) * (10 + (i >> 1)), (i - 49.5) / 100);
      y.push(1, 0);
    }
    const a = anova(values, y, 2);
    expect(a.etaSquared).toBeLessThan(0.01);
    expect(mutualInformation(quantileBins(values, 10), y, 10, 2)).toBeGreaterThan(0.6);
  });

  it('gives perfectly separated classes the largest finite F', () => {
    const a = anova([1, 1, 2, 2], [0, 0, 1, 1], 2);
    expect(a.f).toBe(Number.MAX_VALUE);
    expect(a.etaSquared).toBe(1);
  });

  it('keeps tied values in one quantile bin', () => {
    expect(Array.from(quantileBins([3, 3, 3, 3], 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(quantileBins([1, 2, NaN, 4], 2))).toEqual([0, 0, -1, 1]);
  });
});

describe('confusion cells', () => {
  it('puts every window in the cell of its truth and prediction, counts equal to the matrix', () => {
    const truth = [0, 0, 1, 2, 1, 0, 2, 2];
    const pred = [0, 1, 1, 2, 0, 0, 1, 2];
    const cells = confusionCells(truth, pred, 3);
    expect(cells[0]![0]).toEqual([0, 5]);
    expect(cells[0]![1]).toEqual([1]);
    expect(cells[1]![0]).toEqual([4]);
    expect(cells[2]![1]).toEqual([6]);
    const cm = confusionMatrix(truth, pred, 3);
    cells.forEach((row, t) => row.forEach((list, p) => expect(list.length).toBe(cm[t]![p])));
    expect(cells.flat(2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('explanations in words', () => {
  const features = [
    { name: 'sta_lta_max', description: 'Highest STA/LTA', unit: 'ratio' },
    { name: 'duration_above_noise', description: 'How long', unit: 's' },
    { name: 'log_hv_ratio', description: 'H over V', unit: 'log10(ratio)' },
  ];

  it('names the predicted class, its probability and the strongest pushes in order', () => {
    const e = describeExplanation({
      classNames: ['earthquake', 'noise'],
      probs: [0.86, 0.14],
      // K × F: row 0 (earthquake) is what the headline talks about.
      contributions: [0.21, -0.05, 0.001, -0.21, 0.05, -0.001],
      values: [9.5, 3, 0.1],
      ranks: [0.97, 0.2, 0.5],
      features,
    });
    expect(e.predicted).toBe(0);
    expect(e.headline).toBe('Predicted earthquake (0.86): very high STA/LTA max (+0.21), short duration above noise (−0.05)');
    expect(e.items.map((i) => i.name)).toEqual(['sta_lta_max', 'duration_above_noise', 'log_hv_ratio']);
  });

  it('words levels by rank and unit, and names features readably', () => {
    expect(levelWord(0.95, 'ratio')).toBe('very high');
    expect(levelWord(0.3, 's')).toBe('short');
    expect(levelWord(0.6, 's')).toBe('long');
    expect(featureLabel('log_hv_ratio_at_peak')).toBe('H/V ratio at peak');
    expect(featureLabel('band_share_0_1_1hz')).toBe('band share 0.1–1 Hz');
    expect(featureLabel('log_rms_amplitude')).toBe('RMS amplitude');
  });

  it('refuses contributions of the wrong shape', () => {
    expect(() => describeExplanation({ classNames: ['a', 'b'], probs: [0.5, 0.5], contributions: [0], values: [1, 2, 3], ranks: [0, 0, 0], features })).toThrow(/contributions/);
  });
});
