// How much a held-out score depends on which groups happened to be held out. With a few
// dozen labels a test side holds a handful of windows, and one split's macro-F1 can swing
// by 0.2 with the seed; the model record keeps the scores of several grouped splits (or,
// for a model too slow to fit again, a bootstrap of its test groups) so the screen can
// draw that spread instead of one number that reads as truth.
import { macroF1, type ClassificationReport } from './metrics.js';
import { makeRng } from './rng.js';
import { groupSplit, type GroupSplitOptions } from './splits.js';

/** Summary of one score over repeated splits. */
export interface Spread {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single split. */
  sd: number;
  min: number;
  max: number;
  n: number;
}

/** Scores of a model over repeated grouped splits of its labels. */
export interface RepeatedScores {
  /** Seed of each split, in the order of the other arrays. */
  seeds: number[];
  /** Held-out windows of each split. */
  nTest: number[];
  macroF1: Spread;
  accuracy: Spread;
  /** Per split: classes with no held-out window, left out of that split's macro-F1. */
  leftOut: number[][];
}

/** Mean, sample standard deviation, minimum and maximum of some values. */
export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) throw new RangeError('spread of no values');
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min: Math.min(...values), max: Math.max(...values), n };
}

/**
 * Train/test splits with seeds seed, seed + 1, …: the first is the one a model's own
 * metrics come from. Splits whose test side came out empty (too few groups) are dropped.
 */
export function repeatedGroupSplits(
  opts: Omit<GroupSplitOptions, 'seed' | 'fractions'> & { testFraction: number; seed: number; repeats: number },
): { seed: number; train: Int32Array; test: Int32Array }[] {
  if (!Number.isInteger(opts.repeats) || opts.repeats < 1) throw new RangeError(`repeats must be ≥ 1, got ${opts.repeats}`);
  const out: { seed: number; train: Int32Array; test: Int32Array }[] = [];
  for (let r = 0; r < opts.repeats; r++) {
    const seed = opts.seed + r;
    const s = groupSplit({ groups: opts.groups, labels: opts.labels, fractions: { train: 1 - opts.testFraction, validation: 0, test: opts.testFraction }, seed });
    if (s.test.length && s.train.length) out.push({ seed, train: s.train, test: s.test });
  }
  return out;
}

/** The spread of macro-F1 and accuracy over the reports of repeated splits. */
export function repeatedScores(splits: readonly { seed: number; report: ClassificationReport }[]): RepeatedScores {
  return {
    seeds: splits.map((s) => s.seed),
    nTest: splits.map((s) => s.report.n),
    macroF1: spreadOf(splits.map((s) => s.report.macro.f1)),
    accuracy: spreadOf(splits.map((s) => s.report.accuracy)),
    leftOut: splits.map((s) => s.report.leftOut),
  };
}

/** A score's range as the screen draws it: over repeated splits, or resampled test groups. */
export interface ScoreRange {
  mean: number;
  sd: number;
  /** Lowest and highest over the splits; 5th and 95th percentile of the bootstrap. */
  lo: number;
  hi: number;
  /** Splits, or bootstrap resamples. */
  n: number;
  method: 'splits' | 'bootstrap';
}

/** The range of repeated splits' scores. */
export const splitsRange = (s: Spread): ScoreRange => ({ mean: s.mean, sd: s.sd, lo: s.min, hi: s.max, n: s.n, method: 'splits' });

const quantile = (sorted: readonly number[], q: number): number => {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i]! + (pos - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
};

/**
 * Macro-F1 of one test set resampled by group: the test groups are drawn with replacement
 * `resamples` times and every draw is scored. For models too slow to fit several times
 * (the CNN), this shows how much a score on a handful of groups could move.
 */
export function groupBootstrap(o: {
  truth: ArrayLike<number>;
  pred: ArrayLike<number>;
  groups: ArrayLike<string | number>;
  classes: number;
  resamples: number;
  seed: number;
}): ScoreRange {
  const byGroup = new Map<string | number, number[]>();
  for (let i = 0; i < o.truth.length; i++) {
    const g = o.groups[i]!;
    const list = byGroup.get(g) ?? [];
    list.push(i);
    byGroup.set(g, list);
  }
  const members = [...byGroup.values()];
  if (!members.length) throw new RangeError('bootstrap of an empty test set');
  const rng = makeRng(o.seed);
  const scores: number[] = [];
  for (let r = 0; r < o.resamples; r++) {
    const t: number[] = [];
    const p: number[] = [];
    for (let k = 0; k < members.length; k++) {
      for (const i of members[rng.int(members.length)]!) { t.push(o.truth[i]!); p.push(o.pred[i]!); }
    }
    scores.push(macroF1(t, p, o.classes));
  }
  const s = spreadOf(scores);
  const sorted = [...scores].sort((a, b) => a - b);
  return { mean: s.mean, sd: s.sd, lo: quantile(sorted, 0.05), hi: quantile(sorted, 0.95), n: o.resamples, method: 'bootstrap' };
}
