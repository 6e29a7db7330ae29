// One example window of a class in the tutorial: its vertical channel drawn by the shared
// trace renderer, filtered as the volunteer view filters, and Play for the sped-up sound
// (with the playhead moving over the plot), so a newcomer sees and hears what a class is.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';
import { Player } from '../labeling/player.js';
import { processChannels, type FilterSetting } from '../lib/signal.js';
import { drawTrace, fitCanvas, fitVertical } from '../traces/traceDraw.js';
import { volunteerChannel } from './answers.js';

interface Props {
  client: CoreClient;
  windowId: number;
  filter: FilterSetting;
  speed: number;
  /** Shown under the plot, e.g. "example 1 of earthquake". */
  caption: string;
}

export function ExampleTrace({ client, windowId, filter, speed, caption }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const playheadRef = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const [trace, setTrace] = useState<{ samples: Float32Array; fs: number } | null>(null);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useLayoutEffect(() => {
    const p = new Player(playheadRef.current!);
    player.current = p;
    return () => p.destroy();
  }, []);

  useEffect(() => {
    let live = true;
    client
      .call('windows.get', { id: windowId })
      .then((w) => {
        if (!live) return;
        const k = volunteerChannel(w.channels);
        const [samples] = processChannels([base64ToF32(w.samples[k]!)], w.samplingRate, filter);
        setTrace({ samples: samples!, fs: w.samplingRate });
      })
      .catch((e: Error) => live && setError(`example window #${windowId} cannot be shown: ${e.message}`));
    return () => {
      live = false;
    };
  }, [client, windowId, filter]);

  useEffect(() => {
    const canvas = canvasRef.current!;
    if (!trace) return;
    const draw = () => {
      const dpr = fitCanvas(canvas);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawTrace(ctx, trace.samples, { x: 0, y: 0, w: canvas.width, h: canvas.height }, fitVertical(trace.samples), { lineWidth: Math.max(1, dpr) });
      canvas.dataset.windowId = String(windowId);
    };
    draw();
    const ro = new ResizeObserver(draw);
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [trace, windowId]);

  const toggle = () => {
    const p = player.current;
    if (!p || !trace) return;
    if (p.playing) {
      p.stop();
      return;
    }
    setPlaying(true);
    p.play(trace.samples, trace.fs, speed, () => setPlaying(false));
  };

  return (
    <figure className="guide-example" data-testid="guide-example" data-window-id={windowId}>
      <div className="guide-example-plot">
        <canvas ref={canvasRef} className="guide-example-canvas" role="img" aria-label={`waveform of ${caption}`} data-testid="guide-example-canvas" />
        <div className="vol-playhead-lane" aria-hidden>
          <div className="playhead" ref={playheadRef} data-testid="guide-example-playhead" hidden />
        </div>
      </div>
      <figcaption>
        <button type="button" onClick={toggle} disabled={!trace} aria-pressed={playing} data-testid="guide-example-play">{playing ? '❚❚ Stop' : '▶ Play'}</button>{' '}
        <span className="muted">{error ?? caption}</span>
      </figcaption>
    </figure>
  );
}
