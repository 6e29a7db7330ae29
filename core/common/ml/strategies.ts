// Query strategies: pure functions from model outputs to the next query batch. All share
// one input shape (row i of every matrix is pool window i) and return pool indices with
// a score per pick (higher = more informative; its meaning is listed per strategy).
import { computeCuts, rankOf } from './featureModelBins.js';
import { kCenterGreedy } from './kcenter.js';
import { assignClusters, kmeans } from './kmeans.js';
import type { Matrix } from './matrix.js';
import { takeRows } from './matrix.js';
import { standardize } from './pca.js';
import { makeRng } from './rng.js';
import { entropyScores, leastConfidenceScores, marginScores, topK } from './uncertainty.js';

/** Model outputs a strategy may need. */
export type StrategyNeed = 'probs' | 'embeddings' | 'features';

/** Names of the query strategies. */
export type StrategyName =
  | 'random'
  | 'entropy'
  | 'margin'
  | 'leastConfidence'
  | 'kCenterGreedy'
  | 'clusterSampling'
  | 'hybrid'
  | 'coldStart';

/** What the UI and API show about a strategy. */
export interface StrategyInfo {
  name: StrategyName;
  /** One line in the user's words (tooltip, CLI help). */
  description: string;
  /** Inputs that must all be present. */
  needs: StrategyNeed[];
  /** At least one of these must be present (the first present one is used). */
  needsOneOf?: StrategyNeed[];
  /** What the per-pick score means. */
  score: string;
}

/** Every strategy, in the order the UI lists them. */
export const STRATEGIES: readonly StrategyInfo[] = [
  { name: 'random', description: 'Windows drawn at random: the baseline to beat.', needs: [], score: '0 (no score)' },
  { name: 'entropy', description: 'Windows where the model spreads its belief over the classes.', needs: ['probs'], score: 'entropy / ln K (0–1)' },
  { name: 'margin', description: 'Windows where the two likeliest classes are nearly tied.', needs: ['probs'], score: '1 − (top − second probability)' },
  { name: 'leastConfidence', description: 'Windows whose likeliest class is least likely.', needs: ['probs'], score: '1 − top probability' },
  { name: 'kCenterGreedy', description: 'Windows unlike anything labeled so far (covers the map).', needs: [], needsOneOf: ['embeddings', 'features'], score: 'distance to the nearest labeled or picked window' },
  { name: 'clusterSampling', description: 'One typical window from each group of similar windows, unlabeled groups first.', needs: [], needsOneOf: ['features', 'embeddings'], score: 'share of the pool in the window’s cluster' },
  { name: 'hybrid', description: 'Uncertain windows that are also unlike each other (best for batches).', needs: ['probs'], needsOneOf: ['embeddings', 'features'], score: '1 − (top − second probability)' },
  { name: 'coldStart', description: 'Before any model: one typical window per cluster of the features (clustered by rank, so outliers do not take clusters).', needs: ['features'], score: 'share of the pool in the window’s cluster' },
];

/** Input of every strategy. Row i of each matrix and mask entry i describe pool window i. */
export interface QueryInput {
  /** 1 = labeled: never picked, and a centre for the diversity strategies. */
  labeledMask: Uint8Array;
  /** Optional 1 = may not be picked (skipped, already queued) though not labeled. */
  excludeMask?: Uint8Array;
  /** N × K class probabilities. */
  probs?: Matrix;
  /** N × D model activations. */
  embeddings?: Matrix;
  /** N × F hand-made features (standardised here, their units differ). */
  features?: Matrix;
  batchSize: number;
  seed: number;
  /** hybrid: uncertain candidates kept before the diversity pass = factor × batch. Default: adaptive (see hybridBatch). */
  candidateFactor?: number;
  /** clusterSampling / coldStart: number of clusters. Default = batch size. */
  clusters?: number;
  /** clusterSampling / coldStart: rows used to fit k-means (seeded sample). Default 5000. */
  fitSample?: number;
}

/** The query batch: pool indices, best first, and one score each. */
export interface QueryResult {
  indices: Int32Array;
  scores: Float64Array;
}

function poolSize(input: QueryInput): number {
  return input.labeledMask.length;
}

function eligibleMask(input: QueryInput): Uint8Array {
  const n = poolSize(input);
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) ok[i] = input.labeledMask[i] || input.excludeMask?.[i] ? 0 : 1;
  return ok;
}

