// Agreement between people beyond what chance gives. Kappa and alpha measure the labels,
// not the labelers' honesty: two spammers pressing the same button agree perfectly and
// still score 0, because chance explains all of it.
import { windowClassCounts, type CrowdId, type VoteTable } from './votes.js';

/** Cohen's kappa of one pair of annotators on the windows both judged. */
export interface PairAgreement {
  a: number;
  b: number;
  annotatorA: CrowdId;
  annotatorB: CrowdId;
  /** Windows both labeled. */
  shared: number;
  /** Share of those windows where they gave the same class. */
  observed: number;
  kappa: number;
}

/**
 * Cohen's kappa from a K × K table of joint counts. When chance agreement is 1 (both always
 * gave the same single class) kappa is 1, as in ml/metrics.ts: identical labelings agree.
 */
export function kappaFromJoint(joint: ArrayLike<number>, K: number): { kappa: number; observed: number; n: number } {
  let n = 0;
  let po = 0;
  let pe = 0;
  for (let i = 0; i < K * K; i++) n += joint[i];
  if (n === 0) return { kappa: NaN, observed: NaN, n };
  for (let c = 0; c < K; c++) {
    po += joint[c * K + c];
    let row = 0;
    let col = 0;
    for (let k = 0; k < K; k++) {
      row += joint[c * K + k];
      col += joint[k * K + c];
    }
    pe += (row / n) * (col / n);
  }
  po /= n;
  return { kappa: pe >= 1 ? 1 : (po - pe) / (1 - pe), observed: po, n };
}

/** Cohen's kappa for every pair of annotators who share at least `minShared` windows (default 1). */
export function pairwiseKappa(t: VoteTable, opts: { minShared?: number } = {}): PairAgreement[] {
  const K = t.numClasses;
  const KK = K * K;
  const A = t.numAnnotators;
  const minShared = opts.minShared ?? 1;
  const w = t.byWindow;
  const mine = t.byAnnotator;
  // For one annotator a at a time, the joint tables with every later annotator b live in a
  // dense scratch row (A·K² numbers); only the pairs that met are visited and reset, so the
  // cost follows the votes, not the A² possible pairs.
  const scratch = new Float64Array(A * KK);
  const met = new Uint8Array(A);
  const touched: number[] = [];
  const out: PairAgreement[] = [];
  for (let a = 0; a < A; a++) {
    for (let j = mine.start[a]; j < mine.start[a + 1]; j++) {
      const u = mine.items[j];
      const win = t.voteWindow[u];
      for (let i = w.start[win]; i < w.start[win + 1]; i++) {
        const v = w.items[i];
        const b = t.voteAnnotator[v];
        if (b <= a) continue;
        if (!met[b]) {
          met[b] = 1;
          touched.push(b);
        }
        scratch[b * KK + t.voteLabel[u] * K + t.voteLabel[v]]++;
      }
    }
    touched.sort((p, q) => p - q);
    for (const b of touched) {
      const joint = scratch.subarray(b * KK, (b + 1) * KK);
      const k = kappaFromJoint(joint, K);
      if (k.n >= minShared) out.push({ a, b, annotatorA: t.annotatorIds[a], annotatorB: t.annotatorIds[b], shared: k.n, observed: k.observed, kappa: k.kappa });
      joint.fill(0);
      met[b] = 0;
    }
    touched.length = 0;
  }
  return out;
}

/** Fleiss' kappa overall and per class. */
export interface FleissResult {
  kappa: number;
  /** Category-specific kappa (Fleiss 1971); NaN for a class nobody or everybody used. */
  perClass: Float64Array;
  /** Mean agreement between pairs of votes on one window (P̄) and what chance gives (P_e). */
  observed: number;
  expected: number;
  /** Windows with at least two votes (the others cannot show agreement). */
  windows: number;
}

/**
 * Fleiss' kappa from per-window class counts (W × K). Windows may have different numbers
 * of votes: each window's agreement is over its own pairs of votes, as in Fleiss' formula
 * with m replaced by the window's m_i.
 */
export function fleissKappaFromCounts(counts: ArrayLike<number>, K: number): FleissResult {
  const W = counts.length / K;
  const classTotals = new Float64Array(K);
  const disagreement = new Float64Array(K);
  let sumP = 0;
  let N = 0;
  let votes = 0;
  for (let w = 0; w < W; w++) {
    let m = 0;
    for (let k = 0; k < K; k++) m += counts[w * K + k];
    if (m < 2) continue;
    N++;
    votes += m;
    let same = 0;
    for (let k = 0; k < K; k++) {
      const x = counts[w * K + k];
      same += x * (x - 1);
      classTotals[k] += x;
      disagreement[k] += (x * (m - x)) / (m * (m - 1));
    }
    sumP += same / (m * (m - 1));
  }
  const perClass = new Float64Array(K);
  let expected = 0;
  for (let k = 0; k < K; k++) {
    const p = classTotals[k] / votes;
    expected += p * p;
    perClass[k] = p > 0 && p < 1 ? 1 - disagreement[k] / (N * p * (1 - p)) : NaN;
  }
  const observed = sumP / N;
  const kappa = N === 0 ? NaN : expected >= 1 ? 1 : (observed - expected) / (1 - expected);
  return { kappa, perClass, observed, expected, windows: N };
}

/** Fleiss' kappa of all votes in the table. */
export function fleissKappa(t: VoteTable): FleissResult {
  return fleissKappaFromCounts(windowClassCounts(t), t.numClasses);
}

/**
 * Krippendorff's alpha for nominal data from per-window counts. Missing votes are simply
 * absent; a window with one vote has no pair and drops out, as Krippendorff prescribes.
 * α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k over the coincidence matrix o.
 */
export function krippendorffAlphaFromCounts(counts: ArrayLike<number>, K: number): number {
  const W = counts.length / K;
  const nc = new Float64Array(K);
  let n = 0;
  let coincidentSame = 0;
  for (let w = 0; w < W; w++) {
    let m = 0;
    for (let k = 0; k < K; k++) m += counts[w * K + k];
    if (m < 2) continue;
    for (let k = 0; k < K; k++) {
      const x = counts[w * K + k];
      nc[k] += x;
      coincidentSame += (x * (x - 1)) / (m - 1);
    }
    n += m;
  }
  let sumSq = 0;
  for (let k = 0; k < K; k++) sumSq += nc[k] * nc[k];
  const expectedPairs = n * n - sumSq;
  if (expectedPairs <= 0) return n > 0 ? 1 : NaN;
  return 1 - ((n - 1) * (n - coincidentSame)) / expectedPairs;
}

/** Krippendorff's alpha (nominal) of all votes in the table. */
export function krippendorffAlpha(t: VoteTable): number {
  return krippendorffAlphaFromCounts(windowClassCounts(t), t.numClasses);
}
