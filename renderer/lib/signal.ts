// What the labeling screen does to samples before drawing and playing them: remove the
// offset, band-pass (zero-phase Butterworth from core/common/dsp) and scale for display.
import { designBandpass, ZeroPhaseFilter } from '../../core/common/dsp/index.js';

/** A band-pass choice: off, or corners in Hz. */
export type FilterSetting = { kind: 'off' } | { kind: 'band'; lo: number; hi: number };

/** The presets offered in the toolbar (the custom one is edited in place). */
export const FILTER_PRESETS: { id: string; label: string; setting: FilterSetting }[] = [
  { id: 'off', label: 'off', setting: { kind: 'off' } },
  { id: '1-10', label: '1–10 Hz', setting: { kind: 'band', lo: 1, hi: 10 } },
  { id: '2-8', label: '2–8 Hz', setting: { kind: 'band', lo: 2, hi: 8 } },
];

/** How traces are scaled: each to its own peak, all to the largest peak, or to a fixed amplitude. */
export type Scaling = { kind: 'trace' } | { kind: 'shared' } | { kind: 'fixed'; amplitude: number };

/** Short text for a filter setting ("off", "1–10 Hz"). */
export const filterLabel = (f: FilterSetting): string => (f.kind === 'off' ? 'off' : `${f.lo}–${f.hi} Hz`);

const filterCache = new Map<string, ZeroPhaseFilter | null>();

// Designs are cached per (band, rate): the same few combinations recur window after window.
function bandFilter(lo: number, hi: number, fs: number): ZeroPhaseFilter | null {
  const key = `${lo}/${hi}/${fs}`;
  if (!filterCache.has(key)) {
    // A corner above Nyquist (e.g. 10 Hz on 1 Hz data) cannot be honoured; clamp the high
    // corner below Nyquist, and give up (no filter) when the band collapses.
    const nyq = fs / 2;
    const h = Math.min(hi, nyq * 0.9);
    filterCache.set(key, lo > 0 && lo < h ? new ZeroPhaseFilter(designBandpass(4, lo, h, fs)) : null);
  }
  return filterCache.get(key)!;
}

/** True when the filter can be applied at this sampling rate. */
export const filterApplies = (f: FilterSetting, fs: number): boolean => f.kind === 'off' || bandFilter(f.lo, f.hi, fs) !== null;

/** Demeaned (and band-passed) copies of the channels, as float32. */
export function processChannels(channels: Float32Array[], fs: number, filter: FilterSetting): Float32Array[] {
  const zp = filter.kind === 'band' ? bandFilter(filter.lo, filter.hi, fs) : null;
  return channels.map((c) => {
    let m = 0;
    for (let i = 0; i < c.length; i++) m += c[i]!;
    m = c.length ? m / c.length : 0;
    const out = new Float32Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = c[i]! - m;
    return zp && c.length > 1 ? (zp.apply(out, out) as Float32Array) : out;
  });
}

/** Largest absolute value (0 for silence). */
export function peakOf(x: Float32Array): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > p) p = a;
  }
  return p;
}

/** Channels scaled into [-1, 1] for drawing; a fixed amplitude clips what exceeds it. */
export function scaleChannels(channels: Float32Array[], scaling: Scaling): Float32Array[] {
  const peaks = channels.map(peakOf);
  const shared = Math.max(0, ...peaks);
  return channels.map((c, i) => {
    const ref = scaling.kind === 'trace' ? peaks[i]! : scaling.kind === 'shared' ? shared : scaling.amplitude;
    const g = ref > 0 ? 1 / ref : 0;
    const out = new Float32Array(c.length);
    for (let j = 0; j < c.length; j++) out[j] = Math.max(-1, Math.min(1, c[j]! * g));
    return out;
  });
}
