// Which model serves the queue: the feature forest, the waveform CNN, or their average, chosen
// by macro-F1 on the same held-out windows (groups neither model trained on). The CNN only
// earns the queue where it beats the forest on windows from unseen groups: with few labels it
// usually does not, and the forest is retrained after every few labels while the CNN is not.
import { argmaxRows } from './matrix.js';
import { macroF1 } from './metrics.js';

export type ServingKind = 'forest' | 'cnn' | 'ensemble';

/** Order of preference on a tie: the cheaper, always-fresh model first. */
export const SERVING_ORDER: readonly ServingKind[] = ['forest', 'ensemble', 'cnn'];

export interface ServingChoice {
  kind: ServingKind;
  /** Held-out macro-F1 of each candidate on the same windows. */
  scores: Record<ServingKind, number>;
  nTest: number;
}

/**
 * Scores forest, CNN and their equal-weight average on the held-out windows (probabilities
 * N × K each, truth y) and picks the best; a candidate must beat the forest by more than
 * `margin` to replace it, so noise on a few dozen windows does not flip the choice.
 */
export function chooseServing(forest: ArrayLike<number>, cnn: ArrayLike<number>, y: ArrayLike<number>, K: number, margin = 0): ServingChoice {
  const N = y.length;
  if (forest.length !== N * K || cnn.length !== N * K) throw new RangeError(`expected ${N} × ${K} probabilities from both models, got ${forest.length} and ${cnn.length}`);
  const ensemble = Float64Array.from(forest, (v, i) => 0.5 * (v + cnn[i]!));
  const score = (p: ArrayLike<number>) => (N ? macroF1(y, argmaxRows(p, K), K) : 0);
  const scores: Record<ServingKind, number> = { forest: score(forest), cnn: score(cnn), ensemble: score(ensemble) };
  let kind: ServingKind = 'forest';
  for (const k of SERVING_ORDER) if (scores[k] > scores[kind] + (kind === 'forest' ? margin : 0)) kind = k;
  return { kind, scores, nTest: N };
}
