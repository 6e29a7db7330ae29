// The cached window features of a project as one matrix, with each window's current class,
// for the feature views. Windows whose features are not cached yet (imported after the last
// training) are left out and counted; big projects are sampled with a seed so a view stays
// quick and the same on every request.
import { FEATURES } from '../../common/features/index.js';
import { makeRng } from '../../common/ml/rng.js';
import type { Matrix } from '../../common/ml/matrix.js';
import { FEATURE_SET } from '../store/features.js';
import type { ProjectStore } from '../store/project.js';
import { blobToF32 } from '../store/samples.js';

/** Features of (a sample of) the project's windows. */
export interface FeatureTable {
  ids: number[];
  x: Matrix;
  /** Current class id of each row, null when the window has no class label. */
  classIds: (number | null)[];
  /** Windows with cached features before sampling. */
  available: number;
  sampled: boolean;
}

/** Loads cached features; `labeledOnly` keeps windows with a class label. */
export function featureTable(store: ProjectStore, opts: { labeledOnly?: boolean; maxWindows?: number; seed?: number } = {}): FeatureTable {
  const labels = store.allCurrentLabels();
  const classOf = (w: number) => { const l = labels.get(w); return l?.kind === 'class' ? l.classId : null; };
  let rows = store.db.prepare('SELECT window_id AS id, value_blob AS blob FROM features WHERE feature_set = ? ORDER BY window_id').all(FEATURE_SET) as { id: number; blob: Buffer }[];
  if (opts.labeledOnly) rows = rows.filter((r) => classOf(r.id) !== null);
  const available = rows.length;
  const max = opts.maxWindows ?? Infinity;
  const sampled = rows.length > max;
  if (sampled) {
    const order = makeRng(opts.seed ?? 0).shuffle(Array.from(rows.keys())).slice(0, max).sort((a, b) => a - b);
    rows = order.map((i) => rows[i]!);
  }
  const F = FEATURES.length;
  const data = new Float64Array(rows.length * F);
  rows.forEach((r, i) => data.set(blobToF32(r.blob), i * F));
  return { ids: rows.map((r) => r.id), x: { data, rows: rows.length, cols: F }, classIds: rows.map((r) => classOf(r.id)), available, sampled };
}

/** Replaces NaN/±Infinity by the column median and scales each column to zero mean, unit spread (for k-means). */
export function standardize(x: Matrix): Matrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows * cols);
  const col = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    let n = 0;
    for (let i = 0; i < rows; i++) { const v = data[i * cols + j]!; if (Number.isFinite(v)) col[n++] = v; }
    const finite = col.subarray(0, n).sort();
    const median = n ? finite[n >> 1]! : 0;
    let mean = 0;
    for (let i = 0; i < rows; i++) { const v = data[i * cols + j]!; const u = Number.isFinite(v) ? v : median; out[i * cols + j] = u; mean += u; }
    mean /= rows || 1;
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += (out[i * cols + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / (rows || 1));
    for (let i = 0; i < rows; i++) out[i * cols + j] = sd > 0 ? (out[i * cols + j]! - mean) / sd : 0;
  }
  return { data: out, rows, cols };
}
