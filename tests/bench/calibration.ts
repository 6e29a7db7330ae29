// Calibration of the feature model: ECE before and after temperature scaling, on out-of-fold
// predictions grouped by station (every window scored by a model that saw no window of its
// station), with the temperature of each fold fitted on the other folds' predictions only.
// Sizes: 30 and 60 random labels (the active-learning regime) and every label.
// Run alone: npx tsx tests/bench/calibration.ts
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyTemperature, calibrationReport, fitTemperature } from '../../core/common/ml/calibration.js';
import { trainFeatureModel } from '../../core/common/ml/featureModel.js';
import { takeRows } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { groupKFold } from '../../core/common/ml/splits.js';
import { loadLabeledSet, type LabeledSet } from '../../core/node/ml/labeledSet.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const SEEDS = [0, 1, 2, 3, 4];
const FOLDS = 5;

/** Out-of-fold probabilities of the default model on rows `idx`, and the cross-fitted temperature scaling of them. */
export function groupedOutOfFold(ls: LabeledSet, idx: Int32Array, seed: number) {
  const K = ls.classes.length;
  const y = Int32Array.from(idx, (i) => ls.y[i]!);
  const groups = Array.from(idx, (i) => ls.stations[i]!);
  const folds = groupKFold({ groups, labels: y, k: Math.min(FOLDS, new Set(groups).size), seed });
  const raw = new Float64Array(idx.length * K);
  const rows = (sub: Int32Array) => { const m = takeRows(ls.modelInputs, Int32Array.from(sub, (j) => idx[j]!)); return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols }; };
  folds.forEach((f, k) => {
    const model = trainFeatureModel(rows(f.train), Int32Array.from(f.train, (j) => y[j]!), { classes: K, seed: seed * 100 + k, classWeights: 'balanced' });
    const p = model.predictProba(rows(f.test));
    f.test.forEach((j, r) => raw.set(p.subarray(r * K, (r + 1) * K), j * K));
  });
  const calibrated = new Float64Array(raw.length);
  const temperatures: number[] = [];
  for (const f of folds) {
    const other = f.train;
    const T = fitTemperature(takeRows({ data: raw, rows: idx.length, cols: K }, other).data, Int32Array.from(other, (j) => y[j]!), K);
    temperatures.push(T);
    const test = takeRows({ data: raw, rows: idx.length, cols: K }, f.test);
    const c = applyTemperature(test.data, K, T);
    f.test.forEach((j, r) => calibrated.set(c.subarray(r * K, (r + 1) * K), j * K));
  }
  return { y, raw, calibrated, temperatures };
}

const run: BenchSuite = async () => {
  if (!hasSharedData) {
    console.warn('calibration bench skipped: the shared development data (../shared/data) is not here');
    return [];
  }
  const figures: BenchFigure[] = [];
  for (const ls of [loadLabeledSet(dataPath('phases'), 'source'), loadLabeledSet(dataPath(), 'source_trace')]) {
    const K = ls.classes.length;
    for (const n of [30, 60, ls.y.length]) {
      const before: number[] = [];
      const after: number[] = [];
      const temps: number[] = [];
      for (const seed of SEEDS) {
        const idx = n >= ls.y.length ? Int32Array.from(ls.y, (_, i) => i) : Int32Array.from(makeRng(seed + 1).sample(n, ls.y.length)).sort();
        const r = groupedOutOfFold(ls, idx, seed);
        before.push(calibrationReport(r.raw, r.y, K).ece);
        after.push(calibrationReport(r.calibrated, r.y, K).ece);
        temps.push(...r.temperatures);
      }
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
      const label = `${ls.name} ${n >= ls.y.length ? 'all' : n} labels`;
      figures.push({ name: `ECE ${label}, forest as is`, value: mean(before), unit: 'ECE', note: `±${sd(before).toFixed(3)} over ${SEEDS.length} seeds` });
      figures.push({ name: `ECE ${label}, temperature-scaled`, value: mean(after), unit: 'ECE', note: `±${sd(after).toFixed(3)}; T median ${[...temps].sort((a, b) => a - b)[temps.length >> 1]!.toFixed(2)}` });
    }
  }
  return figures;
};
export default run;

if (realpathSync(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  for (const f of await run()) console.log(`${f.name.padEnd(52)} ${f.value.toFixed(3)} ${f.note ?? ''}`);
}
