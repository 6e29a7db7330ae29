import { describe, expect, it } from 'vitest';
import { FftPlan, nextPow2, RealFftPlan, rfft } from '../../core/common/dsp/fft.js';
import { analyticSignal, envelope } from '../../core/common/dsp/hilbert.js';
import { spectrogram, welch } from '../../core/common/dsp/spectral.js';

const fs = 100;
// 2·sin(2π·12.5 t) + 0.3·cos(2π·3.1 t + 0.4), 2048 samples at 100 Hz.
const x = Float64Array.from({ length: 2048 }, (_, i) => {
  const t = i / fs;
  return 2 * Math.sin(2 * Math.PI * 12.5 * t) + 0.3 * Math.cos(2 * Math.PI * 3.1 * t + 0.4);
});

function directDft(v: ArrayLike<number>): { re: number[]; im: number[] } {
  const n = v.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const ang = (-2 * Math.PI * ((k * j) % n)) / n;
      a += v[j] * Math.cos(ang);
      b += v[j] * Math.sin(ang);
    }
    re.push(a);
    im.push(b);
  }
  return { re, im };
}

describe('FFT', () => {
  it.each([1, 2, 7, 12, 64, 100, 333])('matches the direct DFT for length %i (radix-2 or Bluestein)', (n) => {
    const v = Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) + ((i * 7) % 5) - 2);
    const re = Float64Array.from(v);
    const im = new Float64Array(n);
    new FftPlan(n).transform(re, im);
    const d = directDft(v);
    for (let k = 0; k < n; k++) {
      expect(re[k]).toBeCloseTo(d.re[k], 8);
      expect(im[k]).toBeCloseTo(d.im[k], 8);
    }
    new FftPlan(n).transform(re, im, true);
    for (let k = 0; k < n; k++) expect(re[k]).toBeCloseTo(v[k], 10);
  });

  it.each([2, 10, 64, 250, 7])('real FFT of length %i equals the first half of the complex FFT', (n) => {
    const v = Array.from({ length: n }, (_, i) => Math.cos(0.7 * i * i) + 0.1 * i);
    const plan = new RealFftPlan(n);
    const re = new Float64Array(plan.bins);
    const im = new Float64Array(plan.bins);
    plan.forward(v, re, im);
    const d = directDft(v);
    for (let k = 0; k < plan.bins; k++) {
      expect(re[k]).toBeCloseTo(d.re[k], 9);
      expect(im[k]).toBeCloseTo(d.im[k], 9);
    }
  });

  it('zero-pads a short input and puts a bin-centred cosine in one bin', () => {
    const n = 64;
    const { re, im } = rfft(Array.from({ length: 48 }, () => 1), n);
    expect(re[0]).toBeCloseTo(48, 10);
    const c = rfft(Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n)));
    expect(c.re[5]).toBeCloseTo(n / 2, 10);
    expect(Math.abs(c.re[6]) + Math.abs(c.im[6])).toBeLessThan(1e-10);
    expect(im.length).toBe(33);
    expect(nextPow2(2500)).toBe(4096);
  });
});

describe('Welch PSD', () => {
  // Reference: scipy 1.10.1, f, p = scipy.signal.welch(x, 100, nperseg=256) (Hann, 50 % overlap,
  // detrend='constant', density).
  it('matches scipy.signal.welch at the peak, a side tone and DC', () => {
    const { freqs, psd } = welch(x, fs, { nperseg: 256 });
    expect(psd.length).toBe(129);
    let arg = 0;
    for (let k = 1; k < psd.length; k++) if (psd[k] > psd[arg]) arg = k;
    expect(freqs[arg]).toBe(12.5);
    expect(psd[32]).toBeCloseTo(3.413329802632693, 9);
    expect(psd[8]).toBeCloseTo(0.0763951313251692, 9);
    expect(psd[0] / 4.919349306693308e-6).toBeCloseTo(1, 6);
    // Parseval: the PSD integrates to the variance (2²/2 + 0.3²/2 = 2.045), scipy gives 2.045002799370753.
    let total = 0;
    for (const p of psd) total += p * (freqs[1] - freqs[0]);
    expect(total).toBeCloseTo(2.045002799370753, 9);
  });

  it('supports zero padding and custom overlap like scipy (nperseg=200, noverlap=50, nfft=300)', () => {
    const { psd } = welch(x.subarray(0, 1000), fs, { nperseg: 200, noverlap: 50, nfft: 300 });
    expect(psd.length).toBe(151);
    expect(psd[37]).toBeCloseTo(2.30823343371457, 9);
    expect(psd[0] / 5.10710309738696e-5).toBeCloseTo(1, 6);
  });

  it('clips the segment to a short signal instead of failing', () => {
    const { psd } = welch([1, 2, 3, 4, 5], fs);
    expect(psd.length).toBe(3);
    expect(psd.every(Number.isFinite)).toBe(true);
  });
});

