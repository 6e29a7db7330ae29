// One large waveform with a seconds axis and the playhead lane over it (the Player moves
// the line across it). Drawn by the shared trace renderer; the canvas records which window
// it shows (data-window-id) at the moment it is drawn.
import { useEffect, useRef, type RefObject } from 'react';
import { drawSecondsAxis } from '../traces/timeAxis.js';
import { drawTrace, fitCanvas, fitVertical } from '../traces/traceDraw.js';

interface Props {
  samples: Float32Array | null;
  windowId: number | null;
  seconds: number;
  playheadRef: RefObject<HTMLDivElement | null>;
}

export function WavePlot({ samples, windowId, seconds, playheadRef }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const axis = axisRef.current!;
    const draw = () => {
      const dpr = fitCanvas(canvas);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = '#d8d8d8';
      ctx.fillRect(0, Math.floor(canvas.height / 2), canvas.width, Math.max(1, Math.round(dpr)));
      canvas.dataset.windowId = samples && windowId !== null ? String(windowId) : '';
      fitCanvas(axis);
      const actx = axis.getContext('2d')!;
      actx.clearRect(0, 0, axis.width, axis.height);
      if (!samples) return;
      drawTrace(ctx, samples, { x: 0, y: 0, w: canvas.width, h: canvas.height }, fitVertical(samples), { lineWidth: Math.max(1, dpr) });
      if (seconds > 0) drawSecondsAxis(actx, 0, 0, axis.width, axis.height, seconds, dpr);
    };
    draw();
    // The plot fills the screen's width: redraw at the new size, never stretch the pixels.
    const ro = new ResizeObserver(draw);
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [samples, windowId, seconds]);

  return (
    <div className="vol-plot">
      <canvas ref={canvasRef} className="vol-canvas" role="img" aria-label="waveform of the signal" data-testid="volunteer-canvas" />
      <div className="vol-playhead-lane" aria-hidden>
        <div className="playhead" ref={playheadRef} data-testid="volunteer-playhead" hidden />
      </div>
      <canvas ref={axisRef} className="vol-axis" aria-label="time in seconds" />
    </div>
  );
}
