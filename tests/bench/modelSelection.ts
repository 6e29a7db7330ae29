// Model selection by station: active-learning simulations on the development sets with every
// window of a station on one side of the split, so a setting is chosen for how it does on
// stations it has never seen (the hidden evaluation set holds other stations only).
// Run: npx tsx tests/bench/modelSelection.ts [seeds] [variant,…] [phases|data|both] [first seed]
import { trainFeatureModel, type FeatureModelOptions } from '../../core/common/ml/featureModel.js';
import { takeRows } from '../../core/common/ml/matrix.js';
import { simulate, type SimModelFactory } from '../../core/common/ml/simulate.js';
import type { StrategyName } from '../../core/common/ml/strategies.js';
import { loadLabeledSet, type LabeledSet } from '../../core/node/ml/labeledSet.js';
import { FEATURE_INDEX } from '../../core/common/features/index.js';
import { FLOOR_INPUTS } from '../../core/common/features/stationContext.js';
import { dataPath } from '../helpers/data.js';

/** NET_STA of a window: from its station columns, or from a PhaseNet-style file name. */
function stationOf(ls: LabeledSet, r: number): string {
  const row = ls.set.rows[ls.rows[r]!]!;
  if (row.station) return `${row.network ?? ''}.${row.station}`;
  const m = /([A-Z0-9]+)_([A-Z0-9]+)_\d+\.npz$/.exec(row.source ?? '');
  return m ? `${m[1]}.${m[2]}` : (row.source ?? '');
}

// width: keep only the first columns of the input (FLOOR_INPUTS = the input before the station ranks).
type Variant = Partial<Omit<FeatureModelOptions, 'classes' | 'seed'>> & { dropLevels?: boolean; width?: number };
const LEVELS = ['log_peak_amplitude', 'log_rms_amplitude', 'log_energy', 'log_band_rms'] as const;

function factory(ls: LabeledSet, v: Variant): SimModelFactory {
  // The default model's inputs: the features beside the station context (stationContext.ts).
  const W = v.width ?? ls.modelInputs.cols;
  const M = ls.modelInputs;
  const X = { data: Float64Array.from({ length: M.rows * W }, (_, k) => M.data[Math.floor(k / W) * M.cols + (k % W)]!), rows: M.rows, cols: W };
  if (v.dropLevels) for (let i = 0; i < X.rows; i++) for (const n of LEVELS) X.data[i * X.cols + FEATURE_INDEX[n]] = 0;
  const rowsOf = (idx: Int32Array) => {
    const m = takeRows(X, idx);
    return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
  };
  const { dropLevels: _d, width: _w, ...opts } = v;
  return {
    name: 'variant',
    fit(train, y, classes, seed, unlabeled) {
      const model = trainFeatureModel(rowsOf(train), y, { classWeights: 'balanced', ...opts, classes, seed, unlabeled: unlabeled && unlabeled.length ? rowsOf(unlabeled) : undefined } as FeatureModelOptions);
      return { predictProba: (idx) => model.predictProba(rowsOf(idx)), embed: (idx) => ({ data: model.embed(rowsOf(idx)), cols: model.features }) };
    },
  };
}

const VARIANTS: Record<string, Variant> = {
  base: {},
  noRanks: { width: FLOOR_INPUTS },
  noLevels: { dropLevels: true },
  mf_half: { maxFeatures: 38 },
  mf_16: { maxFeatures: 16 },
  mss4: { minSamplesSplit: 4 },
  best: { splitter: 'best' },
  nobag: { bootstrap: false },
  trees1000: { nTrees: 1000 },
  nobag16: { bootstrap: false, maxFeatures: 16 },
  nobag38: { bootstrap: false, maxFeatures: 38 },
  nobag16self: { bootstrap: false, maxFeatures: 16, selfTraining: { threshold: 0.8, weight: 0.5 } },
  nobag17: { bootstrap: false, maxFeatures: 17 },
  nobag16noLevels: { bootstrap: false, maxFeatures: 16, dropLevels: true },
  self90: { selfTraining: { threshold: 0.9, weight: 0.5 } },
  self80: { selfTraining: { threshold: 0.8, weight: 0.5 } },
  self70: { selfTraining: { threshold: 0.7, weight: 0.3 } },
  self80w1: { selfTraining: { threshold: 0.8, weight: 1 } },
};

async function main() {
  const seeds = Number(process.argv[2] ?? 5);
  const names = (process.argv[3] ?? Object.keys(VARIANTS).join(',')).split(',');
  const which = process.argv[4] ?? 'both';
  const baseSeed = Number(process.argv[5] ?? 0);
  const sets = [
    ...(which !== 'data' ? [loadLabeledSet(dataPath('phases'), 'source')] : []),
    ...(which !== 'phases' ? [loadLabeledSet(dataPath(), 'source_trace')] : []),
  ];
  for (const ls of sets) {
    const groups = Array.from(ls.y, (_, r) => stationOf(ls, r));
    const at = ls.classes.length > 2 ? 60 : 30;
    console.log(`${ls.name}: ${ls.y.length} windows, ${new Set(groups).size} stations; macro-F1 mean±sd over seeds ${baseSeed}–${baseSeed + seeds - 1}`);
    for (const name of names) {
      const parts: string[] = [];
      for (const strategy of ['hybrid', 'random'] as StrategyName[]) {
        const r = await simulate({ classes: ls.classes, y: ls.y, groups, features: ls.features }, factory(ls, VARIANTS[name]!), { strategy, seeds, baseSeed, initial: 6, batch: 6, budget: 120, testFraction: 0.3 });
        const p = r.curve.find((c) => c.labels === at)!;
        const mean = r.curve.reduce((a, c) => a + c.macroF1, 0) / r.curve.length;
        parts.push(`${strategy} @${at} ${p.macroF1.toFixed(3)}±${p.macroF1Std.toFixed(3)} curve ${mean.toFixed(3)} to95 ${r.labelsTo95 ?? '-'}`);
        if (strategy === 'hybrid') parts.push(`full ${r.fullPoolMacroF1.toFixed(3)}`);
      }
      console.log(`  ${name.padEnd(10)} ${parts.join('  ')}`);
    }
  }
}
void main();
