// Draws the trace browser's canvas: one row per stream from its best envelope (with the
// shared trace renderer: a filled min/max envelope, or a line where samples are fewer than
// pixels), the selection and the time axis. Called at most once per animation frame with plain data
// (no React), and reuses its column buffers between frames.
import { fillColumns, strokeSamples, TRACE_COLOUR } from '../traces/traceDraw.js';
import { columnsOf, levelFor, type Envelope, type EnvelopeSource } from './envelopeSource.js';
import { drawAxis } from '../traces/timeAxis.js';

const ROW_GAP = 6;
const AXIS_H = 22;

/** A visible time range, seconds after the stream's first sample. */
export interface View {
  start: number;
  end: number;
}

const ranges = new WeakMap<Envelope, { lo: number; hi: number }>();
/** Value range of an overview, cached: scanning 8192 columns per row per frame adds up while panning. */
export function rangeOf(env: Envelope): { lo: number; hi: number } {
  let r = ranges.get(env);
  if (!r) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < env.min.length; i++) {
      if (env.min[i]! < lo) lo = env.min[i]!;
      if (env.max[i]! > hi) hi = env.max[i]!;
    }
    r = { lo, hi };
    ranges.set(env, r);
  }
  return r;
}

let bufMin = new Float32Array(0);
let bufMax = new Float32Array(0);

/** Draws every row, the selection and the axis for `view` into the canvas (data-start/end/complete tell what it shows). */
export function drawTraces(canvas: HTMLCanvasElement, sources: EnvelopeSource[], names: string[], view: View, selection: View | null, startTime: number | null): void {
  const dpr = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth;
  const cssH = canvas.clientHeight;
  if (canvas.width !== Math.round(cssW * dpr)) canvas.width = Math.round(cssW * dpr);
  if (canvas.height !== Math.round(cssH * dpr)) canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const { start, end } = view;
  const width = Math.max(1, Math.floor(cssW));
  if (bufMin.length < width) {
    bufMin = new Float32Array(width);
    bufMax = new Float32Array(width);
  }
  const min = bufMin;
  const max = bufMax;
  const rows = sources.length || 1;
  const rowH = (cssH - AXIS_H - ROW_GAP * (rows - 1)) / rows;
  let complete = sources.length > 0;
  sources.forEach((src, r) => {
    const top = r * (rowH + ROW_GAP);
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, top, cssW, rowH);
    const ov = src.overview;
    if (!ov) {
      complete = false;
      return;
    }
    // Scale to the whole stream's range, so amplitudes compare across the day.
    const { lo, hi } = rangeOf(ov);
    // Coarse to fine: each finer layer overwrites the pixels it wholly covers.
    const { layers, complete: rowComplete } = src.layers(start, end, width);
    layers.forEach((env, i) => columnsOf(env, start, end, width, min, max, i > 0));
    complete &&= rowComplete;
    ctx.fillStyle = TRACE_COLOUR;
    ctx.strokeStyle = TRACE_COLOUR;
    const rect = { x: 0, y: top, w: cssW, h: rowH };
    const vert = { centre: (lo + hi) / 2, half: (hi - lo) / 2 };
    const finest = layers[layers.length - 1];
    const samples = (end - start) * src.samplingRate;
    if (rowComplete && finest && samples <= width && levelFor(start, end, width, src.samplingRate) === 0) {
      // Fewer samples than pixels: a line through the samples (level-0 columns are samples).
      const perCol = (finest.end - finest.start) / finest.min.length;
      strokeSamples(ctx, finest.min, (start - finest.start) / perCol, (end - finest.start) / perCol, rect, vert, 1);
    } else {
      fillColumns(ctx, min, max, width, rect, vert);
    }
    ctx.fillStyle = '#333';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(names[r] ?? '', 4, top + 12);
  });
  if (selection) {
    const x0 = ((selection.start - start) / (end - start)) * cssW;
    const x1 = ((selection.end - start) / (end - start)) * cssW;
    ctx.fillStyle = 'rgba(230, 159, 0, 0.25)';
    ctx.fillRect(x0, 0, x1 - x0, cssH - AXIS_H);
  }
  drawAxis(ctx, cssW, cssH - AXIS_H, AXIS_H, start, end, startTime);
  // What is on screen, for tests and the bench: the drawn range and whether every row is at full resolution.
  canvas.dataset.start = String(start);
  canvas.dataset.end = String(end);
  canvas.dataset.complete = String(complete);
}

/** A time span in words ("2.50 h", "3.0 min", "12.0 s"). */
export function fmtSpan(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (s >= 60) return `${(s / 60).toFixed(1)} min`;
  return `${s.toFixed(1)} s`;
}

/** The view clamped to the stream: at least 10 samples wide, never past either end. */
export function clampView(v: View, duration: number, samplingRate: number): View {
  const span = Math.min(duration, Math.max(v.end - v.start, 10 / samplingRate));
  const start = Math.max(0, Math.min(duration - span, v.start));
  return { start, end: start + span };
}
