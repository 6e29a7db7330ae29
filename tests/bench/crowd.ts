// Crowd consensus and label-error detection.
//
// Consensus time: 100,000 simulated votes (10,000 windows × 10 people from a crowd of 500).
// Label errors: the real labeled windows (../shared/data/windows.*) with 10 % of the labels
// flipped on purpose; confident learning on grouped out-of-fold forest probabilities flags
// windows, and precision/recall say how many flags are real flips and how many flips are found.
// Live consensus: the same 100,000 votes kept up to date vote by vote (majority exactly,
// Dawid–Skene by per-window E-steps and a warm-started EM once 5 % of the votes changed),
// in memory and in a project file where each label is written and the consensus read back.
// Run alone: npx tsx tests/bench/crowd.ts          (figures)
//            npx tsx tests/bench/crowd.ts --live   (only the live-consensus figures)
//            npx tsx tests/bench/crowd.ts --table  (the crowd simulation table)
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleissKappa, krippendorffAlpha, pairwiseKappa } from '../../core/common/crowd/agreement.js';
import { findLabelIssues } from '../../core/common/crowd/confidentLearning.js';
import { crowdAccuracyTable, formatCrowdTable, spread, type CrowdTableOptions } from '../../core/common/crowd/crowdTable.js';
import { dawidSkene } from '../../core/common/crowd/dawidSkene.js';
import { majorityVote } from '../../core/common/crowd/majority.js';
import { checkAnnotators } from '../../core/common/crowd/quality.js';
import { outOfFoldProbabilities } from '../../core/common/crowd/outOfFold.js';
import { simulateCrowd } from '../../core/common/crowd/simulate.js';
import { LiveConsensus } from '../../core/common/crowd/incremental.js';
import { buildVoteTable } from '../../core/common/crowd/votes.js';
import { ProjectStore } from '../../core/node/store/project.js';
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

const percentile = (a: number[], q: number): number => [...a].sort((p, r) => p - r)[Math.min(a.length - 1, Math.floor(q * a.length))]!;

/** The 100,000-vote crowd of the consensus figures, with annotator ids as numbers. */
function numericCrowd() {
  const crowd = simulateCrowd({ windows: 10_000, classes: 3, annotators: 500, votesPerWindow: 10, goldShare: 0.02, seed: 1 });
  const id = (a: string | number) => Number(String(a).replace(/\D/g, ''));
  return { crowd, votes: crowd.votes.map((v, i) => ({ w: v.window as number, a: id(v.annotator), label: v.label as number, order: i + 1 })) };
}

/** Keeping the consensus of 100,000 votes up to date as 1,000 more arrive one by one, in memory. */
function liveFigures(): BenchFigure[] {
  const { crowd, votes } = numericCrowd();
  const gold = new Map(crowd.gold.map((g) => [g.window, g.label]));
  const random = makeRng(7);
  const extra = Array.from({ length: 1000 }, (_, i) => ({ w: random.int(10_000), a: 500 + random.int(50), label: random.int(3), order: votes.length + i + 1 }));
  const out: BenchFigure[] = [];
  for (const method of ['majority', 'dawid-skene'] as const) {
    const live = new LiveConsensus(3, { method, gold });
    const t0 = performance.now();
    for (const v of votes) live.set(v.w, v.a, { label: v.label, order: v.order });
    live.settle(true);
    const load = performance.now() - t0;
    const per: number[] = [];
    const t1 = performance.now();
    for (const v of extra) {
      const s = performance.now();
      live.set(v.w, v.a, { label: v.label, order: v.order });
      live.settle(false);
      live.window(v.w);
      per.push(performance.now() - s);
    }
    const all = performance.now() - t1;
    const ts = performance.now();
    live.settle(true);
    const settle = performance.now() - ts;
    out.push(
      { name: `live ${method}: load 100,000 votes${method === 'dawid-skene' ? ' + cold EM' : ''}`, value: load, unit: 'ms' },
      { name: `live ${method}: one more vote into 100,000 (p50)`, value: percentile(per, 0.5) * 1000, unit: 'µs', note: `p99 ${(percentile(per, 0.99) * 1000).toFixed(0)} µs, max ${Math.max(...per).toFixed(1)} ms; 1,000 votes in ${all.toFixed(0)} ms${method === 'dawid-skene' ? ', no EM re-run among them (one runs after 5 % of the votes changed)' : ''}` },
    );
    if (method === 'dawid-skene') out.push({ name: 'live dawid-skene: settle (warm EM) after the 1,000 votes', value: settle, unit: 'ms' });
  }
  return out;
}

/**
 * The same in a project file: 100,000 label events, then labels written one by one, each
 * followed by reading its window's consensus (what labels.add does); against a fresh handle
 * that aggregates everything on its first read.
 */
function storeLiveFigures(): BenchFigure[] {
  const { votes } = numericCrowd();
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-crowd-'));
  try {
    const path = join(dir, 'crowd.seislabel');
    const store = ProjectStore.create(path, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const classes = store.listClasses().map((c) => c.id);
    const data = [new Float32Array(16)];
    const windowIds: number[] = [];
    const annotators: number[] = [];
    store.transaction(() => {
      for (let w = 0; w < 10_000; w++) windowIds.push(store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['HHZ'], startTime: w * 10_000, samplingRate: 100, data }));
      for (let a = 0; a < 550; a++) annotators.push(store.ensureAnnotator(`p${a}`).id);
      for (const v of votes) store.addLabel({ windowId: windowIds[v.w]!, annotatorId: annotators[v.a]!, kind: 'class', classId: classes[v.label]! });
    });
    store.close();
    const out: BenchFigure[] = [];
    for (const method of ['majority', 'dawid-skene'] as const) {
      const p = ProjectStore.open(path);
      p.updateCrowdSettings({ method });
      const t0 = performance.now();
      p.currentLabel(windowIds[0]!);
      const cold = performance.now() - t0;
      const random = makeRng(3);
      const write: number[] = [];
      const read: number[] = [];
      for (let i = 0; i < 300; i++) {
        const windowId = windowIds[random.int(10_000)]!;
        const t1 = performance.now();
        p.addLabel({ windowId, annotatorId: annotators[500 + random.int(50)]!, kind: 'class', classId: classes[random.int(3)]! });
        const t2 = performance.now();
        p.currentLabel(windowId);
        write.push(t2 - t1);
        read.push(performance.now() - t2);
      }
      p.close();
      out.push(
        { name: `project file, ${method}: first read aggregates 100,000 votes`, value: cold, unit: 'ms' },
        { name: `project file, ${method}: consensus after one more label (p50)`, value: percentile(read, 0.5), unit: 'ms', note: `p99 ${percentile(read, 0.99).toFixed(2)} ms; the label write itself p50 ${percentile(write, 0.5).toFixed(2)} ms (fsync)` },
      );
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  const figures = [...consensusFigures(), ...liveFigures(), ...storeLiveFigures()];
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
  else if (process.argv.includes('--live')) for (const f of [...liveFigures(), ...storeLiveFigures()]) console.log(`${f.name.padEnd(70)} ${f.value.toPrecision(4).padStart(10)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
  else for (const f of await suite()) console.log(`${f.name.padEnd(90)} ${f.value.toPrecision(4).padStart(10)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}
