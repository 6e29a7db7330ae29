import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, cohenKappa, confusionMatrix, macroF1, reportFromConfusion } from '../../core/common/ml/metrics.js';

// Hand case where class 2 is never predicted. Expected values from scikit-learn 1.2.1
// (Debian python3): precision_recall_fscore_support(..., zero_division=0),
// jaccard_score(average=None), f1_score(average='macro'/'weighted'), cohen_kappa_score.
const yTrue = [0, 0, 1, 1, 2, 2, 2, 0, 1, 2];
const yPred = [0, 1, 1, 1, 0, 1, 1, 0, 0, 1];

describe('classification metrics', () => {
  it('builds the confusion matrix with truth as rows', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [2, 1, 0],
      [1, 2, 0],
      [1, 3, 0],
    ]);
  });

  it('matches sklearn per class, with 0 for the never-predicted class', () => {
    const r = classificationReport(yTrue, yPred, 3);
    const pick = (k: 'precision' | 'recall' | 'f1' | 'jaccard' | 'support') => r.perClass.map((s) => s[k]);
    expect(pick('precision')).toEqual([0.5, 1 / 3, 0].map((v) => expect.closeTo(v, 12)));
    expect(pick('recall')).toEqual([2 / 3, 2 / 3, 0].map((v) => expect.closeTo(v, 12)));
    expect(pick('f1')).toEqual([0.5714285714285715, 0.4444444444444444, 0].map((v) => expect.closeTo(v, 12)));
    expect(pick('jaccard')).toEqual([0.4, 0.2857142857142857, 0].map((v) => expect.closeTo(v, 12)));
    expect(pick('support')).toEqual([3, 3, 4]);
    expect(r.perClass.map((s) => s.predicted)).toEqual([4, 6, 0]);
    expect(r.accuracy).toBeCloseTo(0.4, 12);
    expect(r.macro.f1).toBeCloseTo(0.3386243386243386, 12);
    expect(r.macro.precision).toBeCloseTo(0.27777777777777773, 12);
    expect(r.macro.recall).toBeCloseTo(0.4444444444444444, 12);
    expect(r.macro.jaccard).toBeCloseTo(0.22857142857142856, 12);
    expect(r.weightedF1).toBeCloseTo(0.30476190476190473, 12);
    expect(accuracy(yTrue, yPred)).toBeCloseTo(0.4, 12);
  });

  it('leaves a class absent from truth and predictions out of the macro mean', () => {
    expect(macroF1(yTrue, yPred, 4)).toBeCloseTo(0.3386243386243386, 12);
    expect(classificationReport(yTrue, yPred, 4).perClass[3]).toMatchObject({ f1: 0, support: 0 });
  });

  it('leaves a class with no held-out windows out of the macro means, but keeps its false alarms as misses', () => {
    // Class 2 has no true window; one window of class 0 was predicted as 2.
    // Class 0: TP 1, support 2, predicted 1 → P 1, R 0.5, F1 2/3, Jaccard 1/2.
    // Class 1: TP 2, support 2, predicted 2 → all 1. Class 2: support 0 → left out
    // (counting its F1 of 0 would give (2/3 + 1 + 0) / 3 = 5/9 instead of 5/6).
    const r = classificationReport([0, 0, 1, 1], [0, 2, 1, 1], 3);
    expect(r.leftOut).toEqual([2]);
    expect(r.macro.f1).toBeCloseTo(5 / 6, 12);
    expect(r.macro.precision).toBeCloseTo(1, 12);
    expect(r.macro.recall).toBeCloseTo(0.75, 12);
    expect(r.macro.jaccard).toBeCloseTo(0.75, 12);
    expect(r.accuracy).toBeCloseTo(0.75, 12);
    expect(r.perClass[2]).toMatchObject({ f1: 0, support: 0, predicted: 1 });
    expect(macroF1([0, 0, 1, 1], [0, 2, 1, 1], 3)).toBeCloseTo(5 / 6, 12);
    expect(classificationReport(yTrue, yPred, 3).leftOut).toEqual([]);
  });

  it('derives the same report from a stored confusion matrix', () => {
    expect(reportFromConfusion(confusionMatrix(yTrue, yPred, 3))).toEqual(classificationReport(yTrue, yPred, 3));
    expect(reportFromConfusion([[2, 0], [1, 0]]).leftOut).toEqual([]);
    expect(reportFromConfusion([[2, 1], [0, 0]])).toMatchObject({ leftOut: [1], n: 3, accuracy: 2 / 3 });
  });

  it('gives perfect scores for perfect predictions', () => {
    const r = classificationReport([0, 1, 2, 1], [0, 1, 2, 1], 3);
    expect(r.accuracy).toBe(1);
    expect(r.macro).toEqual({ precision: 1, recall: 1, f1: 1, jaccard: 1 });
  });

  it('computes Cohen kappa as sklearn does, and 1 for identical constant labelings', () => {
    expect(cohenKappa(yTrue, yPred, 3)).toBeCloseTo(0.1428571428571429, 12);
    expect(cohenKappa([1, 1, 1], [1, 1, 1], 2)).toBe(1);
  });

  it('rejects labels outside the classes and length mismatches', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, -1], [0, 1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(RangeError);
  });
});
