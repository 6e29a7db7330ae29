// The trace area: pre-rendered slots (see traceSlots.ts) and the playhead. Prefetches
// windows around the cursor and draws them into hidden slots before they are needed.
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { markShown } from '../lib/perf.js';
import type { WindowCache } from '../lib/windowCache.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { Player } from './player.js';
import { TraceSlots, type DisplaySettings } from './traceSlots.js';

/** Handles the labeling screen uses to play sound and inspect what is drawn. */
export interface TraceController {
  slots: TraceSlots;
  player: Player;
  /** Client x of the pointer over the traces (where a pick key places its pick), or null. */
  pointerX: number | null;
}

const AHEAD = 2;

/** Resolves once the next frame has been painted. */
const afterPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

interface Props {
  cache: WindowCache;
  controller: React.RefObject<TraceController | null>;
  soundStrip: React.RefObject<HTMLDivElement | null>;
  /** A pick was dragged to a new onset (seconds after the window's first sample). */
  onPickMoved(windowId: number, phase: string, seconds: number): void;
}

export function TraceView({ cache, controller, soundStrip, onPickMoved }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const playheadRef = useRef<HTMLDivElement>(null);
  const order = useLabelingStore((s) => s.order);
  const cursor = useLabelingStore((s) => s.cursor);
  const filter = useLabelingStore((s) => s.filter);
  const scaling = useLabelingStore((s) => s.scaling);
  const spectrogramChannel = useLabelingStore((s) => s.spectrogramChannel);
  const logFrequency = useLabelingStore((s) => s.logFrequency);
  const display = useMemo<DisplaySettings>(() => ({ filter, scaling, spectrogramChannel, logFrequency }), [filter, scaling, spectrogramChannel, logFrequency]);
  const displayRef = useRef(display);
  displayRef.current = display;
  const current = order[cursor];
  // A string, so the prefetch effect reruns only when the sequence changes.
  const ids = useMemo(() => order.join(','), [order]);

  useLayoutEffect(() => {
    const slots = new TraceSlots(hostRef.current!, 2 + AHEAD);
    controller.current = { slots, player: new Player(playheadRef.current!, soundStrip.current), pointerX: null };
    return () => {
      controller.current?.player.destroy();
      slots.destroy();
      controller.current = null;
    };
  }, [controller, soundStrip]);

  // Show the current window in the same frame when it is already prepared.
  useLayoutEffect(() => {
    const c = controller.current;
    if (!c) return;
    c.player.stop();
    // Past the end of the queue (the next batch is on its way) nothing is shown; nor is the
    // previous window while the current one is still on its way: a trace under another
    // window's name would be labeled as that window.
    if (current !== undefined && c.slots.show(current)) markShown(current);
    else c.slots.hide();
  }, [current, controller]);

  useEffect(() => {
    const c = controller.current;
    if (!c || current === undefined) return;
    const list = ids ? ids.split(',').map(Number) : [];
    const wanted = [cursor, ...Array.from({ length: AHEAD }, (_, k) => cursor + 1 + k), cursor - 1].map((i) => list[i]).filter((id): id is number => id !== undefined);
    const keep = new Set(wanted);
    let cancelled = false;
    // Sequentially, nearest first: the current window must not wait behind prefetches.
    void (async () => {
      for (const id of wanted) {
        const w = await cache.get(id).catch(() => null);
        if (cancelled || !w || !controller.current) return;
        // Windows ahead are drawn after the frame that shows the current one has been
        // painted, so a keypress never waits for the drawing of the window after next.
        if (id !== current) await afterPaint();
        if (cancelled || !controller.current) return;
        c.slots.prepare(w, displayRef.current, keep);
        if (id === current && c.slots.show(id)) markShown(id);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [ids, cursor, current, cache, controller]);

  useEffect(() => {
    controller.current?.slots.redrawAll(display);
  }, [display, controller]);

  // The pointer's place over the traces (pick keys place there), and dragging a pick.
  const onPickMovedRef = useRef(onPickMoved);
  onPickMovedRef.current = onPickMoved;
  useEffect(() => {
    const host = hostRef.current!;
    let drag: { windowId: number; phase: string; seconds: number } | null = null;
    const move = (e: PointerEvent) => {
      const c = controller.current;
      if (!c) return;
      c.pointerX = e.clientX;
      if (!drag) {
        host.style.cursor = c.slots.pickNear(e.clientX) ? 'ew-resize' : '';
        return;
      }
      const t = c.slots.secondsAt(e.clientX);
      if (t === null) return;
      drag.seconds = t;
      const w = cache.peek(drag.windowId);
      if (w) c.slots.setPicks(drag.windowId, w.summary.picks.map((p) => (p.phase === drag!.phase ? { ...p, offsetSeconds: t } : p)));
    };
    const down = (e: PointerEvent) => {
      const c = controller.current;
      const id = useLabelingStore.getState().order[useLabelingStore.getState().cursor];
      const near = c?.slots.pickNear(e.clientX);
      if (!c || id === undefined || !near) return;
      e.preventDefault();
      host.setPointerCapture(e.pointerId);
      drag = { windowId: id, phase: near.phase, seconds: near.offsetSeconds };
    };
    const up = () => {
      if (drag) onPickMovedRef.current(drag.windowId, drag.phase, drag.seconds);
      drag = null;
    };
    const leave = () => {
      if (controller.current && !drag) controller.current.pointerX = null;
    };
    host.addEventListener('pointermove', move);
    host.addEventListener('pointerdown', down);
    host.addEventListener('pointerup', up);
    host.addEventListener('pointerleave', leave);
    return () => {
      host.removeEventListener('pointermove', move);
      host.removeEventListener('pointerdown', down);
      host.removeEventListener('pointerup', up);
      host.removeEventListener('pointerleave', leave);
    };
  }, [cache, controller]);

  return (
    <div className="trace-view" data-testid="trace-view">
      <div className="slots" ref={hostRef} />
      <div className="playhead-lane" aria-hidden>
        <div className="playhead" ref={playheadRef} data-testid="playhead" hidden />
      </div>
    </div>
  );
}
