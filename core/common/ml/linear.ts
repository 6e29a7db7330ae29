// A regularised multinomial logistic regression on robustly standardised features: the
// small, well-calibrated partner of the feature forest.
//
// Why it helps with few labels: a forest needs several labeled windows on each side of a
// threshold before a feature matters, while a linear model lets every standardised
// feature vote a little from the first labels on, and the L2 penalty keeps those votes
// small until the data support them. Its probabilities are smooth in the features, which
// suits uncertainty sampling.
//
// Standardisation is robust (median and inter-quartile range, clipped to ±CLIP) because
// window features are heavy-tailed (kurtosis, jump ratios) and one outlier must not
// dominate a standard deviation fitted on 20 labels. Missing values (NaN) sit at the median.
// Training is deterministic (convex objective, zero start, L-BFGS), so no seed is needed.

import { asMatrix, type FeatureMatrix } from './featureModel.js';

/** Training options; only `classes` is required. */
export interface LinearModelOptions {
  /** Number of classes K; labels must lie in [0, K). Classes absent from y get probability 0. */
  classes: number;
  /** L2 penalty on the weights (not the intercepts), against a summed weighted log-loss (default 1, i.e. sklearn's C = 1). */
  l2?: number;
  /** 'balanced' weighs class k by n / (classes present · n_k); an array gives one weight per class. */
  classWeights?: 'balanced' | number[];
  /** L-BFGS iterations at most (default 300). */
  maxIter?: number;
}

/** Serialised model; plain JSON. */
export interface LinearModelJSON {
  kind: 'seislabel.linear';
  version: 1;
  classes: number;
  features: number;
  center: number[];
  scale: number[];
  /** K × (F + 1) row-major: per class the F weights on standardised features, then the intercept. */
  weights: number[];
  /** 1 for classes seen in training, 0 for classes that get probability 0. */
  present: number[];
}

/** Standardised features are clipped to this many robust standard deviations. */
const CLIP = 4;
/** IQR of a standard normal: IQR / 1.349 estimates the standard deviation. */
const IQR_TO_SD = 1.349;
const LBFGS_MEMORY = 8;

function quantileSorted(s: Float64Array, q: number): number {
  if (s.length === 0) return 0;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Robust location and scale per column: median and IQR/1.349 (falling back to the standard deviation, then 1). */
export function robustScaling(data: Float64Array, rows: number, cols: number): { center: Float64Array; scale: Float64Array } {
  const center = new Float64Array(cols);
  const scale = new Float64Array(cols).fill(1);
  for (let f = 0; f < cols; f++) {
    const v: number[] = [];
    for (let i = 0; i < rows; i++) {
      const x = data[i * cols + f];
      if (Number.isFinite(x)) v.push(x);
    }
    if (v.length === 0) continue;
    const s = Float64Array.from(v).sort();
    center[f] = quantileSorted(s, 0.5);
    let sc = (quantileSorted(s, 0.75) - quantileSorted(s, 0.25)) / IQR_TO_SD;
    if (!(sc > 1e-12 * (Math.abs(center[f]) + 1e-300))) {
      // Over half the values tied (e.g. H/V = 0 on vertical-only stations): use the spread of all.
      let m = 0;
      for (const x of s) m += x;
      m /= s.length;
      let var2 = 0;
      for (const x of s) var2 += (x - m) ** 2;
      sc = Math.sqrt(var2 / s.length);
    }
    scale[f] = sc > 1e-12 * (Math.abs(center[f]) + 1e-300) ? sc : 0;
  }
  return { center, scale };
}

/** A trained linear model. */
export class LinearModel {
  readonly classes: number;
  readonly features: number;

  constructor(
    private readonly center: Float64Array,
    /** 0 marks a constant feature, which is ignored. */
    private readonly scale: Float64Array,
    private readonly weights: Float64Array,
    private readonly present: Uint8Array,
  ) {
    this.classes = present.length;
    this.features = center.length;
  }

  /** Class probabilities, N × K row-major; each row sums to 1. */
  predictProba(X: FeatureMatrix): Float64Array<ArrayBuffer> {
    const { data, rows, cols } = asMatrix(X);
    if (cols !== this.features && rows > 0) throw new Error(`model expects ${this.features} features, got ${cols}`);
    const K = this.classes;
    const F = this.features;
    const out = new Float64Array(rows * K);
    const zrow = new Float64Array(F);
    const logits = new Float64Array(K);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < F; f++) zrow[f] = standardized(data[i * cols + f], this.center[f], this.scale[f]);
      logitsOf(this.weights, zrow, F, K, this.present, logits);
      softmaxInto(logits, this.present, out, i * K);
    }
    return out;
  }

  /** Weights on the standardised features, K × F row-major (how strongly each feature pushes each class). */
  coefficients(): Float64Array<ArrayBuffer> {
    const K = this.classes;
    const F = this.features;
    const out = new Float64Array(K * F);
    for (let k = 0; k < K; k++) for (let f = 0; f < F; f++) out[k * F + f] = this.weights[k * (F + 1) + f];
    return out;
  }

  /** Plain-JSON form; linearModelFromJSON restores an identical model. */
  toJSON(): LinearModelJSON {
    return {
      kind: 'seislabel.linear',
      version: 1,
      classes: this.classes,
      features: this.features,
      center: Array.from(this.center),
      scale: Array.from(this.scale),
      weights: Array.from(this.weights),
      present: Array.from(this.present),
    };
  }
}

