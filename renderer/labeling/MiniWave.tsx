// A small waveform of one window (its vertical channel, or the last one), for comparing a
// window with a class's examples. Fetched once per window and drawn as min/max columns.
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';
import { processChannels, scaleChannels, type FilterSetting } from '../lib/signal.js';

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
        const [y] = scaleChannels(processChannels([channel], fs, filter), { kind: 'trace' });
        const dpr = window.devicePixelRatio || 1;
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
        const ctx = canvas.getContext('2d')!;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.fillStyle = '#1b1b1b';
        const n = y!.length;
        const mid = height / 2;
        for (let x = 0; x < width; x++) {
          const a = Math.floor((x * n) / width);
          const b = Math.max(a + 1, Math.floor(((x + 1) * n) / width));
          let lo = Infinity;
          let hi = -Infinity;
          for (let i = a; i < b && i < n; i++) {
            lo = Math.min(lo, y![i]!);
            hi = Math.max(hi, y![i]!);
          }
          if (lo <= hi) ctx.fillRect(x, mid - hi * mid * 0.95, 1, Math.max(1, (hi - lo) * mid * 0.95));
        }
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
