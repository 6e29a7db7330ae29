// Words for "why this window" and for the model status, kept out of the components so the
// tests can check them without a browser.
import type { Output } from '../../core/common/api/index.js';

/** One entry of `al.reasons`. */
export type QueueReason = Output<'al.reasons'>[number];
/** One entry of `models.list`. */
export type ModelSummary = Output<'models.list'>[number];

const STRATEGY_WORDS: Record<string, string> = {
  random: 'drawn at random',
  entropy: 'the model is unsure between the classes (entropy)',
  margin: 'the two likeliest classes are nearly tied (margin)',
  leastConfidence: 'the likeliest class is not very likely (least confidence)',
  kCenterGreedy: 'unlike the windows labeled so far (k-center)',
  clusterSampling: 'typical of a group of similar windows (cluster sampling)',
  hybrid: 'uncertain and unlike the others in its batch (hybrid)',
  coldStart: 'typical of a cluster of the features (cold start, before any model)',
};

/** The strategy in the user's words. */
export const strategyWords = (strategy: string): string => STRATEGY_WORDS[strategy] ?? strategy;

/** A short model version label ("v3"), or what stood in for a model. */
export const modelLabel = (modelId: number | null): string => (modelId === null ? 'none (no model yet)' : `v${modelId}`);

/** A score as shown (three decimals; scores are 0–1 or small distances). */
export const scoreText = (score: number): string => (Number.isFinite(score) ? score.toFixed(3) : '—');

/** Macro-F1 as shown (with its range over grouped splits, so a small test set does not read as exact), or why there is none. */
export function f1Text(m: ModelSummary | null): string {
  if (!m) return 'no model yet';
  if (m.macroF1 === null) return 'macro-F1 pending (needs 20 labels in 5 groups)';
  const s = m.macroF1Spread;
  if (!s) return `macro-F1 ${m.macroF1.toFixed(2)}`;
  return `macro-F1 ${m.macroF1.toFixed(2)} (${s.lo.toFixed(2)}–${s.hi.toFixed(2)} ${s.method === 'splits' ? `over ${s.n} splits` : 'bootstrap 90 %'})`;
}

/** Age of a timestamp in words ("just now", "4 min ago"). */
export function ago(t: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
