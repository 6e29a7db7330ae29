// The trace browser asks for tiles whose columns are 2^level samples, placed from seconds
// (index · columns · 2^level / fs). Such columns must come back exact: not merely containing
// every extreme, but equal to the brute-force min/max, whatever float error the seconds add.
import { describe, expect, it } from 'vitest';
import { buildPyramid, queryEnvelope } from '../../core/common/envelopePyramid.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe('envelope pyramid, tile-aligned queries', () => {
  const fs = 100;
  const rnd = lcg(11);
  const x = Float32Array.from({ length: 300_000 }, () => rnd());
  const p = buildPyramid(x);

  it.each([0, 2, 4, 5, 7, 9])('columns of 2^%d samples equal the exact min/max', (level) => {
    const cols = 256;
    const per = 2 ** level;
    for (const index of [0, 1, 3, 7]) {
      const start = (index * cols * per) / fs;
      const end = ((index + 1) * cols * per) / fs;
      const env = queryEnvelope(p, start * fs, end * fs, cols);
      for (let c = 0; c < cols; c++) {
        const a = index * cols * per + c * per;
        if (a >= x.length) {
          expect(Number.isNaN(env.min[c]!)).toBe(true);
          continue;
        }
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = a; i < Math.min(x.length, a + per); i++) {
          lo = Math.min(lo, x[i]!);
          hi = Math.max(hi, x[i]!);
        }
        expect(env.min[c]).toBe(lo);
        expect(env.max[c]).toBe(hi);
      }
    }
  });
});
