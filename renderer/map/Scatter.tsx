// The map's scatter: WebGL2 points (pointsGl.ts), pan by dragging, zoom with the wheel
// around the pointer, hover and click through a point grid, and a lasso (lasso mode, or
// Shift while dragging) drawn on a 2-D overlay canvas.
import { useEffect, useRef } from 'react';
import type { Colouring } from './mapColours.js';
import { fitView, PointGrid, pointsInPolygon, toData, toScreen, zoomAt, type View } from './mapGeometry.js';
import { PointsGl } from './pointsGl.js';

/** What the screen can ask of the scatter. */
export interface ScatterHandle {
  exportPng(): Promise<Blob>;
  resetView(): void;
}

interface Props {
  /** x, y per point in data units. */
  coords: Float32Array;
  colouring: Colouring;
  mode: 'panZoom' | 'lasso';
  selected: number[];
  onHover(index: number | null, at: { x: number; y: number } | null): void;
  onOpen(index: number): void;
  onSelect(indices: number[]): void;
  handle: { current: ScatterHandle | null };
}

/** Scales data coordinates into [-0.95, 0.95] with one factor for both axes (keeps the shape). */
export function normalise(coords: Float32Array): { x: Float32Array; y: Float32Array; xy: Float32Array } {
  const n = coords.length / 2;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, coords[2 * i]!); x1 = Math.max(x1, coords[2 * i]!);
    y0 = Math.min(y0, coords[2 * i + 1]!); y1 = Math.max(y1, coords[2 * i + 1]!);
  }
  const s = 1.9 / (Math.max(x1 - x0, y1 - y0) || 1);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = x[i] = (coords[2 * i]! - cx) * s;
    xy[2 * i + 1] = y[i] = (coords[2 * i + 1]! - cy) * s;
  }
  return { x, y, xy };
}

/** Point size in CSS pixels: smaller as the map fills up. */
export const pointSizeFor = (n: number): number => (n > 50_000 ? 3 : n > 5_000 ? 4 : n > 500 ? 6 : 8);

/** Test and bench hook: what was handed to the GPU, and where points are on screen. */
export interface MapHook {
  count(): number;
  values(): number[];
  screen(): [number, number][];
  selected(): number[];
  /** Draws `frames` frames while panning and returns the mean time per frame (ms, GPU finished). */
  frameTime(frames: number): number;
}
declare global {
  interface Window {
    __seislabelMap?: MapHook;
  }
}

