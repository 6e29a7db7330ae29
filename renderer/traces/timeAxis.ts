// Time ticks under the trace browser: a "nice" step (1-2-5 series) for the visible span,
// labelled in UTC when the stream has an absolute start, else in seconds.
const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Picks the tick step so labels are about 100 px apart. */
export function tickStep(span: number, widthPx: number): number {
  const target = (span / Math.max(1, widthPx)) * 100;
  return STEPS.find((s) => s >= target) ?? STEPS[STEPS.length - 1]!;
}

/** Draws the axis strip at y..y+h for the view [start, end] seconds. */
export function drawAxis(ctx: CanvasRenderingContext2D, width: number, y: number, h: number, start: number, end: number, startTime: number | null): void {
  const step = tickStep(end - start, width);
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#999';
  ctx.font = '11px system-ui, sans-serif';
  ctx.beginPath();
  // Ticks on round clock times when the stream has an absolute start.
  const offset = startTime !== null ? (startTime / 1000) % step : 0;
  for (let t = Math.ceil((start + offset) / step) * step - offset; t <= end; t += step) {
    const x = ((t - start) / (end - start)) * width;
    ctx.moveTo(x, y);
    ctx.lineTo(x, y + 5);
    const label = startTime !== null ? new Date(startTime + t * 1000).toISOString().slice(11, step < 1 ? 23 : 19) : `${+t.toFixed(2)} s`;
    ctx.fillText(label, x + 2, y + h - 5);
  }
  ctx.stroke();
}

/** A UTC time as "2019-07-06 03:19:53.040 UTC". */
export const fmtUtc = (ms: number): string => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)} UTC`;

/**
 * Draws a seconds axis (ticks and labels "0 s", "5 s", …) along the top of the rectangle
 * for [0, duration] seconds, in canvas pixels at `dpr` device pixels per CSS pixel.
 */
export function drawSecondsAxis(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, duration: number, dpr: number): void {
  const step = tickStep(duration, w / dpr);
  ctx.fillStyle = '#444';
  ctx.strokeStyle = '#888';
  ctx.lineWidth = dpr;
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  ctx.beginPath();
  const decimals = step < 0.1 ? 2 : step < 1 ? 1 : 0;
  for (let k = 0; k * step <= duration + 1e-9; k++) {
    const t = k * step;
    const px = Math.round(x + (t / duration) * w) + 0.5;
    ctx.moveTo(px, y);
    ctx.lineTo(px, y + 5 * dpr);
    const label = `${t.toFixed(decimals)} s`;
    const tw = ctx.measureText(label).width;
    // The last label is kept inside the canvas.
    ctx.fillText(label, Math.min(px + 2 * dpr, x + w - tw), y + h);
  }
  ctx.stroke();
}
