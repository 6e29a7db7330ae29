// UMAP on typed arrays, with a step API for progressive display and cancellation.
//
// umap-js 1.4 took 182 s and 2.8 GB for 50,000 × 32-d points (14 s / 640 MB for 10,000 on
// this machine: 5.7 s set-up, 8.2 s layout). A CPU profile put 57 % in its layout step
// (number[][] coordinates, two Math.pow per edge, a closure call per random draw) and most
// of the rest in its string-keyed SparseMatrix (see fuzzyGraph.ts) and number[][] heaps
// (see knn.ts). We keep umap-js's curve fit (findABParams), which is fine, and replace the
// neighbour search, the graph and the layout loop. Figures: tests/bench/embedding.ts.
import { findABParams } from 'umap-js/dist/umap.js';
import { fuzzySimplicialSet, type FuzzyGraph } from './fuzzyGraph.js';
import { knn, type KnnResult } from './knn.js';
import { pcaAxes, pcaProject } from './pca.js';
import { gaussian, mulberry32 } from './random.js';
import { REPULSION_STEPS, repulsionTable } from './repulsion.js';
import { createYielder } from './schedule.js';

/** Options of UMAP; defaults follow umap-learn / umap-js. */
export interface UmapOptions {
  /** Size of the local neighbourhood, the point itself included (umap convention). */
  nNeighbors?: number;
  /** How tightly points may pack in 2-D. */
  minDist?: number;
  spread?: number;
  /** Optimisation epochs; default 500 for ≤ 2,500 points down to 200 above 7,500. */
  nEpochs?: number;
  seed?: number;
  /** Start from the first two principal components (default) or uniformly at random. */
  init?: 'pca' | 'random';
  /** Reduce wider inputs to this many principal components before the neighbour search. */
  pcaDims?: number;
  negativeSampleRate?: number;
  learningRate?: number;
  /** Precomputed neighbours (k = nNeighbors - 1, self excluded), e.g. shared with other views. */
  knn?: KnnResult;
}

/** Options of {@link runUmap}: UMAP options plus progress and cancellation. */
export interface RunUmapOptions extends UmapOptions {
  /** Called after every epoch; `coords` is the live n × 2 buffer: copy it to keep it. */
  onProgress?: (epoch: number, total: number, coords: Float32Array) => void;
  signal?: AbortSignal;
}

/** Default epoch count by data size, as in umap-js. */
export function defaultEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200;
}

/** Neighbour graph and starting layout: the expensive, non-iterative part of UMAP. */
export function prepareUmap(data: Float32Array, n: number, d: number, options: UmapOptions = {}): { graph: FuzzyGraph; coords: Float32Array } {
  const nNeighbors = options.nNeighbors ?? 15;
  const seed = options.seed ?? 0;
  if (data.length !== n * d) throw new Error(`umap: expected ${n}×${d} = ${n * d} values, got ${data.length}`);
  if (n <= nNeighbors) throw new Error(`umap: need more than nNeighbors=${nNeighbors} points, got ${n}`);
  const pcaDims = options.pcaDims ?? 32;
  let x = data;
  let dx = d;
  const needInitAxes = (options.init ?? 'pca') === 'pca';
  // One PCA serves both the reduction and the initial layout (its first two axes).
  const axes = d > pcaDims || needInitAxes ? pcaAxes(data, n, d, d > pcaDims ? pcaDims : 2, { seed }) : null;
  if (axes && d > pcaDims) {
    x = pcaProject(data, n, d, axes);
    dx = axes.p;
  }
  const neighbours = options.knn ?? knn(x, n, dx, nNeighbors - 1, { seed });
  if (neighbours.k !== nNeighbors - 1) throw new Error(`umap: precomputed knn has k=${neighbours.k}, expected ${nNeighbors - 1}`);
  const graph = fuzzySimplicialSet(neighbours, n);

  const random = mulberry32(seed ^ 0x9e3779b9);
  const coords = new Float32Array(n * 2);
  if (axes && needInitAxes) {
    const first2 = pcaProject(data, n, d, { mean: axes.mean, axes: axes.axes.subarray(0, 2 * d), p: 2 });
    let maxAbs = 0;
    for (let t = 0; t < first2.length; t++) maxAbs = Math.max(maxAbs, Math.abs(first2[t]));
    const scale = maxAbs > 0 ? 10 / maxAbs : 1;
    // Tiny jitter separates duplicate rows, which would otherwise never move apart.
    for (let t = 0; t < first2.length; t++) coords[t] = first2[t] * scale + 1e-4 * gaussian(random);
  } else {
    for (let t = 0; t < coords.length; t++) coords[t] = random() * 20 - 10;
  }
  return { graph, coords };
}

/** A UMAP layout being optimised one epoch at a time. */
export class UmapLayout {
  readonly n: number;
  readonly nEpochs: number;
  /** Epochs completed so far. */
  epoch = 0;
  /** n × 2 coordinates, updated in place by {@link step}. */
  readonly coords: Float32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly epochsPerSample: Float64Array;
  private readonly epochOfNextSample: Float64Array;
  private readonly epochOfNextNegative: Float64Array;
  private readonly a: number;
  private readonly b: number;
  private readonly negativeSampleRate: number;
  private readonly learningRate: number;
  private readonly repulsion: Float32Array;
  /** xorshift32 state for negative sampling, inlined because a closure call per draw showed. */
  private rngState: number;

