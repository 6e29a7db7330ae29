// Cutting continuous traces into labelable windows. Components of one station and
// instrument (same network, station, location, band+instrument code and sampling rate)
// are grouped into one multi-channel window; missing components are allowed.
import type { PhasePick, Trace } from './types.js';

/** Traces of one station/instrument, one entry per component (each may hold several runs). */
export interface ComponentGroup {
  key: string;
  network: string;
  station: string;
  location: string;
  samplingRate: number;
  /** Component codes in display order (Z first, then N/1, then E/2, then others). */
  channels: string[];
  traces: Trace[][];
}

/** A window cut from a group, ready to store. */
export interface WindowCut {
  network: string;
  station: string;
  location: string;
  channels: string[];
  startTime: number | null;
  samplingRate: number;
  data: Float32Array[];
  picks: PhasePick[];
  groupKey: string;
  meta?: Record<string, string | number>;
}

/** Display order of a component: Z first, then N/1, then E/2, then anything else. */
export const componentRank = (channel: string): number => {
  const c = channel.slice(-1).toUpperCase();
  return ({ Z: 0, N: 1, '1': 1, E: 2, '2': 2 } as Record<string, number>)[c] ?? 3;
};

/**
 * Groups traces by station and instrument. Traces without an absolute time (e.g. SAC files
 * with no reference time) only join traces with the same `relativeKey` (the importer passes
 * the file name with the channel code removed), since their times cannot be compared.
 */
export function groupComponents(traces: Trace[], relativeKey: (t: Trace) => string = () => ''): ComponentGroup[] {
  const groups = new Map<string, ComponentGroup>();
  for (const t of traces) {
    const instrument = t.channel.length >= 2 ? t.channel.slice(0, 2) : t.channel;
    const rel = Number.isFinite(t.startTime) ? '' : `~${relativeKey(t)}`;
    const key = `${t.network}.${t.station}.${t.location}.${instrument}@${t.samplingRate}${rel}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, network: t.network, station: t.station, location: t.location, samplingRate: t.samplingRate, channels: [], traces: [] };
      groups.set(key, g);
    }
    let i = g.channels.indexOf(t.channel);
    if (i < 0) {
      g.channels.push(t.channel);
      g.traces.push([]);
      i = g.channels.length - 1;
    }
    g.traces[i]!.push(t);
  }
  for (const g of groups.values()) {
    const order = g.channels.map((c, i) => ({ c, i })).sort((a, b) => componentRank(a.c) - componentRank(b.c) || a.c.localeCompare(b.c));
    g.traces = order.map((o) => g.traces[o.i]!.sort((a, b) => startOf(a) - startOf(b)));
    g.channels = order.map((o) => o.c);
  }
  return [...groups.values()];
}

const startOf = (t: Trace): number => (Number.isFinite(t.startTime) ? t.startTime : 0);
const endOf = (t: Trace): number => startOf(t) + (t.samples.length / t.samplingRate) * 1000;

/** The time span (epoch ms) covered by any component of a group. */
export function groupSpan(g: ComponentGroup): [number, number] {
  const all = g.traces.flat();
  return [Math.min(...all.map(startOf)), Math.max(...all.map(endOf))];
}

/**
 * The run of `runs` (sorted by start) that covers [start, start + n samples), or null. Binary
 * search: a stream broken by thousands of gaps must not make every window scan every run.
 */
function covering(runs: Trace[], start: number, n: number, dtMs: number): { t: Trace; first: number } | null {
  let lo = 0;
  let hi = runs.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(runs[mid]!) <= start + dtMs / 2) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Overlapping runs: the one before may be longer than the last one starting in time.
  for (let i = last; i >= 0 && i >= last - 1; i--) {
    const t = runs[i]!;
    const first = Math.round((start - startOf(t)) / dtMs);
    if (first >= 0 && first + n <= t.samples.length) return { t, first };
  }
  return null;
}

/**
 * Cuts the window starting at `start` (epoch ms, or ms after the first sample for traces
 * without an absolute time) of `n` samples. Components that do not cover the whole window are
 * left out; returns null when none does.
 */
export function cutAt(g: ComponentGroup, start: number, n: number): WindowCut | null {
  const channels: string[] = [];
  const data: Float32Array[] = [];
  const picks: PhasePick[] = [];
  const dtMs = 1000 / g.samplingRate;
  g.traces.forEach((runs, c) => {
    const hit = covering(runs, start, n, dtMs);
    if (!hit) return;
    const { t, first } = hit;
    channels.push(g.channels[c]!);
    data.push(t.samples.slice(first, first + n));
    for (const p of t.picks) {
      const off = p.offsetSeconds - first / g.samplingRate;
      if (off >= 0 && off < n / g.samplingRate && !picks.some((q) => q.phase === p.phase)) picks.push({ phase: p.phase, offsetSeconds: off });
    }
  });
  if (!data.length) return null;
  const absolute = g.traces.flat().some((t) => Number.isFinite(t.startTime));
  return {
    network: g.network, station: g.station, location: g.location, channels, data, picks,
    startTime: absolute ? start : null, samplingRate: g.samplingRate, groupKey: `${g.network}.${g.station}`,
    // Without an absolute time the offset in the file is what tells two windows apart.
    ...(absolute ? {} : { meta: { offset_s: Math.round(start) / 1000 } }),
  };
}

/**
 * Window starts of fixed windows over a group: the count is computed, never found by
 * stepping, so a rate or step gone wrong cannot turn into a loop of 1e8 empty steps.
 */
export function fixedStarts(g: ComponentGroup, n: number, stepSeconds: number): { t0: number; stepMs: number; count: number } {
  const stepMs = stepSeconds * 1000;
  const [t0, t1] = groupSpan(g);
  const room = t1 - t0 - (n - 0.5) * (1000 / g.samplingRate);
  // The tolerance keeps a window that ends exactly on the last sample despite rounding.
  const count = room < 0 || !(stepMs > 0) ? 0 : Math.floor(room / stepMs + 1e-9) + 1;
  return { t0, stepMs, count };
}

/** Fixed-length windows every `stepSeconds` over the whole span of the group, one at a time. */
export function* iterateFixed(g: ComponentGroup, n: number, stepSeconds: number, maxCount = Infinity): Generator<WindowCut> {
  const { t0, stepMs, count } = fixedStarts(g, n, stepSeconds);
  for (let k = 0; k < Math.min(count, maxCount); k++) {
    const w = cutAt(g, t0 + k * stepMs, n);
    if (w) yield w;
  }
}

/** Fixed-length windows every `stepSeconds`, over the whole span of the group. */
export function cutFixed(g: ComponentGroup, lengthSeconds: number, stepSeconds: number): WindowCut[] {
  return [...iterateFixed(g, Math.round(lengthSeconds * g.samplingRate), stepSeconds)];
}
