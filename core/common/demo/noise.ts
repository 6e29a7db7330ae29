// Background noise of one station for one window: what every window contains, whatever
// else happens in it. Levels are in nominal ground-motion units; the caller applies the
// station gain. Components are returned in Z, N, E order.

import { bandPass, lowPass, resonator, shapedNoise, upsampleCubic } from './filters.js';
import type { DemoRandom } from './random.js';
import { zeros3, type ThreeComponents } from './source.js';
import { dailyActivity, localHourOf, type DemoStation } from './stations.js';

const DAY_MS = 86_400_000;

/** Poisson-distributed count with mean lambda (Knuth's method; lambda is small here). */
export function poisson(random: DemoRandom, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}

// Ocean storms come and go over days, so the microseism of a station swells and fades
// across the demo instead of staying at one level.
const stormFactor = (epochMs: number, stationIndex: number): number =>
  1 + 0.35 * Math.sin((2 * Math.PI * epochMs) / (3.3 * DAY_MS) + 1.7 * stationIndex);

/** Typical noise of a station during a window, before per-window scatter. */
export interface NoiseLevels {
  /** Human activity, 0–1, at the middle of the window. */
  activity: number;
  /** Microseism rms, nominal units. */
  microseism: number;
  /** Broadband background rms including the daytime hum, nominal units. */
  background: number;
}

/** The noise levels of a station for a window starting at startTime (epoch ms). */
export function stationLevelsAt(station: DemoStation, stationIndex: number, startTime: number, seconds: number): NoiseLevels {
  const activity = dailyActivity(localHourOf(startTime + (seconds * 1000) / 2));
  return {
    activity,
    microseism: station.microseism * stormFactor(startTime, stationIndex),
    background: station.background * (1 + station.culturalHum * activity),
  };
}

/**
 * Ocean microseism (dominant, 0.1–0.5 Hz), coloured broadband background, machinery lines
 * and traffic bursts that follow the local working day. Returns Z, N, E.
 */
export function stationNoise(
  random: DemoRandom,
  station: DemoStation,
  stationIndex: number,
  startTime: number,
  n: number,
  fs: number,
): ThreeComponents {
  const out: ThreeComponents = zeros3(n);
  const seconds = n / fs;
  const levels = stationLevelsAt(station, stationIndex, startTime, seconds);
  const activity = levels.activity;

  // Microseism: Rayleigh waves, so one source seen on all components plus a share of
  // independent motion. Synthesised at about 5 Hz and interpolated up (it has nothing
  // above 1 Hz), with a long warm-up because the 0.2 Hz filter rings for seconds.
  const factor = Math.max(1, Math.floor(fs / 5));
  const fsLow = fs / factor;
  const nLow = Math.ceil(n / factor) + 2;
  const msHz = station.microseismHz * random.range(0.9, 1.1);
  const msChain = [resonator(msHz, 1.6, fsLow), resonator(msHz, 1.6, fsLow)];
  const msWarmup = Math.round(12 * fsLow);
  const microseism = (): Float64Array => upsampleCubic(shapedNoise(random, nLow, msChain, msWarmup), factor, n);
  const msLevel = levels.microseism * Math.exp(0.15 * random.normal());
  const shared = microseism();
  const horizontalShare = [0.8, 0.6, 0.6];
  const componentLevel = [1, random.range(0.75, 1.1), random.range(0.75, 1.1)];
  for (let c = 0; c < 3; c++) {
    const own = microseism();
    const a = horizontalShare[c];
    const b = Math.sqrt(1 - a * a);
    const g = msLevel * componentLevel[c];
    for (let i = 0; i < n; i++) out[c][i] += g * (a * shared[i] + b * own[i]);
  }

  // Broadband background: red-tinted Gaussian noise plus a little white digitiser noise,
  // raised in the daytime by the hum of the town; horizontals pick up more tilt and
  // wind than the vertical.
  const bgLevel = levels.background * Math.exp(0.15 * random.normal());
  const bgChain = [lowPass(station.backgroundHz, fs)];
  for (let c = 0; c < 3; c++) {
    const coloured = shapedNoise(random, n, bgChain, Math.round(fs));
    const g = bgLevel * (c === 0 ? 1 : 1.25);
    for (let i = 0; i < n; i++) out[c][i] += g * (0.95 * coloured[i] + 0.3 * random.white());
  }

  // Machinery: a line with a weaker second harmonic, its speed wandering slightly.
  for (const line of station.lines) {
    if (line.hz >= 0.45 * fs) continue;
    const harmonic = 2 * line.hz < 0.45 * fs ? 0.35 : 0;
    const level = line.level * (line.allDay ? 1 : activity) * random.range(0.6, 1.3);
    const wanderHz = random.range(0.02, 0.1);
    const wanderPhase = random.range(0, 2 * Math.PI);
    let phase = random.range(0, 2 * Math.PI);
    const wave = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const hz = line.hz * (1 + 0.004 * Math.sin((2 * Math.PI * wanderHz * i) / fs + wanderPhase));
      phase += (2 * Math.PI * hz) / fs;
      wave[i] = Math.sin(phase) + harmonic * Math.sin(2 * phase + 0.6);
    }
    for (let c = 0; c < 3; c++) {
      const g = level * random.range(0.3, 1);
      for (let i = 0; i < n; i++) out[c][i] += g * wave[i];
    }
  }

  // Traffic: vehicles passing within the window or just outside it, seen as emergent,
  // symmetric bursts of 4–25 Hz energy on all components.
  const margin = 5;
  const lambda = (station.trafficPerMinute * activity * (seconds + 2 * margin)) / 60;
  const vehicles = poisson(random, lambda);
  const trafficChain = bandPass(4, 25, fs, 2);
  for (let v = 0; v < vehicles; v++) {
    const centre = random.range(-margin, seconds + margin);
    const half = random.range(2, 7);
    const from = Math.max(0, Math.floor((centre - half) * fs));
    const to = Math.min(n, Math.ceil((centre + half) * fs));
    if (to - from < 2) continue;
    const level = station.trafficLevel * station.background * random.logRange(0.4, 1.5);
    for (let c = 0; c < 3; c++) {
      const burst = shapedNoise(random, to - from, trafficChain, Math.round(0.5 * fs));
      const g = level * (c === 0 ? 1 : random.range(0.7, 1.2));
      for (let i = from; i < to; i++) {
        const x = (i / fs - (centre - half)) / (2 * half);
        out[c][i] += g * Math.sin(Math.PI * x) ** 2 * burst[i - from];
      }
    }
  }
  return out;
}
