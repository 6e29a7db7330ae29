// Sped-up sound (audification). A window of fs-Hz samples played at fs·speed samples per
// second shifts every frequency up by `speed`: with the default 200×, the 1–10 Hz band
// where local earthquakes and tremor live lands at 200 Hz–2 kHz, where the ear is most
// sensitive, and a 25 s window lasts 1/8 s — a crack for an earthquake, a hum for tremor.
import { peakOf } from './signal.js';

/** Speed-up factors offered in the toolbar. */
export const SPEEDS = [50, 100, 200, 400, 800, 2000] as const;
export const DEFAULT_SPEED = 200;

// Web Audio accepts buffers between 3 kHz and 768 kHz; other rates are resampled here.
const MIN_RATE = 3000;
const MAX_RATE = 768_000;
const FALLBACK_RATE = 48_000;

/** A running playback: where it is (seconds of trace time) and how to stop it. */
export interface Playback {
  /** Trace time (s) being heard now, or null once finished. */
  position(): number | null;
  stop(): void;
  readonly done: Promise<void>;
}

let context: AudioContext | null = null;

/** Plays samples at fs·speed (normalised to avoid clipping, with short fades against clicks). */
export function playSamples(samples: Float32Array, fs: number, speed: number): Playback {
  context ??= new AudioContext();
  const ctx = context;
  void ctx.resume();
  let rate = fs * speed;
  let data = samples;
  if (rate < MIN_RATE || rate > MAX_RATE) {
    data = resampleLinear(samples, rate, FALLBACK_RATE);
    rate = FALLBACK_RATE;
  }
  const buffer = ctx.createBuffer(1, Math.max(1, data.length), rate);
  const out = buffer.getChannelData(0);
  const g = peakOf(data) > 0 ? 0.9 / peakOf(data) : 0;
  const fade = Math.min(64, Math.floor(data.length / 4));
  for (let i = 0; i < data.length; i++) {
    const edge = Math.min(1, i / (fade || 1), (data.length - 1 - i) / (fade || 1));
    out[i] = data[i]! * g * edge;
  }
  const src = ctx.createBufferSource();
  src.buffer = buffer;
  src.connect(ctx.destination);
  const startedAt = ctx.currentTime;
  let finished = false;
  const done = new Promise<void>((resolve) => {
    src.onended = () => {
      finished = true;
      resolve();
    };
  });
  src.start();
  const seconds = samples.length / fs;
  return {
    position: () => (finished ? null : Math.min(seconds, Math.max(0, (ctx.currentTime - startedAt) * speed))),
    stop: () => {
      if (!finished) src.stop();
    },
    done,
  };
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
