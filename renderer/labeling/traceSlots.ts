// Pre-rendered window views. Each slot shows one window: a row per channel (name on the
// left, the trace on a canvas, its amplitude scale on the right), a time axis in seconds
// and the spectrogram with its frequency axis and colour bar. Slots for the next windows
// are drawn while hidden (visibility, not display, so they have their size), so showing
// the next window after a keypress is a visibility swap that the very next frame paints.
//
// Every canvas is drawn from the slot's own window and nothing else: `draw` reads
// `slot.window` and writes every pixel of the slot, and marks each canvas with the window
// and settings it shows (data-window-id, data-drawn), which the e2e test checks against
// the pixels it reads back.
import type { LoadedWindow } from '../lib/windowCache.js';
import { filterKey, filterProblem, highCorner, processChannels, scaleRefs, type FilterSetting, type Scaling } from '../lib/signal.js';
import { drawSecondsAxis } from '../traces/timeAxis.js';
import { drawSpectrogramPanel, frequencyRange } from '../traces/spectrogramView.js';
import { drawTrace, fitCanvas, fmtAmplitude } from '../traces/traceDraw.js';

/** What every slot is drawn with. */
export interface DisplaySettings {
  filter: FilterSetting;
  scaling: Scaling;
  spectrogramChannel: number;
  logFrequency: boolean;
}

interface Row {
  el: HTMLDivElement;
  name: HTMLSpanElement;
  units: HTMLSpanElement;
  canvas: HTMLCanvasElement;
  scaleTop: HTMLSpanElement;
  scaleBottom: HTMLSpanElement;
}

interface Slot {
  el: HTMLDivElement;
  rows: Row[];
  rowsEl: HTMLDivElement;
  axis: HTMLCanvasElement;
  start: HTMLSpanElement;
  spectrogram: { image: HTMLCanvasElement; freqAxis: HTMLCanvasElement; colourBar: HTMLCanvasElement };
  notice: HTMLParagraphElement;
  window: LoadedWindow | null;
  /** Filtered samples, kept for the sound and the spectrogram. */
  processed: Float32Array[];
  /** The settings and size the slot was last drawn with ("" = not drawn). */
  drawnKey: string;
}

const PICK_COLOURS: Record<string, string> = { P: '#0072B2', S: '#D55E00' };
/** Opacity of a pick's uncertainty band: visible behind the trace without hiding it. */
const PICK_BAND_ALPHA = 0.18;
/** An uncertainty in seconds with the digits that matter (0.05 s, 0.3 s, 1.2 s). */
const fmtSeconds = (s: number) => `${s < 0.1 ? s.toFixed(3).replace(/0+$/, '') : s < 10 ? s.toFixed(2).replace(/0+$/, '').replace(/\.$/, '') : s.toFixed(0)} s`;
const ZERO_LINE = '#e2e2e2';

const settingsKey = (d: DisplaySettings, width: number, height: number) =>
  `${filterKey(d.filter)}|${JSON.stringify(d.scaling)}|${d.spectrogramChannel}|${d.logFrequency}|${width}x${height}`;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent?: HTMLElement): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  e.className = className;
  parent?.append(e);
  return e;
};

/** A canvas filling a wrapper box, so its pixel size never feeds back into the layout. */
const canvasIn = (className: string, parent: HTMLElement): HTMLCanvasElement => el('canvas', '', el('div', `canvas-box ${className}`, parent));

export class TraceSlots {
  private readonly slots: Slot[] = [];
  private visible: Slot | null = null;
  private display: DisplaySettings | null = null;
  private readonly resize: ResizeObserver;

  constructor(
    private readonly host: HTMLElement,
    private readonly slotCount = 4,
  ) {
    // A new size redraws every slot at its new pixel size (visible first), never stretches.
    this.resize = new ResizeObserver(() => this.display && this.redrawAll(this.display));
    this.resize.observe(host);
  }

  /** The slot that shows this window now, or undefined. */
  private find(id: number): Slot | undefined {
    return this.slots.find((s) => s.window?.summary.id === id);
  }

  /** Draws a window into a free hidden slot (unless one already holds it). */
  prepare(w: LoadedWindow, display: DisplaySettings, keep: ReadonlySet<number>): void {
    this.display = display;
    const existing = this.find(w.summary.id);
    if (existing) {
      // The same id with other data (a reload brought new samples) is drawn afresh.
      if (existing.window !== w) this.fill(existing, w);
      this.draw(existing, display);
      return;
    }
    let slot = this.slots.find((s) => s !== this.visible && (!s.window || !keep.has(s.window.summary.id)));
    if (!slot && this.slots.length < this.slotCount) slot = this.newSlot();
    slot ??= this.slots.find((s) => s !== this.visible)!;
    this.fill(slot, w);
    this.draw(slot, display);
  }

