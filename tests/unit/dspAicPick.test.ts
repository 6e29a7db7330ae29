// The AIC onset picker finds where noise turns into signal, and snapping moves a rough pick
// onto it but leaves a pick in flat data alone.
import { describe, expect, it } from 'vitest';
import { aicOnset, snapToOnset } from '../../core/common/dsp/aicPick.js';
import { mulberry32 } from '../../core/common/ml/rng.js';

function noiseThenSignal(n: number, onset: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => (rnd() - 0.5) * (i < onset ? 1 : 20) + (i >= onset ? 10 * Math.sin(i / 3) : 0));
}

describe('aicOnset', () => {
  it('finds an onset within a few samples', () => {
    for (const seed of [1, 2, 3]) {
      const k = aicOnset(noiseThenSignal(400, 250, seed))!;
      expect(Math.abs(k - 250)).toBeLessThanOrEqual(3);
    }
  });
  it('returns null for segments too short to split', () => {
    expect(aicOnset([1, 2, 3])).toBeNull();
  });
});

describe('snapToOnset', () => {
  it('moves a pick placed 0.6 s late onto the onset', () => {
    const x = noiseThenSignal(3000, 1000, 7);
    expect(snapToOnset(x, 100, 10.6, 1)).toBeCloseTo(10, 1);
  });
  it('keeps a pick in a flat trace where it was', () => {
    expect(snapToOnset(new Float64Array(3000), 100, 12.3)).toBeCloseTo(12.3, 6);
  });
});
