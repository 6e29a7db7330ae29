// Feature model vs scikit-learn on the same matrices and the same splits.
//
// The real sets use the app's own window features (core/common/features), so the figures
// describe the model as the app trains it.
// Run alone: npx tsx -e "import('./tests/bench/featureModel.ts').then(m => m.default()).then(console.table)"
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainFeatureModel } from '../../core/common/ml/featureModel.js';
import { makeRandom } from '../../core/common/ml/forest.js';
import { loadLabeledSet } from '../../core/node/ml/labeledSet.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const PYTHON = '/usr/bin/python3';
const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peers', 'sklearn_model.py');

/** A labelled matrix plus splits (split[s][i]: 1 train, 2 test, 0 unused). */
interface BenchSet {
  name: string;
  X: Float64Array;
  rows: number;
  cols: number;
  y: Int32Array;
  classes: number;
  split: Int8Array[];
  timeRows: 'all' | 'split0';
  /** Timing repeats (median reported). */
  repeats: number;
  /** The splits are run this many times with different seeds; scores pool all runs. */
  seeds: number;
}

/** Grouped k-fold like scikit-learn's GroupKFold: largest groups first into the emptiest fold. */
function groupFolds(groups: string[], k: number): Int8Array[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const [g, s] of order) {
    const f = load.indexOf(Math.min(...load));
    foldOf.set(g, f);
    load[f] += s;
  }
  return Array.from({ length: k }, (_, f) => Int8Array.from(groups, (g) => (foldOf.get(g) === f ? 2 : 1)));
}

/** Loads a windows.f32 set with the app's own window features (core/common/features). */
function realSet(name: string, dir: string, groupCol: string): BenchSet {
  const ls = loadLabeledSet(dataPath(dir), groupCol);
  return {
    name, rows: ls.y.length, cols: ls.features.cols, X: Float64Array.from(ls.features.data), y: ls.y, classes: ls.classes.length,
    split: groupFolds(ls.groups, 5), timeRows: 'all', repeats: 5, seeds: 5,
  };
}

/** Seeded mixture: each class is two Gaussian blobs in 8 informative dimensions, plus noise dims. */
function syntheticSet(n: number, nTest: number, F: number, K: number, seed: number): BenchSet {
  const rand = makeRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: K * 2 }, () => Array.from({ length: 8 }, () => 1.2 * gauss()));
  const N = n + nTest;
  const X = new Float64Array(N * F);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(rand() * K);
    const centre = centres[c * 2 + (rand() < 0.5 ? 0 : 1)];
    for (let f = 0; f < F; f++) X[i * F + f] = f < 8 ? centre[f] + gauss() : f < 16 ? X[i * F + f - 8] * 0.7 + gauss() : gauss() * 3;
    y[i] = rand() < 0.05 ? Math.floor(rand() * K) : c;
  }
  const split = [Int8Array.from({ length: N }, (_, i) => (i < n ? 1 : 2))];
  return { name: `synthetic${n}`, X, rows: N, cols: F, y, classes: K, split, timeRows: 'split0', repeats: 3, seeds: 1 };
}

const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

/** Rows of a row-major matrix selected by mask. */
function take(s: BenchSet, mask: (i: number) => boolean): { X: Float64Array; y: Int32Array; rows: number } {
  const idx = Array.from({ length: s.rows }, (_, i) => i).filter(mask);
  const X = new Float64Array(idx.length * s.cols);
  idx.forEach((i, r) => X.set(s.X.subarray(i * s.cols, (i + 1) * s.cols), r * s.cols));
  return { X, y: Int32Array.from(idx, (i) => s.y[i]), rows: idx.length };
}

/** Pooled accuracy and macro-F1 (over classes seen in truth or prediction, as scikit-learn). */
function scores(truth: number[], pred: number[], K: number): { accuracy: number; macroF1: number } {
  let ok = 0;
  const f1s: number[] = [];
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) ok++;
  for (let c = 0; c < K; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === c && truth[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    if (tp + fp + fn > 0) f1s.push((2 * tp) / (2 * tp + fp + fn));
  }
  return { accuracy: ok / truth.length, macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length };
}

