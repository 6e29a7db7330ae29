// The trace browser for long continuous streams: zoom (wheel, +/−), pan (drag, ←/→),
// select a range (shift+drag) and cut it into a window to label. Drawn on a plain canvas
// from min/max envelopes: wavesurfer.js needs the peaks of the whole scroll width up
// front, which for a day at 100 Hz means millions of values per zoom step; here each
// frame draws ~width columns from data already in memory.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StreamInfo } from '../../core/common/model.js';
import { markPanFrame } from '../lib/perf.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { columnsOf, EnvelopeSource } from './envelopeSource.js';
import { drawAxis } from './timeAxis.js';

interface View {
  start: number;
  end: number;
}

const ROW_GAP = 6;
const AXIS_H = 22;

/** Streams that belong together on screen: same file, station, instrument and rate. */
function siblingsOf(streams: StreamInfo[], s: StreamInfo): StreamInfo[] {
  const key = (x: StreamInfo) => `${x.sourceId}|${x.streamId.split('.').slice(0, 3).join('.')}|${x.streamId.split('.')[3]?.slice(0, 2)}|${x.samplingRate}|${x.startTime}`;
  return streams.filter((x) => key(x) === key(s));
}

export function TraceBrowser() {
  const client = useSessionStore((s) => s.client)!;
  const info = useSessionStore((s) => s.info);
  const setScreen = useSessionStore((s) => s.setScreen);
  const streams = useMemo(() => info?.streams ?? [], [info]);
  const [streamId, setStreamId] = useState<number | null>(null);
  const stream = streams.find((s) => s.id === streamId) ?? streams.reduce<StreamInfo | null>((a, b) => (a && a.nSamples >= b.nSamples ? a : b), null);
  const group = useMemo(() => (stream ? siblingsOf(streams, stream) : []), [streams, stream]);
  const duration = stream ? stream.nSamples / stream.samplingRate : 0;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<View>({ start: 0, end: 1 });
  const [view, setView] = useState<View>({ start: 0, end: 1 });
  const [selection, setSelection] = useState<View | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const sources = useRef<EnvelopeSource[]>([]);
  const frame = useRef(0);
  const lastFrameAt = useRef<number | null>(null);
  const selectionRef = useRef<View | null>(null);
  selectionRef.current = selection;

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas || !stream) return;
    const dpr = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth;
    const cssH = canvas.clientHeight;
    if (canvas.width !== Math.round(cssW * dpr)) canvas.width = Math.round(cssW * dpr);
    if (canvas.height !== Math.round(cssH * dpr)) canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const { start, end } = viewRef.current;
    const width = Math.max(1, Math.floor(cssW));
    const rows = sources.current.length || 1;
    const rowH = (cssH - AXIS_H - ROW_GAP * (rows - 1)) / rows;
    const min = new Float32Array(width);
    const max = new Float32Array(width);
    sources.current.forEach((src, r) => {
      const top = r * (rowH + ROW_GAP);
      ctx.fillStyle = '#f4f4f4';
      ctx.fillRect(0, top, cssW, rowH);
      const ov = src.overview;
      const env = src.best(start, end, width);
      if (!env || !ov) return;
      // Scale to the whole stream's range, so amplitudes compare across the day.
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < ov.min.length; i++) {
        if (ov.min[i]! < lo) lo = ov.min[i]!;
        if (ov.max[i]! > hi) hi = ov.max[i]!;
      }
      const mid = (lo + hi) / 2;
      const k = hi > lo ? (rowH * 0.95) / (hi - lo) : 0;
      columnsOf(env, start, end, width, min, max);
      ctx.fillStyle = '#1b1b1b';
      ctx.beginPath();
      for (let x = 0; x < width; x++) {
        if (Number.isNaN(min[x]!)) continue;
        const y0 = top + rowH / 2 - (max[x]! - mid) * k;
        ctx.rect(x, y0, 1, Math.max(1, (max[x]! - min[x]!) * k));
      }
      ctx.fill();
      ctx.fillStyle = '#333';
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(group[r]?.streamId ?? '', 4, top + 12);
    });
    const sel = selectionRef.current;
    if (sel) {
      const x0 = ((sel.start - start) / (end - start)) * cssW;
      const x1 = ((sel.end - start) / (end - start)) * cssW;
      ctx.fillStyle = 'rgba(230, 159, 0, 0.25)';
      ctx.fillRect(x0, 0, x1 - x0, cssH - AXIS_H);
    }
    drawAxis(ctx, cssW, cssH - AXIS_H, AXIS_H, start, end, stream.startTime);
  }, [stream, group]);

  // Draw at most once per frame, whatever asked for it.
  const schedule = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame((t) => {
      frame.current = 0;
      // While dragging, record the interval since the previous drawn frame (the pan's frame time).
      if (lastFrameAt.current !== null) {
        markPanFrame(t - lastFrameAt.current);
        lastFrameAt.current = t;
      }
      draw();
    });
  }, [draw]);

  const setViewNow = useCallback(
    (v: View) => {
      const span = Math.min(duration, Math.max(v.end - v.start, 10 / (stream?.samplingRate ?? 1)));
      const start = Math.max(0, Math.min(duration - span, v.start));
      viewRef.current = { start, end: start + span };
      schedule();
      const w = canvasRef.current?.clientWidth ?? 1000;
      for (const s of sources.current) s.request(start, start + span, w);
      setView(viewRef.current);
    },
    [duration, stream, schedule],
  );

  useEffect(() => {
    if (!stream) return;
    sources.current = group.map((s) => new EnvelopeSource(client, s.id, s.nSamples / s.samplingRate, schedule));
    viewRef.current = { start: 0, end: duration };
    setView(viewRef.current);
    setSelection(null);
    void Promise.all(sources.current.map((s) => s.init())).catch((e: Error) => setMessage(e.message));
  }, [client, stream, group, duration, schedule]);

  useEffect(() => {
    schedule();
  }, [selection, schedule]);

  const zoom = useCallback(
    (factor: number, at = 0.5) => {
      const v = viewRef.current;
      const t = v.start + (v.end - v.start) * at;
      const span = (v.end - v.start) * factor;
      setViewNow({ start: t - span * at, end: t - span * at + span });
    },
    [setViewNow],
  );
  const pan = useCallback(
    (fraction: number) => {
      const v = viewRef.current;
      const d = (v.end - v.start) * fraction;
      setViewNow({ start: v.start + d, end: v.end + d });
    },
    [setViewNow],
  );

  const drag = useRef<{ x: number; view: View; select: boolean } | null>(null);
  const timeAt = (clientX: number) => {
    const c = canvasRef.current!;
    const r = c.getBoundingClientRect();
    const v = viewRef.current;
    return v.start + ((clientX - r.left) / r.width) * (v.end - v.start);
  };

  const createWindow = async () => {
    if (!selection) return;
    try {
      const w = await client.call('windows.create', { streamIds: group.map((g) => g.id), startSeconds: selection.start, endSeconds: selection.end });
      const project = useSessionStore.getState().project;
      if (project) localStorage.setItem(`seislabel.cursor:${project.path}`, String(w.id));
      await useSessionStore.getState().refreshInfo();
      useLabelingStore.setState({ windows: [] });
      setScreen('label');
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  if (!stream) return <main className="empty"><p>No continuous streams in this project yet: import a miniSEED or SAC file.</p></main>;
  return (
    <main className="browser" aria-label="Trace browser">
      <div className="toolbar" role="toolbar" aria-label="Trace browser">
        <label>
          stream
          <select value={stream.id} onChange={(e) => setStreamId(Number(e.target.value))} data-testid="browser-stream">
            {streams.map((s) => <option key={s.id} value={s.id}>{s.streamId} · {s.samplingRate} Hz · {(s.nSamples / s.samplingRate / 3600).toFixed(2)} h</option>)}
          </select>
        </label>
        <button type="button" onClick={() => zoom(0.5)} title="Zoom in (+)" data-testid="zoom-in">+</button>
        <button type="button" onClick={() => zoom(2)} title="Zoom out (−)" data-testid="zoom-out">−</button>
        <button type="button" onClick={() => pan(-0.25)} title="Pan left (←)">◀</button>
        <button type="button" onClick={() => pan(0.25)} title="Pan right (→)">▶</button>
        <button type="button" onClick={() => setViewNow({ start: 0, end: duration })}>whole stream</button>
        <span className="muted" data-testid="browser-view" data-start={view.start} data-end={view.end}>
          showing {fmtSpan(view.end - view.start)} from {fmtSpan(view.start)}
        </span>
        <button type="button" disabled={!selection} onClick={() => void createWindow()} data-testid="create-window">
          Label selection{selection ? ` (${fmtSpan(selection.end - selection.start)})` : ''}
        </button>
      </div>
      <p className="muted">Drag to pan, wheel or +/− to zoom, Shift+drag to select a range to label.</p>
      <canvas
        ref={canvasRef}
        className="browser-canvas"
        tabIndex={0}
        aria-label={`Trace of ${group.map((g) => g.streamId).join(', ')}; arrow keys pan, plus and minus zoom`}
        data-testid="browser-canvas"
        onWheel={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          zoom(e.deltaY > 0 ? 1.25 : 0.8, (e.clientX - r.left) / r.width);
        }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          lastFrameAt.current = null;
          drag.current = { x: e.clientX, view: viewRef.current, select: e.shiftKey };
          if (e.shiftKey) setSelection({ start: timeAt(e.clientX), end: timeAt(e.clientX) });
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          if (d.select) {
            const a = d.view.start + ((d.x - e.currentTarget.getBoundingClientRect().left) / e.currentTarget.clientWidth) * (d.view.end - d.view.start);
            const b = timeAt(e.clientX);
            setSelection({ start: Math.max(0, Math.min(a, b)), end: Math.min(duration, Math.max(a, b)) });
            return;
          }
          const dt = ((e.clientX - d.x) / e.currentTarget.clientWidth) * (d.view.end - d.view.start);
          lastFrameAt.current ??= performance.now();
          setViewNow({ start: d.view.start - dt, end: d.view.end - dt });
        }}
        onPointerUp={() => {
          drag.current = null;
          lastFrameAt.current = null;
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') pan(-0.1);
          else if (e.key === 'ArrowRight') pan(0.1);
          else if (e.key === '+' || e.key === '=') zoom(0.5);
          else if (e.key === '-') zoom(2);
          else if (e.key === 'Enter' && selection) void createWindow();
          else return;
          e.preventDefault();
        }}
      />
      {message && <p className="error" role="alert">{message}</p>}
      <button type="button" className="link" onClick={() => setScreen('label')}>back to labeling</button>
    </main>
  );
}

function fmtSpan(s: number): string {
  if (s >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (s >= 60) return `${(s / 60).toFixed(1)} min`;
  return `${s.toFixed(1)} s`;
}
