// Grouped splits: every window of one group (event, station, source file) lands on one
// side, otherwise near-duplicate windows leak from training into the test score. Groups
// are placed greedily, biggest first, on the side whose per-class counts most need them,
// which stratifies by class as far as the group sizes allow.
import { makeRng } from './rng.js';

/** Indices of the windows on each side, ascending. */
export interface GroupSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Options of `groupSplit`. */
export interface GroupSplitOptions {
  /** One key per window; windows with the same key stay together. */
  groups: ArrayLike<string | number>;
  /** Class of each window for stratification; negative = unlabeled (not stratified). */
  labels?: ArrayLike<number>;
  /** Target shares (normalised to sum 1); a side with 0 gets no group. */
  fractions: { train: number; validation: number; test: number };
  seed: number;
}

/** One fold of a grouped k-fold: indices ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

interface GroupTable {
  /** Group id of each window (0..G-1). */
  ofWindow: Int32Array;
  /** G × (K+1): class counts, last column = group size. */
  counts: Float64Array;
  numGroups: number;
  numClasses: number;
}

function tabulate(groups: ArrayLike<string | number>, labels: ArrayLike<number> | undefined): GroupTable {
  const n = groups.length;
  if (labels && labels.length !== n) throw new RangeError(`${n} groups but ${labels.length} labels`);
  const ids = new Map<string | number, number>();
  const ofWindow = new Int32Array(n);
  let numClasses = 0;
  for (let i = 0; i < n; i++) {
    const key = groups[i]!;
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    ofWindow[i] = g;
    if (labels && labels[i]! >= numClasses) numClasses = Math.floor(labels[i]!) + 1;
  }
  const w = numClasses + 1;
  const counts = new Float64Array(ids.size * w);
  for (let i = 0; i < n; i++) {
    const g = ofWindow[i]!;
    counts[g * w + numClasses]! += 1;
    const y = labels ? labels[i]! : -1;
    if (y >= 0) counts[g * w + Math.floor(y)]! += 1;
  }
  return { ofWindow, counts, numGroups: ids.size, numClasses };
}

/**
 * Assigns groups to sides with target shares. The cost of a side is the squared distance
 * of its class counts and size from their targets, each class scaled by its total so a
 * rare class weighs as much as a common one. Groups are visited by decreasing size
 * bucket (powers of two), in seeded random order within a bucket, so seeds change the
 * split while big groups are still placed while there is room for them.
 */
function assignGroups(t: GroupTable, shares: number[], seed: number): Int32Array {
  const { counts, numGroups: G, numClasses: K } = t;
  const w = K + 1;
  const S = shares.length;
  const totals = new Float64Array(w);
  for (let g = 0; g < G; g++) for (let c = 0; c < w; c++) totals[c]! += counts[g * w + c]!;
  const order = makeRng(seed).shuffle(Array.from({ length: G }, (_, g) => g));
  const bucket = (g: number): number => Math.floor(Math.log2(counts[g * w + K]! + 1));
  order.sort((a, b) => bucket(b) - bucket(a)); // stable: keeps the shuffled order inside a bucket

  const have = new Float64Array(S * w);
  const side = new Int32Array(G);
  const members = Array.from({ length: S }, () => [] as number[]);
  for (const g of order) {
    let best = -1;
    let bestDelta = Infinity;
    for (let s = 0; s < S; s++) {
      if (shares[s]! <= 0) continue;
      let delta = 0;
      for (let c = 0; c < w; c++) {
        const add = counts[g * w + c]!;
        if (add === 0 || totals[c] === 0) continue;
        const gap = have[s * w + c]! - shares[s]! * totals[c]!;
        delta += (2 * add * gap + add * add) / totals[c]!;
      }
      if (delta < bestDelta) {
        bestDelta = delta;
        best = s;
      }
    }
    side[g] = best;
    members[best]!.push(g);
    for (let c = 0; c < w; c++) have[best * w + c]! += counts[g * w + c]!;
  }
  // A wanted side left empty (a few huge groups) takes the smallest group of the side
  // holding the most groups, so no side that was asked for comes back empty.
  for (let s = 0; s < S; s++) {
    if (shares[s]! <= 0 || members[s]!.length > 0) continue;
    let donor = -1;
    for (let o = 0; o < S; o++) if (members[o]!.length > 1 && (donor < 0 || members[o]!.length > members[donor]!.length)) donor = o;
    if (donor < 0) break;
    const list = members[donor]!;
    let pick = 0;
    for (let k = 1; k < list.length; k++) if (counts[list[k]! * w + K]! < counts[list[pick]! * w + K]!) pick = k;
    const g = list.splice(pick, 1)[0]!;
    members[s]!.push(g);
    side[g] = s;
  }
  return side;
}

function collect(t: GroupTable, side: Int32Array, s: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < t.ofWindow.length; i++) if (side[t.ofWindow[i]!] === s) out.push(i);
  return Int32Array.from(out);
}

/** Train/validation/test split with no group on two sides, stratified by class. */
export function groupSplit(opts: GroupSplitOptions): GroupSplit {
  const f = opts.fractions;
  const raw = [f.train, f.validation, f.test];
  if (raw.some((x) => !(x >= 0))) throw new RangeError('split fractions must be ≥ 0');
  const sum = raw[0]! + raw[1]! + raw[2]!;
  if (!(sum > 0)) throw new RangeError('split fractions must not all be 0');
  const t = tabulate(opts.groups, opts.labels);
  const side = assignGroups(t, raw.map((x) => x / sum), opts.seed);
  return { train: collect(t, side, 0), validation: collect(t, side, 1), test: collect(t, side, 2) };
}

/** Grouped, stratified k-fold: each group is in the test part of exactly one fold. */
export function groupKFold(opts: { groups: ArrayLike<string | number>; labels?: ArrayLike<number>; k: number; seed: number }): Fold[] {
  const { k } = opts;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k-fold needs k ≥ 2, got ${k}`);
  const t = tabulate(opts.groups, opts.labels);
  if (t.numGroups < k) throw new RangeError(`cannot make ${k} folds from ${t.numGroups} groups`);
  const side = assignGroups(t, new Array<number>(k).fill(1 / k), opts.seed);
  const folds: Fold[] = [];
  for (let s = 0; s < k; s++) {
    const test = collect(t, side, s);
    const train: number[] = [];
    for (let i = 0; i < t.ofWindow.length; i++) if (side[t.ofWindow[i]!] !== s) train.push(i);
    folds.push({ train: Int32Array.from(train), test });
  }
  return folds;
}
