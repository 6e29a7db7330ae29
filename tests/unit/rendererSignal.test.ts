// The labeling screen's signal helpers (what is drawn and played), the audio resampler, and
// the trace browser's envelope arithmetic, checked against hand-computed values.
import { describe, expect, it } from 'vitest';
import { resampleLinear } from '../../renderer/lib/audio.js';
import { filterApplies, filterLabel, filterProblem, peakOf, processChannels, scaleChannels } from '../../renderer/lib/signal.js';
import { clampView, fmtSpan } from '../../renderer/browser/drawTraces.js';
import { columnsOf, levelFor, type Envelope } from '../../renderer/browser/envelopeSource.js';
import { tickStep } from '../../renderer/traces/timeAxis.js';

const sine = (f: number, fs: number, n: number, a = 1) => Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / fs));
const rms = (x: Float32Array, from = 0, to = x.length) => Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));

describe('processChannels', () => {
  it('removes the mean without a filter', () => {
    const [y] = processChannels([Float32Array.from([1, 2, 3, 6])], 100, { kind: 'off' });
    expect(Array.from(y!)).toEqual([-2, -1, 0, 3]);
  });
  it('keeps a tone inside the band and removes one far outside it', () => {
    const fs = 100;
    const inBand = sine(4, fs, 2000, 5);
    const outBand = sine(30, fs, 2000, 5);
    const band = { kind: 'band' as const, lo: 1, hi: 10 };
    const [a, b] = processChannels([inBand, outBand], fs, band);
    // Away from the edges: the 4 Hz tone passes (RMS ≈ 5/√2), the 30 Hz tone is attenuated > 20 dB.
    expect(rms(a!, 300, 1700)).toBeCloseTo(5 / Math.SQRT2, 0);
    expect(rms(b!, 300, 1700)).toBeLessThan(0.1 * rms(outBand));
  });
  it('does not change its input', () => {
    const x = Float32Array.from([1, 2, 3]);
    processChannels([x], 100, { kind: 'band', lo: 1, hi: 10 });
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
});

describe('filters and scaling', () => {
  it('a corner at or above Nyquist is refused in plain words, never moved', () => {
    expect(filterApplies({ kind: 'band', lo: 1, hi: 10 }, 100)).toBe(true);
    expect(filterProblem({ kind: 'band', lo: 0.1, hi: 10 }, 1)).toBe('10 Hz is at or above the Nyquist frequency (0.5 Hz) of this 1 Hz window');
    expect(filterProblem({ kind: 'lowpass', hi: 50 }, 100)).toContain('Nyquist');
    expect(filterProblem({ kind: 'highpass', lo: 1 }, 100)).toBeNull();
    expect(filterProblem({ kind: 'band', lo: 8, hi: 2 }, 100)).toBe('the low corner (8 Hz) must be below the high corner (2 Hz)');
    expect(filterProblem({ kind: 'highpass', lo: Number.NaN }, 100)).toBe('corners must be positive numbers of Hz');
    expect(filterApplies({ kind: 'off' }, 1)).toBe(true);
    expect(filterLabel({ kind: 'band', lo: 2, hi: 8 })).toBe('2–8 Hz');
    expect(filterLabel({ kind: 'highpass', lo: 1 })).toBe('high-pass 1 Hz');
  });
  it('high- and low-pass remove what they should', () => {
    const fs = 100;
    const slow = Float32Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * 0.2 * i) / fs));
    const fast = Float32Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * 20 * i) / fs));
    const mid = (x: Float32Array) => peakOf(x.subarray(500, 1500));
    expect(mid(processChannels([slow], fs, { kind: 'highpass', lo: 2 })[0]!)).toBeLessThan(0.01);
    expect(mid(processChannels([fast], fs, { kind: 'highpass', lo: 2 })[0]!)).toBeGreaterThan(0.95);
    expect(mid(processChannels([fast], fs, { kind: 'lowpass', hi: 5 })[0]!)).toBeLessThan(0.01);
    expect(mid(processChannels([slow], fs, { kind: 'lowpass', hi: 5 })[0]!)).toBeGreaterThan(0.95);
    // Refused settings leave the samples unfiltered (only the mean removed).
    expect(Array.from(processChannels([fast], fs, { kind: 'lowpass', hi: 60 })[0]!.subarray(0, 5))).toEqual(Array.from(fast.subarray(0, 5)).map((v) => Math.fround(v - fast.reduce((s, x) => s + x, 0) / fast.length)));
  });
  it('scales per trace, shared, or to a fixed amplitude that clips', () => {
    const a = Float32Array.from([1, -2]);
    const b = Float32Array.from([4, 0]);
    expect(peakOf(a)).toBe(2);
    expect(scaleChannels([a, b], { kind: 'trace' }).map((c) => Array.from(c))).toEqual([[0.5, -1], [1, 0]]);
    expect(scaleChannels([a, b], { kind: 'shared' }).map((c) => Array.from(c))).toEqual([[0.25, -0.5], [1, 0]]);
    expect(scaleChannels([a, b], { kind: 'fixed', amplitude: 2 }).map((c) => Array.from(c))).toEqual([[0.5, -1], [1, 0]]);
    expect(Array.from(scaleChannels([new Float32Array(2)], { kind: 'trace' })[0]!)).toEqual([0, 0]);
  });
});

