// The spectrogram under the traces, drawn with the core's STFT (dsp/spectral). Drawn on
// a plain canvas: wavesurfer's spectrogram plugin assumes audio rates and its own FFT,
// while here frequencies must be in Hz of the real sampling rate (0 to fs/2).
import { nextPow2, spectrogram } from '../../core/common/dsp/index.js';

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

/** Draws the STFT power (dB, top 60 dB shown) of one trace, low frequencies at the bottom. */
export function drawSpectrogram(canvas: HTMLCanvasElement, x: Float32Array, fs: number): void {
  // About 1.3 s segments at 100 Hz (128 samples), 75 % overlap: resolves 1 Hz steps.
  const nperseg = Math.min(x.length, Math.max(16, nextPow2(Math.round(fs * 1.28))));
  if (x.length < 16) return;
  const s = spectrogram(x, fs, { nperseg, noverlap: Math.floor((nperseg * 3) / 4) });
  const nt = s.times.length;
  const nf = s.freqs.length;
  canvas.width = nt;
  canvas.height = nf;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(nt, nf);
  const top = s.maxDb;
  const range = 60;
  for (let f = 0; f < nf; f++) {
    const row = nf - 1 - f;
    for (let t = 0; t < nt; t++) {
      const v = Math.max(0, Math.min(1, (s.db[f * nt + t]! - (top - range)) / range));
      const li = Math.round(v * 255) * 3;
      const o = (row * nt + t) * 4;
      img.data[o] = LUT[li]!;
      img.data[o + 1] = LUT[li + 1]!;
      img.data[o + 2] = LUT[li + 2]!;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  canvas.dataset.maxHz = String(fs / 2);
}
