import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX as F } from '../../core/common/features/definitions.js';
import { FeatureExtractor } from '../../core/common/features/extract.js';
import { cumulativeEnergy, meanEnergy, strongestOnset } from '../../core/common/features/onset.js';

// Deterministic noise (xorshift32 → uniform in [-1, 1)), so tests do not depend on Math.random.
function noise(len: number, amp: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: len }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return amp * (s / 2 ** 31 - 1);
  });
}

/** Adds a tapered sine burst of frequency f starting at sample t0 (decaying over ~1 s). */
function addBurst(x: Float32Array, t0: number, f: number, amp: number, fs: number): Float32Array {
  for (let i = t0; i < x.length; i++) {
    const t = (i - t0) / fs;
    x[i] += amp * Math.exp(-t / 1.0) * Math.sin(2 * Math.PI * f * t);
  }
  return x;
}

describe('onset picker', () => {
  it('finds a step of energy and its size', () => {
    const n = 400;
    const e = Float64Array.from({ length: n }, (_, i) => (i < 150 ? 1 : 100));
    const cum = cumulativeEnergy(e, n, new Float64Array(n + 1));
    expect(meanEnergy(cum, 0, 150)).toBeCloseTo(1, 12);
    const o = strongestOnset(cum, n, 20, 20);
    expect(o.index).toBe(150);
    // The energy floor (1e-6 of the mean) shifts the ratio in the fifth digit only.
    expect(o.logJump).toBeCloseTo(2, 3);
  });

  it('skips an excluded range to find the second, smaller step', () => {
    const n = 400;
    const e = Float64Array.from({ length: n }, (_, i) => (i < 100 ? 1 : i < 250 ? 100 : 1000));
    const cum = cumulativeEnergy(e, n, new Float64Array(n + 1));
    const first = strongestOnset(cum, n, 20, 20);
    expect(first.index).toBe(100);
    const second = strongestOnset(cum, n, 20, 20, [first.index - 50, first.index + 50]);
    expect(second.index).toBe(250);
    expect(second.logJump).toBeCloseTo(1, 3);
  });

  it('gives no jump for constant energy or a window too short to search', () => {
    const n = 100;
    const cum = cumulativeEnergy(new Float64Array(n).fill(3), n, new Float64Array(n + 1));
    expect(strongestOnset(cum, n, 10, 10).logJump).toBe(0);
    expect(strongestOnset(cum, n, 10, 60).logJump).toBe(0);
  });
});

describe('onset features of synthetic arrivals', () => {
  const fs = 100;
  const n = 400;
  const ex = new FeatureExtractor();
  // The zero-phase band-pass spreads energy a little ahead of a sharp onset, so picks on
  // filtered traces may come up to ~0.2 s early.
  const tol = 0.25;

  it('see a P-like arrival: out of quiet noise, vertical, steep', () => {
    const z = addBurst(noise(n, 0.01, 1), 200, 8, 1, fs);
    const e = addBurst(noise(n, 0.01, 2), 200, 8, 0.1, fs);
    const nn = addBurst(noise(n, 0.01, 3), 200, 8, 0.1, fs);
    const v = ex.compute({ channels: [e, nn, z], channelCodes: ['HHE', 'HHN', 'HHZ'], samplingRate: fs });
    expect(Math.abs(v[F.onset_time] - 2)).toBeLessThan(tol);
    expect(v[F.log_onset_snr]).toBeGreaterThan(1.5);
    expect(v[F.log_hv_ratio_after_onset]).toBeLessThan(-0.5);
    expect(v[F.incidence_after_onset]).toBeLessThan(15);
  });

  it('see an S-like arrival after a P: horizontal, lower frequency, second onset ~1.5 s later', () => {
    // P at 0.8 s (vertical, 10 Hz), S at 2.3 s (horizontal, 4 Hz, three times larger).
    const z = addBurst(addBurst(noise(n, 0.01, 4), 80, 10, 0.3, fs), 230, 4, 0.1, fs);
    const e = addBurst(addBurst(noise(n, 0.01, 5), 80, 10, 0.03, fs), 230, 4, 1, fs);
    const nn = addBurst(addBurst(noise(n, 0.01, 6), 80, 10, 0.03, fs), 230, 4, 0.8, fs);
    const v = ex.compute({ channels: [e, nn, z], channelCodes: ['HHE', 'HHN', 'HHZ'], samplingRate: fs });
    expect(Math.abs(v[F.first_onset_time] - 0.8)).toBeLessThan(tol);
    expect(Math.abs(v[F.later_onset_delay] - 1.5)).toBeLessThan(tol);
    expect(v[F.log_hv_after_later_onset]).toBeGreaterThan(0.5);
    expect(v[F.log_hv_after_first_onset]).toBeLessThan(0);
    expect(Math.abs(v[F.h_onset_delay] + (v[F.onset_time] - 2.3))).toBeLessThan(tol);
    expect(v[F.log_hv_change_at_h_onset]).toBeGreaterThan(0.5);
  });

  it('find the arrival nearest the centre even when an earlier one is sharper', () => {
    // A sharp P at 0.5 s out of quiet noise, then a horizontal S at 2.2 s out of its coda:
    // the window's sharpest step is the P, the central one the S.
    const z = addBurst(addBurst(noise(n, 0.001, 11), 50, 10, 1, fs), 220, 4, 0.3, fs);
    const e = addBurst(addBurst(noise(n, 0.001, 12), 50, 10, 0.1, fs), 220, 4, 3, fs);
    const nn = addBurst(addBurst(noise(n, 0.001, 13), 50, 10, 0.1, fs), 220, 4, 2.5, fs);
    const v = ex.compute({ channels: [e, nn, z], channelCodes: ['HHE', 'HHN', 'HHZ'], samplingRate: fs });
    expect(Math.abs(v[F.onset_time] - 0.5)).toBeLessThan(tol);
    expect(Math.abs(v[F.centre_onset_time] - 2.2)).toBeLessThan(tol);
    expect(v[F.log_hv_after_centre_onset]).toBeGreaterThan(0.5);
    expect(v[F.log_hv_change_at_centre_onset]).toBeGreaterThan(0.5);
    expect(v[F.incidence_after_centre_onset]).toBeGreaterThan(60);
    // Temporal profile: quiet first eighth, loudest and most horizontal after 2.2 s.
    expect(v[F.quietest_segment_time]).toBe(0);
    expect(v[F.first_loud_segment_time]).toBeLessThanOrEqual(v[F.loudest_segment_time]);
    expect(v[F.loudest_segment_time]).toBeGreaterThanOrEqual(4 / 7);
    expect(v[F.most_horizontal_segment_time]).toBeGreaterThanOrEqual(4 / 7);
    expect(v[F.log_segment_range]).toBeLessThan(-1);
  });

  it('keep every onset feature finite on a vertical-only window and on pure noise', () => {
    const z = addBurst(noise(n, 0.01, 7), 150, 6, 1, fs);
    const zero = new Float32Array(n);
    for (const ch of [[zero, zero, z], [noise(n, 1, 8), noise(n, 1, 9), noise(n, 1, 10)]]) {
      const v = ex.compute({ channels: ch, channelCodes: ['HHE', 'HHN', 'HHZ'], samplingRate: fs });
      expect(v.every(Number.isFinite)).toBe(true);
    }
  });
});
