import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSac } from '../../core/common/formats/sac.js';
import type { Trace } from '../../core/common/types.js';
import { cutFixed, groupComponents } from '../../core/common/windowing.js';
import { cutTriggered, detectTriggers } from '../../core/common/windowingTrigger.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

const trace = (channel: string, start: number, n: number, fs = 100, station = 'AAA'): Trace => ({
  network: 'XX', station, location: '', channel, samplingRate: fs, startTime: start, samples: Float32Array.from({ length: n }, (_, i) => i), picks: [],
});

describe('fixed windows', () => {
  it('group Z/N/E of a station in Z, N, E order and leave out components that do not cover a window', () => {
    const t0 = Date.UTC(2020, 0, 1);
    const groups = groupComponents([trace('HHE', t0, 6000), trace('HHZ', t0, 6000), trace('HHN', t0 + 30_000, 3000), trace('BHZ', t0, 100, 20)]);
    expect(groups).toHaveLength(2);
    const hh = groups.find((g) => g.channels.includes('HHZ'))!;
    expect(hh.channels).toEqual(['HHZ', 'HHN', 'HHE']);
    const w = cutFixed(hh, 20, 10);
    // 60 s span, 20 s windows every 10 s: starts 0,10,20,30,40 s.
    expect(w.map((x) => (x.startTime! - t0) / 1000)).toEqual([0, 10, 20, 30, 40]);
    expect(w.map((x) => x.channels.join(','))).toEqual(['HHZ,HHE', 'HHZ,HHE', 'HHZ,HHE', 'HHZ,HHN,HHE', 'HHZ,HHN,HHE']);
    expect(w[1]!.data[0]![0]).toBe(1000);
    expect(w[3]!.data[1]![0]).toBe(0);
  });

  it('cut a stream broken into 5,000 runs from the run that covers each window', () => {
    // Runs of 1 s at 100 Hz every 2 s (1 s gaps); sample values count up across runs.
    const runs = Array.from({ length: 5000 }, (_, r) => ({ ...trace('HHZ', r * 2000, 100), samples: Float32Array.from({ length: 100 }, (_, i) => r * 100 + i) }));
    const [g] = groupComponents(runs);
    // 0.5 s windows every 1 s: those starting in a run fit; those starting in a gap do not.
    const w = cutFixed(g!, 0.5, 1);
    expect(w).toHaveLength(5000);
    expect(w.every((x, k) => x.startTime === k * 2000 && x.data[0]![0] === k * 100 && x.data[0]!.length === 50)).toBe(true);
  });

  it('keep Z/1/2 components together', () => {
    const g = groupComponents([trace('HH2', 0, 500), trace('HH1', 0, 500), trace('HHZ', 0, 500)]);
    expect(g[0]!.channels).toEqual(['HHZ', 'HH1', 'HH2']);
  });
});

describe.skipIf(!hasSharedData)('triggered windows on real earthquakes', () => {
  it('fire within half a second of the analyst P pick of each roundtrip earthquake', () => {
    const dir = dataPath('raw_formats/roundtrip');
    const files = readdirSync(dir).filter((f) => f.includes('earthquake') && f.endsWith('.SAC'));
    const traces = files.map((f) => ({ f, t: parseSac(readFileSync(join(dir, f)), f).traces[0]! }));
    const byFile = new Map(traces.map((x) => [x.t, x.f]));
    const groups = groupComponents(traces.map((x) => x.t), (t) => byFile.get(t)!.split(t.channel).join(''));
    expect(groups).toHaveLength(3);
    const settings = { staSeconds: 0.5, ltaSeconds: 4, on: 3.5, off: 1.5, preSeconds: 2, lengthSeconds: 10 };
    for (const g of groups) {
      const p = g.traces[0]![0]!.picks.find((k) => k.phase === 'P')!.offsetSeconds;
      const first = detectTriggers(g, settings)[0]! / 1000;
      expect(Math.abs(first - p)).toBeLessThan(0.5);
      const w = cutTriggered(g, settings)[0]!;
      expect(w.channels).toHaveLength(3);
      expect(w.picks.find((k) => k.phase === 'P')!.offsetSeconds).toBeCloseTo(p - first + 2, 1);
    }
  });
});
