// The demo project generator: reproducible, with the promised class mix, station set,
// time line and raw-count character. Signal physics is checked in demoSignals.test.ts.
import { describe, expect, it } from 'vitest';
import {
  DEMO_STATIONS,
  DEMO_START_TIME,
  demoKindAt,
  demoWindow,
  demoWindows,
  demoWindowTraces,
  generateDemo,
  type DemoKind,
  type DemoWindow,
} from '../../core/common/demo/index.js';

const sameSamples = (a: DemoWindow, b: DemoWindow): boolean =>
  a.data.every((c, k) => c.length === b.data[k].length && c.every((v, i) => Object.is(v, b.data[k][i])));

const rms = (x: Float32Array): number => {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / x.length);
};

// Rms of the first difference: a crude high-pass that hides the microseism.
const hfRms = (x: Float32Array): number => {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += (x[i] - x[i - 1]) ** 2;
  return Math.sqrt(s / (x.length - 1));
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

describe('demo generator', () => {
  const { windows } = generateDemo({ seed: 11 });

  it('gives identical windows for the same seed, whole or one at a time, in any order', () => {
    const again = generateDemo({ seed: 11, count: 40 }).windows;
    for (let i = 0; i < 40; i++) {
      expect(again[i].kind).toBe(windows[i].kind);
      expect(sameSamples(again[i], windows[i])).toBe(true);
    }
    for (const i of [37, 3, 499, 120]) {
      const alone = demoWindow(11, i);
      expect(alone.picks).toEqual(windows[i].picks);
      expect(alone.meta).toEqual(windows[i].meta);
      expect(sameSamples(alone, windows[i])).toBe(true);
    }
    const streamed = [...demoWindows(11, { count: 5 })];
    expect(streamed.map((w) => w.id)).toEqual(windows.slice(0, 5).map((w) => w.id));
  });

  it('gives different windows and a different class order for another seed', () => {
    const other = generateDemo({ seed: 12, count: 40 }).windows;
    expect(other.some((w, i) => w.kind !== windows[i].kind)).toBe(true);
    for (let i = 0; i < 40; i++) expect(sameSamples(other[i], windows[i])).toBe(false);
  });

  it('mixes 35 % noise, 30 % earthquake, 20 % tremor and 15 % spike', () => {
    const share = (ws: { kind: DemoKind }[], kind: DemoKind) => ws.filter((w) => w.kind === kind).length / ws.length;
    const nominal: Record<DemoKind, number> = { noise: 0.35, earthquake: 0.3, tremor: 0.2, spike: 0.15 };
    for (const [kind, p] of Object.entries(nominal) as [DemoKind, number][]) {
      expect(share(windows, kind)).toBeCloseTo(p, 5);
      // A count that is not a multiple of the 20-window block still stays close.
      const part = Array.from({ length: 250 }, (_, i) => ({ kind: demoKindAt(3, i) }));
      expect(Math.abs(share(part, kind) - p)).toBeLessThan(0.04);
    }
    // Shuffled within blocks: the classes do not come in a fixed pattern.
    const firstBlocks = [0, 1, 2].map((b) => windows.slice(20 * b, 20 * b + 20).map((w) => w.kind).join());
    expect(new Set(firstBlocks).size).toBe(3);
  });

  it('produces 3-component raw counts from a handful of XX stations on a consecutive time line', () => {
    const stations = new Set(windows.map((w) => w.station));
    expect(stations.size).toBeGreaterThanOrEqual(4);
    expect(stations.size).toBeLessThanOrEqual(6);
    expect(new Set(windows.map((w) => w.id)).size).toBe(windows.length);
    expect(windows[0].startTime).toBe(DEMO_START_TIME);
    windows.forEach((w, i) => {
      expect(w.network).toBe('XX');
      expect(w.channels).toEqual(['HHZ', 'HHN', 'HHE']);
      expect(w.samplingRate).toBe(100);
      if (i > 0) expect(w.startTime - windows[i - 1].startTime).toBe(180_000);
      for (const c of w.data) {
        expect(c.length).toBe(3000);
        // Counts from a 24-bit digitiser: finite integers within full scale.
        expect(c.every((v) => Number.isInteger(v) && Math.abs(v) <= 8_388_607)).toBe(true);
      }
      expect(w.picks.length > 0).toBe(w.kind === 'earthquake');
      expect(w.meta.magnitude !== undefined).toBe(w.kind === 'earthquake');
      expect(w.meta.snrDb !== undefined).toBe(w.kind !== 'noise');
    });
    // 500 windows 3 min apart cover a full day, so the daily cycle is in the set.
    expect(windows.at(-1)!.startTime - windows[0].startTime).toBeGreaterThan(86_400_000);
  });

  it('has station gains that differ by orders of magnitude', () => {
    const levels = DEMO_STATIONS.map((s) =>
      median(windows.filter((w) => w.station === s.code && w.kind === 'noise').map((w) => rms(w.data[0]))),
    );
    expect(Math.max(...levels) / Math.min(...levels)).toBeGreaterThan(100);
  });

  it('has more cultural noise in the afternoon than at night at the town station', () => {
    const hour = (w: DemoWindow) => new Date(w.startTime).getUTCHours();
    const town = windows.filter((w) => w.station === 'BRNK' && w.kind === 'noise');
    const day = town.filter((w) => hour(w) >= 10 && hour(w) < 18).map((w) => hfRms(w.data[0]));
    const night = town.filter((w) => hour(w) < 5).map((w) => hfRms(w.data[0]));
    expect(day.length).toBeGreaterThan(3);
    expect(night.length).toBeGreaterThan(3);
    expect(median(day)).toBeGreaterThan(1.3 * median(night));
  });

  it('follows the sampling rate and window length asked for', () => {
    const w = demoWindow(5, 0, { samplingRate: 50, seconds: 20 });
    expect(w.samplingRate).toBe(50);
    expect(w.data.map((c) => c.length)).toEqual([1000, 1000, 1000]);
    const eq = Array.from({ length: 40 }, (_, i) => i).find((i) => demoKindAt(5, i) === 'earthquake')!;
    const short = demoWindow(5, eq, { samplingRate: 50, seconds: 20 });
    for (const p of short.picks) expect(p.offsetSeconds).toBeLessThan(20);
    expect(generateDemo({ seed: 1, count: 0 }).windows).toEqual([]);
  });

  it('rejects options it cannot honour', () => {
    expect(() => demoWindow(1, 0, { samplingRate: 5 })).toThrow(/samplingRate/);
    expect(() => demoWindow(1, 0, { seconds: 2 })).toThrow(/seconds/);
    expect(() => demoWindow(1, 0, { seconds: 60, stepSeconds: 30 })).toThrow(/stepSeconds/);
    expect(() => demoWindow(1.5, 0)).toThrow(/seed/);
    expect(() => demoWindow(1, -1)).toThrow(/index/);
    expect(() => generateDemo({ seed: 1, count: -3 })).toThrow(/count/);
  });

  it('turns a window into traces with stream ids and picks', () => {
    const w = windows.find((x) => x.kind === 'earthquake')!;
    const traces = demoWindowTraces(w);
    expect(traces.map((t) => `${t.network}.${t.station}.${t.location}.${t.channel}`)).toEqual(
      ['HHZ', 'HHN', 'HHE'].map((c) => `XX.${w.station}..${c}`),
    );
    expect(traces[1].samples).toBe(w.data[1]);
    expect(traces[0].picks).toEqual(w.picks);
  });
});
