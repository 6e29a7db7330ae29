import { describe, expect, it } from 'vitest';
import { designBandpass, designButterworth, designHighpass, designLowpass, sosResponse, zeroPhaseGain } from '../../core/common/dsp/butterworth.js';
import { decimate, sosfiltfilt, ZeroPhaseFilter } from '../../core/common/dsp/filter.js';
import { demean, detrend, taper, tukeyWindow } from '../../core/common/dsp/preprocess.js';

const fs = 100;
// Test signal: 3 Hz + 0.3 Hz + 30 Hz tones on a linear ramp, 1000 samples at 100 Hz.
const x = Array.from({ length: 1000 }, (_, i) => {
  const t = i / fs;
  return Math.sin(2 * Math.PI * 3 * t) + 0.5 * Math.sin(2 * Math.PI * 0.3 * t) + 0.2 * Math.cos(2 * Math.PI * 30 * t) + 0.01 * i;
});
const probe = [0, 1, 100, 500, 998, 999];

function expectClose(actual: number, expected: number, rel = 1e-6, abs = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);
}

// Reference values from scipy 1.10.1: y = sosfiltfilt(butter(N, Wn, kind, fs=100, output='sos'), x)
// and h = sosfreqz(sos, worN=[0.5, 2, 5, 20], fs=100)[1] (script kept out of the repo).
const cases = [
  {
    kind: 'bandpass', order: 4, corners: [1, 10],
    y: [-0.011193966823650592, 0.11133730685549376, -0.011046666396527072, -1.2334270497849076e-5, -0.49249532596229106, -0.3326201737627385],
    h: [[0.014402343142892562, -0.04346761009517683], [0.6215399550848923, 0.7832721263555646], [0.6608204330853539, -0.7504708166323429], [0.01293030331784874, 0.025712664351135877]],
  },
  {
    kind: 'bandpass', order: 3, corners: [2, 8],
    y: [0.11322883103967019, 0.23876517520000146, 0.00043428989253696537, 1.642789996425531e-6, -0.35685712825425947, -0.23250241782883468],
    h: [[-0.002636571406435637, -0.006500817336921601], [-0.4999999999999992, 0.5000000000000001], [0.8302198735158134, -0.5568922777066827], [-0.011035948062421736, 0.017681452686586104]],
  },
  {
    kind: 'lowpass', order: 3, corners: [5],
    y: [0.19916737845998134, 0.34957434551293226, 1.4755286822499663, 5.000000464376593, 9.567501748949296, 9.716598971243846],
    h: [[0.9803240022274361, -0.19739275217301336], [0.681742222850678, -0.7289131143784537], [-0.49999999999999956, -0.49999999999999956], [-0.004409052132057367, 0.0093742042179543]],
  },
  {
    kind: 'highpass', order: 5, corners: [1],
    y: [0.031737452158431545, -0.027652018166325232, 0.19210639877695473, 0.1999685022753746, -0.6764303644536487, -0.39639174502705576],
    h: [[0.031019631545623406, -0.003315058174217093], [-0.10487482624232096, 0.9939996198744678], [0.7988740261538749, 0.601498292396555], [0.9902148770067944, 0.13955105644314011]],
  },
] as const;

describe('Butterworth design', () => {
  for (const c of cases) {
    it(`${c.kind} order ${c.order} ${c.corners.join('–')} Hz has scipy's complex response`, () => {
      const f = designButterworth(c.kind, c.order, c.corners, fs);
      [0.5, 2, 5, 20].forEach((freq, i) => {
        const [re, im] = sosResponse(f, freq);
        expectClose(re, c.h[i][0], 1e-9, 1e-12);
        expectClose(im, c.h[i][1], 1e-9, 1e-12);
      });
    });
    it(`${c.kind} order ${c.order} zero-phase output matches scipy sosfiltfilt`, () => {
      const y = sosfiltfilt(designButterworth(c.kind, c.order, c.corners, fs), x);
      probe.forEach((idx, i) => expectClose(y[idx], c.y[i], 1e-6, 1e-10));
    });
  }

  it('has unit gain in the pass band and -3 dB (one pass) at the corners', () => {
    const bp = designBandpass(4, 2, 20, fs);
    const [g2, gc, g20] = zeroPhaseGain(bp, [2, Math.sqrt(2 * 20), 20]);
    expect(g2).toBeCloseTo(0.5, 9);
    expect(g20).toBeCloseTo(0.5, 9);
    expect(gc).toBeCloseTo(1, 9);
    expect(zeroPhaseGain(designLowpass(4, 5, fs), [0])[0]).toBeCloseTo(1, 12);
    expect(zeroPhaseGain(designHighpass(4, 5, fs), [50])[0]).toBeCloseTo(1, 12);
  });

  it('rejects corners at or above Nyquist and bad orders with a clear message', () => {
    expect(() => designBandpass(4, 1, 50, 100)).toThrow(/Nyquist/);
    expect(() => designLowpass(4, 12, 20)).toThrow(/Nyquist frequency 10 Hz/);
    expect(() => designBandpass(4, 5, 2, 100)).toThrow(/low < high/);
    expect(() => designBandpass(0, 1, 5, 100)).toThrow(/order/);
  });
});

