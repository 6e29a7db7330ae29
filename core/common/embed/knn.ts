// k-nearest neighbours on a row-major Float32Array (n rows of d values), Euclidean.
//
// Small inputs use exact brute force. Larger ones use random-projection trees to seed a
// neighbour graph, refined by NN-descent ("a neighbour of a neighbour is likely a
// neighbour"; Dong et al. 2011), the same scheme as umap-js and pynndescent, but on flat
// typed arrays. umap-js's version keeps heaps as number[][] and took ~1.5 s of its 5.7 s
// set-up for 10,000 × 32-d points; flat arrays avoid the per-row objects and GC churn.
import { mulberry32, type RandomFn } from './random.js';

/** Neighbours of every row, nearest first; a row is never its own neighbour. */
export interface KnnResult {
  k: number;
  /** n × k row indices. */
  indices: Int32Array;
  /** n × k Euclidean distances, matching `indices`. */
  distances: Float32Array;
}

/** Options of {@link knn}. */
export interface KnnOptions {
  seed?: number;
  /** Force a method; by default exact up to {@link EXACT_MAX_N} rows. */
  method?: 'exact' | 'approximate';
}

/** Largest n handled by exact search by default: n² distances stay under a second here. */
export const EXACT_MAX_N = 4000;

/** Squared Euclidean distance between rows a and b. */
function dist2(x: Float32Array, d: number, a: number, b: number): number {
  let s = 0;
  const oa = a * d;
  const ob = b * d;
  for (let j = 0; j < d; j++) {
    const t = x[oa + j] - x[ob + j];
    s += t * t;
  }
  return s;
}

/**
 * Offers (key, j) to the bounded max-heap stored at [base, base + k) of idx/keys (and of
 * flags when given); returns 1 if j was kept. Duplicates of j are rejected.
 */
function boundedPush(
  idx: Int32Array, keys: Float32Array, flags: Uint8Array | null, base: number, k: number,
  key: number, j: number, flag: number,
): number {
  if (key >= keys[base]) return 0;
  for (let t = 0; t < k; t++) if (idx[base + t] === j) return 0;
  // Replace the root and sift down.
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && keys[base + r] > keys[base + l] ? r : l;
    if (keys[base + c] <= key) break;
    idx[base + pos] = idx[base + c];
    keys[base + pos] = keys[base + c];
    if (flags) flags[base + pos] = flags[base + c];
    pos = c;
  }
  idx[base + pos] = j;
  keys[base + pos] = key;
  if (flags) flags[base + pos] = flag;
  return 1;
}

/**
 * Flat bounded max-heaps, one per row: the root holds the worst of the best `k` so far, so
 * a candidate is rejected with one comparison in the common case.
 */
class NeighbourHeaps {
  readonly idx: Int32Array;
  readonly key: Float32Array;
  /** 1 = "new" (not yet used to propose candidates) as in NN-descent. */
  readonly isNew: Uint8Array;

  constructor(n: number, readonly k: number) {
    this.idx = new Int32Array(n * k).fill(-1);
    this.key = new Float32Array(n * k).fill(Infinity);
    this.isNew = new Uint8Array(n * k);
  }

  /** Offers (key, j) to row i; returns 1 if it was kept. */
  push(i: number, key: number, j: number, isNew: number): number {
    return boundedPush(this.idx, this.key, this.isNew, i * this.k, this.k, key, j, isNew);
  }

  /** Sorts every row ascending (destroys the heap order) and returns square-rooted distances. */
  toResult(): KnnResult {
    const { k, idx, key } = this;
    const n = idx.length / k;
    const order = new Int32Array(k);
    const rowI = new Int32Array(k);
    const rowK = new Float32Array(k);
    for (let i = 0; i < n; i++) {
      const b = i * k;
      for (let t = 0; t < k; t++) order[t] = t;
      order.sort((p, q) => key[b + p] - key[b + q]);
      for (let t = 0; t < k; t++) {
        rowI[t] = idx[b + order[t]];
        rowK[t] = Math.sqrt(key[b + order[t]]);
      }
      idx.set(rowI, b);
      key.set(rowK, b);
    }
    return { k, indices: idx, distances: key };
  }
}

/** Exact kNN by brute force, O(n² d); the reference the approximate search is tested against. */
export function exactKnn(x: Float32Array, n: number, d: number, k: number): KnnResult {
  const heaps = new NeighbourHeaps(n, k);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const s = dist2(x, d, a, b);
      heaps.push(a, s, b, 0);
      heaps.push(b, s, a, 0);
    }
  }
  return heaps.toResult();
}

/**
 * One random-projection tree: rows are partitioned in place in `perm` by hyperplanes
 * equidistant from two random rows; the callback receives each leaf [start, end).
 */