describe('resampleLinear', () => {
  it('interpolates between samples and keeps the duration', () => {
    expect(Array.from(resampleLinear(Float32Array.from([0, 2, 4]), 1, 2))).toEqual([0, 1, 2, 3, 4, 4]);
    expect(resampleLinear(new Float32Array(1000), 100, 48_000).length).toBe(480_000);
  });
});

describe('trace browser arithmetic', () => {
  const env: Envelope = { start: 0, end: 8, min: Float32Array.from([0, -1, -2, -3, 1, 1, 1, 1]), max: Float32Array.from([1, 2, 3, 4, 2, 2, 2, 2]) };
  it('merges envelope columns into pixel columns, NaN outside the data', () => {
    const min = new Float32Array(4);
    const max = new Float32Array(4);
    columnsOf(env, 0, 8, 4, min, max);
    expect(Array.from(min)).toEqual([-1, -3, 1, 1]);
    expect(Array.from(max)).toEqual([2, 4, 2, 2]);
    columnsOf(env, 8, 16, 4, min, max);
    expect(min.every(Number.isNaN)).toBe(true);
  });
  it('overlays a finer envelope only on the pixels it wholly covers', () => {
    const min = Float32Array.from([9, 9, 9, 9]);
    const max = Float32Array.from([9, 9, 9, 9]);
    // Covers [1, 5): pixel 0 ([0, 2)) and pixel 2 ([4, 6)) stick out, pixel 1 is inside.
    columnsOf({ start: 1, end: 5, min: Float32Array.from([0, -1, -2, -3]), max: Float32Array.from([1, 2, 3, 4]) }, 0, 8, 4, min, max, true);
    expect(Array.from(min)).toEqual([9, -2, 9, 9]);
    expect(Array.from(max)).toEqual([9, 3, 9, 9]);
  });
  it('picks tile columns of 2^level samples, no wider than a pixel', () => {
    expect(levelFor(0, 86_400, 1280, 100)).toBe(12);
    expect(levelFor(0, 10, 1000, 100)).toBe(0);
    expect(levelFor(0, 1, 1000, 100)).toBe(0);
    expect(levelFor(0, 40.96, 1024, 100)).toBe(2);
  });
  it('clamps the view to the stream and to at least ten samples', () => {
    expect(clampView({ start: -5, end: 5 }, 100, 1)).toEqual({ start: 0, end: 10 });
    expect(clampView({ start: 95, end: 105 }, 100, 1)).toEqual({ start: 90, end: 100 });
    expect(clampView({ start: 50, end: 50.001 }, 100, 100)).toEqual({ start: 50, end: 50.1 });
  });
  it('names spans and picks tick steps about 100 px apart', () => {
    expect(fmtSpan(7200)).toBe('2.00 h');
    expect(fmtSpan(90)).toBe('1.5 min');
    expect(tickStep(86_400, 1000)).toBe(10_800);
    expect(tickStep(10, 1000)).toBe(1);
  });
});
