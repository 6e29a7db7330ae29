// A small waveform of one window (its first channel with signal), for the hover card and
// the group-label dialog: min/max per pixel column, so a 30 s window reads at 160 px.
import { useEffect, useRef, useState } from 'react';
import type { WindowCache } from '../lib/windowCache.js';

/** Draws min/max per column of `data` across the canvas, scaled to its own peak. */
export function drawThumb(canvas: HTMLCanvasElement, data: Float32Array, colour = '#1b1b1b'): void {
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  let mean = 0;
  for (const v of data) mean += v;
  mean /= data.length || 1;
  let peak = 0;
  for (const v of data) peak = Math.max(peak, Math.abs(v - mean));
  const s = peak > 0 ? (h / 2 - 1) / peak : 0;
  ctx.strokeStyle = colour;
  ctx.beginPath();
  for (let px = 0; px < w; px++) {
    const a = Math.floor((px / w) * data.length);
    const b = Math.max(a + 1, Math.floor(((px + 1) / w) * data.length));
    let lo = Infinity, hi = -Infinity;
    for (let i = a; i < b && i < data.length; i++) {
      lo = Math.min(lo, data[i]! - mean);
      hi = Math.max(hi, data[i]! - mean);
    }
    if (lo === Infinity) continue;
    ctx.moveTo(px + 0.5, h / 2 - hi * s);
    ctx.lineTo(px + 0.5, h / 2 - lo * s + 1);
  }
  ctx.stroke();
}

/** The channel worth showing: the first one that is not all zeros (absent channels are zero-filled). */
const shownChannel = (data: Float32Array[]): Float32Array => data.find((c) => c.some((v) => v !== 0)) ?? data[0] ?? new Float32Array(0);

export function WaveThumb({ cache, windowId, width = 160, height = 48 }: { cache: WindowCache; windowId: number; width?: number; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [title, setTitle] = useState('loading…');
  useEffect(() => {
    let live = true;
    cache.get(windowId).then(
      (w) => {
        if (!live || !ref.current) return;
        drawThumb(ref.current, shownChannel(w.data));
        setTitle(`${w.summary.network}.${w.summary.station} · ${w.summary.channels.filter(Boolean).join(' ')}`);
      },
      (e: Error) => live && setTitle(e.message),
    );
    return () => { live = false; };
  }, [cache, windowId]);
  return (
    <figure className="thumb" data-testid="wave-thumb">
      <canvas ref={ref} width={width} height={height} />
      <figcaption>#{windowId} {title}</figcaption>
    </figure>
  );
}