/** Our model on one set: pooled CV scores and median training time. */
function runOurs(s: BenchSet): { accuracy: number; macroF1: number; fitS: number; fitRows: number } {
  const truth: number[] = [];
  const pred: number[] = [];
  for (let r = 0; r < s.seeds; r++) s.split.forEach((sp, k) => {
    const tr = take(s, (i) => sp[i] === 1);
    const te = take(s, (i) => sp[i] === 2);
    const m = trainFeatureModel({ data: tr.X, rows: tr.rows, cols: s.cols }, tr.y, { classes: s.classes, seed: r * 100 + k });
    const p = m.predictProba({ data: te.X, rows: te.rows, cols: s.cols });
    for (let i = 0; i < te.rows; i++) {
      let b = 0;
      for (let c = 1; c < s.classes; c++) if (p[i * s.classes + c] > p[i * s.classes + b]) b = c;
      truth.push(te.y[i]);
      pred.push(b);
    }
  });
  const fit = take(s, (i) => s.timeRows === 'all' || s.split[0][i] === 1);
  const times: number[] = [];
  for (let r = 0; r < s.repeats; r++) {
    const t0 = performance.now();
    trainFeatureModel({ data: fit.X, rows: fit.rows, cols: s.cols }, fit.y, { classes: s.classes, seed: r });
    times.push((performance.now() - t0) / 1000);
  }
  return { ...scores(truth, pred, s.classes), fitS: median(times), fitRows: fit.rows };
}

type PeerResult = Record<string, Record<'rf' | 'hgb', { fit_s: number; accuracy: number; macro_f1: number }>>;

/** Runs the scikit-learn peer on the same sets; null (with reason) when unavailable. */
function runPeer(sets: BenchSet[]): { sets: PeerResult; version: string } | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
  } catch {
    return 'scikit-learn not installed (apt install python3-sklearn)';
  }
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-fm-'));
  try {
    for (const s of sets) {
      writeFileSync(join(dir, `${s.name}.X.f64`), new Uint8Array(s.X.buffer, s.X.byteOffset, s.X.byteLength));
      writeFileSync(join(dir, `${s.name}.y.i32`), new Uint8Array(s.y.buffer, s.y.byteOffset, s.y.byteLength));
      const sp = new Int8Array(s.split.length * s.rows);
      s.split.forEach((a, k) => sp.set(a, k * s.rows));
      writeFileSync(join(dir, `${s.name}.split.i8`), new Uint8Array(sp.buffer));
    }
    const meta = sets.map((s) => ({ name: s.name, rows: s.rows, cols: s.cols, splits: s.split.length, time_rows: s.timeRows, repeats: s.repeats, seeds: s.seeds }));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ sets: meta }));
    const out = JSON.parse(execFileSync(PYTHON, [PEER, dir], { encoding: 'utf8', maxBuffer: 1 << 24 }));
    return { sets: out.sets, version: out.sklearn };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = async () => {
  const sets: BenchSet[] = [];
  if (hasSharedData) {
    sets.push(realSet('windows', '.', 'source_trace'));
    sets.push(realSet('phases', 'phases', 'source'));
  }
  sets.push(syntheticSet(10_000, 5_000, 40, 4, 7));
  // Warm the JIT once so the first timed set is not charged for compilation.
  runOurs(syntheticSet(500, 100, 40, 4, 1));
  const peer = runPeer(sets);
  const figures: BenchFigure[] = [];
  for (const s of sets) {
    const ours = runOurs(s);
    const p = typeof peer === 'string' ? undefined : peer.sets[s.name];
    const note = typeof peer === 'string' ? `peer skipped: ${peer}` : undefined;
    const cv = s.split.length > 1 ? `grouped ${s.split.length}-fold CV × ${s.seeds} seeds` : `holdout ${s.rows - ours.fitRows}`;
    const hgb = p ? `; sklearn HistGradientBoosting: fit ${p.hgb.fit_s.toFixed(3)} s, accuracy ${p.hgb.accuracy.toFixed(3)}, macro-F1 ${p.hgb.macro_f1.toFixed(3)}` : '';
    figures.push(
      { name: `feature model train time (${ours.fitRows}×${s.cols}, ${s.name})`, value: ours.fitS, unit: 's', note: note ?? `median of ${s.repeats}${hgb}`, ...(p && { peer: { name: 'sklearn RandomForest(100, n_jobs=2)', value: p.rf.fit_s } }) },
      { name: `feature model accuracy (${s.name}, ${cv})`, value: ours.accuracy, unit: 'fraction', note, ...(p && { peer: { name: 'sklearn RandomForest', value: p.rf.accuracy } }) },
      { name: `feature model macro-F1 (${s.name}, ${cv})`, value: ours.macroF1, unit: 'fraction', note, ...(p && { peer: { name: 'sklearn RandomForest', value: p.rf.macro_f1 } }) },
    );
  }
  return figures;
};

export default suite;
