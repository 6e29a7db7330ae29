// A seeded crowd: windows with known true classes judged by people of different skill,
// each drawing their answer from their own confusion matrix. It is how consensus methods
// are compared before real volunteers arrive, and how tests know the right answer.
import { makeRng, type Rng } from '../ml/rng.js';
import type { Vote } from './votes.js';

/** Kinds of annotators seen in citizen-science projects. */
export type AnnotatorKind = 'expert' | 'competent' | 'noisy' | 'spammer' | 'biased' | 'adversarial';

/** One simulated person and the confusion matrix (K × K, row = true class) they answer from. */
export interface SimulatedAnnotator {
  id: string;
  kind: AnnotatorKind;
  confusion: Float64Array;
}

/** Options of `simulateCrowd`. */
export interface CrowdSimulationOptions {
  windows: number;
  classes: number;
  /** Share of each true class (default equal). */
  priors?: readonly number[];
  annotators: number;
  /** Relative share of each kind of annotator (default: the mix of `DEFAULT_MIX`). */
  mix?: Partial<Record<AnnotatorKind, number>>;
  /** Different people judging each window (capped at the number of annotators). */
  votesPerWindow: number;
  /**
   * Who does the work: 'equal' (default) spreads windows evenly; 'heavyTailed' gives the
   * person of rank r a share ∝ 1/r, as on Zooniverse where a few volunteers classify most
   * subjects and most classify a handful.
   */
  workload?: 'equal' | 'heavyTailed';
  /** Share of windows with an expert label (gold), default 0. */
  goldShare?: number;
  seed: number;
}

/** The simulated truth, the votes and the gold labels drawn from it. */
export interface SimulatedCrowd {
  truth: Int32Array;
  votes: Vote[];
  gold: Array<{ window: number; label: number }>;
  annotators: SimulatedAnnotator[];
  classes: string[];
}

/**
 * A crowd where skill differs: a few experts, many competent and noisy volunteers, and the
 * spammers, one-button clickers and contrarians every open project attracts.
 */
export const DEFAULT_MIX: Record<AnnotatorKind, number> = { expert: 0.1, competent: 0.3, noisy: 0.25, spammer: 0.15, biased: 0.1, adversarial: 0.1 };

/** Mean probability of the true answer by kind; individuals vary around it. */
const ACCURACY: Record<AnnotatorKind, number> = { expert: 0.95, competent: 0.8, noisy: 0.6, spammer: NaN, biased: NaN, adversarial: 0.15 };

/** A confusion matrix for one annotator of the given kind (row-stochastic, K × K). */
export function annotatorConfusion(kind: AnnotatorKind, K: number, rng: Rng): Float64Array {
  const m = new Float64Array(K * K);
  if (kind === 'spammer') return m.fill(1 / K);
  if (kind === 'biased') {
    // Presses mostly one button whatever the window shows.
    const fav = rng.int(K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) m[k * K + l] = l === fav ? 0.85 : 0.15 / (K - 1);
    return m;
  }
  const jitter = kind === 'expert' ? 0.03 : 0.06;
  for (let k = 0; k < K; k++) {
    const acc = Math.min(0.99, Math.max(0.01, ACCURACY[kind] + jitter * (2 * rng.random() - 1)));
    // Errors do not fall evenly: random shares make some swaps likelier than others.
    const shares = Array.from({ length: K }, (_, l) => (l === k ? 0 : 0.5 + rng.random()));
    const total = shares.reduce((s, x) => s + x, 0);
    for (let l = 0; l < K; l++) m[k * K + l] = l === k ? acc : ((1 - acc) * shares[l]) / total;
  }
  return m;
}

/** Draws an index from a discrete distribution stored at `p[offset .. offset+K)`. */
function draw(p: ArrayLike<number>, offset: number, K: number, rng: Rng): number {
  let u = rng.random();
  for (let k = 0; k < K - 1; k++) {
    u -= p[offset + k];
    if (u < 0) return k;
  }
  return K - 1;
}

/** Annotator kinds in proportion to `mix`, by largest remainder so small crowds keep every kind with a share. */
function kindsFor(n: number, mix: Partial<Record<AnnotatorKind, number>>): AnnotatorKind[] {
  const entries = (Object.keys(mix) as AnnotatorKind[]).filter((k) => (mix[k] ?? 0) > 0);
  const total = entries.reduce((s, k) => s + mix[k]!, 0);
  if (!(total > 0)) throw new RangeError('crowd mix needs at least one kind with a positive share');
  const exact = entries.map((k) => (n * mix[k]!) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = n - counts.reduce((s, c) => s + c, 0), j = 0; r > 0; r--, j++) counts[order[j][1]]++;
  return entries.flatMap((k, i) => new Array<AnnotatorKind>(counts[i]).fill(k));
}

/** Draws k distinct indices with probability ∝ weight (repeat draws are redrawn, k ≤ n). */
function weightedPicker(weights: number[], rng: Rng): (k: number) => number[] {
  const cumulative = new Float64Array(weights.length);
  weights.reduce((s, x, i) => (cumulative[i] = s + x), 0);
  const total = cumulative[weights.length - 1];
  return (k) => {
    const chosen = new Set<number>();
    while (chosen.size < k) {
      const u = rng.random() * total;
      let lo = 0;
      let hi = weights.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      chosen.add(lo);
    }
    return [...chosen];
  };
}

/** Simulates a crowd labeling `windows` windows, `votesPerWindow` different people each. */
export function simulateCrowd(opts: CrowdSimulationOptions): SimulatedCrowd {
  const { windows: W, classes: K, annotators: A, seed } = opts;
  if (!(K >= 2) || !(A >= 1) || !(W >= 1)) throw new RangeError('a crowd needs ≥ 2 classes, ≥ 1 annotator and ≥ 1 window');
  const rng = makeRng(seed);
  const priors = opts.priors ?? new Array<number>(K).fill(1 / K);
  if (priors.length !== K) throw new RangeError(`${priors.length} priors for ${K} classes`);
  const priorSum = priors.reduce((s, x) => s + x, 0);
  const prior = priors.map((p) => p / priorSum);
  const annotators = kindsFor(A, opts.mix ?? DEFAULT_MIX).map((kind, i) => ({ id: `a${i}`, kind, confusion: annotatorConfusion(kind, K, rng) }));
  const truth = Int32Array.from({ length: W }, () => draw(prior, 0, K, rng));
  const k = Math.min(opts.votesPerWindow, A);
  const votes: Vote[] = [];
  const pickers = opts.workload === 'heavyTailed' ? weightedPicker(rng.shuffle(Array.from({ length: A }, (_, r) => 1 / (r + 1))), rng) : null;
  for (let w = 0; w < W; w++) {
    for (const a of pickers ? pickers(k) : rng.sample(k, A)) {
      const who = annotators[a];
      votes.push({ window: w, annotator: who.id, label: draw(who.confusion, truth[w] * K, K, rng) });
    }
  }
  const goldCount = Math.round((opts.goldShare ?? 0) * W);
  const gold = Array.from(rng.sample(goldCount, W), (w) => ({ window: w, label: truth[w] }));
  return { truth, votes, gold, annotators, classes: Array.from({ length: K }, (_, c) => String(c)) };
}
