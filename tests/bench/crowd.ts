// Crowd consensus and label-error detection.
//
// Consensus time: 100,000 simulated votes (10,000 windows × 10 people from a crowd of 500).
// Label errors: the real labeled windows (../shared/data/windows.*) with 10 % of the labels
// flipped on purpose; confident learning on grouped out-of-fold forest probabilities flags
// windows, and precision/recall say how many flags are real flips and how many flips are found.
// Run alone: npx tsx tests/bench/crowd.ts          (figures)
//            npx tsx tests/bench/crowd.ts --table  (the crowd simulation table)
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fleissKappa, krippendorffAlpha, pairwiseKappa } from '../../core/common/crowd/agreement.js';
import { findLabelIssues } from '../../core/common/crowd/confidentLearning.js';
import { crowdAccuracyTable, formatCrowdTable, spread, type CrowdTableOptions } from '../../core/common/crowd/crowdTable.js';
import { dawidSkene } from '../../core/common/crowd/dawidSkene.js';
import { majorityVote } from '../../core/common/crowd/majority.js';
import { checkAnnotators } from '../../core/common/crowd/quality.js';
import { outOfFoldProbabilities } from '../../core/common/crowd/outOfFold.js';
import { simulateCrowd } from '../../core/common/crowd/simulate.js';
import { buildVoteTable } from '../../core/common/crowd/votes.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { loadLabeledSet } from '../../core/node/ml/labeledSet.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const REPEATS = 5;
const FLIP_SHARE = 0.1;
const FLIP_SEEDS = [1, 2, 3, 4, 5];

/** The crowd of the simulation table: 2,000 windows, 3 classes, 50 people of mixed skill, 5 seeds. */
export const TABLE_CROWD: CrowdTableOptions = { windows: 2000, classes: 3, annotators: 50, goldShare: 0.05, seeds: [1, 2, 3, 4, 5] };

const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

function time<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = fn();
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    value = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value };
}

function consensusFigures(): BenchFigure[] {
  const crowd = simulateCrowd({ windows: 10_000, classes: 3, annotators: 500, votesPerWindow: 10, goldShare: 0.02, seed: 1 });
  const extra = simulateCrowd({ windows: 100, classes: 3, annotators: 500, votesPerWindow: 10, seed: 2 }).votes.map((v) => ({ ...v, window: 10_000 + (v.window as number) }));
  const table = time(() => buildVoteTable(crowd.votes, { classes: crowd.classes }));
  const t = table.value;
  const maj = time(() => majorityVote(t));
  const ds = time(() => dawidSkene(t));
  const anchored = time(() => dawidSkene(t, { gold: crowd.gold }));
  const grown = buildVoteTable([...crowd.votes, ...extra], { classes: crowd.classes });
  const warm = time(() => dawidSkene(grown, { previous: ds.value }));
  const cold = dawidSkene(grown);
  const agreement = time(() => [pairwiseKappa(t).length, fleissKappa(t).kappa, krippendorffAlpha(t), checkAnnotators(t).length]);
  const n = `${t.numVotes.toLocaleString('en')} votes`;
  return [
    { name: `index votes (${n})`, value: table.ms, unit: 'ms', note: `median of ${REPEATS}` },
    { name: `majority vote (${n})`, value: maj.ms, unit: 'ms' },
    { name: `Dawid–Skene EM (${n})`, value: ds.ms, unit: 'ms', note: `${ds.value.iterations} iterations, converged ${ds.value.converged}` },
    { name: `gold-anchored Dawid–Skene (${n}, 2 % gold)`, value: anchored.ms, unit: 'ms', note: `${anchored.value.iterations} iterations` },
    { name: `agreement: Cohen per pair, Fleiss, Krippendorff, flags (${n})`, value: agreement.ms, unit: 'ms', note: `${agreement.value[0]} pairs` },
    { name: `Dawid–Skene warm re-aggregation (+${extra.length} votes)`, value: warm.ms, unit: 'ms', note: `${warm.value.iterations} iterations vs ${cold.iterations} cold` },
  ];
}

/** Precision and recall of confident learning on the real windows with flipped labels, per seed. */
function labelErrorFigures(): BenchFigure[] {
  const ls = loadLabeledSet(dataPath('.'), 'source_trace');
  const K = ls.classes.length;
  const N = ls.y.length;
  const precision: number[] = [];
  const recall: number[] = [];
  let flagged = 0;
  let flips = 0;
  for (const seed of FLIP_SEEDS) {
    const rng = makeRng(seed);
    const flipped = new Set(rng.sample(Math.round(FLIP_SHARE * N), N));
    const labels = Int32Array.from(ls.y, (c, i) => (flipped.has(i) ? (c + 1 + rng.int(K - 1)) % K : c));
    const probs = outOfFoldProbabilities(ls.features, labels, { classes: K, groups: ls.groups, folds: 5, seed });
    const issues = findLabelIssues(probs, labels, K).issues;
    const hits = Array.from(issues).filter((i) => flipped.has(i)).length;
    precision.push(issues.length ? hits / issues.length : 0);
    recall.push(hits / flipped.size);
    flagged += issues.length;
    flips += flipped.size;
  }
  const p = spread(precision);
  const r = spread(recall);
  const what = `${N} real windows (${ls.classes.join('/')}), ${FLIP_SHARE * 100} % flipped, grouped 5-fold OOF, ${FLIP_SEEDS.length} seeds`;
  return [
    { name: `confident learning precision (${what})`, value: p.mean, unit: 'fraction', note: `sd ${p.sd.toFixed(3)}, ${flagged} flagged in all; random flags would give ${FLIP_SHARE}` },
    { name: `confident learning recall (${what})`, value: r.mean, unit: 'fraction', note: `sd ${r.sd.toFixed(3)}, ${flips} flips in all` },
  ];
}

function tableFigures(): BenchFigure[] {
  const rows = crowdAccuracyTable({ ...TABLE_CROWD, votesPerWindow: [1, 3, 5, 10] });
  return rows.flatMap((row) =>
    (['majority', 'dawidSkene', 'goldAnchored'] as const).map((m) => ({
      name: `simulated crowd accuracy, ${m}, ${row.votesPerWindow} votes/window`,
      value: row[m].mean,
      unit: 'fraction',
      note: `sd ${row[m].sd.toFixed(3)} over ${TABLE_CROWD.seeds.length} seeds`,
    })),
  );
}

const suite: BenchSuite = async () => {
  const figures = consensusFigures();
  if (hasSharedData) figures.push(...labelErrorFigures());
  else figures.push({ name: 'confident learning on real windows', value: NaN, unit: 'fraction', note: 'skipped: ../shared/data not found' });
  figures.push(...tableFigures());
  return figures;
};

export default suite;

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--table')) {
    const title = `simulated crowd: ${TABLE_CROWD.windows} windows, ${TABLE_CROWD.classes} classes, ${TABLE_CROWD.annotators} people (experts to spammers), 5 % gold; accuracy on non-gold windows, mean ± sd over ${TABLE_CROWD.seeds.length} seeds`;
    console.log(formatCrowdTable(crowdAccuracyTable(TABLE_CROWD), title));
  }
  else for (const f of await suite()) console.log(`${f.name.padEnd(90)} ${f.value.toPrecision(4).padStart(10)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}
