// Uncertainty scores over a model's class probabilities (N × K, row-major), and a top-B
// selection that never sorts the whole pool. Higher score = the model is less sure.
import type { Matrix } from './matrix.js';
import { hash32 } from './rng.js';

/** Entropy of each row divided by ln K: 0 = certain, 1 = uniform. */
export function entropyScores(probs: Matrix): Float64Array {
  const { rows: n, cols: k, data } = probs;
  const out = new Float64Array(n);
  const norm = k > 1 ? 1 / Math.log(k) : 0;
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let c = i * k, end = c + k; c < end; c++) {
      const p = data[c]!;
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h * norm;
  }
  return out;
}

/** One minus the gap between the two most probable classes: 1 = a tie at the top. */
export function marginScores(probs: Matrix): Float64Array {
  const { rows: n, cols: k, data } = probs;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let c = i * k, end = c + k; c < end; c++) {
      const p = data[c]!;
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) second = p;
    }
    out[i] = k > 1 ? 1 - (first - second) : 0;
  }
  return out;
}

/** One minus the top class probability. */
export function leastConfidenceScores(probs: Matrix): Float64Array {
  const { rows: n, cols: k, data } = probs;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let first = -Infinity;
    for (let c = i * k, end = c + k; c < end; c++) if (data[c]! > first) first = data[c]!;
    out[i] = 1 - first;
  }
  return out;
}

/**
 * The `count` eligible indices with the highest scores, best first. Equal scores are
 * ordered by a seeded hash of the index, so ties (e.g. an untrained model giving every
 * window the same output) do not always favour the start of the pool. O(N log count).
 */
export function topK(scores: ArrayLike<number>, eligible: Uint8Array, count: number, seed: number): Int32Array {
  const n = scores.length;
  // Min-heap on (score, key) of the best seen so far; the root is the weakest kept.
  const heapIdx = new Int32Array(Math.max(count, 0));
  const heapScore = new Float64Array(Math.max(count, 0));
  const heapKey = new Uint32Array(Math.max(count, 0));
  let size = 0;
  const less = (sa: number, ka: number, sb: number, kb: number): boolean => sa < sb || (sa === sb && ka < kb);
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const r = l + 1;
      let m = l;
      if (r < size && less(heapScore[r]!, heapKey[r]!, heapScore[l]!, heapKey[l]!)) m = r;
      if (!less(heapScore[m]!, heapKey[m]!, heapScore[i]!, heapKey[i]!)) return;
      swap(i, m);
      i = m;
    }
  };
  const swap = (a: number, b: number): void => {
    const ti = heapIdx[a]!;
    heapIdx[a] = heapIdx[b]!;
    heapIdx[b] = ti;
    const ts = heapScore[a]!;
    heapScore[a] = heapScore[b]!;
    heapScore[b] = ts;
    const tk = heapKey[a]!;
    heapKey[a] = heapKey[b]!;
    heapKey[b] = tk;
  };
  for (let i = 0; i < n; i++) {
    if (!eligible[i] || count <= 0) continue;
    const s = scores[i]!;
    if (Number.isNaN(s)) continue;
    if (size === count && s < heapScore[0]!) continue; // fast reject, no hash needed
    const key = hash32(i, seed);
    if (size < count) {
      let j = size++;
      heapIdx[j] = i;
      heapScore[j] = s;
      heapKey[j] = key;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!less(heapScore[j]!, heapKey[j]!, heapScore[p]!, heapKey[p]!)) break;
        swap(j, p);
        j = p;
      }
    } else if (less(heapScore[0]!, heapKey[0]!, s, key)) {
      heapIdx[0] = i;
      heapScore[0] = s;
      heapKey[0] = key;
      siftDown();
    }
  }
  // Pop the weakest first, filling from the back, so the result is best first.
  const out = new Int32Array(size);
  for (let r = size - 1; r >= 0; r--) {
    out[r] = heapIdx[0]!;
    size--;
    if (size > 0) {
      swap(0, size);
      siftDown();
    }
  }
  return out;
}
