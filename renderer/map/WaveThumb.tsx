// A small waveform of one window (its first channel with signal), for the hover card and
// the group-label dialog, drawn by the shared trace renderer (a 30 s window reads at 160 px).
import { useEffect, useRef, useState } from 'react';
import type { WindowCache } from '../lib/windowCache.js';
import { drawTrace, fitVertical } from '../traces/traceDraw.js';

/** Draws one trace across the canvas, fitted to its own mean and peak (shared trace renderer). */
export function drawThumb(canvas: HTMLCanvasElement, data: Float32Array, colour = '#1b1b1b'): void {
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  drawTrace(ctx, data, { x: 0, y: 0, w: canvas.width, h: canvas.height }, fitVertical(data), { colour });
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
        ref.current.dataset.windowId = String(windowId);
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