  /** Sets up the layout from a prepared graph and starting coordinates. */
  constructor(graph: FuzzyGraph, coords: Float32Array, options: UmapOptions = {}) {
    this.n = graph.n;
    this.coords = coords;
    this.nEpochs = options.nEpochs ?? defaultEpochs(graph.n);
    const { a, b } = findABParams(options.spread ?? 1, options.minDist ?? 0.1);
    this.a = a;
    this.b = b;
    this.negativeSampleRate = options.negativeSampleRate ?? 5;
    this.learningRate = options.learningRate ?? 1;
    this.repulsion = repulsionTable(a, b);
    this.rngState = (Math.floor(mulberry32(options.seed ?? 0)() * 0xffffffff) | 1) >>> 0;
    // Edges too weak to be sampled even once in nEpochs are dropped, as in umap-learn.
    let max = 0;
    for (let e = 0; e < graph.weight.length; e++) max = Math.max(max, graph.weight[e]);
    const keep: number[] = [];
    for (let e = 0; e < graph.weight.length; e++) if (graph.weight[e] >= max / this.nEpochs) keep.push(e);
    const m = keep.length;
    this.head = new Int32Array(m);
    this.tail = new Int32Array(m);
    this.epochsPerSample = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const e = keep[t];
      this.head[t] = graph.head[e];
      this.tail[t] = graph.tail[e];
      this.epochsPerSample[t] = max / graph.weight[e];
    }
    this.epochOfNextSample = this.epochsPerSample.slice();
    this.epochOfNextNegative = this.epochsPerSample.map((v) => v / this.negativeSampleRate);
  }

  /** Runs one epoch of stochastic gradient descent; returns false once all epochs are done. */
  step(): boolean {
    const n = this.epoch;
    if (n >= this.nEpochs) return false;
    const { head, tail, epochsPerSample, epochOfNextSample, epochOfNextNegative, a, b, coords: y, repulsion } = this;
    const nVertices = this.n;
    const rate = this.negativeSampleRate;
    const alpha = this.learningRate * (1 - n / this.nEpochs);
    const twoAB = 2 * a * b;
    let rng = this.rngState;
    for (let e = 0; e < head.length; e++) {
      if (epochOfNextSample[e] > n) continue;
      const j = head[e] * 2;
      const k = tail[e] * 2;
      let dx = y[j] - y[k];
      let dy = y[j + 1] - y[k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        // d2^(b-1) by exp∘log (twice as fast as Math.pow here); d2^b = d2^(b-1) · d2.
        const pb1 = Math.exp((b - 1) * Math.log(d2));
        const coeff = (-twoAB * pb1) / (a * pb1 * d2 + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        y[j] += gx;
        y[j + 1] += gy;
        y[k] -= gx;
        y[k + 1] -= gy;
      }
      epochOfNextSample[e] += epochsPerSample[e];
      const perNegative = epochsPerSample[e] / rate;
      const nNeg = Math.floor((n - epochOfNextNegative[e]) / perNegative);
      for (let p = 0; p < nNeg; p++) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        const o = Math.floor(((rng >>> 0) / 4294967296) * nVertices) * 2;
        dx = y[j] - y[o];
        dy = y[j + 1] - y[o + 1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          // Inlined repulsionLookup (see repulsion.ts).
          const r = Math.sqrt(d2);
          const pos = (r / (1 + r)) * REPULSION_STEPS;
          const i = pos | 0;
          const coeff = repulsion[i] + (pos - i) * (repulsion[i + 1] - repulsion[i]);
          y[j] += clip(coeff * dx) * alpha;
          y[j + 1] += clip(coeff * dy) * alpha;
        } else if (j !== o) {
          // Coincident distinct points: push apart by the maximal step.
          y[j] += 4 * alpha;
          y[j + 1] += 4 * alpha;
        }
      }
      epochOfNextNegative[e] += nNeg * perNegative;
    }
    this.rngState = rng;
    this.epoch = n + 1;
    return this.epoch < this.nEpochs;
  }
}

/** Gradient clipping as in umap-learn: no coordinate moves more than 4 per sample. */
function clip(v: number): number {
  return v > 4 ? 4 : v < -4 ? -4 : v;
}

/** Prepares a UMAP layout ready to {@link UmapLayout.step} (synchronous set-up). */
export function createUmap(data: Float32Array, n: number, d: number, options: UmapOptions = {}): UmapLayout {
  const { graph, coords } = prepareUmap(data, n, d, options);
  return new UmapLayout(graph, coords, options);
}

/**
 * UMAP of n × d rows to n × 2 coordinates, yielding to the event loop between epochs so a
 * worker can receive a cancel; rejects with the signal's reason when aborted.
 */
export async function runUmap(data: Float32Array, n: number, d: number, options: RunUmapOptions = {}): Promise<Float32Array> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const layout = createUmap(data, n, d, options);
  const pause = createYielder();
  for (;;) {
    await pause();
    signal?.throwIfAborted();
    const more = layout.step();
    onProgress?.(layout.epoch, layout.nEpochs, layout.coords);
    if (!more) return layout.coords;
  }
}