function rpTreeLeaves(
  x: Float32Array, n: number, d: number, leafSize: number, random: RandomFn,
  onLeaf: (perm: Int32Array, start: number, end: number) => void,
): void {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const side = new Uint8Array(n);
  const normal = new Float32Array(d);
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const size = end - start;
    if (size <= leafSize) {
      onLeaf(perm, start, end);
      continue;
    }
    const a = perm[start + Math.floor(random() * size)];
    let b = perm[start + Math.floor(random() * (size - 1))];
    if (b === a) b = perm[end - 1];
    let offset = 0;
    for (let j = 0; j < d; j++) {
      normal[j] = x[a * d + j] - x[b * d + j];
      offset -= (normal[j] * (x[a * d + j] + x[b * d + j])) / 2;
    }
    let nLeft = 0;
    for (let t = start; t < end; t++) {
      const o = perm[t] * d;
      let m = offset;
      for (let j = 0; j < d; j++) m += normal[j] * x[o + j];
      // Ties (e.g. duplicate rows) go to a random side so the split still progresses.
      const left = m === 0 ? random() < 0.5 : m > 0;
      side[t - start] = left ? 1 : 0;
      if (left) nLeft++;
    }
    if (nLeft === 0 || nLeft === size) {
      // Degenerate hyperplane (all rows on one side): split at random instead.
      nLeft = 0;
      for (let t = 0; t < size; t++) {
        side[t] = random() < 0.5 ? 1 : 0;
        nLeft += side[t];
      }
      if (nLeft === 0 || nLeft === size) {
        onLeaf(perm, start, end);
        continue;
      }
    }
    // Stable two-way partition through a scratch copy.
    const seg = perm.slice(start, end);
    let l = start;
    let r = start + nLeft;
    for (let t = 0; t < size; t++) {
      if (side[t]) perm[l++] = seg[t];
      else perm[r++] = seg[t];
    }
    stack.push(start, start + nLeft, start + nLeft, end);
  }
}

/**
 * Random-priority sample of at most `m` candidates per row, stored as flat max-heaps on the
 * priority so that every row keeps the m lowest priorities (a uniform sample).
 */
class CandidateSample {
  readonly idx: Int32Array;
  readonly pri: Float32Array;
  constructor(n: number, readonly m: number) {
    this.idx = new Int32Array(n * m);
    this.pri = new Float32Array(n * m);
  }
  reset(): void {
    this.idx.fill(-1);
    this.pri.fill(Infinity);
  }
  push(i: number, p: number, j: number): void {
    boundedPush(this.idx, this.pri, null, i * this.m, this.m, p, j, 0);
  }
}

/** Approximate kNN: random-projection forest, then NN-descent until few updates remain. */
export function approximateKnn(x: Float32Array, n: number, d: number, k: number, seed = 0): KnnResult {
  const random = mulberry32(seed);
  const heaps = new NeighbourHeaps(n, k);
  // Forest size and iteration count follow umap-js / pynndescent defaults.
  const nTrees = 5 + Math.round(Math.sqrt(n) / 20);
  const leafSize = Math.max(10, k);
  for (let t = 0; t < nTrees; t++) {
    rpTreeLeaves(x, n, d, leafSize, random, (perm, start, end) => {
      for (let p = start; p < end; p++) {
        for (let q = p + 1; q < end; q++) {
          const a = perm[p];
          const b = perm[q];
          const s = dist2(x, d, a, b);
          heaps.push(a, s, b, 1);
          heaps.push(b, s, a, 1);
        }
      }
    });
  }

  const nIters = Math.max(5, Math.round(Math.log2(n)));
  const maxCandidates = Math.min(60, k);
  const fresh = new CandidateSample(n, maxCandidates);
  const old = new CandidateSample(n, maxCandidates);
  const { idx, isNew } = heaps;
  for (let iter = 0; iter < nIters; iter++) {
    fresh.reset();
    old.reset();
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const j = idx[i * k + t];
        if (j < 0) continue;
        const sample = isNew[i * k + t] ? fresh : old;
        const p = random();
        sample.push(i, p, j);
        sample.push(j, p, i);
      }
    }
    // Rows sampled as new candidates have now been used: mark them old.
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const j = idx[i * k + t];
        if (j < 0 || !isNew[i * k + t]) continue;
        for (let c = 0; c < maxCandidates; c++) {
          if (fresh.idx[i * maxCandidates + c] === j) {
            isNew[i * k + t] = 0;
            break;
          }
        }
      }
    }
    let updates = 0;
    for (let i = 0; i < n; i++) {
      const bi = i * maxCandidates;
      for (let p = 0; p < maxCandidates; p++) {
        const a = fresh.idx[bi + p];
        if (a < 0) continue;
        for (let q = p + 1; q < maxCandidates; q++) {
          const b = fresh.idx[bi + q];
          if (b < 0) continue;
          const s = dist2(x, d, a, b);
          updates += heaps.push(a, s, b, 1) + heaps.push(b, s, a, 1);
        }
        for (let q = 0; q < maxCandidates; q++) {
          const b = old.idx[bi + q];
          if (b < 0 || b === a) continue;
          const s = dist2(x, d, a, b);
          updates += heaps.push(a, s, b, 1) + heaps.push(b, s, a, 1);
        }
      }
    }
    if (updates <= 0.001 * k * n) break;
  }
  return heaps.toResult();
}

/** k nearest neighbours of every row of `x` (n × d), exact for small n, approximate above. */
export function knn(x: Float32Array, n: number, d: number, k: number, options: KnnOptions = {}): KnnResult {
  if (x.length !== n * d) throw new Error(`knn: expected ${n}×${d} = ${n * d} values, got ${x.length}`);
  if (k < 1 || k >= n) throw new Error(`knn: k must be in [1, n-1], got k=${k} for n=${n}`);
  const method = options.method ?? (n <= EXACT_MAX_N ? 'exact' : 'approximate');
  return method === 'exact' ? exactKnn(x, n, d, k) : approximateKnn(x, n, d, k, options.seed ?? 0);
}
