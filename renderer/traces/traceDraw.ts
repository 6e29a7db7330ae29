// The one trace renderer: the labeling screen, the volunteer view, class examples, the map's
// hover card and the trace browser all draw seismic traces with these functions.
//
// A seismogram is drawn the way seismologists read it: a connected line through the samples
// when there are fewer samples than pixel columns, and a filled min/max envelope when there
// are more (every column spans the extremes of its samples, and each column is widened to
// meet its neighbour so the envelope never breaks up into hatched bars or dots).
//
// Why not wavesurfer.js: it is an audio waveform library. Its renderer draws |amplitude|
// mirrored about the axis, and in wavesurfer 8 `setOptions({ peaks })` replaces the decoded
// data without re-rendering it (the renderer redraws the buffer its last `load` gave it):
// that is how the labeling screen drew stale traces once its four pre-rendered slots were
// reused. Drawing on a plain canvas from the samples we are given leaves no hidden state
// between the data and the pixels; a 1440 px row of 3 × 3000 samples draws in well under
// a millisecond. wavesurfer.js keeps what it is made for: the sped-up sound (see player.ts).

/** A rectangle on a canvas, in canvas (device) pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How data values map to the vertical: `centre` is drawn at mid-height, ±`half` at the edges. */
export interface Vertical {
  centre: number;
  half: number;
}

/**
 * Min and max of `samples` over each of `width` columns that together span the fractional
 * sample range [from, to). Each column also takes in the last sample before it, so that
 * neighbouring columns overlap and a steep slope is drawn as one connected band. Columns
 * that hold no sample get NaN.
 */
export function sampleColumns(samples: ArrayLike<number>, from: number, to: number, width: number, outMin: Float32Array, outMax: Float32Array): void {
  const n = samples.length;
  const per = (to - from) / width;
  for (let x = 0; x < width; x++) {
    const a = Math.max(0, Math.floor(from + x * per));
    const b = Math.min(n, Math.max(a + 1, Math.floor(from + (x + 1) * per)));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = Math.max(0, a - (x > 0 ? 1 : 0)); i < b; i++) {
      const v = samples[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    outMin[x] = lo <= hi ? lo : NaN;
    outMax[x] = lo <= hi ? hi : NaN;
  }
}

/** Canvas y of a value (clamped to the rectangle, so a fixed scale clips instead of spilling). */
function yOf(v: number, r: Rect, vert: Vertical): number {
  const k = vert.half > 0 ? (r.h / 2) * 0.95 / vert.half : 0;
  const y = r.y + r.h / 2 - (v - vert.centre) * k;
  return Math.max(r.y, Math.min(r.y + r.h, y));
}

/**
 * Fills the envelope of per-column min/max values: one polygon per run of columns with data,
 * along the maxima left to right and back along the minima, at least one pixel thick.
 */
export function fillColumns(ctx: CanvasRenderingContext2D, min: Float32Array, max: Float32Array, width: number, r: Rect, vert: Vertical): void {
  const colW = r.w / width;
  ctx.beginPath();
  let x = 0;
  while (x < width) {
    while (x < width && Number.isNaN(min[x]!)) x++;
    const start = x;
    while (x < width && !Number.isNaN(min[x]!)) x++;
    if (x === start) break;
    const top = (i: number) => yOf(max[i]!, r, vert);
    // At least one pixel between the edges, so a quiet stretch still shows as a line.
    const bottom = (i: number) => Math.max(yOf(min[i]!, r, vert), top(i) + 1);
    ctx.moveTo(r.x + start * colW, top(start));
    for (let i = start; i < x; i++) {
      ctx.lineTo(r.x + i * colW, top(i));
      ctx.lineTo(r.x + (i + 1) * colW, top(i));
    }
    for (let i = x - 1; i >= start; i--) {
      ctx.lineTo(r.x + (i + 1) * colW, bottom(i));
      ctx.lineTo(r.x + i * colW, bottom(i));
    }
    ctx.closePath();
  }
  ctx.fill();
}

/** Draws a line through samples [from, to) (fractional range) across the rectangle. */
export function strokeSamples(ctx: CanvasRenderingContext2D, samples: ArrayLike<number>, from: number, to: number, r: Rect, vert: Vertical, lineWidth: number): void {
  const n = samples.length;
  const span = Math.max(1e-9, to - from);
  const i0 = Math.max(0, Math.floor(from));
  const i1 = Math.min(n - 1, Math.ceil(to));
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (let i = i0; i <= i1; i++) {
    // Sample i sits at the centre of its interval, as the envelope's columns do.
    const x = r.x + ((i + 0.5 - from) / span) * r.w;
    const y = yOf(samples[i]!, r, vert);
    if (i === i0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
}

let colMin = new Float32Array(0);
let colMax = new Float32Array(0);

/**
 * Draws samples [from, to) of one trace into the rectangle: a line when there are fewer
 * samples than pixel columns, else a filled min/max envelope (one column per pixel).
 */
export function drawTrace(ctx: CanvasRenderingContext2D, samples: ArrayLike<number>, r: Rect, vert: Vertical, opts: { colour?: string; from?: number; to?: number; lineWidth?: number } = {}): void {
  const from = opts.from ?? 0;
  const to = opts.to ?? samples.length;
  if (samples.length === 0 || r.w < 1 || to <= from) return;
  const colour = opts.colour ?? TRACE_COLOUR;
  ctx.fillStyle = colour;
  ctx.strokeStyle = colour;
  const width = Math.max(1, Math.round(r.w));
  if (to - from <= width) {
    strokeSamples(ctx, samples, from, to, r, vert, opts.lineWidth ?? 1);
    return;
  }
  if (colMin.length < width) {
    colMin = new Float32Array(width);
    colMax = new Float32Array(width);
  }
  sampleColumns(samples, from, to, width, colMin, colMax);
  fillColumns(ctx, colMin, colMax, width, r, vert);
}

/** Mean and peak deviation of a trace: the vertical that fits it to its rectangle. */
export function fitVertical(samples: ArrayLike<number>): Vertical {
  let s = 0;
  for (let i = 0; i < samples.length; i++) s += samples[i]!;
  const centre = samples.length ? s / samples.length : 0;
  let half = 0;
  for (let i = 0; i < samples.length; i++) half = Math.max(half, Math.abs(samples[i]! - centre));
  return { centre, half };
}

/** The colour of every trace (near black: highest contrast on the white plot). */
export const TRACE_COLOUR = '#1b1b1b';

/** Sizes a canvas's backing store to its CSS box at the device pixel ratio; returns the ratio. */
export function fitCanvas(canvas: HTMLCanvasElement): number {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return dpr;
}

/** An amplitude in few characters: 1234 → "1.23e3", 0.00042 → "4.2e-4", 12.5 → "12.5". */
export function fmtAmplitude(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 0.01 && a < 1000) return String(+v.toPrecision(3));
  const [m, e] = v.toExponential(2).split('e');
  return `${+m!}e${Number(e)}`;
}