function need(m: Matrix | undefined, name: StrategyNeed, input: QueryInput): Matrix {
  if (!m) throw new RangeError(`this strategy needs ${name}`);
  if (m.rows !== poolSize(input)) throw new RangeError(`${name} has ${m.rows} rows but the pool has ${poolSize(input)} windows`);
  return m;
}

/** The vector space for diversity: embeddings if given, else standardised features. */
function space(input: QueryInput, prefer: 'embeddings' | 'features'): Matrix {
  const order: ('embeddings' | 'features')[] = prefer === 'embeddings' ? ['embeddings', 'features'] : ['features', 'embeddings'];
  for (const name of order) {
    const m = input[name];
    if (!m) continue;
    need(m, name, input);
    return name === 'features' ? standardize(m).data : m;
  }
  throw new RangeError('this strategy needs embeddings or features');
}

function indicesWhere(mask: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) count++;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

function gather(scores: Float64Array, indices: Int32Array): Float64Array {
  return Float64Array.from(indices, (i) => scores[i]!);
}

function randomBatch(input: QueryInput): QueryResult {
  const pool = indicesWhere(eligibleMask(input));
  const pick = makeRng(input.seed).sample(Math.min(input.batchSize, pool.length), pool.length);
  return { indices: Int32Array.from(pick, (k) => pool[k]!), scores: new Float64Array(pick.length) };
}

function uncertaintyBatch(input: QueryInput, scoreFn: (p: Matrix) => Float64Array): QueryResult {
  const scores = scoreFn(need(input.probs, 'probs', input));
  const indices = topK(scores, eligibleMask(input), input.batchSize, input.seed);
  return { indices, scores: gather(scores, indices) };
}

function kCenterBatch(input: QueryInput): QueryResult {
  const x = space(input, 'embeddings');
  const r = kCenterGreedy(x, indicesWhere(eligibleMask(input)), indicesWhere(input.labeledMask), input.batchSize, input.seed);
  return { indices: r.indices, scores: r.distances };
}

/**
 * Hybrid: keep the M most uncertain windows (margin), then k-center greedy among them with
 * the labeled windows as centres. Margin rather than entropy because the costly confusions
 * are between two classes (an S read as P): a tie between the top two matters, how the rest
 * is spread does not.
 *
 * M shrinks as labels come in: EARLY_DIVERSITY × (batch / labeled) of the eligible pool, at
 * least 3 × batch. A forest fitted on a dozen labels is unsure of whole regions it has not
 * seen, and its margin ranks windows inside them at random, so early batches do better
 * spread over the map; with more labels its uncertainty is worth trusting, and a small M
 * keeps the batch nearly as uncertain as pure margin sampling (on the phase set, a fixed
 * 10 × batch let the diversity pass pull in windows the model was already sure of). Chosen
 * on seeds 0–31 and checked on 48 fresh seeds (32–79), simulations grouped by source, cold
 * start: against a fixed 3 × batch, noise/P/S macro-F1 at 18 labels 0.788 → 0.828, labels to
 * 95 % of full pool 24 → 24 (30 with the old cold start), at 60 labels 0.893 → 0.900;
 * earthquake vs noise at 12 labels 0.929 → 0.951, at 30 labels 0.972 either way.
 * If a pick would still duplicate a labeled or picked window (distance 0) while more
 * windows are eligible, M doubles, so a cluster of identical windows cannot fill a batch.
 */
function hybridBatch(input: QueryInput): QueryResult {
  const margin = marginScores(need(input.probs, 'probs', input));
  const x = space(input, 'embeddings');
  const eligible = eligibleMask(input);
  const available = indicesWhere(eligible).length;
  const centres = indicesWhere(input.labeledMask);
  const b = input.batchSize;
  let m = input.candidateFactor !== undefined
    ? Math.max(b, Math.round(input.candidateFactor * b))
    : Math.max(3 * b, Math.round((EARLY_DIVERSITY * available * b) / Math.max(centres.length, b)));
  for (;;) {
    const candidates = topK(margin, eligible, m, input.seed);
    const r = kCenterGreedy(x, candidates, centres, b, input.seed);
    const duplicate = Array.from(r.distances).some((d) => d === 0);
    if (!duplicate || candidates.length >= available) return { indices: r.indices, scores: gather(margin, r.indices) };
    m *= 2;
  }
}

/** Hybrid's share of the eligible pool kept as candidates, per labeled window over the batch size. */
const EARLY_DIVERSITY = 0.5;

