// A small waveform of one window (its vertical channel, or the last one), for comparing a
// window with a class's examples. Fetched once per window and drawn by the shared trace
// renderer, filtered like the traces on the labeling screen.
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';
import { processChannels, type FilterSetting } from '../lib/signal.js';
import { drawTrace, fitVertical } from '../traces/traceDraw.js';

const fetched = new Map<number, Promise<{ channel: Float32Array; fs: number; label: string }>>();

/** The channel a small view shows: the vertical when there is one, else the last. */
export function channelToShow(codes: string[]): number {
  const z = codes.findIndex((c) => c.endsWith('Z'));
  return z >= 0 ? z : Math.max(0, codes.length - 1);
}

function load(client: CoreClient, id: number) {
  let p = fetched.get(id);
  if (!p) {
    p = client.call('windows.get', { id }).then((w) => {
      const k = channelToShow(w.channels);
      return { channel: base64ToF32(w.samples[k]!), fs: w.samplingRate, label: `${w.station} ${w.channels[k] ?? ''}` };
    });
    p.catch(() => fetched.delete(id));
    fetched.set(id, p);
  }
  return p;
}

export function MiniWave({ client, windowId, filter, width = 220, height = 44 }: { client: CoreClient; windowId: number; filter: FilterSetting; width?: number; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [label, setLabel] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load(client, windowId)
      .then(({ channel, fs, label: l }) => {
        const canvas = ref.current;
        if (!live || !canvas) return;
        setLabel(l);
        const [y] = processChannels([channel], fs, filter);
        canvas.width = Math.round(width * (window.devicePixelRatio || 1));
        canvas.height = Math.round(height * (window.devicePixelRatio || 1));
        const ctx = canvas.getContext('2d')!;
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawTrace(ctx, y!, { x: 0, y: 0, w: canvas.width, h: canvas.height }, fitVertical(y!));
        canvas.dataset.windowId = String(windowId);
      })
      .catch((e: Error) => live && setFailed(e.message));
    return () => {
      live = false;
    };
  }, [client, windowId, filter, width, height]);
  return (
    <figure className="mini-wave" data-testid="mini-wave" data-window-id={windowId}>
      <canvas ref={ref} style={{ width, height }} aria-label={`waveform of window ${windowId}`} />
      <figcaption className="muted">#{windowId} {failed ?? label}</figcaption>
    </figure>
  );
}
