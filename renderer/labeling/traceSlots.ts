// Pre-rendered window views. Each slot is a stack of wavesurfer.js waveforms (one per
// channel, sharing the time axis; picks as region markers; a timeline under the last) plus
// a spectrogram canvas. Slots for the next windows are drawn while hidden, so showing the
// next window after a keypress is a visibility swap that the very next frame paints.
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import type { LoadedWindow } from '../lib/windowCache.js';
import { processChannels, scaleChannels, type FilterSetting, type Scaling } from '../lib/signal.js';
import { drawSpectrogram } from './spectrogramDraw.js';

/** What every slot is drawn with. */
export interface DisplaySettings {
  filter: FilterSetting;
  scaling: Scaling;
  spectrogramChannel: number;
}

interface Row {
  el: HTMLDivElement;
  ws: WaveSurfer;
  regions: ReturnType<typeof RegionsPlugin.create>;
}

interface Slot {
  el: HTMLDivElement;
  rows: Row[];
  spectrogram: HTMLCanvasElement;
  window: LoadedWindow | null;
  /** Filtered (not yet scaled) samples, kept for the sound and the spectrogram. */
  processed: Float32Array[];
  drawnWith: DisplaySettings | null;
}

const TRACE_COLOUR = '#1b1b1b';
const PICK_COLOURS: Record<string, string> = { P: '#0072B2', S: '#D55E00' };

/**
 * wavesurfer's own line renderer draws |amplitude| mirrored around the axis, which hides
 * the polarity and the shape of a seismogram; this draws the signed trace instead (a
 * polyline when there are fewer samples than pixels, else min/max per pixel column).
 * The volunteer view draws its single large trace with it too.
 */
export function drawSigned(peaks: Array<Float32Array | number[]>, ctx: CanvasRenderingContext2D): void {
  const d = peaks[0];
  if (!d || d.length === 0) return;
  const w = ctx.canvas.width;
  const h = ctx.canvas.height;
  const mid = h / 2;
  const amp = mid * 0.95;
  const n = d.length;
  if (n <= w) {
    ctx.strokeStyle = ctx.fillStyle;
    ctx.lineWidth = Math.max(1, window.devicePixelRatio || 1);
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = (i / Math.max(1, n - 1)) * (w - 1);
      const y = mid - d[i]! * amp;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    return;
  }
  ctx.beginPath();
  for (let x = 0; x < w; x++) {
    const a = Math.floor((x * n) / w);
    const b = Math.max(a + 1, Math.floor(((x + 1) * n) / w));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = a; i < b; i++) {
      const v = d[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    ctx.rect(x, mid - hi * amp, 1, Math.max(1, (hi - lo) * amp));
  }
  ctx.fill();
}

export class TraceSlots {
  private readonly slots: Slot[] = [];
  private visible: Slot | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly slotCount = 4,
  ) {}

  /** The slot that shows this window now, or null. */
  private find(id: number): Slot | undefined {
    return this.slots.find((s) => s.window?.summary.id === id);
  }

  /** Draws a window into a free hidden slot (unless one already holds it). */
  prepare(w: LoadedWindow, display: DisplaySettings, keep: ReadonlySet<number>): void {
    const existing = this.find(w.summary.id);
    if (existing) {
      if (existing.drawnWith !== display) this.draw(existing, display);
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
    // The visible slot first: it is what the annotator is looking at.
    if (this.visible?.window) this.draw(this.visible, display);
    for (const s of this.slots) if (s !== this.visible && s.window) this.draw(s, display);
  }

  /** The processed samples of the visible window (what the sound plays). */
  visibleProcessed(): { id: number; channels: Float32Array[]; fs: number } | null {
    const s = this.visible;
    return s?.window ? { id: s.window.summary.id, channels: s.processed, fs: s.window.summary.samplingRate } : null;
  }

  /** Drawn (scaled) samples of the visible window's channels, for tests comparing before/after. */
  visibleDrawn(): number[][] {
    return this.visible?.rows.map((r) => Array.from(r.ws.getDecodedData()?.getChannelData(0) ?? [])) ?? [];
  }

  destroy(): void {
    for (const s of this.slots) for (const r of s.rows) r.ws.destroy();
    this.slots.length = 0;
    this.host.replaceChildren();
  }

  private newSlot(): Slot {
    const el = document.createElement('div');
    el.className = 'slot';
    const spectrogram = document.createElement('canvas');
    spectrogram.className = 'spectrogram';
    el.append(spectrogram);
    this.host.append(el);
    const slot: Slot = { el, rows: [], spectrogram, window: null, processed: [], drawnWith: null };
    this.slots.push(slot);
    return slot;
  }

  private fill(slot: Slot, w: LoadedWindow): void {
    const n = w.data.length;
    if (slot.rows.length !== n) {
      // Channel count changed: rebuild the rows (rare: windows of one project mostly agree).
      for (const r of slot.rows) {
        r.ws.destroy();
        r.el.remove();
      }
      slot.rows = Array.from({ length: n }, (_, i) => this.newRow(slot, i === n - 1));
    }
    slot.window = w;
    slot.drawnWith = null;
    slot.el.dataset.windowId = String(w.summary.id);
    slot.rows.forEach((r, i) => {
      r.el.querySelector('.row-label')!.textContent = `${w.summary.station} ${w.summary.channels[i] || `ch${i + 1}`}`;
    });
  }

  private newRow(slot: Slot, withTimeline: boolean): Row {
    const el = document.createElement('div');
    el.className = withTimeline ? 'trace-row with-timeline' : 'trace-row';
    const label = document.createElement('span');
    label.className = 'row-label';
    const wave = document.createElement('div');
    wave.className = 'row-wave';
    el.append(label, wave);
    slot.el.insertBefore(el, slot.spectrogram);
    const regions = RegionsPlugin.create();
    const plugins = [regions, ...(withTimeline ? [TimelinePlugin.create({ height: 16, style: { fontSize: '10px', color: '#555' } })] : [])];
    const ws = WaveSurfer.create({
      container: wave,
      height: 'auto',
      waveColor: TRACE_COLOUR,
      progressColor: TRACE_COLOUR,
      cursorWidth: 0,
      interact: false,
      renderFunction: drawSigned,
      plugins,
    });
    return { el, ws, regions };
  }

  private draw(slot: Slot, display: DisplaySettings): void {
    const w = slot.window;
    if (!w) return;
    const fs = w.summary.samplingRate;
    const prev = slot.drawnWith;
    if (!prev || prev.filter !== display.filter || slot.processed.length === 0) slot.processed = processChannels(w.data, fs, display.filter);
    const scaled = scaleChannels(slot.processed, display.scaling);
    const duration = Math.max(1e-3, w.summary.nSamples / fs);
    slot.rows.forEach((r, i) => {
      r.ws.setOptions({ peaks: [scaled[i]!], duration });
      r.regions.clearRegions();
      for (const p of w.summary.picks) {
        r.regions.addRegion({ start: p.offsetSeconds, content: p.phase, color: PICK_COLOURS[p.phase] ?? '#000000', drag: false, resize: false });
      }
    });
    const ch = Math.min(display.spectrogramChannel, slot.processed.length - 1);
    drawSpectrogram(slot.spectrogram, slot.processed[ch]!, fs);
    slot.drawnWith = display;
  }
}