export function Scatter({ coords, colouring, mode, selected, onHover, onOpen, onSelect, handle }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const state = useRef({
    gl: null as PointsGl | null, view: fitView(1, 1), fitted: false, grid: null as PointGrid | null, x: new Float32Array(0) as Float32Array, y: new Float32Array(0) as Float32Array,
    size: { w: 1, h: 1 }, point: 6, frame: 0, selected: [] as number[], hovered: -1,
  });
  const props = useRef({ onHover, onOpen, onSelect, mode });
  props.current = { onHover, onOpen, onSelect, mode };

  const draw = () => {
    const s = state.current;
    if (s.frame) return;
    s.frame = requestAnimationFrame(() => {
      s.frame = 0;
      s.gl?.render(s.view, s.size.w, s.size.h, s.point);
    });
  };

  useEffect(() => {
    const canvas = canvasRef.current!;
    const overlay = overlayRef.current!;
    const s = state.current;
    s.gl = new PointsGl(canvas);
    const resize = () => {
      const r = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, r.width), h = Math.max(1, r.height);
      // Keep the data centre where it was relative to the canvas when it resizes.
      if (s.fitted) s.view = { ...s.view, tx: s.view.tx + (w - s.size.w) / 2, ty: s.view.ty + (h - s.size.h) / 2 };
      s.size = { w, h };
      canvas.width = overlay.width = Math.round(w * dpr);
      canvas.height = overlay.height = Math.round(h * dpr);
      if (!s.fitted) s.view = fitView(w, h);
      draw();
    };
    const ro = new ResizeObserver(resize);
    ro.observe(canvas);
    resize();

    const local = (e: MouseEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const pick = (px: number, py: number) => {
      if (!s.grid) return -1;
      const [dx, dy] = toData(s.view, px, py);
      return s.grid.nearest(dx, dy, (s.point / 2 + 3) / s.view.scale);
    };
    const octx = overlay.getContext('2d')!;
    const drawLasso = (poly: [number, number][]) => {
      const dpr = overlay.width / s.size.w;
      octx.setTransform(dpr, 0, 0, dpr, 0, 0);
      octx.clearRect(0, 0, s.size.w, s.size.h);
      if (poly.length < 2) return;
      octx.strokeStyle = '#E69F00';
      octx.lineWidth = 2;
      octx.fillStyle = 'rgba(230,159,0,0.08)';
      octx.beginPath();
      poly.forEach(([x, y], i) => (i ? octx.lineTo(x, y) : octx.moveTo(x, y)));
      octx.closePath();
      octx.fill();
      octx.stroke();
    };
    let drag: { kind: 'pan'; x: number; y: number; view: View; moved: boolean } | { kind: 'lasso'; poly: [number, number][] } | null = null;
    const setHover = (i: number, at: [number, number] | null) => {
      if (i === s.hovered) return;
      s.hovered = i;
      s.gl?.setHovered(i);
      draw();
      props.current.onHover(i < 0 ? null : i, i < 0 || !at ? null : { x: at[0], y: at[1] });
    };
    const down = (e: MouseEvent) => {
      if (e.button !== 0) return;
      const [x, y] = local(e);
      drag = props.current.mode === 'lasso' || e.shiftKey ? { kind: 'lasso', poly: [[x, y]] } : { kind: 'pan', x, y, view: s.view, moved: false };
      setHover(-1, null);
    };
    const move = (e: MouseEvent) => {
      const [x, y] = local(e);
      if (!drag) return setHover(pick(x, y), [x, y]);
      if (drag.kind === 'pan') {
        if (Math.abs(x - drag.x) + Math.abs(y - drag.y) > 3) drag.moved = true;
        s.view = { ...drag.view, tx: drag.view.tx + x - drag.x, ty: drag.view.ty + y - drag.y };
        draw();
      } else {
        drag.poly.push([x, y]);
        drawLasso(drag.poly);
      }
    };
    const up = (e: MouseEvent) => {
      const d = drag;
      drag = null;
      if (!d) return;
      const [x, y] = local(e);
      if (d.kind === 'lasso') {
        d.poly.push([x, y]);
        drawLasso([]);
        props.current.onSelect(pointsInPolygon(s.x, s.y, s.view, d.poly));
      } else if (!d.moved) {
        const i = pick(x, y);
        if (i >= 0) props.current.onOpen(i);
      }
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const [x, y] = local(e);
      s.view = zoomAt(s.view, x, y, Math.exp(-e.deltaY * 0.0015));
      s.fitted = true;
      draw();
    };
    const leave = () => { if (!drag) setHover(-1, null); };
    canvas.addEventListener('mousedown', down);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    canvas.addEventListener('wheel', wheel, { passive: false });
    canvas.addEventListener('mouseleave', leave);

    handle.current = {
      exportPng: () => {
        s.gl?.render(s.view, s.size.w, s.size.h, s.point);
        return new Promise((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('PNG export failed'))), 'image/png'));
      },
      resetView: () => {
        s.view = fitView(s.size.w, s.size.h);
        draw();
      },
    };
    window.__seislabelMap = {
      count: () => (s.gl?.positions.length ?? 0) / 2,
      values: () => Array.from(s.gl?.values ?? []),
      screen: () => Array.from(s.x, (x, i) => toScreen(s.view, x, s.y[i]!)),
      selected: () => [...s.selected],
      frameTime: (frames) => {
        const t0 = performance.now();
        for (let f = 0; f < frames; f++) {
          s.view = { ...s.view, tx: s.view.tx + 1 };
          s.gl!.render(s.view, s.size.w, s.size.h, s.point);
          // Reading one pixel waits for the GPU, so the time is the frame's, not the queue's.
          (canvas.getContext('webgl2') as WebGL2RenderingContext).readPixels(0, 0, 1, 1, WebGL2RenderingContext.RGBA, WebGL2RenderingContext.UNSIGNED_BYTE, new Uint8Array(4));
        }
        return (performance.now() - t0) / frames;
      },
    };
    return () => {
      ro.disconnect();
      canvas.removeEventListener('mousedown', down);
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      canvas.removeEventListener('wheel', wheel);
      canvas.removeEventListener('mouseleave', leave);
      cancelAnimationFrame(s.frame);
      s.frame = 0;
      handle.current = null;
      delete window.__seislabelMap;
      s.gl?.dispose();
      s.gl = null;
    };
  }, [handle]);

  useEffect(() => {
    const s = state.current;
    const { x, y, xy } = normalise(coords);
    s.x = x;
    s.y = y;
    s.grid = new PointGrid(x, y);
    s.point = pointSizeFor(x.length);
    s.gl?.setPositions(xy);
    if (s.hovered >= x.length) s.hovered = -1;
    draw();
  }, [coords]);

  useEffect(() => {
    state.current.gl?.setColours(colouring.values, colouring.palette, colouring.kind === 'continuous');
    draw();
  }, [colouring]);

  useEffect(() => {
    state.current.selected = selected;
    state.current.gl?.setSelected(selected);
    draw();
  }, [selected]);

  return (
    <>
      <canvas ref={canvasRef} className="map-canvas" data-testid="map-canvas" data-points={coords.length / 2} data-mode={mode} aria-label="Map of the windows: drag to pan, wheel to zoom, click a point to open it" />
      <canvas ref={overlayRef} className="map-canvas map-overlay" aria-hidden="true" />
    </>
  );
}
