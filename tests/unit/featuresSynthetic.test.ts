import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX as F, FEATURES } from '../../core/common/features/definitions.js';
import { computeFeatures, componentOf, eventBand, FeatureExtractor } from '../../core/common/features/extract.js';
import { polarisation, selectKth, shapeMoments } from '../../core/common/features/stats.js';

const fs = 100;
const n = 2500;
const zeros = () => new Float32Array(n);
const tone = (f: number, amp = 1, len = n, rate = fs) => Float32Array.from({ length: len }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / rate));

// Small deterministic noise (xorshift32 → uniform in [-1, 1)), so tests do not depend on Math.random.
function noise(len: number, amp: number, seed = 12345): Float32Array {
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

describe('feature definitions', () => {
  it('lists unique names with a one-line description and a unit', () => {
    const names = FEATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(FEATURES.length).toBeGreaterThanOrEqual(30);
    for (const f of FEATURES) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.description).not.toMatch(/\n/);
      expect(typeof f.unit).toBe('string');
    }
    expect(F.log_peak_amplitude).toBe(0);
  });
});

describe('features of synthetic windows', () => {
  it('finds 7 Hz in the spectrum, zero crossings and band share of a pure tone', () => {
    const v = computeFeatures({ channels: [zeros(), zeros(), tone(7)], channelCodes: ['EHE', 'EHN', 'EHZ'], samplingRate: fs });
    expect(v.length).toBe(FEATURES.length);
    expect(Math.abs(v[F.dominant_frequency] - 7)).toBeLessThan(100 / 4096);
    expect(Math.abs(v[F.spectral_centroid] - 7)).toBeLessThan(0.3);
    expect(Math.abs(v[F.band_spectral_centroid] - 7)).toBeLessThan(0.3);
    expect(v[F.spectral_bandwidth]).toBeLessThan(1);
    expect(v[F.zero_crossing_rate]).toBeCloseTo(14, 0);
    expect(v[F.frequency_at_peak]).toBeCloseTo(7, 0);
    expect(v[F.band_share_5_10hz]).toBeGreaterThan(0.95);
    expect(v[F.spectral_flatness]).toBeLessThan(0.05);
    // Two zero-filled channels are absent: one component, no H/V information (ratio 1).
    expect(v[F.component_count]).toBe(1);
    expect(v[F.log_hv_ratio]).toBe(0);
    expect(v[F.log_peak_amplitude]).toBeCloseTo(0, 3);
    expect(v[F.log_rms_amplitude]).toBeCloseTo(Math.log10(Math.SQRT1_2), 3);
    expect(v[F.peak_to_rms]).toBeCloseTo(Math.SQRT2, 2);
  });

  it('ignores zero-filled channels: same result as the vertical channel alone', () => {
    const z = tone(3).map((x, i) => x + noise(n, 0.1)[i]);
    const a = computeFeatures({ channels: [zeros(), zeros(), z], channelCodes: ['', '', 'EHZ'], samplingRate: fs });
    const b = computeFeatures({ channels: [z], channelCodes: ['EHZ'], samplingRate: fs });
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 9));
  });

  it('gives a strongly negative H/V for motion on the vertical only', () => {
    const v = computeFeatures({ channels: [noise(n, 1e-3, 7), noise(n, 1e-3, 8), tone(5)], channelCodes: ['HHE', 'HHN', 'HHZ'], samplingRate: fs });
    expect(v[F.log_hv_ratio]).toBeLessThan(-2);
    expect(v[F.log_hv_ratio_at_peak]).toBeLessThan(-2);
    expect(v[F.incidence_at_peak]).toBeLessThan(1);
    expect(v[F.log_hv_ratio_after_onset]).toBeLessThan(-2);
    expect(v[F.incidence_after_onset]).toBeLessThan(1);
    expect(v[F.component_count]).toBe(3);
  });

  it('measures the duration, timing and onset of a 4 s burst in weak noise', () => {
    const z = noise(n, 0.01);
    // 8 Hz burst from 10 s to 14 s with 0.1 s cosine ramps.
    for (let i = 1000; i < 1400; i++) {
      const ramp = Math.min(1, (i - 1000) / 10, (1400 - i) / 10);
      z[i] += ramp * Math.sin((2 * Math.PI * 8 * i) / fs);
    }
    const v = computeFeatures({ channels: [z], channelCodes: ['Z'], samplingRate: fs });
    // The band-pass widens the burst a little (filter ringing at both ends).
    expect(Math.abs(v[F.duration_above_noise] - 4)).toBeLessThan(0.5);
    expect(v[F.duration_fraction]).toBeCloseTo(4 / 25, 1);
    expect(v[F.envelope_peak_time]).toBeGreaterThan(0.39);
    expect(v[F.envelope_peak_time]).toBeLessThan(0.57);
    expect(v[F.envelope_rise_time] + v[F.envelope_decay_time]).toBeCloseTo(4, 0);
    expect(v[F.sta_lta_max]).toBeGreaterThan(5);
    expect(v[F.log_envelope_peak_to_median]).toBeGreaterThan(1.5);
    expect(v[F.envelope_centroid_time]).toBeCloseTo(12 / 25, 1);
    // Before the burst the envelope is the noise, about 1/100 of the burst's peak.
    expect(v[F.log_pre_onset_to_peak]).toBeLessThan(-1.5);
    expect(v[F.log_pre_onset_to_peak]).toBeGreaterThan(-3);
    // Levels: the second after the central onset (10 s) holds the unit sine, whose envelope is 1;
    // the second before it and the quietest eighth hold the noise (uniform ±0.01, rms 0.006,
    // less after the band-pass), two to three orders of magnitude lower.
    expect(v[F.log_centre_onset_amplitude]).toBeCloseTo(0, 1);
    expect(v[F.log_pre_centre_onset_amplitude]).toBeLessThan(-2.2);
    expect(v[F.log_pre_centre_onset_amplitude]).toBeGreaterThan(-3);
    expect(v[F.log_quiet_segment_amplitude]).toBeLessThan(-2.2);
    expect(v[F.log_quiet_segment_amplitude]).toBeGreaterThan(-3);
  });

  it('shifts log amplitudes by exactly 3 and keeps shape features when scaled by 1000', () => {
    const chans = [noise(n, 1, 1), noise(n, 1, 2), tone(4).map((x, i) => x + noise(n, 0.3, 3)[i])];
    const codes = ['BHE', 'BHN', 'BHZ'];
    const a = computeFeatures({ channels: chans, channelCodes: codes, samplingRate: fs });
    const b = computeFeatures({ channels: chans.map((c) => c.map((x) => x * 1000)), channelCodes: codes, samplingRate: fs });
    const logs = new Set<number>([F.log_peak_amplitude, F.log_rms_amplitude, F.log_band_rms, F.log_quiet_segment_amplitude, F.log_pre_centre_onset_amplitude, F.log_centre_onset_amplitude]);
    a.forEach((x, i) => {
      if (i === F.log_energy) expect(b[i] - x).toBeCloseTo(6, 4);
      else if (logs.has(i)) expect(b[i] - x).toBeCloseTo(3, 4);
      else expect(b[i]).toBeCloseTo(x, 4);
    });
  });

  it('measures polarisation: linear motion has rectilinearity 1 and its true incidence', () => {
    const s = noise(n, 1, 99);
    // Same waveform on Z, N, E with weights 0.9, 0.3, 0.3: incidence acos(0.9/√0.99) = 25.24°.
    const v = computeFeatures({ channels: [s.map((x) => 0.3 * x), s.map((x) => 0.3 * x), s.map((x) => 0.9 * x)], channelCodes: ['E', 'N', 'Z'], samplingRate: fs });
    expect(v[F.rectilinearity_at_peak]).toBeCloseTo(1, 6);
    expect(v[F.rectilinearity]).toBeCloseTo(1, 6);
    expect(v[F.incidence_at_peak]).toBeCloseTo(25.24, 1);
  });

  it('degrades gracefully at 20 Hz and 1 Hz sampling: no power above Nyquist, all finite', () => {
    const v20 = computeFeatures({ channels: [tone(3, 5, 1200, 20), noise(1200, 1), noise(1200, 1, 5)], channelCodes: ['Z', 'N', 'E'], samplingRate: 20 });
    expect(v20[F.band_share_10_20hz]).toBe(0);
    expect(v20[F.band_share_above_20hz]).toBe(0);
    expect(Math.abs(v20[F.dominant_frequency] - 3)).toBeLessThan(0.05);
    expect(eventBand(20)).toEqual([2, 8]);
    const v1 = computeFeatures({ channels: [tone(0.2, 1, 600, 1)], channelCodes: ['LHZ'], samplingRate: 1 });
    expect(v1.every(Number.isFinite)).toBe(true);
    expect(v1[F.band_share_1_5hz]).toBe(0);
    expect(eventBand(1)).toEqual([0.1, 0.4]);
  });

  it('returns zeros for a window without data and stays finite with NaN samples', () => {
    const empty = computeFeatures({ channels: [zeros(), zeros(), zeros()], channelCodes: ['', '', ''], samplingRate: fs });
    expect(Array.from(empty).every((x) => x === 0)).toBe(true);
    const bad = tone(5);
    bad[100] = NaN;
    bad[200] = Infinity;
    const v = new FeatureExtractor().compute({ channels: [bad], channelCodes: [''], samplingRate: fs });
    expect(v.every(Number.isFinite)).toBe(true);
    expect(() => computeFeatures({ channels: [bad], channelCodes: [''], samplingRate: 0 })).toThrow(/sampling rate/);
  });

  it('writes into a caller buffer and reuses plans across window lengths', () => {
    const ex = new FeatureExtractor();
    const out = new Float64Array(FEATURES.length);
    const a = Array.from(ex.compute({ channels: [tone(6)], channelCodes: ['Z'], samplingRate: fs }, out));
    ex.compute({ channels: [tone(6, 1, 400)], channelCodes: ['Z'], samplingRate: fs }, out);
    expect(Array.from(ex.compute({ channels: [tone(6)], channelCodes: ['Z'], samplingRate: fs }, out))).toEqual(a);
  });
});

