// One large waveform with the playhead lane over it (the Player moves the line across it).
import { useEffect, useRef, type RefObject } from 'react';
import { drawSigned } from '../labeling/traceSlots.js';
import { scaleChannels } from '../lib/signal.js';

interface Props {
  samples: Float32Array | null;
  seconds: number;
  playheadRef: RefObject<HTMLDivElement | null>;
}

export function WavePlot({ samples, seconds, playheadRef }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(canvas.clientWidth * dpr));
      canvas.height = Math.max(1, Math.round(canvas.clientHeight * dpr));
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = '#d8d8d8';
      ctx.fillRect(0, Math.floor(canvas.height / 2), canvas.width, 1);
      if (!samples) return;
      ctx.fillStyle = '#1b1b1b';
      drawSigned([scaleChannels([samples], { kind: 'trace' })[0]!], ctx);
    };
    draw();
    // The plot fills the screen's width: redraw at the new size, never stretch the pixels.
    const ro = new ResizeObserver(draw);
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [samples]);

  return (
    <div className="vol-plot">
      <canvas ref={canvasRef} className="vol-canvas" role="img" aria-label="waveform of the signal" />
      <div className="vol-playhead-lane" aria-hidden>
        <div className="playhead" ref={playheadRef} data-testid="volunteer-playhead" hidden />
      </div>
      <div className="vol-axis muted" aria-hidden>
        <span>0 s</span>
        <span>{seconds > 0 ? `${seconds.toFixed(seconds < 10 ? 1 : 0)} s` : ''}</span>
      </div>
    </div>
  );
}
