// When to stop labeling: once successive models predict the same classes on a fixed
// "stop set" of unlabeled windows, more labels are unlikely to change the model much
// (stabilising predictions, Bloodgood & Vijay-Shanker 2009: kappa ≥ 0.99 over 3 rounds).
import { cohenKappa } from './metrics.js';

/** Agreement between the models of two successive rounds. */
export interface RoundAgreement {
  /** Share of stop-set windows predicted as the same class. */
  agreement: number;
  /** Cohen's kappa of the two predictions (agreement beyond chance). */
  kappa: number;
}

/** Stop suggestion with the evidence behind it. */
export interface StoppingHint {
  /** rounds.length − 1 entries: round r versus round r + 1. */
  history: RoundAgreement[];
  stop: boolean;
  /** One sentence for the UI. */
  reason: string;
}

/** Agreement of two rounds' predicted classes on the same windows. */
export function roundAgreement(a: ArrayLike<number>, b: ArrayLike<number>, numClasses: number): RoundAgreement {
  if (a.length !== b.length) throw new RangeError(`${a.length} and ${b.length} predictions: use one fixed stop set`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return { agreement: a.length ? same / a.length : 0, kappa: cohenKappa(a, b, numClasses) };
}

/**
 * Compares each round's predicted classes on the same stop set with the previous
 * round's; suggests stopping when the last `window` kappas are all ≥ `threshold`.
 */
export function stoppingHint(
  rounds: readonly ArrayLike<number>[],
  opts: { numClasses: number; threshold?: number; window?: number },
): StoppingHint {
  const history: RoundAgreement[] = [];
  for (let r = 1; r < rounds.length; r++) history.push(roundAgreement(rounds[r - 1]!, rounds[r]!, opts.numClasses));
  return hintFromHistory(history, opts);
}

/** The stop suggestion from the agreements of successive rounds (oldest first). */
export function hintFromHistory(history: RoundAgreement[], opts: { threshold?: number; window?: number } = {}): StoppingHint {
  const threshold = opts.threshold ?? 0.99;
  const window = opts.window ?? 3;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be ≥ 1, got ${window}`);
  if (history.length < window) {
    return { history, stop: false, reason: `need ${window + 1} rounds of predictions, have ${history.length + 1}` };
  }
  const recent = history.slice(-window);
  const low = Math.min(...recent.map((h) => h.kappa));
  const stop = low >= threshold;
  return {
    history,
    stop,
    reason: stop
      ? `predictions stable: kappa ≥ ${threshold} over the last ${window} rounds (lowest ${low.toFixed(3)})`
      : `predictions still changing: lowest kappa over the last ${window} rounds is ${low.toFixed(3)} (< ${threshold})`,
  };
}