  /** Shows a prepared window; false when it is not prepared yet. */
  show(id: number): boolean {
    const slot = this.find(id);
    if (!slot) return false;
    if (this.visible && this.visible !== slot) this.visible.el.classList.remove('slot-visible');
    slot.el.classList.add('slot-visible');
    this.visible = slot;
    return true;
  }

  /** Shows no window (none is at the cursor). */
  hide(): void {
    this.visible?.el.classList.remove('slot-visible');
    this.visible = null;
  }

  /** Redraws every slot with new display settings (filter, scaling, spectrogram channel). */
  redrawAll(display: DisplaySettings): void {
    this.display = display;
    // The visible slot first: it is what the annotator is looking at.
    if (this.visible?.window) this.draw(this.visible, display);
    for (const s of this.slots) if (s !== this.visible && s.window) this.draw(s, display);
  }

  /** The processed samples of the visible window (what the sound plays). */
  visibleProcessed(): { id: number; channels: Float32Array[]; fs: number } | null {
    const s = this.visible;
    return s?.window ? { id: s.window.summary.id, channels: s.processed, fs: s.window.summary.samplingRate } : null;
  }

  /** Seconds into the visible window under a client x coordinate, or null when off the traces. */
  secondsAt(clientX: number): number | null {
    const s = this.visible;
    const canvas = s?.rows[0]?.canvas;
    if (!s?.window || !canvas) return null;
    const r = canvas.getBoundingClientRect();
    if (r.width <= 0 || clientX < r.left || clientX > r.right) return null;
    return ((clientX - r.left) / r.width) * (s.window.summary.nSamples / s.window.summary.samplingRate);
  }

