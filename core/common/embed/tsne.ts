// Exact t-SNE (van der Maaten & Hinton 2008) on typed arrays, with a step API like UMAP's.
//
// npm has tsne-js 1.0.3 (built on cwise, which generates code at run time, and ndarray) and
// @keckelt/tsne 1.0.2 (a single undocumented release); neither takes a seed. Exact t-SNE
// is short, so we own it: O(n²) memory and time per iteration, hence the cap below. UMAP
// is the method for large sets; t-SNE is offered to compare maps on a few thousand windows.
import { pcaAxes, pcaProject } from './pca.js';
import { gaussian, mulberry32 } from './random.js';
import { createYielder } from './schedule.js';

/** Largest input accepted: the dense affinity matrix is 4·n² bytes (36 MB at 3,000). */
export const TSNE_MAX_POINTS = 3000;

/** Options of t-SNE; defaults follow openTSNE / scikit-learn. */
export interface TsneOptions {
  /** Effective number of neighbours each point attends to. */
  perplexity?: number;
  /** Total iterations, the first `exaggerationIterations` with exaggerated attraction. */
  nIterations?: number;
  exaggerationIterations?: number;
  exaggeration?: number;
  /** Default max(n / exaggeration / 4, 50), the "auto" rate of Belkina et al. 2019. */
  learningRate?: number;
  seed?: number;
  /** Start from the first two principal components scaled to std 1e-4 (default) or at random. */
  init?: 'pca' | 'random';
}

/** Options of {@link runTsne}: t-SNE options plus progress and cancellation. */
export interface RunTsneOptions extends TsneOptions {
  /** Called after every iteration; `coords` is the live n × 2 buffer: copy it to keep it. */
  onProgress?: (iteration: number, total: number, coords: Float32Array) => void;
  signal?: AbortSignal;
}

/**
 * Symmetric input affinities P (n × n, row-major, summing to 1): each row's Gaussian width
 * is found by bisection so that its entropy matches log(perplexity).
 */
export function tsneAffinities(x: Float32Array, n: number, d: number, perplexity: number): Float32Array {
  const p = new Float32Array(n * n);
  const d2 = new Float64Array(n);
  const row = new Float64Array(n);
  const targetEntropy = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = x[i * d + t] - x[j * d + t];
        s += v * v;
      }
      d2[j] = s;
    }
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    // Subtracting the smallest distance keeps exp() from underflowing for far-away rows.
    let minD = Infinity;
    for (let j = 0; j < n; j++) if (j !== i && d2[j] < minD) minD = d2[j];
    for (let iter = 0; iter < 100; iter++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        const v = j === i ? 0 : Math.exp(-beta * (d2[j] - minD));
        row[j] = v;
        sum += v;
        weighted += v * (d2[j] - minD);
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      for (let j = 0; j < n; j++) row[j] /= sum;
      if (Math.abs(entropy - targetEntropy) < 1e-5) break;
      if (entropy > targetEntropy) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
    for (let j = 0; j < n; j++) p[i * n + j] = row[j];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = (p[i * n + j] + p[j * n + i]) / (2 * n);
      p[i * n + j] = v;
      p[j * n + i] = v;
    }
    p[i * n + i] = 0;
  }
  return p;
}

/** A t-SNE layout being optimised one gradient step at a time. */
export class TsneLayout {
  readonly n: number;
  readonly nIterations: number;
  /** Iterations completed so far. */
  iteration = 0;
  /** n × 2 coordinates, updated in place by {@link step}. */
  readonly coords: Float32Array;
  private readonly p: Float32Array;
  private readonly velocity: Float64Array;
  private readonly gains: Float64Array;
  private readonly grad: Float64Array;
  private readonly rep: Float64Array;
  private readonly exaggerationIterations: number;
  private readonly exaggeration: number;
  private readonly learningRate: number;

