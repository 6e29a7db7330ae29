// Tectonic or volcanic tremor: an emergent, narrow-band hum between about 1 and 5 Hz
// lasting minutes, so it fills most of a window, with a slowly breathing amplitude and
// no P or S. It is scaled against the noise already in its band, so it often barely
// shows: the class models and people find hardest.

import { filterInPlace, resonator, rms, shapedNoise } from './filters.js';
import type { DemoRandom } from './random.js';
import { zeros3, type DemoSource, type ThreeComponents } from './source.js';

/** Tremor for a window whose noise is `noise` (Z, N, E), with a band SNR of -2 to +8 dB. */
export function tremor(random: DemoRandom, noise: ThreeComponents, fs: number): DemoSource {
  const n = noise[0].length;
  const seconds = n / fs;
  const centreHz = random.range(1.4, 4.2);
  const q = random.range(2, 3.5);
  const band = [resonator(centreHz, q, fs), resonator(centreHz, q, fs)];

  // Slow amplitude modulation: a few incommensurate periods of 5–30 s.
  const depth = random.range(0.2, 0.5);
  const periods = [random.range(5, 9), random.range(9, 15), random.range(15, 30)];
  const phases = periods.map(() => random.range(0, 2 * Math.PI));
  // Most tremor outlasts the window; some starts or fades inside it, always gradually.
  const shape = random.next();
  const edge = random.range(0, 0.4 * seconds);
  const rampS = random.range(8, 15);
  const envelope = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    let m = 0;
    for (let k = 0; k < periods.length; k++) m += Math.sin((2 * Math.PI * t) / periods[k] + phases[k]);
    let e = Math.exp((depth * m) / Math.sqrt(1.5));
    if (shape > 0.8) e *= onsetRamp(seconds - t - edge, rampS);
    else if (shape > 0.55) e *= onsetRamp(t - edge, rampS);
    envelope[i] = e;
  }

  const signal = zeros3(n);
  const weights = [1, random.range(0.8, 1.25), random.range(0.8, 1.25)];
  for (let c = 0; c < 3; c++) {
    const hum = shapedNoise(random, n, band, Math.round(5 * fs));
    for (let i = 0; i < n; i++) signal[c][i] = weights[c] * envelope[i] * hum[i];
  }

  // Set the level from the noise in the tremor's own band, pooled over components.
  const inBand = (x: Float64Array): number => rms(filterInPlace(Float64Array.from(x), band));
  const noiseRms = Math.hypot(inBand(noise[0]), inBand(noise[1]), inBand(noise[2]));
  const tremorRms = Math.hypot(rms(signal[0]), rms(signal[1]), rms(signal[2]));
  const gain = tremorRms > 0 ? (noiseRms * 10 ** (random.range(-2, 8) / 20)) / tremorRms : 0;
  for (const x of signal) for (let i = 0; i < n; i++) x[i] *= gain;

  return { signal, picks: [], band };
}

// 0 before t = 0, a raised-cosine rise over `rise` seconds, then 1.
const onsetRamp = (t: number, rise: number): number =>
  t <= 0 ? 0 : t >= rise ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * t) / rise);
