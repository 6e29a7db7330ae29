import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../core/common/ml/metrics.js';
import { groupBootstrap, repeatedGroupSplits, repeatedScores, spreadOf } from '../../core/common/ml/repeatedSplits.js';
import { groupSplit } from '../../core/common/ml/splits.js';

describe('repeated grouped splits', () => {
  it('summarises values by mean, sample sd, min and max', () => {
    // Mean 0.7; squared deviations 0.04, 0, 0.04 over n − 1 = 2 → sd 0.2.
    const s = spreadOf([0.5, 0.9, 0.7]);
    expect(s.mean).toBeCloseTo(0.7, 12);
    expect(s.sd).toBeCloseTo(0.2, 12);
    expect(s).toMatchObject({ min: 0.5, max: 0.9, n: 3 });
    expect(spreadOf([0.4])).toEqual({ mean: 0.4, sd: 0, min: 0.4, max: 0.4, n: 1 });
    expect(() => spreadOf([])).toThrow(RangeError);
  });

  it('starts with the split of the given seed, keeps groups whole and varies with the seed', () => {
    const groups = Array.from({ length: 40 }, (_, i) => `g${Math.floor(i / 4)}`);
    const labels = Array.from({ length: 40 }, (_, i) => Math.floor(i / 4) % 2);
    const splits = repeatedGroupSplits({ groups, labels, testFraction: 0.25, seed: 7, repeats: 5 });
    expect(splits.map((s) => s.seed)).toEqual([7, 8, 9, 10, 11]);
    const first = groupSplit({ groups, labels, fractions: { train: 0.75, validation: 0, test: 0.25 }, seed: 7 });
    expect(Array.from(splits[0]!.test)).toEqual(Array.from(first.test));
    for (const s of splits) {
      const testGroups = new Set(Array.from(s.test, (i) => groups[i]));
      expect(Array.from(s.train).some((i) => testGroups.has(groups[i]!))).toBe(false);
      expect(s.train.length + s.test.length).toBe(40);
    }
    expect(new Set(splits.map((s) => Array.from(s.test).join(','))).size).toBeGreaterThan(1);
  });

  it('drops splits whose test side is empty', () => {
    // One group only: nothing can be held out.
    expect(repeatedGroupSplits({ groups: ['a', 'a', 'a'], labels: [0, 1, 0], testFraction: 0.25, seed: 0, repeats: 3 })).toEqual([]);
  });

  it('reports the spread of macro-F1 and accuracy and the classes left out per split', () => {
    const a = classificationReport([0, 0, 1, 1], [0, 0, 1, 1], 2); // macro-F1 1, accuracy 1
    const b = classificationReport([0, 0, 0, 0], [0, 1, 0, 0], 2); // class 1 left out: macro-F1 = F1 of class 0 = 6/7, accuracy 3/4
    const r = repeatedScores([{ seed: 3, report: a }, { seed: 4, report: b }]);
    expect(r.seeds).toEqual([3, 4]);
    expect(r.nTest).toEqual([4, 4]);
    expect(r.leftOut).toEqual([[], [1]]);
    expect(r.macroF1.mean).toBeCloseTo((1 + 6 / 7) / 2, 12);
    expect(r.macroF1.min).toBeCloseTo(6 / 7, 12);
    expect(r.macroF1.max).toBe(1);
    expect(r.macroF1.sd).toBeCloseTo(Math.SQRT2 * (1 - 6 / 7) / 2, 12);
    expect(r.accuracy).toMatchObject({ min: 0.75, max: 1 });
  });
});

describe('group bootstrap of one test set', () => {
  // Group A: two class-0 windows, both right. Group B: two class-1 windows, both called 0.
  // Two draws per resample: AA → macro-F1 1 (only class 0 present), BB → 0 (only class 1,
  // never found), AB → class 0 F1 2·2/(2+4) = 2/3, class 1 F1 0 → 1/3. AA and BB come
  // with probability 1/4, AB with 1/2: mean 1/4 + 1/6 = 5/12.
  const o = { truth: [0, 0, 1, 1], pred: [0, 0, 0, 0], groups: ['A', 'A', 'B', 'B'], classes: 2, resamples: 4000, seed: 5 };

  it('resamples whole groups and gives the mean and 5th–95th percentiles of macro-F1', () => {
    const r = groupBootstrap(o);
    expect(r.method).toBe('bootstrap');
    expect(r.n).toBe(4000);
    expect(r.mean).toBeCloseTo(5 / 12, 1);
    expect(r.lo).toBe(0);
    expect(r.hi).toBe(1);
  });

  it('is the same for the same seed, and a point for one group or perfect predictions', () => {
    expect(groupBootstrap(o)).toEqual(groupBootstrap(o));
    const one = groupBootstrap({ ...o, groups: ['A', 'A', 'A', 'A'], resamples: 50 });
    // Every resample is the whole set: macro-F1 1/3 each time (class 0: 2·2/(2+4); class 1: 0).
    expect([one.lo, one.hi, one.mean, one.sd]).toEqual([1 / 3, 1 / 3, 1 / 3, 0].map((v) => expect.closeTo(v, 12)));
    const perfect = groupBootstrap({ ...o, pred: [0, 0, 1, 1], resamples: 50 });
    expect([perfect.lo, perfect.hi, perfect.mean]).toEqual([1, 1, 1]);
  });
});
