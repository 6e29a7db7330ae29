// The demo's signal generators on their own, without noise: each has the shape that
// defines its class, for every seed tried.
import { describe, expect, it } from 'vitest';
import { localEarthquake } from '../../core/common/demo/earthquake.js';
import { createRandom } from '../../core/common/demo/random.js';
import { zeros3 } from '../../core/common/demo/source.js';
import { spike } from '../../core/common/demo/spike.js';
import { tremor } from '../../core/common/demo/tremor.js';

const FS = 100;
const N = 3000;
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);
const levels = { activity: 0.5, background: 0.1, microseism: 1 };

const energy = (x: Float64Array, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) s += x[i] * x[i];
  return s;
};

// Mean frequency weighted by power, from zero crossings: robust enough to rank bands.
const crossingHz = (x: Float64Array, from: number, to: number): number => {
  let crossings = 0;
  for (let i = from + 1; i < to; i++) if (x[i - 1] < 0 !== x[i] < 0) crossings++;
  return (crossings * FS) / (2 * (to - from));
};

// Largest share of total energy inside any window of `len` samples.
const bestShare = (xs: Float64Array[], len: number): number => {
  const e = new Float64Array(xs[0].length);
  for (const x of xs) for (let i = 0; i < x.length; i++) e[i] += x[i] * x[i];
  let run = 0;
  let best = 0;
  let total = 0;
  for (let i = 0; i < e.length; i++) {
    total += e[i];
    run += e[i] - (i >= len ? e[i - len] : 0);
    best = Math.max(best, run);
  }
  return best / total;
};

// Power spectrum peak of x by a direct DFT over 0.2 Hz steps between loHz and hiHz.
const dftPeakHz = (x: Float64Array, loHz: number, hiHz: number): number => {
  let best = -1;
  let at = NaN;
  for (let f = loHz; f <= hiHz; f += 0.2) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      const a = (2 * Math.PI * f * i) / FS;
      re += x[i] * Math.cos(a);
      im -= x[i] * Math.sin(a);
    }
    if (re * re + im * im > best) {
      best = re * re + im * im;
      at = f;
    }
  }
  return at;
};

describe('demo earthquake source', () => {
  it('is silent before P, strongest on the vertical at P and on the horizontals at S', () => {
    for (const seed of SEEDS) {
      const q = localEarthquake(createRandom(seed), N, FS, levels);
      const p = Math.round(q.picks[0].offsetSeconds * FS);
      const s = Math.round(q.picks[1].offsetSeconds * FS);
      const [z, n, e] = q.signal;
      expect(energy(z, 0, p) + energy(n, 0, p) + energy(e, 0, p)).toBe(0);
      const pEnd = Math.min(s, p + FS);
      expect(energy(z, p, pEnd)).toBeGreaterThan(Math.max(energy(n, p, pEnd), energy(e, p, pEnd)));
      expect(energy(n, s, s + 2 * FS) + energy(e, s, s + 2 * FS)).toBeGreaterThan(2 * energy(z, s, s + 2 * FS));
      // S is lower in frequency than P.
      expect(crossingHz(n, s, s + FS) + crossingHz(e, s, s + FS)).toBeLessThan(2 * crossingHz(z, p, p + Math.max(20, pEnd - p)));
    }
  });

  it('rings longer and louder for larger magnitudes', () => {
    const quakes = SEEDS.map((seed) => localEarthquake(createRandom(seed), N, FS, levels));
    const big = quakes.filter((q) => q.magnitude! >= 2);
    const small = quakes.filter((q) => q.magnitude! < 1.2 && q.distanceKm! < 20);
    expect(big.length).toBeGreaterThan(2);
    expect(small.length).toBeGreaterThan(2);
    // Coda still present 5 s after S, relative to the S peak second.
    const codaShare = (q: (typeof quakes)[number]) => {
      const s = Math.round(q.picks[1].offsetSeconds * FS);
      const last = Math.min(N, s + 6 * FS);
      return energy(q.signal[1], last - FS, last) / energy(q.signal[1], s, s + FS);
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(big.map(codaShare))).toBeGreaterThan(3 * mean(small.map(codaShare)));
  });
});

describe('demo tremor source', () => {
  it('hums between 1 and 5 Hz, alike on all components, without an abrupt onset', () => {
    for (const seed of SEEDS.slice(0, 15)) {
      const random = createRandom(seed);
      const noise = zeros3(N).map((c) => c.map(() => 0.1 * random.normal())) as ReturnType<typeof zeros3>;
      const t = tremor(random, noise, FS);
      const peak = dftPeakHz(t.signal[0], 0.4, 20);
      expect(peak).toBeGreaterThanOrEqual(1);
      expect(peak).toBeLessThanOrEqual(5);
      const rmsAll = t.signal.map((c) => Math.sqrt(energy(c) / N));
      expect(Math.max(...rmsAll) / Math.min(...rmsAll)).toBeLessThan(2);
      // Long and emergent, judged on 3 s steps (shorter ones measure the random beating of
      // a narrow band, not the envelope): present in most of the window, and when it
      // starts inside the window its first audible step is still weak.
      const len = 3 * FS;
      const levels = Array.from({ length: N / len }, (_, k) => Math.sqrt(energy(t.signal[0], k * len, (k + 1) * len) / len));
      const top = Math.max(...levels);
      expect(levels.filter((v) => v > 0.1 * top).length / levels.length).toBeGreaterThanOrEqual(0.5);
      const first = levels.findIndex((v) => v > 0.02 * top);
      if (first > 0) expect(levels[first]).toBeLessThan(0.4 * top);
      expect(t.picks).toEqual([]);
    }
  });
});

describe('demo spike source', () => {
  it('is over within half a second, high-frequency, mostly on one component', () => {
    for (const seed of SEEDS) {
      const sp = spike(createRandom(seed), N, FS, 0.1);
      expect(bestShare(sp.signal, FS / 2)).toBeGreaterThan(0.75);
      expect(bestShare(sp.signal, FS)).toBeGreaterThan(0.75);
      const e = sp.signal.map((c) => energy(c));
      expect(Math.max(...e) / (e[0] + e[1] + e[2])).toBeGreaterThan(0.7);
      const main = sp.signal[e.indexOf(Math.max(...e))];
      const at = main.findIndex((v) => v !== 0);
      expect(crossingHz(main, at, at + FS / 4)).toBeGreaterThan(8);
    }
  });
});