/** Restores a model written by LinearModel.toJSON. */
export function linearModelFromJSON(json: LinearModelJSON): LinearModel {
  if (json.kind !== 'seislabel.linear' || json.version !== 1) throw new Error(`not a linear model (kind ${String(json.kind)}, version ${String(json.version)})`);
  return new LinearModel(Float64Array.from(json.center), Float64Array.from(json.scale), Float64Array.from(json.weights), Uint8Array.from(json.present));
}

/** Standardised, clipped value; 0 (the median) for NaN and for constant features (scale 0). */
function standardized(x: number, center: number, scale: number): number {
  if (!(scale > 0) || Number.isNaN(x)) return 0;
  const v = (x - center) / scale;
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}

function logitsOf(w: Float64Array, z: Float64Array, F: number, K: number, present: Uint8Array, out: Float64Array): void {
  for (let k = 0; k < K; k++) {
    if (!present[k]) continue;
    const off = k * (F + 1);
    let s = w[off + F];
    for (let f = 0; f < F; f++) s += w[off + f] * z[f];
    out[k] = s;
  }
}

function softmaxInto(logits: Float64Array, present: Uint8Array, out: Float64Array, off: number): void {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) if (present[k] && logits[k] > max) max = logits[k];
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const e = present[k] ? Math.exp(logits[k] - max) : 0;
    out[off + k] = e;
    sum += e;
  }
  for (let k = 0; k < logits.length; k++) out[off + k] /= sum;
}

