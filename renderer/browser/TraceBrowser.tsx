// The trace browser for long continuous streams: zoom (wheel, +/−), pan (drag, ←/→),
// select a range (shift+drag) and cut it into a window to label. Drawn on a plain canvas
// from min/max envelopes: wavesurfer.js needs the peaks of the whole scroll width up
// front, which for a day at 100 Hz means millions of values per zoom step; here each
// frame draws ~width columns from data already in memory. Panning runs outside React:
// pointer moves only record the latest position, one animation frame applies it and draws,
// and the "showing …" label is updated in place.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StreamInfo } from '../../core/common/model.js';
import { markPanDraw, markPanFrame } from '../lib/perf.js';
import { openInOrder } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { clampView, drawTraces, fmtSpan, type View } from './drawTraces.js';
import { EnvelopeSource } from './envelopeSource.js';

/**
 * Streams that belong together on screen: same station, instrument, rate and start. Not
 * the same file: SAC keeps one component per file, so a day's Z, N and E arrive as three
 * sources and must still be drawn as three rows.
 */
function siblingsOf(streams: StreamInfo[], s: StreamInfo): StreamInfo[] {
  const key = (x: StreamInfo) => `${x.streamId.split('.').slice(0, 3).join('.')}|${x.streamId.split('.')[3]?.slice(0, 2)}|${x.samplingRate}|${x.startTime}`;
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
  const viewLabelRef = useRef<HTMLSpanElement>(null);
  // The view and the selection being dragged live in refs: a pointer move must not
  // re-render React, only the next animation frame draws (see the module comment).
  const viewRef = useRef<View>({ start: 0, end: 1 });
  const selectionRef = useRef<View | null>(null);
  const [selection, setSelection] = useState<View | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const sources = useRef<EnvelopeSource[]>([]);
  const frame = useRef(0);
  const lastFrameAt = useRef<number | null>(null);
  const drag = useRef<{ x: number; view: View; select: boolean; pendingX: number | null } | null>(null);

  const applyView = useCallback(
    (v: View) => {
      if (!stream) return;
      viewRef.current = clampView(v, duration, stream.samplingRate);
      const { start, end } = viewRef.current;
      const w = canvasRef.current?.clientWidth ?? 1000;
      for (const s of sources.current) s.request(start, end, w);
      const label = viewLabelRef.current;
      if (label) {
        label.dataset.start = String(start);
        label.dataset.end = String(end);
        label.textContent = `showing ${fmtSpan(end - start)} from ${fmtSpan(start)}`;
      }
    },
    [duration, stream],
  );

  // One frame: take the latest pointer position (moves since the last frame are coalesced),
  // move the view or the selection, and draw.
  const onFrame = useCallback(
    (t: number) => {
      frame.current = 0;
      const canvas = canvasRef.current;
      if (!canvas || !stream) return;
      const d = drag.current;
      if (d && d.pendingX !== null) {
        const x = d.pendingX;
        d.pendingX = null;
        const frac = (px: number) => (px - canvas.getBoundingClientRect().left) / canvas.clientWidth;
        if (d.select) {
          const a = d.view.start + frac(d.x) * (d.view.end - d.view.start);
          const b = viewRef.current.start + frac(x) * (viewRef.current.end - viewRef.current.start);
          selectionRef.current = { start: Math.max(0, Math.min(a, b)), end: Math.min(duration, Math.max(a, b)) };
        } else {
          const dt = ((x - d.x) / canvas.clientWidth) * (d.view.end - d.view.start);
          applyView({ start: d.view.start - dt, end: d.view.end - dt });
          // While dragging, record the interval since the previous drawn frame (the pan's frame time).
          if (lastFrameAt.current !== null) markPanFrame(t - lastFrameAt.current);
          lastFrameAt.current = t;
        }
      }
      const t0 = performance.now();
      drawTraces(canvas, sources.current, group.map((g) => g.streamId), viewRef.current, selectionRef.current, stream.startTime);
      if (d && !d.select) markPanDraw(performance.now() - t0);
    },
    [stream, group, duration, applyView],
  );

  // Draw at most once per frame, whatever asked for it.
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(onFrame);
  }, [onFrame]);

  const setViewNow = useCallback(
    (v: View) => {
      applyView(v);
      schedule();
    },
    [applyView, schedule],
  );

  useEffect(() => {
    if (!stream) return;
    sources.current = group.map((s) => new EnvelopeSource(client, s.id, s.nSamples / s.samplingRate, s.samplingRate, schedule));
    setViewNow({ start: 0, end: duration });
    selectionRef.current = null;
    setSelection(null);
    void Promise.all(sources.current.map((s) => s.init())).catch((e: Error) => setMessage(e.message));
  }, [client, stream, group, duration, schedule, setViewNow]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

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
      // The new window opens in project order: the annotator asked for this one, not for the queue.
      if (project) openInOrder(project.path, w.id);
      await useSessionStore.getState().refreshInfo();
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
        <span className="muted" data-testid="browser-view" ref={viewLabelRef} />
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
          drag.current = { x: e.clientX, view: viewRef.current, select: e.shiftKey, pendingX: null };
          if (e.shiftKey) {
            selectionRef.current = { start: timeAt(e.clientX), end: timeAt(e.clientX) };
            schedule();
          }
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          d.pendingX = e.clientX;
          schedule();
        }}
        onPointerUp={() => {
          const d = drag.current;
          drag.current = null;
          lastFrameAt.current = null;
          // The selection becomes React state once, when the drag ends (it enables "Label selection").
          if (d?.select) setSelection(selectionRef.current && selectionRef.current.end > selectionRef.current.start ? { ...selectionRef.current } : null);
          schedule();
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
