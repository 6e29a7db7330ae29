// Confident learning (Northcutt, Jiang & Chuang, JAIR 2021): find windows whose label is
// probably wrong from out-of-fold predicted probabilities. A per-class threshold (the mean
// probability the model gives a class on windows labeled with it) adapts to classes the
// model is timid about; counting which class each window confidently belongs to estimates
// how often each label is swapped for each other, and that many windows are pruned.

/** How to choose the windows to flag. */
export type PruneMethod = 'prune_by_noise_rate' | 'prune_by_class' | 'both' | 'confident_joint';

/** How to order the flagged windows, most suspicious first. */
export type RankBy = 'self_confidence' | 'normalized_margin';

/** Options of `findLabelIssues`. */
export interface ConfidentLearningOptions {
  /** Default 'prune_by_noise_rate': per swapped pair (i→j), the n·Q[i][j] windows labeled i with the largest margin p_j − p_i. */
  method?: PruneMethod;
  /** Default 'self_confidence': lowest probability of the given label first. */
  rankBy?: RankBy;
}

/** The label-error estimate of a set of windows. */
export interface LabelIssues {
  /** Indices of windows whose label is probably wrong, most suspicious first. */
  issues: Int32Array;
  /** Per-class thresholds t_j (mean self-confidence of class j). */
  thresholds: Float64Array;
  /** Confident joint C[given][likely true], K × K counts. */
  confidentJoint: Float64Array;
  /** Estimated joint distribution Q[given][true] of noisy and true labels (sums to 1). */
  noiseJoint: Float64Array;
  /** Per window the ranking score (lower = more suspicious). */
  quality: Float64Array;
}

function checkInputs(probs: ArrayLike<number>, labels: ArrayLike<number>, K: number): void {
  if (probs.length !== labels.length * K) throw new RangeError(`${probs.length} probabilities for ${labels.length} windows × ${K} classes`);
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= K) throw new RangeError(`window ${i}: label ${labels[i]} is not a class in [0, ${K})`);
  }
}

/** Mean probability of class j over the windows labeled j; NaN-free (1 for a class nobody has). */
export function perClassThresholds(probs: ArrayLike<number>, labels: ArrayLike<number>, K: number): Float64Array {
  const sum = new Float64Array(K);
  const n = new Float64Array(K);
  for (let i = 0; i < labels.length; i++) {
    sum[labels[i]] += probs[i * K + labels[i]];
    n[labels[i]]++;
  }
  return Float64Array.from(sum, (s, k) => (n[k] > 0 ? s / n[k] : 1));
}

/** Class each window confidently belongs to (above its threshold, the likeliest such), or -1. */
function confidentClass(probs: ArrayLike<number>, i: number, K: number, t: Float64Array): number {
  let best = -1;
  for (let j = 0; j < K; j++) if (probs[i * K + j] >= t[j] && (best < 0 || probs[i * K + j] > probs[i * K + best])) best = j;
  return best;
}

/** The ranking score: self-confidence, or p_given − max other (normalized margin). */
function qualityOf(probs: ArrayLike<number>, i: number, given: number, K: number, rankBy: RankBy): number {
  const self = probs[i * K + given];
  if (rankBy === 'self_confidence') return self;
  let other = -Infinity;
  for (let j = 0; j < K; j++) if (j !== given && probs[i * K + j] > other) other = probs[i * K + j];
  return self - other;
}

/** Indices of `candidates` with the `count` largest `score`, ties to the lower index. */
function topBy(candidates: number[], score: (i: number) => number, count: number): number[] {
  return candidates
    .map((i) => [score(i), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, count)
    .map((x) => x[1]);
}

/**
 * Windows whose given label is probably wrong. `probs` must be out-of-fold (from a model
 * that never saw the window's label), N × K row-major. Windows where the model's top class
 * is the given label are never flagged, as in cleanlab: the model backs the label.
 */
export function findLabelIssues(probs: ArrayLike<number>, labels: ArrayLike<number>, K: number, opts: ConfidentLearningOptions = {}): LabelIssues {
  checkInputs(probs, labels, K);
  const N = labels.length;
  const method = opts.method ?? 'prune_by_noise_rate';
  const rankBy = opts.rankBy ?? 'self_confidence';
  const thresholds = perClassThresholds(probs, labels, K);
  const joint = new Float64Array(K * K);
  const confident = new Int32Array(N);
  const given = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    confident[i] = confidentClass(probs, i, K, thresholds);
    given[labels[i]]++;
    if (confident[i] >= 0) joint[labels[i] * K + confident[i]]++;
  }
  // Calibrate each row to the number of windows with that label, then normalise to a joint.
  const noiseJoint = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    let row = 0;
    for (let j = 0; j < K; j++) row += joint[i * K + j];
    for (let j = 0; j < K; j++) noiseJoint[i * K + j] = row > 0 ? (joint[i * K + j] / row) * (given[i] / N) : i === j ? given[i] / N : 0;
  }
  const byLabel = Array.from({ length: K }, () => [] as number[]);
  for (let i = 0; i < N; i++) byLabel[labels[i]].push(i);
  const p = (i: number, j: number): number => probs[i * K + j];
  const byNoiseRate = new Set<number>();
  const byClass = new Set<number>();
  for (let i = 0; i < K; i++) {
    let offDiagonal = 0;
    for (let j = 0; j < K; j++) {
      if (j === i) continue;
      offDiagonal += noiseJoint[i * K + j];
      for (const w of topBy(byLabel[i], (w) => p(w, j) - p(w, i), Math.round(N * noiseJoint[i * K + j]))) byNoiseRate.add(w);
    }
    for (const w of topBy(byLabel[i], (w) => -p(w, i), Math.round(N * offDiagonal))) byClass.add(w);
  }
  const quality = new Float64Array(N);
  const flagged: number[] = [];
  for (let i = 0; i < N; i++) {
    quality[i] = qualityOf(probs, i, labels[i], K, rankBy);
    const pick =
      method === 'prune_by_noise_rate' ? byNoiseRate.has(i)
      : method === 'prune_by_class' ? byClass.has(i)
      : method === 'both' ? byNoiseRate.has(i) && byClass.has(i)
      : confident[i] >= 0 && confident[i] !== labels[i];
    let top = 0;
    for (let j = 1; j < K; j++) if (p(i, j) > p(i, top)) top = j;
    if (pick && top !== labels[i]) flagged.push(i);
  }
  flagged.sort((a, b) => quality[a] - quality[b] || a - b);
  return { issues: Int32Array.from(flagged), thresholds, confidentJoint: joint, noiseJoint, quality };
}
