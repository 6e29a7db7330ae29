// Dawid & Skene (1979): each annotator has a confusion matrix θ_a[true][given] and the
// true class of each window is a latent variable; EM alternates the posterior of every
// window's class (E) with class priors and confusion matrices (M). A person who is
// right 95 % of the time then outweighs three who answer at random, and an annotator who
// systematically swaps two classes is read backwards instead of being discarded.
//
// Gold windows (expert labels) are fixed as observed truth, so EM cannot drift away from
// them, and they seed each annotator's first confusion matrix, as Earthquake Detective
// estimated volunteer reliability from gold-standard recordings.
import { argmaxRow, majorityVote, type Consensus } from './majority.js';
import { labelsByWindow, type CrowdId, type LabelValue, type VoteTable } from './votes.js';
import { makeRng } from '../ml/rng.js';

/** Options of `dawidSkene`; everything has a default except `seed` for a random start. */
export interface DawidSkeneOptions {
  /** Start from majority-vote shares (default: deterministic, avoids swapped classes) or from seeded random posteriors. */
  init?: 'majority' | 'random';
  /** Seed of the random start; required with `init: 'random'`. */
  seed?: number;
  /** Expert labels held fixed as the truth of their windows. */
  gold?: Iterable<{ window: CrowdId; label: LabelValue }>;
  /** Laplace pseudo-count added to every cell of every confusion matrix (default 1), so one vote never makes a probability 0. */
  smoothing?: number;
  /**
   * Extra pseudo-count on the diagonal (default K, the number of classes): a prior belief
   * that people answer better than chance (mean accuracy (K+1)/2K before any vote). With
   * one vote per window, plain Laplace smoothing lets EM settle on uninformative matrices
   * and label nearly every window with the commonest class (a simulated 3-class crowd fell
   * from 0.59 to 0.34 accuracy); K pseudo-votes fix that and fade once a person has voted
   * a few dozen times.
   */
  diagonalPrior?: number;
  /** Pseudo-count added to every class prior (default 1). */
  priorSmoothing?: number;
  /** Stop when no posterior moves by more than this between iterations (default 1e-4: smaller moves change no label). */
  tolerance?: number;
  /** Upper bound on EM iterations (default 200). */
  maxIterations?: number;
  /** A previous result: its posteriors (matched by window id) start EM, so new votes re-aggregate in fewer iterations; ignored if the classes differ. */
  previous?: DawidSkeneResult;
  /** Called after each iteration with the largest posterior change; returning false stops (cancel). */
  onIteration?: (iteration: number, change: number) => boolean | void;
}

/** Consensus plus what EM learned about the classes and the people. */
export interface DawidSkeneResult extends Consensus {
  windowIds: CrowdId[];
  annotatorIds: CrowdId[];
  classes: string[];
  /** Estimated share of each class among the windows. */
  priors: Float64Array;
  /** Per annotator a K × K row-stochastic matrix at `a·K² + true·K + given`. */
  confusion: Float64Array;
  /** Per annotator: probability of giving the true class, Σ_k prior_k · θ_a[k][k]. */
  reliability: Float64Array;
  /** Votes of each annotator that entered the estimate. */
  annotatorVotes: Int32Array;
  iterations: number;
  converged: boolean;
  /** Log posterior (log-likelihood + Dirichlet terms) after each E-step; never decreases. */
  objective: number[];
}

/** Dirichlet pseudo-counts: every confusion cell, extra on the diagonal, every class prior. */
interface PseudoCounts {
  cell: number;
  diagonal: number;
  prior: number;
}

interface Params {
  logPrior: Float64Array;
  logTheta: Float64Array;
  priors: Float64Array;
  theta: Float64Array;
}

