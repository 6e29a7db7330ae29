// Triggered windowing: classic STA/LTA on the vertical (or first) component of each run,
// after a band-pass, proposes one window around each detection.
import { designBandpass } from './dsp/butterworth.js';
import { sosfiltfilt } from './dsp/filter.js';
import { classicStaLta, triggerOnset } from './dsp/stalta.js';
import { cutAt, type ComponentGroup, type WindowCut } from './windowing.js';

/** STA/LTA trigger settings (seconds, thresholds). */
export interface TriggerSettings {
  staSeconds: number;
  ltaSeconds: number;
  on: number;
  off: number;
  preSeconds: number;
  lengthSeconds: number;
  bandHz?: [number, number] | undefined;
}

/** The default band: 2–20 Hz, narrowed to stay below Nyquist for low sampling rates. */
export function defaultTriggerBand(fs: number): [number, number] {
  const hi = Math.min(20, 0.45 * fs);
  return [Math.min(2, hi / 4), hi];
}

/** Trigger onsets (epoch ms) found in a group's reference component. */
export function detectTriggers(g: ComponentGroup, s: TriggerSettings): number[] {
  const fs = g.samplingRate;
  const [lo, hi] = s.bandHz ?? defaultTriggerBand(fs);
  const nsta = Math.max(1, Math.round(s.staSeconds * fs));
  const nlta = Math.max(nsta + 1, Math.round(s.ltaSeconds * fs));
  const runs = g.traces[0] ?? [];
  const onsets: number[] = [];
  const sos = hi < fs / 2 && lo < hi ? designBandpass(4, lo, hi, fs) : null;
  for (const t of runs) {
    if (t.samples.length <= nlta) continue;
    const x = sos ? sosfiltfilt(sos, t.samples) : Float64Array.from(t.samples);
    const cft = classicStaLta(x, nsta, nlta);
    const t0 = Number.isFinite(t.startTime) ? t.startTime : 0;
    for (const [on] of triggerOnset(cft, s.on, s.off)) onsets.push(t0 + (on / fs) * 1000);
  }
  return onsets.sort((a, b) => a - b);
}

/**
 * One window of `n` samples per trigger, starting `preSeconds` before it; triggers inside the
 * previous window are merged. Stops after `maxCount` windows.
 */
export function* iterateTriggered(g: ComponentGroup, s: TriggerSettings, n: number, maxCount = Infinity): Generator<WindowCut> {
  let lastEnd = -Infinity;
  let count = 0;
  for (const onset of detectTriggers(g, s)) {
    if (count >= maxCount) return;
    const start = onset - s.preSeconds * 1000;
    if (start < lastEnd) continue;
    const w = cutAt(g, start, n);
    if (!w) continue;
    count++;
    yield w;
    lastEnd = start + s.lengthSeconds * 1000;
  }
}

/** One window per trigger, starting `preSeconds` before it; triggers inside the previous window are merged. */
export function cutTriggered(g: ComponentGroup, s: TriggerSettings): WindowCut[] {
  return [...iterateTriggered(g, s, Math.round(s.lengthSeconds * g.samplingRate))];
}
