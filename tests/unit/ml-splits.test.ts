import { describe, expect, it } from 'vitest';
import { groupKFold, groupSplit } from '../../core/common/ml/splits.js';
import { makeRng } from '../../core/common/ml/rng.js';

// Toy pool: 60 stations with 1–12 windows each; class mostly depends on the station, and
// class 2 (the "tremor" stand-in) is rare, as in real data.
function toyPool(seed: number): { groups: string[]; labels: number[] } {
  const rng = makeRng(seed);
  const groups: string[] = [];
  const labels: number[] = [];
  for (let g = 0; g < 60; g++) {
    const size = 1 + rng.int(12);
    const main = g % 10 === 0 ? 2 : g % 2;
    for (let k = 0; k < size; k++) {
      groups.push(`ST${g}`);
      labels.push(rng.random() < 0.8 ? main : rng.int(2));
    }
  }
  return { groups, labels };
}

function sideOf(n: number, parts: Int32Array[]): Int32Array {
  const side = new Int32Array(n).fill(-1);
  parts.forEach((p, s) => p.forEach((i) => {
    expect(side[i]).toBe(-1); // every window on exactly one side
    side[i] = s;
  }));
  expect(side.includes(-1)).toBe(false);
  return side;
}

describe('grouped splits', () => {
  it('never puts one group on two sides and covers every window once', () => {
    for (const seed of [1, 2, 3]) {
      const { groups, labels } = toyPool(seed);
      const s = groupSplit({ groups, labels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed });
      const side = sideOf(groups.length, [s.train, s.validation, s.test]);
      const where = new Map<string, number>();
      groups.forEach((g, i) => {
        if (!where.has(g)) where.set(g, side[i]!);
        expect(side[i]).toBe(where.get(g));
      });
    }
  });

  it('comes close to the target fractions and keeps the rare class on every side', () => {
    const { groups, labels } = toyPool(4);
    const n = groups.length;
    const s = groupSplit({ groups, labels, fractions: { train: 0.6, validation: 0.2, test: 0.2 }, seed: 4 });
    expect(Math.abs(s.train.length / n - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(s.validation.length / n - 0.2)).toBeLessThan(0.05);
    expect(Math.abs(s.test.length / n - 0.2)).toBeLessThan(0.05);
    const rareTotal = labels.filter((y) => y === 2).length;
    for (const [part, share] of [[s.train, 0.6], [s.validation, 0.2], [s.test, 0.2]] as const) {
      const rare = Array.from(part).filter((i) => labels[i] === 2).length;
      expect(rare).toBeGreaterThan(0);
      expect(Math.abs(rare / rareTotal - share)).toBeLessThan(0.12);
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const { groups, labels } = toyPool(5);
    const f = { train: 0.7, validation: 0.15, test: 0.15 };
    const a = groupSplit({ groups, labels, fractions: f, seed: 10 });
    const b = groupSplit({ groups, labels, fractions: f, seed: 10 });
    const c = groupSplit({ groups, labels, fractions: f, seed: 11 });
    expect(b).toEqual(a);
    expect(Array.from(c.test)).not.toEqual(Array.from(a.test));
  });

  it('gives nothing to a side with fraction 0 and works without labels', () => {
    const { groups } = toyPool(6);
    const s = groupSplit({ groups, fractions: { train: 0.8, validation: 0, test: 0.2 }, seed: 1 });
    expect(s.validation.length).toBe(0);
    expect(Math.abs(s.test.length / groups.length - 0.2)).toBeLessThan(0.05);
  });

  it('fills every requested side even when one group dominates', () => {
    const groups = [...new Array<string>(50).fill('big'), 'a', 'b', 'c'];
    const s = groupSplit({ groups, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 0 });
    expect(s.train.length).toBe(50);
    expect(s.validation.length).toBeGreaterThan(0);
    expect(s.test.length).toBeGreaterThan(0);
  });

  it('k-fold: each group tested exactly once, folds of similar size', () => {
    const { groups, labels } = toyPool(7);
    const folds = groupKFold({ groups, labels, k: 5, seed: 3 });
    expect(folds.length).toBe(5);
    const side = sideOf(groups.length, folds.map((f) => f.test));
    for (const [s, f] of folds.entries()) {
      expect(f.train.length + f.test.length).toBe(groups.length);
      expect(Math.abs(f.test.length / groups.length - 0.2)).toBeLessThan(0.05);
      const testGroups = new Set(Array.from(f.test, (i) => groups[i]));
      for (const i of f.train) expect(testGroups.has(groups[i]!)).toBe(false);
      for (const i of f.test) expect(side[i]).toBe(s);
    }
    expect(() => groupKFold({ groups: ['a', 'b'], k: 3, seed: 0 })).toThrow(RangeError);
  });
});
