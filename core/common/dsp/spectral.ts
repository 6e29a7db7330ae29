// Power spectra: Welch's averaged periodogram (scipy.signal.welch, Hann window, density
// scaling) and the STFT spectrogram in dB laid out for drawing (one row per frequency).

import { getRealFftPlan } from './fft.js';
import { hannWindow } from './preprocess.js';

/** Segmenting options shared by welch and spectrogram (defaults as scipy: 256 samples, 50 % overlap). */
export interface SegmentOptions {
  /** Segment length in samples (clipped to the signal length). */
  nperseg?: number;
  /** Overlap in samples; default nperseg/2. */
  noverlap?: number;
  /** FFT length ≥ nperseg (zero padding); default nperseg. */
  nfft?: number;
  /** Remove each segment's mean before windowing (scipy detrend='constant'); default true. */
  detrend?: boolean;
}

interface Segmenter {
  nperseg: number;
  step: number;
  nfft: number;
  count: number;
  bins: number;
  /** Writes the one-sided PSD (density) of segment `seg` into out. */
  psd(x: ArrayLike<number>, seg: number, out: Float64Array): void;
}

function segmenter(n: number, fs: number, opts: SegmentOptions): Segmenter {
  if (!(fs > 0)) throw new Error(`sampling rate must be positive, got ${fs}`);
  if (n < 1) throw new Error('cannot compute a spectrum of an empty signal');
  const nperseg = Math.min(opts.nperseg ?? 256, n);
  if (!Number.isInteger(nperseg) || nperseg < 1) throw new Error(`nperseg must be a positive integer, got ${opts.nperseg}`);
  const noverlap = opts.noverlap ?? Math.floor(nperseg / 2);
  if (!Number.isInteger(noverlap) || noverlap < 0 || noverlap >= nperseg) {
    throw new Error(`noverlap must be an integer in [0, nperseg), got ${noverlap}`);
  }
  const nfft = opts.nfft ?? nperseg;
  if (nfft < nperseg) throw new Error(`nfft (${nfft}) must be at least nperseg (${nperseg})`);
  const detrend = opts.detrend ?? true;
  const step = nperseg - noverlap;
  const count = Math.floor((n - nperseg) / step) + 1;
  const plan = getRealFftPlan(nfft);
  const bins = plan.bins;
  const win = hannWindow(nperseg);
  let wss = 0;
  for (let i = 0; i < nperseg; i++) wss += win[i] * win[i];
  const scale = 1 / (fs * wss);
  const seg = new Float64Array(nperseg);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  return {
    nperseg,
    step,
    nfft,
    count,
    bins,
    psd(x, s, out) {
      const start = s * step;
      let m = 0;
      if (detrend) {
        for (let i = 0; i < nperseg; i++) m += x[start + i];
        m /= nperseg;
      }
      for (let i = 0; i < nperseg; i++) seg[i] = (x[start + i] - m) * win[i];
      plan.forward(seg, re, im);
      for (let k = 0; k < bins; k++) {
        // One-sided: fold negative frequencies in, except DC and (even nfft) Nyquist.
        const fold = k === 0 || (nfft % 2 === 0 && k === bins - 1) ? 1 : 2;
        out[k] = (re[k] * re[k] + im[k] * im[k]) * scale * fold;
      }
    },
  };
}

/** Welch PSD estimate (units²/Hz) and its frequencies, as scipy.signal.welch(x, fs, 'hann', ...). */
export function welch(x: ArrayLike<number>, fs: number, opts: SegmentOptions = {}): { freqs: Float64Array; psd: Float64Array } {
  const s = segmenter(x.length, fs, opts);
  const psd = new Float64Array(s.bins);
  const one = new Float64Array(s.bins);
  for (let i = 0; i < s.count; i++) {
    s.psd(x, i, one);
    for (let k = 0; k < s.bins; k++) psd[k] += one[k];
  }
  for (let k = 0; k < s.bins; k++) psd[k] /= s.count;
  const freqs = new Float64Array(s.bins);
  for (let k = 0; k < s.bins; k++) freqs[k] = (k * fs) / s.nfft;
  return { freqs, psd };
}

/** A spectrogram ready to draw: `db[f * times.length + t]` is the PSD in dB of frequency f at time t. */
export interface Spectrogram {
  db: Float32Array;
  freqs: Float64Array;
  /** Segment centres in seconds from the first sample. */
  times: Float64Array;
  /** Smallest and largest finite dB values, for a colour scale. */
  minDb: number;
  maxDb: number;
}

/** Options of spectrogram: segmenting plus a floor that keeps log10 finite for silent segments. */
export interface SpectrogramOptions extends SegmentOptions {
  /** PSD values below this (units²/Hz) are clamped before taking dB; default 1e-30. */
  floor?: number;
  /** Reuse this buffer for the dB matrix when it is large enough. */
  out?: Float32Array;
}

/** STFT power in dB (10·log10 of scipy.signal.spectrogram(..., 'hann', scaling='density')). */
export function spectrogram(x: ArrayLike<number>, fs: number, opts: SpectrogramOptions = {}): Spectrogram {
  const s = segmenter(x.length, fs, opts);
  const nt = s.count;
  const size = nt * s.bins;
  const db = opts.out && opts.out.length >= size ? opts.out.subarray(0, size) : new Float32Array(size);
  const col = new Float64Array(s.bins);
  const floor = opts.floor ?? 1e-30;
  let minDb = Infinity;
  let maxDb = -Infinity;
  for (let t = 0; t < nt; t++) {
    s.psd(x, t, col);
    for (let k = 0; k < s.bins; k++) {
      // Extremes from the stored float32 values so they bound the matrix exactly.
      const v = Math.fround(10 * Math.log10(Math.max(col[k], floor)));
      db[k * nt + t] = v;
      if (v < minDb) minDb = v;
      if (v > maxDb) maxDb = v;
    }
  }
  const freqs = new Float64Array(s.bins);
  for (let k = 0; k < s.bins; k++) freqs[k] = (k * fs) / s.nfft;
  const times = new Float64Array(nt);
  for (let t = 0; t < nt; t++) times[t] = (t * s.step + s.nperseg / 2) / fs;
  return { db, freqs, times, minDb, maxDb };
}
