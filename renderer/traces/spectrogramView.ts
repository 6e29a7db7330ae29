// The spectrogram under the traces, drawn with the core's STFT (dsp/spectral) on plain
// canvases: the image, its frequency axis in Hz and a colour bar in dB. wavesurfer's
// spectrogram plugin assumes audio rates and its own FFT; here frequencies are Hz of the
// real sampling rate, the range follows the data (up to Nyquist, or the filter's band) and
// the frequency axis can be logarithmic, as seismologists often read it.
import { nextPow2, spectrogram } from '../../core/common/dsp/index.js';
import { fitCanvas } from './traceDraw.js';

// Viridis, sampled at 9 stops: perceptually uniform and readable with colour blindness.
const STOPS = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [253, 231, 37],
];
const LUT = new Uint8ClampedArray(256 * 3);
for (let i = 0; i < 256; i++) {
  const t = (i / 255) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - k;
  for (let c = 0; c < 3; c++) LUT[i * 3 + c] = STOPS[k]![c]! * (1 - f) + STOPS[k + 1]![c]! * f;
}

/** dB shown below the loudest cell. */
export const DB_RANGE = 60;

/** The canvases of one spectrogram panel. */
export interface SpectrogramCanvases {
  image: HTMLCanvasElement;
  freqAxis: HTMLCanvasElement;
  colourBar: HTMLCanvasElement;
}

/** Frequency range and scale of the image. */
export interface FrequencyView {
  /** Highest frequency shown (Hz), at most Nyquist. */
  fmax: number;
  log: boolean;
}

/** The frequency range that follows the data: up to Nyquist, or 1.5× a low-pass/band corner. */
export function frequencyRange(fs: number, highCorner: number | null): number {
  const nyq = fs / 2;
  return highCorner !== null && highCorner < nyq ? Math.min(nyq, highCorner * 1.5) : nyq;
}

/** Segment length: about 1.3 s (128 samples at 100 Hz), so 1 Hz steps are resolved. */
const segmentFor = (n: number, fs: number) => Math.min(n, Math.max(16, nextPow2(Math.round(fs * 1.28))));

/** Draws the STFT power of `x` (top 60 dB) with its axes; low frequencies at the bottom. */
export function drawSpectrogramPanel(c: SpectrogramCanvases, x: Float32Array, fs: number, view: FrequencyView): void {
  const dpr = fitCanvas(c.image);
  fitCanvas(c.freqAxis);
  fitCanvas(c.colourBar);
  const ctx = c.image.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, c.image.width, c.image.height);
  if (x.length < 16) return;
  const nperseg = segmentFor(x.length, fs);
  const s = spectrogram(x, fs, { nperseg, noverlap: Math.floor((nperseg * 3) / 4) });
  const nt = s.times.length;
  const nf = s.freqs.length;
  const df = fs / nperseg;
  const fmax = Math.min(view.fmax, fs / 2);
  // A log axis starts at the first bin above 0 Hz (0 has no logarithm).
  const fmin = view.log ? Math.min(df, fmax / 10) : 0;
  const H = c.image.height;
  const img = ctx.createImageData(nt, H);
  const top = s.maxDb;
  const freqAt = (row: number) => {
    const u = 1 - (row + 0.5) / H;
    return view.log ? fmin * (fmax / fmin) ** u : u * fmax;
  };
  for (let row = 0; row < H; row++) {
    const k = Math.min(nf - 1, Math.round(freqAt(row) / df));
    for (let t = 0; t < nt; t++) {
      const v = Math.max(0, Math.min(1, (s.db[k * nt + t]! - (top - DB_RANGE)) / DB_RANGE));
      const li = Math.round(v * 255) * 3;
      const o = (row * nt + t) * 4;
      img.data[o] = LUT[li]!;
      img.data[o + 1] = LUT[li + 1]!;
      img.data[o + 2] = LUT[li + 2]!;
      img.data[o + 3] = 255;
    }
  }
  // Columns are STFT segments: stretch them so each sits over the time it describes.
  const off = document.createElement('canvas');
  off.width = nt;
  off.height = H;
  off.getContext('2d')!.putImageData(img, 0, 0);
  const duration = x.length / fs;
  const hop = (nperseg - Math.floor((nperseg * 3) / 4)) / fs;
  const W = c.image.width;
  const x0 = ((s.times[0]! - hop / 2) / duration) * W;
  const x1 = ((s.times[nt - 1]! + hop / 2) / duration) * W;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, x0, 0, x1 - x0, H);
  drawFrequencyAxis(c.freqAxis, fmin, fmax, view.log, dpr);
  drawColourBar(c.colourBar, top, dpr);
  c.image.dataset.maxHz = String(+fmax.toFixed(3));
  c.image.dataset.log = String(view.log);
}