/** Trains the regularised multinomial logistic regression; same data and options give the same model. */
export function trainLinearModel(X: FeatureMatrix, y: Int32Array, opts: LinearModelOptions): LinearModel {
  const { data, rows, cols } = asMatrix(X);
  const K = opts.classes;
  if (!Number.isInteger(K) || K < 1) throw new Error(`classes must be a positive integer, got ${K}`);
  if (rows === 0) throw new Error('cannot train a linear model on zero windows');
  if (y.length !== rows) throw new Error(`${y.length} labels for ${rows} windows`);
  for (const c of y) if (!(c >= 0 && c < K)) throw new Error(`label ${c} outside [0, ${K})`);
  const l2 = opts.l2 ?? 1;
  if (!(l2 > 0)) throw new Error(`l2 must be positive, got ${l2}`);

  const F = cols;
  const { center, scale } = robustScaling(data, rows, cols);
  const counts = new Array<number>(K).fill(0);
  for (const c of y) counts[c]++;
  const present = Uint8Array.from(counts, (c) => (c > 0 ? 1 : 0));
  const nPresent = counts.filter((c) => c > 0).length;
  let classW: number[];
  if (opts.classWeights === 'balanced') classW = counts.map((c) => (c > 0 ? rows / (nPresent * c) : 0));
  else if (Array.isArray(opts.classWeights)) {
    if (opts.classWeights.length !== K) throw new Error(`classWeights has ${opts.classWeights.length} entries, expected ${K}`);
    classW = opts.classWeights;
  } else classW = new Array<number>(K).fill(1);

  // Standardise once; the optimiser then works on Z (rows × F).
  const Z = new Float64Array(rows * F);
  for (let i = 0; i < rows; i++) for (let f = 0; f < F; f++) Z[i * F + f] = standardized(data[i * cols + f], center[f], scale[f]);
  const sw = Float64Array.from(y, (c) => classW[c]);

  const P = K * (F + 1);
  const logits = new Float64Array(K);
  const prob = new Float64Array(K);
  // Objective: Σ_i w_i · (−log p_i,y_i) + l2/2 · ‖weights‖² (intercepts free); fills grad.
  const objective = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const zi = Z.subarray(i * F, (i + 1) * F);
      logitsOf(w, zi, F, K, present, logits);
      softmaxInto(logits, present, prob, 0);
      const yi = y[i];
      loss -= sw[i] * Math.log(Math.max(prob[yi], 1e-300));
      for (let k = 0; k < K; k++) {
        if (!present[k]) continue;
        const g = sw[i] * (prob[k] - (k === yi ? 1 : 0));
        if (g === 0) continue;
        const off = k * (F + 1);
        for (let f = 0; f < F; f++) grad[off + f] += g * zi[f];
        grad[off + F] += g;
      }
    }
    for (let k = 0; k < K; k++) {
      const off = k * (F + 1);
      for (let f = 0; f < F; f++) {
        loss += 0.5 * l2 * w[off + f] * w[off + f];
        grad[off + f] += l2 * w[off + f];
      }
    }
    return loss;
  };
  const w = lbfgs(objective, new Float64Array(P), opts.maxIter ?? 300);
  return new LinearModel(center, scale, w, present);
}

/** Minimises a smooth convex function with L-BFGS and backtracking (Armijo) line search. */
function lbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, maxIter: number): Float64Array {
  const P = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(P);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Yv: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(P);
  const alpha = new Float64Array(LBFGS_MEMORY);
  const xNew = new Float64Array(P);
  const gNew = new Float64Array(P);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < P; i++) s += a[i] * b[i];
    return s;
  };
  const g0 = Math.sqrt(dot(g, g));
  for (let it = 0; it < maxIter; it++) {
    const gn = Math.sqrt(dot(g, g));
    if (gn <= 1e-6 * Math.max(1, g0)) break;
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < P; i++) d[i] = -g[i];
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], d);
      for (let i = 0; i < P; i++) d[i] -= alpha[j] * Yv[j][i];
    }
    const gamma = S.length > 0 ? dot(S[S.length - 1], Yv[Yv.length - 1]) / dot(Yv[Yv.length - 1], Yv[Yv.length - 1]) : 1 / Math.max(1, gn);
    for (let i = 0; i < P; i++) d[i] *= gamma;
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j] * dot(Yv[j], d);
      for (let i = 0; i < P; i++) d[i] += S[j][i] * (alpha[j] - beta);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Yv.length = rho.length = 0;
      for (let i = 0; i < P; i++) d[i] = -g[i] / Math.max(1, gn);
      slope = dot(g, d);
    }
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < P; i++) xNew[i] = x[i] + step * d[i];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(P);
    const yv = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      s[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (S.length === LBFGS_MEMORY) {
        S.shift();
        Yv.shift();
        rho.shift();
      }
      S.push(s);
      Yv.push(yv);
      rho.push(1 / sy);
    }
    const converged = f - fNew <= 1e-10 * Math.max(1, Math.abs(f));
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    f = fNew;
    if (converged) break;
  }
  return x;
}