  /** Computes the affinities and the initial layout (O(n² d)). */
  constructor(data: Float32Array, n: number, d: number, options: TsneOptions = {}) {
    if (data.length !== n * d) throw new Error(`tsne: expected ${n}×${d} = ${n * d} values, got ${data.length}`);
    if (n > TSNE_MAX_POINTS) throw new Error(`tsne: ${n} points exceed the exact t-SNE limit of ${TSNE_MAX_POINTS}; use UMAP for larger sets`);
    const perplexity = options.perplexity ?? 30;
    if (n - 1 < 3 * perplexity) throw new Error(`tsne: perplexity ${perplexity} needs more than ${3 * perplexity} points, got ${n}`);
    this.n = n;
    this.nIterations = options.nIterations ?? 750;
    this.exaggerationIterations = options.exaggerationIterations ?? 250;
    this.exaggeration = options.exaggeration ?? 12;
    this.learningRate = options.learningRate ?? Math.max(n / this.exaggeration / 4, 50);
    this.p = tsneAffinities(data, n, d, perplexity);
    const random = mulberry32(options.seed ?? 0);
    this.coords = new Float32Array(n * 2);
    if ((options.init ?? 'pca') === 'pca') {
      const y = pcaProject(data, n, d, pcaAxes(data, n, d, 2, { seed: options.seed ?? 0 }));
      let sq = 0;
      for (let t = 0; t < n; t++) sq += y[t * 2] * y[t * 2];
      // Small initial spread (std 1e-4 on the first axis) as recommended by Kobak & Berens.
      const scale = sq > 0 ? 1e-4 / Math.sqrt(sq / n) : 1;
      for (let t = 0; t < 2 * n; t++) this.coords[t] = y[t] * scale;
    } else {
      for (let t = 0; t < 2 * n; t++) this.coords[t] = 1e-4 * gaussian(random);
    }
    this.velocity = new Float64Array(2 * n);
    this.gains = new Float64Array(2 * n).fill(1);
    this.grad = new Float64Array(2 * n);
    this.rep = new Float64Array(2 * n);
  }

  /** One gradient step with momentum and adaptive gains; returns false when done. */
  step(): boolean {
    if (this.iteration >= this.nIterations) return false;
    const { n, p, coords: y, grad, rep, velocity, gains } = this;
    const early = this.iteration < this.exaggerationIterations;
    const exag = early ? this.exaggeration : 1;
    const momentum = early ? 0.5 : 0.8;
    // One pass over pairs gathers attraction Σ p·q(y_i - y_j) and repulsion Σ q²(y_i - y_j),
    // with q the unnormalised Student-t kernel; Z normalises the repulsion afterwards.
    const attr = grad;
    attr.fill(0);
    rep.fill(0);
    let z = 0;
    for (let i = 0; i < n; i++) {
      const xi = y[2 * i];
      const yi = y[2 * i + 1];
      let ax = 0, ay = 0, rx = 0, ry = 0;
      for (let j = i + 1; j < n; j++) {
        const dx = xi - y[2 * j];
        const dy = yi - y[2 * j + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        z += 2 * q;
        const pq = exag * p[i * n + j] * q;
        const qq = q * q;
        ax += pq * dx;
        ay += pq * dy;
        rx += qq * dx;
        ry += qq * dy;
        attr[2 * j] -= pq * dx;
        attr[2 * j + 1] -= pq * dy;
        rep[2 * j] -= qq * dx;
        rep[2 * j + 1] -= qq * dy;
      }
      attr[2 * i] += ax;
      attr[2 * i + 1] += ay;
      rep[2 * i] += rx;
      rep[2 * i + 1] += ry;
    }
    const eta = this.learningRate;
    let meanX = 0, meanY = 0;
    for (let t = 0; t < 2 * n; t++) {
      const g = 4 * (attr[t] - rep[t] / z);
      // Delta-bar-delta: grow the gain while the gradient keeps pushing the same way.
      gains[t] = Math.sign(g) !== Math.sign(velocity[t]) ? gains[t] + 0.2 : Math.max(gains[t] * 0.8, 0.01);
      velocity[t] = momentum * velocity[t] - eta * gains[t] * g;
      y[t] += velocity[t];
      if (t % 2 === 0) meanX += y[t];
      else meanY += y[t];
    }
    // t-SNE's cost is translation invariant; recentring keeps the numbers small.
    meanX /= n;
    meanY /= n;
    for (let i = 0; i < n; i++) {
      y[2 * i] -= meanX;
      y[2 * i + 1] -= meanY;
    }
    this.iteration++;
    return this.iteration < this.nIterations;
  }
}

/** Prepares a t-SNE layout ready to {@link TsneLayout.step}. */
export function createTsne(data: Float32Array, n: number, d: number, options: TsneOptions = {}): TsneLayout {
  return new TsneLayout(data, n, d, options);
}

/** t-SNE of n × d rows to n × 2, yielding between steps; rejects with the signal's reason on abort. */
export async function runTsne(data: Float32Array, n: number, d: number, options: RunTsneOptions = {}): Promise<Float32Array> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const layout = createTsne(data, n, d, options);
  const pause = createYielder();
  for (;;) {
    await pause();
    signal?.throwIfAborted();
    const more = layout.step();
    onProgress?.(layout.iteration, layout.nIterations, layout.coords);
    if (!more) return layout.coords;
  }
}