const FONT = (dpr: number) => `${10 * dpr}px system-ui, sans-serif`;

function drawFrequencyAxis(canvas: HTMLCanvasElement, fmin: number, fmax: number, log: boolean, dpr: number): void {
  const ctx = canvas.getContext('2d')!;
  const { width: W, height: H } = canvas;
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = '#444';
  ctx.strokeStyle = '#888';
  ctx.font = FONT(dpr);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yOf = (f: number) => (log ? H * (1 - Math.log(f / fmin) / Math.log(fmax / fmin)) : H * (1 - f / fmax));
  const ticks = log ? logTicks(fmin, fmax) : linearTicks(fmax, Math.max(2, Math.floor(H / (22 * dpr))));
  ctx.beginPath();
  for (const f of ticks) {
    const y = Math.min(H - 5 * dpr, Math.max(5 * dpr, yOf(f)));
    ctx.moveTo(W - 4 * dpr, Math.round(yOf(f)) + 0.5);
    ctx.lineTo(W, Math.round(yOf(f)) + 0.5);
    ctx.fillText(`${+f.toPrecision(3)}`, W - 6 * dpr, y);
  }
  ctx.stroke();
  ctx.save();
  ctx.translate(8 * dpr, H / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('Hz', 0, 0);
  ctx.restore();
}

function drawColourBar(canvas: HTMLCanvasElement, topDb: number, dpr: number): void {
  const ctx = canvas.getContext('2d')!;
  const { width: W, height: H } = canvas;
  ctx.clearRect(0, 0, W, H);
  const barW = 8 * dpr;
  for (let y = 0; y < H; y++) {
    const li = Math.round((1 - y / Math.max(1, H - 1)) * 255) * 3;
    ctx.fillStyle = `rgb(${LUT[li]},${LUT[li + 1]},${LUT[li + 2]})`;
    ctx.fillRect(0, y, barW, 1);
  }
  ctx.fillStyle = '#444';
  ctx.font = FONT(dpr);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(`${Math.round(topDb)}`, barW + 2 * dpr, 0);
  ctx.textBaseline = 'bottom';
  ctx.fillText(`${Math.round(topDb - DB_RANGE)}`, barW + 2 * dpr, H);
  ctx.textBaseline = 'middle';
  ctx.fillText('dB', barW + 2 * dpr, H / 2);
}

/** Round frequencies 0 … fmax, about `count` of them (1-2-5 steps). */
export function linearTicks(fmax: number, count: number): number[] {
  const raw = fmax / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let f = 0; f <= fmax + 1e-9; f += step) out.push(+f.toFixed(6));
  return out;
}

/** Decades and their 2 and 5 multiples within [fmin, fmax]. */
export function logTicks(fmin: number, fmax: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(fmin)); e <= Math.ceil(Math.log10(fmax)); e++) {
    for (const m of [1, 2, 5]) {
      const f = m * 10 ** e;
      if (f >= fmin * 0.999 && f <= fmax * 1.001) out.push(+f.toPrecision(3));
    }
  }
  return out;
}
