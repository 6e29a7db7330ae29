// Majority vote: the baseline every crowd project starts from and the starting point of
// Dawid–Skene. Ties are broken by a fixed rule rather than by input order, so the same
// votes always give the same consensus whatever order the store returns them in.
import { windowClassCounts, type VoteTable } from './votes.js';

/** The project's label of each window, derived from everyone's votes. */
export interface Consensus {
  /** Class per window; -1 for a window without votes. */
  label: Int32Array;
  /** Probability of each class per window, row-major W × K (vote shares for majority). */
  posterior: Float64Array;
  /** Probability of the chosen class (share of the votes for majority). */
  confidence: Float64Array;
  /** Number of people who voted on the window. */
  votes: Int32Array;
}

/** Options of `majorityVote`. */
export interface MajorityOptions {
  /** One weight per annotator (e.g. reliability); default 1 for everyone. */
  weights?: ArrayLike<number>;
}

/**
 * Index of the largest entry of row `i`; ties go to the class with the larger `tieOrder`
 * (its overall frequency), then to the lower index. The overall frequency is the best
 * guess for a coin-flip window, and the index makes the rule total.
 */
export function argmaxRow(p: Float64Array, i: number, K: number, tieOrder?: Float64Array): number {
  let best = 0;
  for (let k = 1; k < K; k++) {
    const d = p[i * K + k] - p[i * K + best];
    if (d > 1e-12 || (d >= -1e-12 && tieOrder !== undefined && tieOrder[k] > tieOrder[best])) best = k;
  }
  return best;
}

/** Vote counts per window; chosen class = most votes, confidence = its share of the votes. */
export function majorityVote(t: VoteTable, opts: MajorityOptions = {}): Consensus {
  const K = t.numClasses;
  const W = t.numWindows;
  const counts = windowClassCounts(t, opts.weights);
  const totals = new Float64Array(K);
  for (let v = 0; v < t.numVotes; v++) totals[t.voteLabel[v]]++;
  const label = new Int32Array(W);
  const confidence = new Float64Array(W);
  const votes = new Int32Array(W);
  for (let w = 0; w < W; w++) {
    votes[w] = t.byWindow.start[w + 1] - t.byWindow.start[w];
    let sum = 0;
    for (let k = 0; k < K; k++) sum += counts[w * K + k];
    if (!(sum > 0)) {
      label[w] = -1;
      continue;
    }
    for (let k = 0; k < K; k++) counts[w * K + k] /= sum;
    label[w] = argmaxRow(counts, w, K, totals);
    confidence[w] = counts[w * K + label[w]];
  }
  return { label, posterior: counts, confidence, votes };
}
