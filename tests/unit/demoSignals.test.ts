// What an analyst would check by eye on the demo windows: earthquakes with P before S,
// P on the vertical and S on the horizontals; tremor humming at 1–5 Hz; spikes over
// within a second; noise dominated by the ocean microseism. The spectral helpers live
// here on purpose, independent of the generator's own filters.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoWindow } from '../../core/common/demo/index.js';

/** Power spectrum of x (mean removed, Hann taper, zero-padded to a power of two). */
function powerSpectrum(x: ArrayLike<number>, fs: number): { hz: Float64Array; power: Float64Array } {
  const n = x.length;
  let size = 1;
  while (size < n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  for (let i = 0; i < n; i++) re[i] = (x[i] - mean) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  // Iterative radix-2 FFT: bit-reversal permutation, then butterflies.
  for (let i = 1, j = 0; i < size; i++) {
    let bit = size >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= size; len *= 2) {
    const ang = (-2 * Math.PI) / len;
    for (let start = 0; start < size; start += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = start + k;
        const b = a + len / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
  const half = size / 2 + 1;
  const hz = new Float64Array(half);
  const power = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    hz[k] = (k * fs) / size;
    power[k] = re[k] * re[k] + im[k] * im[k];
  }
  return { hz, power };
}

/** Summed power of the three components, smoothed over `smoothHz`. */
function threeComponentSpectrum(w: DemoWindow, smoothHz: number): { hz: Float64Array; power: Float64Array } {
  const specs = w.data.map((c) => powerSpectrum(c, w.samplingRate));
  const { hz } = specs[0];
  const raw = hz.map((_, k) => specs[0].power[k] + specs[1].power[k] + specs[2].power[k]);
  const half = Math.max(0, Math.round(smoothHz / 2 / hz[1]));
  const power = raw.map((_, k) => {
    let s = 0;
    let m = 0;
    for (let j = Math.max(0, k - half); j <= Math.min(raw.length - 1, k + half); j++, m++) s += raw[j];
    return s / m;
  });
  return { hz, power };
}

/** Frequency of the largest power between loHz and hiHz. */
function peakHz(spec: { hz: Float64Array; power: Float64Array }, loHz: number, hiHz: number): number {
  let best = -1;
  let at = NaN;
  spec.hz.forEach((f, k) => {
    if (f >= loHz && f <= hiHz && spec.power[k] > best) {
      best = spec.power[k];
      at = f;
    }
  });
  return at;
}

// First difference: the simplest high-pass, enough to lift local events out of the
// microseism as an analyst's 1–2 Hz high-pass would.
const highPassed = (x: Float32Array): Float64Array => {
  const y = new Float64Array(x.length);
  for (let i = 1; i < x.length; i++) y[i] = x[i] - x[i - 1];
  return y;
};

/** Mean square of x over [fromS, toS) seconds. */
const power = (x: Float64Array, fs: number, fromS: number, toS: number): number => {
  const a = Math.max(1, Math.round(fromS * fs));
  const b = Math.min(x.length, Math.round(toS * fs));
  let s = 0;
  for (let i = a; i < b; i++) s += x[i] * x[i];
  return s / (b - a);
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('demo signals', () => {
  let windows: DemoWindow[] = [];
  const of = (kind: DemoWindow['kind']) => windows.filter((w) => w.kind === kind);
  beforeAll(() => {
    windows = generateDemo({ seed: 2024 }).windows;
  });

  it('has only finite samples', () => {
    for (const w of windows) for (const c of w.data) expect(c.every(Number.isFinite)).toBe(true);
  });

  it('picks P before S, about distance / 8 km apart', () => {
    const quakes = of('earthquake');
    expect(quakes.length).toBe(150);
    for (const w of quakes) {
      const p = w.picks.find((k) => k.phase === 'P')!.offsetSeconds;
      const s = w.picks.find((k) => k.phase === 'S')!.offsetSeconds;
      expect(p).toBeGreaterThan(1);
      expect(s).toBeGreaterThan(p);
      expect(s).toBeLessThan(30);
      // S–P grows with distance: between epicentral and a 15 km deep hypocentre, at ~8.2 km/s.
      const d = w.meta.distanceKm!;
      expect((s - p) * 8.2).toBeGreaterThan(0.95 * d);
      expect((s - p) * 8.2).toBeLessThan(1.05 * Math.hypot(d, 15) + 0.2);
    }
  });

  it('shows the P onset on the vertical: more energy just after P than before it', () => {
    const ratios = of('earthquake').map((w) => {
      const p = w.picks[0].offsetSeconds;
      const z = highPassed(w.data[0]);
      return power(z, w.samplingRate, p, p + 1) / power(z, w.samplingRate, p - 1.4, p - 0.1);
    });
    expect(Math.min(...ratios)).toBeGreaterThan(1.5);
    expect(median(ratios)).toBeGreaterThan(5);
  });

  it('has S stronger on the horizontals than on the vertical', () => {
    for (const w of of('earthquake')) {
      const s = w.picks[1].offsetSeconds;
      const [z, n, e] = w.data.map((c) => power(highPassed(c), w.samplingRate, s, s + 2));
      expect((n + e) / 2).toBeGreaterThan(z);
    }
  });

  it('has tremor that an analyst finds as a 1–5 Hz peak in the spectral ratio to the site noise', () => {
    const tremors = of('tremor');
    expect(tremors.length).toBe(100);
    const noiseSpectrum = new Map<string, Float64Array>();
    for (const station of new Set(windows.map((w) => w.station))) {
      const specs = of('noise').filter((w) => w.station === station).map((w) => threeComponentSpectrum(w, 0.5).power);
      noiseSpectrum.set(station, specs[0].map((_, k) => median(specs.map((p) => p[k]))));
    }
    const inBand = tremors.filter((w) => {
      const spec = threeComponentSpectrum(w, 0.5);
      const site = noiseSpectrum.get(w.station)!;
      const f = peakHz({ hz: spec.hz, power: spec.power.map((p, k) => p / site[k]) }, 0.5, 45);
      return f >= 1 && f <= 5;
    });
    // Tremor is often at the noise level, so some windows hide it: the hard class.
    expect(inBand.length / tremors.length).toBeGreaterThan(0.75);
  });

  it('has spikes whose high-frequency excess energy lies within one second', () => {
    for (const w of of('spike')) {
      const fs = w.samplingRate;
      // A second difference hides even the quietest station's microseism.
      const hp = w.data.map((c) => highPassed(c)).map((c) => c.map((v, i) => (i > 1 ? v - c[i - 1] : 0)));
      // Energy per 0.1 s step, summed over components, minus the window's typical level.
      const step = Math.round(fs / 10);
      const e: number[] = [];
      for (let i = 0; i + step <= hp[0].length; i += step) {
        let s = 0;
        for (const c of hp) for (let k = i; k < i + step; k++) s += c[k] * c[k];
        e.push(s);
      }
      const floor = median(e);
      const excess = e.map((v) => Math.max(0, v - floor));
      const total = excess.reduce((a, b) => a + b, 0);
      let best = 0;
      for (let i = 0; i + 10 <= excess.length; i++) best = Math.max(best, excess.slice(i, i + 10).reduce((a, b) => a + b, 0));
      expect(best / total).toBeGreaterThan(0.6);
    }
  });

  it('has noise whose spectrum peaks in the microseism band, below 0.5 Hz', () => {
    for (const w of of('noise')) {
      const f = peakHz(threeComponentSpectrum(w, 0.1), 0.05, 45);
      expect(f).toBeLessThan(0.5);
    }
  });
});