describe('feature helpers', () => {
  it('reads the component from the last letter of a channel code', () => {
    expect(componentOf('EHZ')).toBe('vertical');
    expect(componentOf('HH1')).toBe('horizontal');
    expect(componentOf('BHE')).toBe('horizontal');
    expect(componentOf('')).toBe('unknown');
    expect(componentOf('HHH')).toBe('unknown');
  });

  it('selects order statistics like a sort', () => {
    const v = Array.from(noise(501, 10, 3));
    const sorted = [...v].sort((p, q) => p - q);
    for (const k of [0, 100, 250, 500]) expect(selectKth(Float64Array.from(v), v.length, k)).toBe(sorted[k]);
    expect(selectKth(new Float64Array(50).fill(2), 50, 10)).toBe(2);
  });

  it('computes skewness and excess kurtosis as scipy.stats (bias=True)', () => {
    // scipy.stats.skew([1,2,3,4,10]) and scipy.stats.kurtosis([1,2,3,4,10])
    const m = shapeMoments([1, 2, 3, 4, 10], 5);
    expect(m.skewness).toBeCloseTo(1.1384199576606167, 12);
    expect(m.kurtosis).toBeCloseTo(-0.21199999999999974, 12);
    expect(shapeMoments([3, 3, 3], 3)).toEqual({ skewness: 0, kurtosis: 0 });
  });

  it('finds the eigen-structure of circular and linear motion', () => {
    // Circular motion in a plane: λ = (1, 1, 0) → rectilinearity 0.5, planarity 1.
    const circ = polarisation([1, 0, 0, 0, 1, 0, 0, 0, 0], 3)!;
    expect(circ.rectilinearity).toBeCloseTo(0.5, 6);
    expect(circ.planarity).toBeCloseTo(1, 6);
    // Rank-one covariance v·vᵀ with v = (1, 2, 2)/3.
    const v = [1 / 3, 2 / 3, 2 / 3];
    const lin = polarisation(v.flatMap((a) => v.map((b) => a * b)), 3)!;
    // The closed-form cubic solution loses about half the digits when eigenvalues coincide.
    expect(lin.rectilinearity).toBeCloseTo(1, 6);
    lin.direction.forEach((d, i) => expect(Math.abs(d)).toBeCloseTo(v[i], 6));
    expect(polarisation([0, 0, 0, 0], 2)).toBeNull();
  });
});
