// The demo project: a reproducible stream of labelled 3-component windows from the
// fictional network XX. Every window is built from (seed, index) alone, so the whole set
// can be produced at once or one window at a time without holding the rest in memory.

import type { Trace } from '../types.js';
import { localEarthquake } from './earthquake.js';
import { filterInPlace, type Biquad } from './filters.js';
import { stationLevelsAt, stationNoise } from './noise.js';
import { createRandom, mixSeed } from './random.js';
import type { DemoPick, DemoSource, ThreeComponents } from './source.js';
import { spike } from './spike.js';
import { DEMO_NETWORK, DEMO_STATIONS } from './stations.js';
import { tremor } from './tremor.js';

export type DemoKind = 'earthquake' | 'tremor' | 'noise' | 'spike';

/**
 * How many windows of each kind every consecutive block of 20 holds: 35 % noise, 30 %
 * earthquake, 20 % tremor, 15 % spike. Shuffled within the block, so the mix is exact
 * over any multiple of 20 windows and never far off for other counts.
 */
export const DEMO_KIND_COUNTS_PER_BLOCK: Readonly<Record<DemoKind, number>> = {
  noise: 7,
  earthquake: 6,
  tremor: 4,
  spike: 3,
};
const BLOCK = 20;

export const DEMO_CHANNELS = ['HHZ', 'HHN', 'HHE'] as const;

/** Start of the first demo window: Monday 2024-05-06 00:00 UTC. */
export const DEMO_START_TIME = Date.UTC(2024, 4, 6);

/** Options shared by the whole-set and one-window generators. */
export interface DemoOptions {
  /** Number of windows (generateDemo only). Default 500. */
  count?: number;
  /** Samples per second, 20–1000. Default 100. */
  samplingRate?: number;
  /** Window length in seconds, 10–600. Default 30. */
  seconds?: number;
  /**
   * Seconds between the starts of consecutive windows (stations take turns), at least
   * `seconds`. Default 180, so 500 windows span about a day and show its cultural cycle.
   */
  stepSeconds?: number;
}

/** One demo window with its true class, as the demo project stores it. */
export interface DemoWindow {
  id: string;
  kind: DemoKind;
  station: string;
  network: string;
  channels: ['HHZ', 'HHN', 'HHE'];
  /** Epoch milliseconds (UTC) of the first sample. */
  startTime: number;
  samplingRate: number;
  /** Raw counts, Z, N, E. */
  data: [Float32Array, Float32Array, Float32Array];
  /** P and S onsets; earthquakes only. */
  picks: DemoPick[];
  meta: {
    magnitude?: number;
    distanceKm?: number;
    /** Signal rms in its strongest second over noise rms, both in the signal's band (not for noise). */
    snrDb?: number;
  };
}

// Salts keep the streams for different purposes independent for one seed.
const SALT_WINDOW = 0x77696e64;
const SALT_KINDS = 0x6b696e64;
const SALT_OFFSET = 0x6f666673;
/** 24-bit digitiser full scale: strong nearby events clip at high-gain stations. */
const FULL_SCALE = 8_388_607;

interface Resolved {
  samplingRate: number;
  seconds: number;
  stepSeconds: number;
}

function resolve(options: DemoOptions): Resolved {
  const samplingRate = options.samplingRate ?? 100;
  const seconds = options.seconds ?? 30;
  const stepSeconds = options.stepSeconds ?? Math.max(180, seconds);
  if (!(samplingRate >= 20 && samplingRate <= 1000)) throw new RangeError(`demo samplingRate must be 20–1000 Hz, got ${samplingRate}`);
  if (!(seconds >= 10 && seconds <= 600)) throw new RangeError(`demo seconds must be 10–600, got ${seconds}`);
  if (!(stepSeconds >= seconds && Number.isFinite(stepSeconds))) {
    throw new RangeError(`demo stepSeconds must be finite and at least the window length (${seconds} s), got ${stepSeconds}`);
  }
  return { samplingRate, seconds, stepSeconds };
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`demo seed must be a safe integer, got ${seed}`);
}

/** The class of window `index` in the demo built from `seed`. */
export function demoKindAt(seed: number, index: number): DemoKind {
  checkSeed(seed);
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`demo window index must be a non-negative integer, got ${index}`);
  const block: DemoKind[] = [];
  for (const [kind, k] of Object.entries(DEMO_KIND_COUNTS_PER_BLOCK) as [DemoKind, number][]) {
    for (let i = 0; i < k; i++) block.push(kind);
  }
  const random = createRandom(mixSeed(seed, Math.floor(index / BLOCK), SALT_KINDS));
  for (let i = block.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [block[i], block[j]] = [block[j], block[i]];
  }
  return block[index % BLOCK];
}

