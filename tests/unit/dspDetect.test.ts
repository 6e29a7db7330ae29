import { describe, expect, it } from 'vitest';
import { classicStaLta, triggerOnset } from '../../core/common/dsp/stalta.js';

describe('classic STA/LTA (ObsPy definition)', () => {
  // Step: 1 for i < 50, 3 from 50 on; nsta 5, nlta 20. By hand: before the step both averages
  // of x² are 1 → ratio 1. At i = 52 the STA window 48..52 holds 1,1,9,9,9 → 29/5 = 5.8 and the
  // LTA window 33..52 holds 17 ones and 3 nines → 44/20 = 2.2 → 5.8/2.2 = 2.6363…
  const x = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 3));
  const cf = classicStaLta(x, 5, 20);

  it('is zero for the first nlta−1 samples, as ObsPy', () => {
    for (let i = 0; i < 19; i++) expect(cf[i]).toBe(0);
    expect(cf[19]).toBeCloseTo(1, 12);
  });

  it('matches hand-computed values across the step', () => {
    expect(cf[49]).toBeCloseTo(1, 12);
    expect(cf[52]).toBeCloseTo(5.8 / 2.2, 12);
    // i = 54: STA = 9; LTA window 35..54 = 15 ones + 5 nines = 60/20 = 3 → 3.
    expect(cf[54]).toBeCloseTo(3, 12);
    // Long after the step both windows see only 9s.
    expect(cf[99]).toBeCloseTo(1, 12);
  });

  it('gives zeros for silence and for traces shorter than the LTA, and rejects bad windows', () => {
    expect(classicStaLta(new Float64Array(50), 5, 20).every((v) => v === 0)).toBe(true);
    expect(Array.from(classicStaLta([1, 2, 3], 2, 10))).toEqual([0, 0, 0]);
    expect(() => classicStaLta(x, 20, 5)).toThrow(/nsta < nlta/);
  });
});

describe('trigger onset (ObsPy trigger_onset)', () => {
  const cf = [0, 1, 5, 6, 2, 0.5, 0, 4.5, 4.6, 1.2, 1.1, 0.2, 7, 7];
  it('starts above the on threshold and ends at the last sample above the off threshold', () => {
    expect(triggerOnset(cf, 4, 1)).toEqual([
      [2, 4],
      [7, 10],
      [12, 13],
    ]);
  });
  it('cuts or drops triggers longer than maxLength', () => {
    expect(triggerOnset(cf, 4, 1, { maxLength: 2 })).toEqual([
      [2, 4],
      [7, 9],
      [12, 13],
    ]);
    expect(triggerOnset(cf, 4, 1, { maxLength: 2, dropLong: true })).toEqual([
      [2, 4],
      [12, 13],
    ]);
  });
  it('returns nothing when the threshold is never exceeded', () => {
    expect(triggerOnset(cf, 10, 1)).toEqual([]);
  });
  it('detects a burst in a real STA/LTA trace', () => {
    const sig = Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i * 0.7) * (i >= 2000 && i < 2100 ? 20 : 1));
    const picks = triggerOnset(classicStaLta(sig, 50, 500), 3, 1.5);
    expect(picks.length).toBe(1);
    expect(picks[0][0]).toBeGreaterThanOrEqual(2000);
    expect(picks[0][0]).toBeLessThan(2010);
    expect(picks[0][1]).toBeGreaterThan(2100);
  });
});