/**
 * Each column as its smooth rank in the pool (0…1, see rankOf). Cold start clusters in this
 * space rather than on standardised features: window features are heavy-tailed (kurtosis,
 * energy jumps), and after standardising a few extreme windows stretch their columns so far
 * that k-means spends clusters on them and their medoids are odd windows. Ranks give every
 * column the same spread and keep outliers near the bulk. In simulations grouped by source,
 * the first 6 labels scored on earthquake vs noise 0.919 instead of 0.906 macro-F1 (seeds
 * 0–15) and 0.913 instead of 0.899 (48 fresh seeds); on noise/P/S 0.727 instead of 0.697,
 * then 0.689 instead of 0.698 on the fresh seeds: a gain on one set, level on the other.
 */
export function rankSpace(x: Matrix): Matrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows * cols);
  const column = new Float64Array(rows);
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) column[i] = data[i * cols + f]!;
    const cuts = computeCuts(column);
    for (let i = 0; i < rows; i++) out[i * cols + f] = rankOf(cuts, column[i]!);
  }
  return { data: out, rows, cols };
}

/**
 * Cluster sampling: k-means (fitted on a seeded sample of at most `fitSample` rows, then
 * every row assigned) and, per cluster, the eligible window nearest its centroid.
 * Clusters with the smallest labeled share go first (then the bigger), so groups nobody
 * has labeled yet are asked about before well-covered ones.
 */
function clusterBatch(input: QueryInput, x: Matrix): QueryResult {
  const n = x.rows;
  const eligible = eligibleMask(input);
  const pool = indicesWhere(eligible);
  const want = Math.min(input.batchSize, pool.length);
  if (want === 0) return { indices: new Int32Array(0), scores: new Float64Array(0) };
  const rng = makeRng(input.seed);
  const fitRows = Math.min(n, input.fitSample ?? 5000);
  const fitX = fitRows < n ? takeRows(x, rng.sample(fitRows, n)) : x;
  const k = Math.max(1, Math.min(input.clusters ?? want, fitX.rows));
  const fit = kmeans(fitX, { k, seed: rng.int(2 ** 31), nInit: 2, maxIter: 50 });
  const { labels, sqDistances } = assignClusters(x, fit.centroids);

  const size = new Int32Array(k);
  const labeled = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    size[labels[i]!]! += 1;
    if (input.labeledMask[i]) labeled[labels[i]!]! += 1;
  }
  // Eligible members of each cluster, nearest the centroid first.
  const members = Array.from({ length: k }, () => [] as number[]);
  for (const i of pool) members[labels[i]!]!.push(i);
  for (const list of members) list.sort((a, b) => sqDistances[a]! - sqDistances[b]! || a - b);
  const order = Array.from({ length: k }, (_, c) => c)
    .filter((c) => members[c]!.length > 0)
    .sort((a, b) => labeled[a]! / size[a]! - labeled[b]! / size[b]! || size[b]! - size[a]! || a - b);

  // One per cluster in that order; if clusters run out, go round again with the next-nearest.
  const indices = new Int32Array(want);
  const scores = new Float64Array(want);
  let got = 0;
  for (let round = 0; got < want; round++) {
    for (const c of order) {
      if (got === want) break;
      const list = members[c]!;
      if (round >= list.length) continue;
      indices[got] = list[round]!;
      scores[got++] = size[c]! / n;
    }
  }
  return { indices, scores };
}

/** Picks a query batch with the named strategy. */
export function selectBatch(strategy: StrategyName, input: QueryInput): QueryResult {
  if (!Number.isInteger(input.batchSize) || input.batchSize < 0) throw new RangeError(`batch size must be a whole number ≥ 0, got ${input.batchSize}`);
  if (input.excludeMask && input.excludeMask.length !== poolSize(input)) throw new RangeError('excludeMask and labeledMask differ in length');
  switch (strategy) {
    case 'random':
      return randomBatch(input);
    case 'entropy':
      return uncertaintyBatch(input, entropyScores);
    case 'margin':
      return uncertaintyBatch(input, marginScores);
    case 'leastConfidence':
      return uncertaintyBatch(input, leastConfidenceScores);
    case 'kCenterGreedy':
      return kCenterBatch(input);
    case 'clusterSampling':
      return clusterBatch(input, space(input, 'features'));
    case 'hybrid':
      return hybridBatch(input);
    case 'coldStart':
      return clusterBatch(input, rankSpace(need(input.features, 'features', input)));
    default: {
      const never: never = strategy;
      throw new RangeError(`unknown strategy ${String(never)}`);
    }
  }
}
