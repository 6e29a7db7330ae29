import { describe, expect, it } from 'vitest';
import { makeRng, rngFromRandom } from '../../core/common/ml/rng.js';

describe('seeded rng', () => {
  it('repeats a stream for the same seed and differs for another', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    const c = makeRng(43);
    const sa = Array.from({ length: 20 }, () => a.random());
    expect(Array.from({ length: 20 }, () => b.random())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.random())).not.toEqual(sa);
  });

  it('distinguishes seeds above 2^32 and fractional seeds', () => {
    expect(makeRng(2 ** 32 + 5).random()).not.toBe(makeRng(5).random());
    expect(makeRng(5.5).random()).not.toBe(makeRng(5).random());
  });

  it('draws uniform numbers with mean 1/2 and variance 1/12', () => {
    const r = makeRng(1);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = r.random();
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      s += v;
      s2 += v * v;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const r = makeRng(7);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(s2 / n).toBeCloseTo(1, 1);
  });

  it('int(n) covers 0..n-1 evenly', () => {
    const r = makeRng(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('shuffle is a seeded permutation', () => {
    const a = makeRng(9).shuffle(Array.from({ length: 50 }, (_, i) => i));
    const b = makeRng(9).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('sample gives k distinct in-range indices, both for small and large k', () => {
    for (const [k, n] of [[5, 1000], [900, 1000], [10, 10], [0, 3]] as const) {
      const s = makeRng(11).sample(k, n);
      expect(s.length).toBe(k);
      expect(new Set(s).size).toBe(k);
      for (const v of s) expect(v >= 0 && v < n).toBe(true);
    }
    expect(() => makeRng(1).sample(4, 3)).toThrow(RangeError);
  });

  it('sparse sampling is uniform: every index equally often as first pick', () => {
    const counts = new Array<number>(10).fill(0);
    const r = makeRng(5);
    for (let t = 0; t < 20_000; t++) for (const v of r.sample(2, 10)) counts[v]! += 1;
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(250);
  });

  it('wraps any random function', () => {
    let x = 0;
    const r = rngFromRandom(() => (x = (x + 0.37) % 1));
    expect(r.int(10)).toBe(3);
  });
});