describe('spectrogram', () => {
  it('matches 10·log10 of scipy.signal.spectrogram (hann, 128/64, density)', () => {
    const s = spectrogram(x.subarray(0, 1000), fs, { nperseg: 128, noverlap: 64 });
    expect(s.freqs.length).toBe(65);
    expect(s.times.length).toBe(14);
    expect(Array.from(s.times.subarray(0, 3))).toEqual([0.64, 1.28, 1.92]);
    const at = (f: number, t: number) => s.db[f * s.times.length + t];
    expect(at(16, 0)).toBeCloseTo(2.3214956970619074, 6);
    expect(at(4, 5)).toBeCloseTo(-14.16191222210061, 6);
    expect(s.maxDb).toBeGreaterThanOrEqual(at(16, 0));
    expect(s.minDb).toBeLessThan(-100);
  });

  it('writes into a caller buffer and stays finite for silence', () => {
    const buf = new Float32Array(10_000);
    const s = spectrogram(new Float64Array(512), fs, { nperseg: 64, out: buf });
    expect(s.db.buffer).toBe(buf.buffer);
    expect(s.db.every((v) => v === -300)).toBe(true);
  });
});

describe('Hilbert envelope', () => {
  // Reference: abs(scipy.signal.hilbert(y)) and .imag for a Gaussian-windowed chirp
  // y = sin(2π(2 + 3t)t)·exp(-(t-2)²), t = i/100.
  const chirp = (n: number) => Float64Array.from({ length: n }, (_, i) => {
    const t = i / fs;
    return Math.sin(2 * Math.PI * (2 + 3 * t) * t) * Math.exp(-((t - 2) ** 2));
  });
  it.each([
    [500, [0.010399649909259751, 0.026841895376001828, 0.7788007830714179, 0.0079046342059993], [-0.01417541512746675, 0.7617650065805249]],
    [333, [0.09265016454822918, 0.02737046840504219, 0.8905711988396556, 0.16888810365047083], [-0.01104143882972028, -0.391192646592388]],
  ])('matches scipy.signal.hilbert for n = %i', (n, env, imag) => {
    const y = chirp(n);
    const e = envelope(y);
    [0, 10, Math.floor(n / 2), n - 1].forEach((idx, i) => expect(e[idx]).toBeCloseTo(env[i], 10));
    const a = analyticSignal(y);
    expect(a.im[3]).toBeCloseTo(imag[0], 10);
    expect(a.im[Math.floor(n / 3)]).toBeCloseTo(imag[1], 10);
    for (let i = 0; i < n; i++) expect(a.re[i]).toBeCloseTo(y[i], 10);
  });

  it('gives the amplitude of a pure tone away from the ends, also with zero padding', () => {
    const tone = Float64Array.from({ length: 400 }, (_, i) => 3 * Math.cos((2 * Math.PI * 10 * i) / fs));
    const e = envelope(tone, 1024);
    // Truncation ripple decays away from the ends: within 1 % from 1 s in.
    for (let i = 100; i < 300; i++) expect(Math.abs(e[i] - 3)).toBeLessThan(0.03);
  });
});
