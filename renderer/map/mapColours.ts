// What a map's colours mean: one value per point (a category index, or a number in [0, 1])
// plus the palette and the legend with counts. Pure, so it is tested without a browser, and
// the legend's counts are by construction those of the values handed to the GPU.
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { CLASS_PALETTE } from '../../core/common/palette.js';

export type ColourBy = 'label' | 'prediction' | 'uncertainty' | 'cluster' | 'station' | 'feature';

/** One legend row. */
export interface LegendEntry {
  name: string;
  colour: string;
  count: number;
}

/** Per-point values and how to read them. */
export interface Colouring {
  kind: 'categorical' | 'continuous';
  /** Category index per point, or a value in [0, 1] per point. */
  values: Float32Array;
  /** Colour of each category, or a ramp for continuous values (low → high). */
  palette: string[];
  legend: LegendEntry[];
  /** For continuous values: what 0 and 1 stand for. */
  range?: { lo: string; hi: string };
}

const NONE = '#bdbdbd';
/** Paul Tol's "muted" scheme, after Okabe–Ito, for more categories than classes (colour-blind safe). */
const EXTRA = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499'];
const CATEGORY_PALETTE = [...CLASS_PALETTE.slice(0, 7), ...EXTRA];

/** Viridis (perceptually uniform, colour-blind safe) at 9 stops; interpolated to `steps` colours. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];
export function viridis(steps = 64): string[] {
  const rgb = VIRIDIS.map((h) => [1, 3, 5].map((o) => parseInt(h.slice(o, o + 2), 16)));
  return Array.from({ length: steps }, (_, i) => {
    const t = (i / (steps - 1)) * (rgb.length - 1);
    const a = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - a;
    const c = rgb[a]!.map((v, j) => Math.round(v + (rgb[a + 1]![j]! - v) * f));
    return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  });
}

/** Colour of category i among `n` (never the grey kept for "none"). */
export const categoryColour = (i: number): string => CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]!;

function categorical(names: string[], colours: string[], index: Int32Array): Colouring {
  const counts = new Array<number>(names.length).fill(0);
  for (const i of index) counts[i]!++;
  return {
    kind: 'categorical',
    values: Float32Array.from(index),
    palette: colours,
    legend: names.map((name, i) => ({ name, colour: colours[i]!, count: counts[i]! })),
  };
}

/** Colours by the current label: each class in its own colour, then unsure, skip, unlabeled. */
export function byLabel(windows: (WindowSummary | undefined)[], classes: ClassInfo[]): Colouring {
  const names = [...classes.map((c) => c.name), 'unsure', 'skip', 'not labeled'];
  const colours = [...classes.map((c) => c.colour), '#7f7f7f', '#d9d9d9', NONE];
  const pos = new Map(classes.map((c, i) => [c.id, i]));
  const K = classes.length;
  const index = Int32Array.from(windows, (w) => {
    const l = w?.label;
    if (!l) return K + 2;
    if (l.kind === 'unsure') return K;
    if (l.kind === 'skip') return K + 1;
    return pos.get(l.classId!) ?? K + 2; // an archived class reads as not labeled here
  });
  return categorical(names, colours, index);
}

/** Colours by the model's most probable class (grey where the model has no prediction). */
export function byPrediction(probs: (number[] | null)[], modelClassIds: number[], classes: ClassInfo[]): Colouring {
  const names = [...classes.map((c) => c.name), 'no prediction'];
  const colours = [...classes.map((c) => c.colour), NONE];
  const pos = new Map(classes.map((c, i) => [c.id, i]));
  const index = Int32Array.from(probs, (p) => {
    if (!p || p.length === 0) return classes.length;
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return pos.get(modelClassIds[best]!) ?? classes.length;
  });
  return categorical(names, colours, index);
}

/** Colours by the model's uncertainty: entropy / ln K, 0 = sure, 1 = uniform (missing → 0). */
export function byUncertainty(probs: (number[] | null)[]): Colouring {
  let missing = 0;
  const values = Float32Array.from(probs, (p) => {
    if (!p || p.length < 2) {
      missing++;
      return 0;
    }
    let h = 0;
    for (const v of p) if (v > 0) h -= v * Math.log(v);
    return Math.min(1, h / Math.log(p.length));
  });
  const legend = missing ? [{ name: 'no prediction (drawn as sure)', colour: viridis(2)[0]!, count: missing }] : [];
  return { kind: 'continuous', values, palette: viridis(), legend, range: { lo: 'sure (entropy 0)', hi: 'unsure (entropy 1)' } };
}

/** Colours by k-means cluster. */
export function byCluster(labels: ArrayLike<number> | null, n: number): Colouring {
  if (!labels) return categorical(['no clusters yet'], [NONE], new Int32Array(n));
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i]! + 1);
  return categorical(Array.from({ length: k }, (_, i) => `cluster ${i + 1}`), Array.from({ length: k }, (_, i) => categoryColour(i)), Int32Array.from(labels));
}

/** Colours by station: the 15 most frequent get their own colour, the rest share "other". */
export function byStation(windows: (WindowSummary | undefined)[]): Colouring {
  const key = (w: WindowSummary | undefined) => (w ? `${w.network}.${w.station}` : '?');
  const freq = new Map<string, number>();
  for (const w of windows) freq.set(key(w), (freq.get(key(w)) ?? 0) + 1);
  const top = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 15).map(([s]) => s);
  const other = freq.size > top.length;
  const names = other ? [...top, 'other stations'] : top;
  const colours = names.map((_, i) => (other && i === top.length ? NONE : categoryColour(i)));
  const pos = new Map(top.map((s, i) => [s, i]));
  return categorical(names, colours, Int32Array.from(windows, (w) => pos.get(key(w)) ?? top.length));
}

/**
 * Colours by a feature's value, clipped to its 2nd–98th percentiles so a few extreme
 * windows do not squash everyone else into one colour.
 */
export function byFeature(values: ArrayLike<number>, name: string, unit: string): Colouring {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.round(p * (finite.length - 1))))] ?? 0;
  const lo = q(0.02);
  const hi = q(0.98);
  const span = hi - lo || 1;
  const out = Float32Array.from(values, (v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / span)) : 0));
  const fmt = (v: number) => `${Number(v.toPrecision(3))}${unit ? ` ${unit}` : ''}`;
  return { kind: 'continuous', values: out, palette: viridis(), legend: [], range: { lo: `${name} ≤ ${fmt(lo)}`, hi: `${name} ≥ ${fmt(hi)}` } };
}

/** Colour of one point (for SVG export and the hover card). */
export function colourOf(c: Colouring, i: number): string {
  const v = c.values[i]!;
  if (c.kind === 'categorical') return c.palette[v] ?? NONE;
  return c.palette[Math.round(v * (c.palette.length - 1))]!;
}
