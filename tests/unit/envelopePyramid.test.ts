// The trace browser's envelopes must never hide an extreme: each column's min/max from the
// pyramid must contain the brute-force min/max of the samples in that column.
import { describe, expect, it } from 'vitest';
import { buildPyramid, queryEnvelope } from '../../core/common/envelopePyramid.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe('envelope pyramid', () => {
  const rnd = lcg(7);
  const x = Float32Array.from({ length: 200_003 }, (_, i) => rnd() * 100 + (i === 123_457 ? 5000 : 0));
  const p = buildPyramid(x);

  it.each([
    [0, x.length, 1000],
    [1234.5, 9876.2, 800],
    [100_000, 100_050, 400],
    [-500, 3000, 100],
  ])('columns of [%d, %d) at %d px contain every sample extreme', (from, to, width) => {
    const env = queryEnvelope(p, from, to, width);
    const per = (to - from) / width;
    for (let c = 0; c < width; c++) {
      const a = Math.max(0, Math.floor(from + c * per));
      const b = Math.min(x.length, Math.ceil(from + (c + 1) * per));
      if (b <= a || from + (c + 1) * per <= 0) {
        expect(Number.isNaN(env.min[c]!)).toBe(true);
        continue;
      }
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = a; i < b; i++) {
        lo = Math.min(lo, x[i]!);
        hi = Math.max(hi, x[i]!);
      }
      expect(env.min[c]!).toBeLessThanOrEqual(lo);
      expect(env.max[c]!).toBeGreaterThanOrEqual(hi);
    }
  });

  it('keeps a single spike visible in the whole-trace overview', () => {
    const env = queryEnvelope(p, 0, x.length, 500);
    expect(Math.max(...env.max)).toBe(x[123_457]);
  });

  it('is tight when zoomed in to single samples', () => {
    const env = queryEnvelope(p, 50, 60, 10);
    for (let c = 0; c < 10; c++) {
      expect(env.min[c]).toBe(x[50 + c]);
      expect(env.max[c]).toBe(x[50 + c]);
    }
  });
});
