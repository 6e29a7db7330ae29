// Sped-up sound (audification). A window of fs-Hz samples played at fs·speed samples per
// second shifts every frequency up by `speed`: with the default 200×, the 1–10 Hz band
// where local earthquakes and tremor live lands at 200 Hz–2 kHz, where the ear is most
// sensitive, and a 25 s window lasts 1/8 s — a crack for an earthquake, a hum for tremor.
import { peakOf } from './signal.js';

/** Speed-up factors offered in the toolbar. */
export const SPEEDS = [50, 100, 200, 400, 800, 2000] as const;
export const DEFAULT_SPEED = 200;

// Browsers play WAV between 3 kHz and 768 kHz; other rates are resampled here.
const MIN_RATE = 3000;
const MAX_RATE = 768_000;
const FALLBACK_RATE = 48_000;

/** The sound of a trace: samples at `rate` Hz, normalised to 0.9 with short fades against clicks. */
export function audioSamples(samples: Float32Array, fs: number, speed: number): { data: Float32Array; rate: number } {
  let rate = Math.round(fs * speed);
  let data = samples;
  if (rate < MIN_RATE || rate > MAX_RATE) {
    data = resampleLinear(samples, fs * speed, FALLBACK_RATE);
    rate = FALLBACK_RATE;
  }
  const out = new Float32Array(Math.max(1, data.length));
  const peak = peakOf(data);
  const g = peak > 0 ? 0.9 / peak : 0;
  const fade = Math.min(64, Math.floor(data.length / 4));
  for (let i = 0; i < data.length; i++) {
    const edge = Math.min(1, i / (fade || 1), (data.length - 1 - i) / (fade || 1));
    out[i] = data[i]! * g * edge;
  }
  return { data: out, rate };
}

/** Linear-interpolation resampling (enough for listening; no anti-alias filter needed upward). */
export function resampleLinear(x: Float32Array, from: number, to: number): Float32Array {
  const n = Math.max(1, Math.round((x.length * to) / from));
  const out = new Float32Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const t = i * step;
    const j = Math.floor(t);
    const f = t - j;
    out[i] = (x[j] ?? 0) * (1 - f) + (x[j + 1] ?? x[j] ?? 0) * f;
  }
  return out;
}