/** Initial posteriors: previous result where the window is known, else majority shares or seeded random rows. */
function initialPosterior(t: VoteTable, opts: DawidSkeneOptions): Float64Array {
  const K = t.numClasses;
  const W = t.numWindows;
  let T: Float64Array;
  if (opts.init === 'random') {
    if (opts.seed === undefined) throw new RangeError('Dawid–Skene with init "random" needs a seed');
    const rng = makeRng(opts.seed);
    T = new Float64Array(W * K);
    for (let i = 0; i < W * K; i++) T[i] = -Math.log(1 - rng.random()); // Dirichlet(1) rows once normalised
  } else {
    T = majorityVote(t).posterior;
  }
  const prev = opts.previous;
  if (prev && prev.classes.length === K && prev.classes.every((c, k) => c === t.classes[k])) {
    const at = new Map(prev.windowIds.map((id, i) => [id, i]));
    for (let w = 0; w < W; w++) {
      const i = at.get(t.windowIds[w]);
      if (i !== undefined && prev.votes[i] > 0) T.set(prev.posterior.subarray(i * K, (i + 1) * K), w * K);
    }
  }
  for (let w = 0; w < W; w++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += T[w * K + k];
    for (let k = 0; k < K; k++) T[w * K + k] = s > 0 ? T[w * K + k] / s : 1 / K;
  }
  return T;
}

/**
 * M-step: priors and confusion matrices from the posteriors. `goldOnly[a]` makes annotator
 * a's matrix come from their gold votes alone (the first step of a gold-anchored run).
 */
function mStep(t: VoteTable, T: Float64Array, active: Uint8Array, gold: Int32Array, s: PseudoCounts, goldOnly?: Uint8Array): Params {
  const K = t.numClasses;
  const A = t.numAnnotators;
  const priors = new Float64Array(K).fill(s.prior);
  for (let w = 0; w < t.numWindows; w++) if (active[w]) for (let k = 0; k < K; k++) priors[k] += T[w * K + k];
  const theta = new Float64Array(A * K * K).fill(s.cell);
  for (let a = 0; a < A; a++) for (let k = 0; k < K; k++) theta[a * K * K + k * K + k] += s.diagonal;
  for (let v = 0; v < t.numVotes; v++) {
    const w = t.voteWindow[v];
    const a = t.voteAnnotator[v];
    if (goldOnly && goldOnly[a] && gold[w] < 0) continue;
    const base = a * K * K + t.voteLabel[v];
    for (let k = 0; k < K; k++) theta[base + k * K] += T[w * K + k];
  }
  const logPrior = new Float64Array(K);
  const logTheta = new Float64Array(A * K * K);
  let total = 0;
  for (let k = 0; k < K; k++) total += priors[k];
  for (let k = 0; k < K; k++) {
    priors[k] /= total;
    logPrior[k] = Math.log(priors[k]);
  }
  for (let r = 0; r < A * K; r++) {
    let s = 0;
    for (let l = 0; l < K; l++) s += theta[r * K + l];
    for (let l = 0; l < K; l++) {
      theta[r * K + l] /= s;
      logTheta[r * K + l] = Math.log(theta[r * K + l]);
    }
  }
  return { logPrior, logTheta, priors, theta };
}

/** E-step in place; returns the largest posterior change and the log posterior of the parameters. */
function eStep(t: VoteTable, T: Float64Array, active: Uint8Array, gold: Int32Array, p: Params, s: PseudoCounts): { change: number; objective: number } {
  const K = t.numClasses;
  const { start, items } = t.byWindow;
  const lp = new Float64Array(K);
  let change = 0;
  let objective = 0;
  for (let w = 0; w < t.numWindows; w++) {
    if (!active[w]) continue;
    lp.set(p.logPrior);
    for (let j = start[w]; j < start[w + 1]; j++) {
      const v = items[j];
      const base = t.voteAnnotator[v] * K * K + t.voteLabel[v];
      for (let k = 0; k < K; k++) lp[k] += p.logTheta[base + k * K];
    }
    if (gold[w] >= 0) {
      objective += lp[gold[w]];
      continue; // the truth of a gold window is observed, its posterior stays one-hot
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (lp[k] > max) max = lp[k];
    let sum = 0;
    for (let k = 0; k < K; k++) sum += (lp[k] = Math.exp(lp[k] - max));
    objective += max + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const next = lp[k] / sum;
      const d = Math.abs(next - T[w * K + k]);
      if (d > change) change = d;
      T[w * K + k] = next;
    }
  }
  // Dirichlet terms of the pseudo-counts, so the objective is what EM maximises.
  for (let k = 0; k < K; k++) objective += s.prior * p.logPrior[k];
  for (let i = 0; i < p.logTheta.length; i++) objective += (s.cell + ((i % (K * K)) % (K + 1) === 0 ? s.diagonal : 0)) * p.logTheta[i];
  return { change, objective };
}