  /** The visible window's pick drawn within `px` CSS pixels of a client x coordinate. */
  pickNear(clientX: number, px = 6): { phase: string; offsetSeconds: number } | null {
    const s = this.visible;
    const canvas = s?.rows[0]?.canvas;
    if (!s?.window || !canvas) return null;
    const r = canvas.getBoundingClientRect();
    const duration = s.window.summary.nSamples / s.window.summary.samplingRate;
    let best: { phase: string; offsetSeconds: number } | null = null;
    let bestD = px;
    for (const p of s.window.summary.picks) {
      const d = Math.abs(r.left + (p.offsetSeconds / duration) * r.width - clientX);
      if (d <= bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  }

  /** Shows new picks on a window (after an edit, or while one is dragged) and redraws it. */
  setPicks(id: number, picks: LoadedWindow['summary']['picks']): void {
    const slot = this.find(id);
    if (!slot?.window) return;
    slot.window = { ...slot.window, summary: { ...slot.window.summary, picks } };
    slot.drawnKey = '';
    if (this.display) this.draw(slot, this.display);
  }

  destroy(): void {
    this.resize.disconnect();
    this.slots.length = 0;
    this.host.replaceChildren();
  }

  private newSlot(): Slot {
    const slotEl = el('div', 'slot', this.host);
    slotEl.dataset.testid = 'trace-slot';
    const rowsEl = el('div', 'slot-rows', slotEl);
    const axisRow = el('div', 'axis-row', slotEl);
    const start = el('span', 'axis-start', axisRow);
    const axis = canvasIn('axis-canvas', axisRow);
    el('span', 'axis-pad', axisRow);
    const specRow = el('div', 'spec-row', slotEl);
    const freqAxis = canvasIn('spec-axis', specRow);
    const image = canvasIn('spectrogram', specRow);
    image.dataset.testid = 'spectrogram';
    const colourBar = canvasIn('spec-bar', specRow);
    const notice = el('p', 'slot-notice warn', slotEl);
    notice.hidden = true;
    notice.setAttribute('role', 'status');
    const slot: Slot = { el: slotEl, rows: [], rowsEl, axis, start, spectrogram: { image, freqAxis, colourBar }, notice, window: null, processed: [], drawnKey: '' };
    this.slots.push(slot);
    return slot;
  }

  private fill(slot: Slot, w: LoadedWindow): void {
    const n = w.data.length;
    while (slot.rows.length < n) slot.rows.push(this.newRow(slot));
    while (slot.rows.length > n) slot.rows.pop()!.el.remove();
    slot.window = w;
    slot.drawnKey = '';
    slot.processed = [];
    slot.el.dataset.windowId = String(w.summary.id);
    slot.rows.forEach((r, i) => {
      r.name.textContent = `${w.summary.station} ${w.summary.channels[i] || `ch${i + 1}`}`;
      r.canvas.dataset.channel = String(i);
    });
  }

  private newRow(slot: Slot): Row {
    const rowEl = el('div', 'trace-row', slot.rowsEl);
    const label = el('span', 'row-label', rowEl);
    const name = el('span', 'row-name', label);
    const units = el('span', 'row-units', label);
    const canvas = canvasIn('row-canvas', rowEl);
    canvas.dataset.testid = 'trace-canvas';
    const scale = el('span', 'row-scale', rowEl);
    const scaleTop = el('span', '', scale);
    const scaleBottom = el('span', '', scale);
    return { el: rowEl, name, units, canvas, scaleTop, scaleBottom };
  }

  private draw(slot: Slot, display: DisplaySettings): void {
    const w = slot.window;
    if (!w) return;
    const first = slot.rows[0]?.canvas;
    const key = settingsKey(display, first?.clientWidth ?? 0, first?.clientHeight ?? 0);
    if (key === slot.drawnKey) return;
    const fs = w.summary.samplingRate;
    const problem = filterProblem(display.filter, fs);
    slot.processed = processChannels(w.data, fs, display.filter);
    slot.notice.hidden = problem === null;
    slot.notice.textContent = problem ? `Filter ${filterKey(display.filter)} not applied: ${problem}. Shown unfiltered.` : '';
    const refs = scaleRefs(slot.processed, display.scaling);
    const units = typeof w.summary.meta.units === 'string' && w.summary.meta.units ? w.summary.meta.units : 'counts';
    const duration = w.summary.nSamples / fs;
    const applied = problem ? 'off' : filterKey(display.filter);
    slot.rows.forEach((r, i) => {
      const x = slot.processed[i]!;
      const dpr = fitCanvas(r.canvas);
      const ctx = r.canvas.getContext('2d')!;
      const W = r.canvas.width;
      const H = r.canvas.height;
      ctx.clearRect(0, 0, W, H);
      ctx.fillStyle = ZERO_LINE;
      ctx.fillRect(0, Math.floor(H / 2), W, Math.max(1, Math.round(dpr)));
      for (const p of w.summary.picks) {
        const px = Math.round((p.offsetSeconds / duration) * W);
        ctx.fillStyle = PICK_COLOURS[p.phase] ?? '#000000';
        const u = p.uncertaintySeconds;
        if (u !== undefined && u > 0) {
          // The onset lies somewhere in ± its uncertainty: a faint band of the pick's colour.
          const x0 = Math.round(((p.offsetSeconds - u) / duration) * W);
          const x1 = Math.round(((p.offsetSeconds + u) / duration) * W);
          ctx.globalAlpha = PICK_BAND_ALPHA;
          ctx.fillRect(x0, 0, Math.max(1, x1 - x0), H);
          ctx.globalAlpha = 1;
        }
        ctx.fillRect(px, 0, Math.max(1, Math.round(1.5 * dpr)), H);
        if (i === 0) {
          ctx.font = `bold ${11 * dpr}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          ctx.fillText(u !== undefined && u > 0 ? `${p.phase} ±${fmtSeconds(u)}` : p.phase, px + 3 * dpr, 2 * dpr);
        }
      }
      drawTrace(ctx, x, { x: 0, y: 0, w: W, h: H }, { centre: 0, half: refs[i]! }, { lineWidth: Math.max(1, dpr) });
      r.canvas.dataset.windowId = String(w.summary.id);
      r.canvas.dataset.drawn = `${applied}|${JSON.stringify(display.scaling)}`;
      const amp = refs[i]! > 0 ? fmtAmplitude(refs[i]!) : '0';
      r.scaleTop.textContent = `+${amp}`;
      r.scaleBottom.textContent = `−${amp}`;
      r.units.textContent = units;
      r.el.title = `${w.summary.network}.${w.summary.station}.${w.summary.location}.${w.summary.channels[i] ?? ''}: ±${amp} ${units} at the edges`;
    });
    const dpr = fitCanvas(slot.axis);
    const actx = slot.axis.getContext('2d')!;
    actx.clearRect(0, 0, slot.axis.width, slot.axis.height);
    drawSecondsAxis(actx, 0, 0, slot.axis.width, slot.axis.height, duration, dpr);
    slot.start.textContent = w.summary.startTime !== null ? new Date(w.summary.startTime).toISOString().replace('T', '\n').slice(0, 23) : 'no absolute\ntime';
    slot.start.title = w.summary.startTime !== null ? 'UTC time of the first sample; the axis counts seconds from it' : 'The source gives no absolute start time';
    const ch = Math.min(display.spectrogramChannel, slot.processed.length - 1);
    const fmax = frequencyRange(fs, problem ? null : highCorner(display.filter));
    drawSpectrogramPanel(slot.spectrogram, slot.processed[ch] ?? new Float32Array(0), fs, { fmax, log: display.logFrequency });
    slot.spectrogram.image.dataset.windowId = String(w.summary.id);
    slot.drawnKey = key;
  }
}
