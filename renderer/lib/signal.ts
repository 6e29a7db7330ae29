// What the labeling screen does to samples before drawing and playing them: remove the
// offset, filter (zero-phase Butterworth from core/common/dsp) and scale for display.
import { designBandpass, designHighpass, designLowpass, ZeroPhaseFilter } from '../../core/common/dsp/index.js';

/** A filter choice: off, high-pass, low-pass or band-pass, corners in Hz. */
export type FilterSetting = { kind: 'off' } | { kind: 'band'; lo: number; hi: number } | { kind: 'highpass'; lo: number } | { kind: 'lowpass'; hi: number };

/** The presets offered in the toolbar and cycled by `f` (custom corners are edited in place). */
export const FILTER_PRESETS: { id: string; label: string; setting: FilterSetting }[] = [
  { id: 'off', label: 'off', setting: { kind: 'off' } },
  { id: 'hp1', label: 'high-pass 1 Hz', setting: { kind: 'highpass', lo: 1 } },
  { id: '1-10', label: '1–10 Hz', setting: { kind: 'band', lo: 1, hi: 10 } },
  { id: '2-8', label: '2–8 Hz', setting: { kind: 'band', lo: 2, hi: 8 } },
  { id: 'lp5', label: 'low-pass 5 Hz', setting: { kind: 'lowpass', hi: 5 } },
];

/** How traces are scaled: each to its own peak, all to the largest peak, or to a fixed amplitude. */
export type Scaling = { kind: 'trace' } | { kind: 'shared' } | { kind: 'fixed'; amplitude: number };

/** Short text for a filter setting ("off", "1–10 Hz", "high-pass 1 Hz"). */
export function filterLabel(f: FilterSetting): string {
  if (f.kind === 'off') return 'off';
  if (f.kind === 'band') return `${f.lo}–${f.hi} Hz`;
  return f.kind === 'highpass' ? `high-pass ${f.lo} Hz` : `low-pass ${f.hi} Hz`;
}

/** Identity of a setting, for comparing and caching. */
export const filterKey = (f: FilterSetting): string => filterLabel(f);

/** The highest corner of a setting (Hz), or null when it passes everything above its low corner. */
export const highCorner = (f: FilterSetting): number | null => (f.kind === 'band' || f.kind === 'lowpass' ? f.hi : null);

/**
 * Why this filter cannot be applied at this sampling rate, in plain words, or null when it
 * can. A corner at or above Nyquist is refused rather than moved: a trace drawn with another
 * filter than the one the annotator chose would mislead.
 */
export function filterProblem(f: FilterSetting, fs: number): string | null {
  if (f.kind === 'off') return null;
  const nyq = fs / 2;
  const corners = f.kind === 'band' ? [f.lo, f.hi] : f.kind === 'highpass' ? [f.lo] : [f.hi];
  if (corners.some((c) => !Number.isFinite(c) || c <= 0)) return 'corners must be positive numbers of Hz';
  if (f.kind === 'band' && f.lo >= f.hi) return `the low corner (${f.lo} Hz) must be below the high corner (${f.hi} Hz)`;
  const over = corners.find((c) => c >= nyq);
  if (over !== undefined) return `${over} Hz is at or above the Nyquist frequency (${+nyq.toPrecision(4)} Hz) of this ${+fs.toPrecision(4)} Hz window`;
  return null;
}

const filterCache = new Map<string, ZeroPhaseFilter | null>();

// Designs are cached per (setting, rate): the same few combinations recur window after window.
function designFor(f: FilterSetting, fs: number): ZeroPhaseFilter | null {
  if (f.kind === 'off' || filterProblem(f, fs)) return null;
  const key = `${filterKey(f)}/${fs}`;
  if (!filterCache.has(key)) {
    const sos = f.kind === 'band' ? designBandpass(4, f.lo, f.hi, fs) : f.kind === 'highpass' ? designHighpass(4, f.lo, fs) : designLowpass(4, f.hi, fs);
    filterCache.set(key, new ZeroPhaseFilter(sos));
  }
  return filterCache.get(key)!;
}

/** True when the filter can be applied at this sampling rate. */
export const filterApplies = (f: FilterSetting, fs: number): boolean => filterProblem(f, fs) === null;

/** Demeaned (and filtered, where the filter applies) copies of the channels, as float32. */
export function processChannels(channels: Float32Array[], fs: number, filter: FilterSetting): Float32Array[] {
  const zp = designFor(filter, fs);
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

/** The amplitude drawn at each trace's edge: its own peak, the largest peak, or the fixed amplitude. */
export function scaleRefs(channels: Float32Array[], scaling: Scaling): number[] {
  const peaks = channels.map(peakOf);
  const shared = Math.max(0, ...peaks);
  return peaks.map((p) => (scaling.kind === 'trace' ? p : scaling.kind === 'shared' ? shared : scaling.amplitude));
}