describe('zero-phase filtering', () => {
  it('reuses one filter for many traces with identical results', () => {
    const z = new ZeroPhaseFilter(designBandpass(4, 1, 10, fs));
    const a = z.apply(x);
    z.apply(x.slice(0, 300));
    const b = z.apply(x, new Float32Array(x.length));
    for (const i of probe) expect(b[i]).toBeCloseTo(a[i], 5);
    expectClose(a[500], cases[0].y[3]);
  });

  it('handles traces shorter than the edge padding without throwing', () => {
    const lp = new ZeroPhaseFilter(designLowpass(4, 5, fs));
    expect(lp.padLength(10)).toBe(9);
    // A constant stays constant: the filter starts in its steady state.
    const y = lp.apply(new Float64Array(10).fill(3));
    for (const v of y) expect(v).toBeCloseTo(3, 10);
    expect(lp.apply([7])[0]).toBeCloseTo(7, 12);
    expect(lp.apply([]).length).toBe(0);
    const bp = sosfiltfilt(designBandpass(4, 1, 10, fs), new Float64Array(20).fill(3));
    for (const v of bp) expect(Math.abs(v)).toBeLessThan(1e-9);
  });
});

describe('decimation', () => {
  const n = 2000;
  const sine = (f: number) => Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs));

  it('keeps the amplitude of a tone inside the new band', () => {
    const y = decimate(sine(2), 5);
    expect(y.length).toBe(400);
    // Output sample i is input time 5i/100 s; a 2 Hz tone is far inside the 8 Hz pass band
    // (the first and last second carry the edge extension, so they are left out).
    let err = 0;
    for (let i = 20; i < 380; i++) err = Math.max(err, Math.abs(y[i] - Math.sin((2 * Math.PI * 2 * i * 5) / fs)));
    expect(err).toBeLessThan(1e-3);
  });

  it('removes a tone that would alias (15 Hz at a new rate of 20 Hz)', () => {
    const y = decimate(sine(15), 5);
    let rms = 0;
    for (let i = 20; i < 380; i++) rms += y[i] * y[i];
    expect(Math.sqrt(rms / 360)).toBeLessThan(1e-3);
  });

  it('copies for factor 1 and rejects non-integer factors', () => {
    expect(Array.from(decimate([1, 2, 3], 1))).toEqual([1, 2, 3]);
    expect(decimate([1, 2, 3, 4, 5], 2).length).toBe(3);
    expect(() => decimate([1, 2], 1.5)).toThrow(/integer/);
  });
});

describe('preprocessing', () => {
  it('demeans and detrends like scipy.signal.detrend', () => {
    const d = demean([1, 2, 6]);
    expect(Array.from(d)).toEqual([-2, -1, 3]);
    // scipy.signal.detrend([1, 3, 2, 5, 4, 7], type='linear')
    const ref = [-0.09523809523809468, 0.8761904761904771, -1.1523809523809514, 0.8190476190476206, -1.209523809523808, 0.7619047619047636];
    const y = detrend([1, 3, 2, 5, 4, 7]);
    ref.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
  });

  it('builds the Tukey window of scipy.signal.windows.tukey and tapers with it', () => {
    // scipy.signal.windows.tukey(11, 0.5) and tukey(10, 0.3)
    const ref11 = [0, 0.3454915028125263, 0.9045084971874738, 1, 1, 1, 1, 1, 0.9045084971874736, 0.34549150281252616, 0];
    const ref10 = [0, 0.8431208189343669, 1, 1, 1, 1, 1, 1, 0.8431208189343666, 0];
    tukeyWindow(11, 0.5).forEach((v, i) => expect(v).toBeCloseTo(ref11[i], 12));
    tukeyWindow(10, 0.3).forEach((v, i) => expect(v).toBeCloseTo(ref10[i], 12));
    const t = taper(new Float64Array(11).fill(2), 0.5);
    t.forEach((v, i) => expect(v).toBeCloseTo(2 * ref11[i], 12));
  });
});