/** Reliability-weighted consensus by Dawid–Skene EM, optionally anchored on gold windows. */
export function dawidSkene(t: VoteTable, opts: DawidSkeneOptions = {}): DawidSkeneResult {
  const K = t.numClasses;
  const W = t.numWindows;
  const A = t.numAnnotators;
  const s: PseudoCounts = { cell: opts.smoothing ?? 1, diagonal: opts.diagonalPrior ?? K, prior: opts.priorSmoothing ?? 1 };
  const tolerance = opts.tolerance ?? 1e-4;
  const maxIterations = opts.maxIterations ?? 200;
  if (!(s.cell > 0) || !(s.diagonal >= 0) || !(s.prior >= 0)) throw new RangeError('Dawid–Skene smoothing must be > 0, diagonal and prior pseudo-counts ≥ 0');
  const gold = opts.gold ? labelsByWindow(t, opts.gold) : new Int32Array(W).fill(-1);
  const votes = new Int32Array(W);
  const active = new Uint8Array(W);
  for (let w = 0; w < W; w++) {
    votes[w] = t.byWindow.start[w + 1] - t.byWindow.start[w];
    active[w] = votes[w] > 0 || gold[w] >= 0 ? 1 : 0;
  }
  const T = initialPosterior(t, opts);
  const goldOnly = new Uint8Array(A);
  for (let w = 0; w < W; w++) {
    if (gold[w] < 0) continue;
    T.fill(0, w * K, (w + 1) * K);
    T[w * K + gold[w]] = 1;
    for (let j = t.byWindow.start[w]; j < t.byWindow.start[w + 1]; j++) goldOnly[t.voteAnnotator[t.byWindow.items[j]]] = 1;
  }
  // A warm start already carries what was learned; gold-only matrices would throw it away.
  let params = mStep(t, T, active, gold, s, opts.previous ? undefined : goldOnly);
  const objective: number[] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const step = eStep(t, T, active, gold, params, s);
    objective.push(step.objective);
    params = mStep(t, T, active, gold, s);
    if (step.change < tolerance) converged = true;
    if (converged || opts.onIteration?.(iterations, step.change) === false) break;
  }

  const label = new Int32Array(W).fill(-1);
  const confidence = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    if (!active[w]) {
      T.set(params.priors, w * K);
      continue;
    }
    label[w] = argmaxRow(T, w, K, params.priors);
    confidence[w] = T[w * K + label[w]];
  }
  const reliability = new Float64Array(A);
  for (let a = 0; a < A; a++) for (let k = 0; k < K; k++) reliability[a] += params.priors[k] * params.theta[a * K * K + k * K + k];
  const annotatorVotes = Int32Array.from({ length: A }, (_, a) => t.byAnnotator.start[a + 1] - t.byAnnotator.start[a]);
  return {
    label, posterior: T, confidence, votes,
    windowIds: t.windowIds, annotatorIds: t.annotatorIds, classes: t.classes,
    priors: params.priors, confusion: params.theta, reliability, annotatorVotes,
    iterations, converged, objective,
  };
}
