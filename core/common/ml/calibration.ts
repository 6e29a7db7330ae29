// Calibration of class probabilities: does "80 % sure" come true 80 % of the time? A forest
// of unpruned trees on a few dozen labels is often too sure or too shy, and the confidence the
// labeling screen shows and the uncertainty the queue ranks by both read these numbers.
//
// Temperature scaling (Guo et al. 2017): p_k ∝ p_k^(1/T), one parameter fitted by maximum
// likelihood on out-of-fold predictions. One parameter rather than isotonic regression per
// class because the loop has a few dozen labels: a monotone step function per class needs far
// more to be trusted, while a temperature keeps the order of the classes in every window and
// only sharpens (T < 1) or softens (T > 1) all of them together.

/** Floor for probabilities before taking logs: a forest gives exact zeros. */
const EPS = 1e-4;

/** Top-label expected calibration error with equal-width confidence bins. */
export interface CalibrationReport {
  /** Σ_b (n_b / N) · |accuracy_b − mean confidence_b| (0 = perfectly calibrated). */
  ece: number;
  /** Mean negative log-likelihood of the true class. */
  nll: number;
  bins: { lo: number; hi: number; n: number; confidence: number; accuracy: number }[];
}

function checkShape(probs: ArrayLike<number>, y: ArrayLike<number>, K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`calibration needs at least 2 classes, got ${K}`);
  if (probs.length !== y.length * K) throw new RangeError(`${probs.length} probabilities for ${y.length} windows × ${K} classes`);
  for (let i = 0; i < y.length; i++) if (!(y[i]! >= 0 && y[i]! < K)) throw new RangeError(`label ${y[i]} outside [0, ${K})`);
}

/** ECE, NLL and the reliability bins of N × K probabilities against the labels y. */
export function calibrationReport(probs: ArrayLike<number>, y: ArrayLike<number>, K: number, nBins = 10): CalibrationReport {
  checkShape(probs, y, K);
  const N = y.length;
  const bins = Array.from({ length: nBins }, (_, b) => ({ lo: b / nBins, hi: (b + 1) / nBins, n: 0, confidence: 0, accuracy: 0 }));
  let nll = 0;
  for (let i = 0; i < N; i++) {
    let best = 0;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      sum += probs[i * K + k]!;
      if (probs[i * K + k]! > probs[i * K + best]!) best = k;
    }
    const conf = probs[i * K + best]! / sum;
    const bin = bins[Math.min(nBins - 1, Math.floor(conf * nBins))]!;
    bin.n++;
    bin.confidence += conf;
    bin.accuracy += best === y[i] ? 1 : 0;
    nll -= Math.log(Math.max(EPS, probs[i * K + y[i]!]! / sum));
  }
  let ece = 0;
  for (const b of bins) {
    if (!b.n) continue;
    ece += (b.n / N) * Math.abs(b.accuracy / b.n - b.confidence / b.n);
    b.confidence /= b.n;
    b.accuracy /= b.n;
  }
  return { ece, nll: N ? nll / N : 0, bins };
}

/** Probabilities at temperature T: p_k^(1/T), renormalised per row (T = 1 leaves them as they are). */
export function applyTemperature(probs: ArrayLike<number>, K: number, T: number): Float64Array {
  if (!(T > 0) || !Number.isFinite(T)) throw new RangeError(`temperature must be a positive number, got ${T}`);
  const N = probs.length / K;
  const out = new Float64Array(probs.length);
  for (let i = 0; i < N; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, Math.log(Math.max(EPS, probs[i * K + k]!)) / T);
    let s = 0;
    for (let k = 0; k < K; k++) s += out[i * K + k] = Math.exp(Math.log(Math.max(EPS, probs[i * K + k]!)) / T - max);
    for (let k = 0; k < K; k++) out[i * K + k]! /= s;
  }
  return out;
}

/** Bounds of the temperature search: beyond them a handful of labels says nothing more. */
const LOG_T_RANGE = [Math.log(0.05), Math.log(20)] as const;

/**
 * The temperature that maximises the likelihood of the labels y under the probabilities
 * (N × K, e.g. out-of-fold predictions). The negative log-likelihood is convex in 1/T for
 * fixed logits, so a golden-section search on log T finds its minimum.
 */
export function fitTemperature(probs: ArrayLike<number>, y: ArrayLike<number>, K: number): number {
  checkShape(probs, y, K);
  if (!y.length) return 1;
  const nll = (logT: number) => calibrationReport(applyTemperature(probs, K, Math.exp(logT)), y, K, 1).nll;
  let [a, b] = LOG_T_RANGE;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = nll(c);
  let fd = nll(d);
  for (let it = 0; it < 60 && b - a > 1e-6; it++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = nll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = nll(d);
    }
  }
  return Math.exp((a + b) / 2);
}
