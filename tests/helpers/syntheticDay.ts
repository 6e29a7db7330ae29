// A realistic day of three-component 100 Hz data for the trace-browser tests and bench:
// microseism plus band-limited background noise, with a few local earthquakes (the demo's
// generator) at known times. Written as one SAC file per component into a folder the
// caller owns; nothing is committed, the ~100 MB are rebuilt from a seed in a few seconds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bandPass, resonator, shapedNoise, upsampleCubic } from '../../core/common/demo/filters.js';
import { localEarthquake } from '../../core/common/demo/earthquake.js';
import { createRandom, mixSeed } from '../../core/common/demo/random.js';
import { writeSac } from '../../core/common/formats/sac.js';

export const DAY_FS = 100;
export const DAY_SECONDS = 86_400;
export const DAY_CHANNELS = ['HHZ', 'HHN', 'HHE'] as const;
/** Midnight UTC of the synthetic day. */
export const DAY_START = Date.UTC(2024, 4, 6);

/** An event placed in the day: P onset seconds after midnight and its peak over the noise rms. */
export interface DayEvent {
  pSeconds: number;
  peakOverNoise: number;
}

/**
 * The events of the day. The one at 09:00 towers over everything else (a user zoomed out
 * to the whole day sees it first); the others are ordinary local events.
 */
export const DAY_EVENTS: readonly DayEvent[] = [
  { pSeconds: 2 * 3600 + 17 * 60 + 3.5, peakOverNoise: 12 },
  { pSeconds: 9 * 3600 + 0.25, peakOverNoise: 60 },
  { pSeconds: 13 * 3600 + 41 * 60 + 27, peakOverNoise: 8 },
  { pSeconds: 20 * 3600 + 5 * 60 + 12.75, peakOverNoise: 15 },
];

/** Z, N, E samples of the whole day (float32, DAY_SECONDS·DAY_FS each). */
export function syntheticDay(seed = 1): Float32Array[] {
  const n = DAY_SECONDS * DAY_FS;
  const random = createRandom(mixSeed(seed, 0xda7));
  // Microseism (~0.2 Hz) synthesised at 5 Hz and interpolated up, as the demo does: it has
  // nothing above 1 Hz, and filtering 8.6 M samples with a 0.2 Hz resonator is slow.
  const factor = DAY_FS / 5;
  const micro = () => upsampleCubic(shapedNoise(random, Math.ceil(n / factor) + 2, [resonator(0.2, 1.6, 5), resonator(0.2, 1.6, 5)], 60), factor, n);
  const shared = micro();
  const out: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const own = micro();
    const bg = shapedNoise(random, n, bandPass(1, 20, DAY_FS, 1), DAY_FS);
    const x = new Float32Array(n);
    // Noise rms ≈ 1: microseism 0.8, broadband 0.6, a little of it shared across components.
    for (let i = 0; i < n; i++) x[i] = 0.8 * (0.7 * shared[i]! + 0.71 * own[i]!) + 0.6 * bg[i]!;
    out.push(x);
  }
  for (const [k, ev] of DAY_EVENTS.entries()) {
    const len = 90 * DAY_FS;
    const src = localEarthquake(createRandom(mixSeed(seed, k)), len, DAY_FS, { background: 0.1, microseism: 0.1 });
    const pOffset = src.picks.find((p) => p.phase === 'P')!.offsetSeconds;
    let peak = 0;
    for (const comp of src.signal) for (const v of comp) peak = Math.max(peak, Math.abs(v));
    const gain = ev.peakOverNoise / peak;
    // Shift the event so its P lands exactly at the announced time.
    const shift = Math.round((ev.pSeconds - pOffset) * DAY_FS);
    for (let c = 0; c < 3; c++) {
      const sig = src.signal[c]!;
      for (let i = 0; i < len; i++) if (shift + i >= 0 && shift + i < n) out[c]![shift + i]! += gain * sig[i]!;
    }
  }
  return out;
}

/** Writes the day as XX.DAY..HH{Z,N,E} SAC files into `dir`; returns their paths. */
export function writeSyntheticDay(dir: string, seed = 1): string[] {
  return syntheticDay(seed).map((samples, c) => {
    const channel = DAY_CHANNELS[c]!;
    const path = join(dir, `XX.DAY..${channel}.sac`);
    writeFileSync(path, writeSac({ network: 'XX', station: 'DAY', location: '', channel, samplingRate: DAY_FS, startTime: DAY_START, samples, picks: [] }));
    return path;
  });
}