// Pooled rms over components of samples [from, to).
function pooledRms(x: ThreeComponents, from: number, to: number): number {
  let s = 0;
  for (const c of x) for (let i = from; i < to; i++) s += c[i] * c[i];
  return to > from ? Math.sqrt(s / (3 * (to - from))) : 0;
}

// SNR as an analyst reads it off a filtered trace: the strongest second of the signal
// against the noise, both in the signal's band. The filter's first second is skipped
// for the noise, where it still settles from the window's first sample.
function bandSnrDb(signal: ThreeComponents, noise: ThreeComponents, band: Biquad[], fs: number): number {
  const filt = (x: ThreeComponents): ThreeComponents =>
    x.map((c) => filterInPlace(Float64Array.from(c), band)) as ThreeComponents;
  const s = filt(signal);
  const nz = filt(noise);
  const n = s[0].length;
  const second = Math.round(fs);
  const noiseRms = pooledRms(nz, Math.min(second, n - 1), n);
  let best = 0;
  for (let from = 0; from + second <= n; from += Math.max(1, Math.round(second / 4))) {
    best = Math.max(best, pooledRms(s, from, from + second));
  }
  return Math.round(200 * Math.log10(Math.max(best, 1e-12) / Math.max(noiseRms, 1e-12))) / 10;
}

/** Window `index` of the demo built from `seed`, generated on its own. */
export function demoWindow(seed: number, index: number, options: DemoOptions = {}): DemoWindow {
  const kind = demoKindAt(seed, index);
  const { samplingRate: fs, seconds, stepSeconds } = resolve(options);
  const n = Math.round(seconds * fs);
  const stationIndex = index % DEMO_STATIONS.length;
  const station = DEMO_STATIONS[stationIndex];
  const startTime = DEMO_START_TIME + Math.round(index * stepSeconds * 1000);

  const random = createRandom(mixSeed(seed, index, SALT_WINDOW));
  const noise = stationNoise(random, station, stationIndex, startTime, n, fs);
  // Events are drawn against the noise of the hour, so a town station in the daytime
  // does not bury them.
  const levels = stationLevelsAt(station, stationIndex, startTime, seconds);
  let source: DemoSource | undefined;
  if (kind === 'earthquake') source = localEarthquake(random, n, fs, levels);
  else if (kind === 'tremor') source = tremor(random, noise, fs);
  else if (kind === 'spike') source = spike(random, n, fs, levels.background);

  const meta: DemoWindow['meta'] = {};
  if (source) {
    if (source.magnitude !== undefined) meta.magnitude = source.magnitude;
    if (source.distanceKm !== undefined) meta.distanceKm = source.distanceKm;
    meta.snrDb = bandSnrDb(source.signal, noise, source.band, fs);
  }

  // Raw counts: the station gain, a digitiser offset fixed per station and channel,
  // integer samples, clipping at full scale.
  const offsets = createRandom(mixSeed(seed, stationIndex, SALT_OFFSET));
  const data = noise.map((x, c) => {
    const offset = Math.round(offsets.range(-0.5, 0.5) * station.microseism * station.gain);
    const out = new Float32Array(n);
    const sig = source?.signal[c];
    for (let i = 0; i < n; i++) {
      const v = Math.round((x[i] + (sig ? sig[i] : 0)) * station.gain) + offset;
      out[i] = v > FULL_SCALE ? FULL_SCALE : v < -FULL_SCALE ? -FULL_SCALE : v;
    }
    return out;
  }) as DemoWindow['data'];

  return {
    id: `demo-${seed}-${index}`,
    kind,
    station: station.code,
    network: DEMO_NETWORK,
    channels: [...DEMO_CHANNELS],
    startTime,
    samplingRate: fs,
    data,
    picks: source?.picks ?? [],
    meta,
  };
}

/** Windows 0…count-1 of the demo built from `seed`, one at a time. */
export function* demoWindows(seed: number, options: DemoOptions = {}): Generator<DemoWindow> {
  const count = options.count ?? 500;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`demo count must be a non-negative integer, got ${count}`);
  resolve(options);
  for (let i = 0; i < count; i++) yield demoWindow(seed, i, options);
}

/** The whole demo project built from `seed`: `count` windows of every class. */
export function generateDemo(options: DemoOptions & { seed: number }): { windows: DemoWindow[] } {
  const { seed, ...rest } = options;
  return { windows: [...demoWindows(seed, rest)] };
}

/** The three channels of a demo window as traces, e.g. to store them like imported data. */
export function demoWindowTraces(w: DemoWindow): Trace[] {
  return w.channels.map((channel, c) => ({
    network: w.network,
    station: w.station,
    location: '',
    channel,
    samplingRate: w.samplingRate,
    startTime: w.startTime,
    samples: w.data[c],
    picks: w.picks.map((p) => ({ ...p })),
  }));
}

