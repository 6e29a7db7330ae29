// A dense row-major matrix over a typed array: the one shape every ML helper here takes,
// so a 100,000-window pool never becomes 100,000 small JS objects.

/** Either float array type; Float32Array for big inputs, Float64Array for results. */
export type NumArray = Float32Array | Float64Array;

/** Row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  data: NumArray;
  rows: number;
  cols: number;
}

/** Wraps a typed array as a matrix after checking that the length fits. */
export function matrix(data: NumArray, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix of ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  }
  return { data, rows, cols };
}

/** Builds a Float64 matrix from nested arrays (small inputs, tests). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    data.set(row, i * c);
  });
  return { data, rows: r, cols: c };
}

/** Copies a matrix back into nested arrays (small results, JSON). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Index of the largest value in each row of an N × K row-major matrix (first one on ties). */
export function argmaxRows(p: ArrayLike<number>, K: number): Int32Array {
  const out = new Int32Array(Math.floor(p.length / K));
  for (let i = 0; i < out.length; i++) {
    let b = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + b]!) b = k;
    out[i] = b;
  }
  return out;
}

/** Rows `indices` of `m`, as a new Float64 matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix & { data: Float64Array } {
  const out = new Float64Array(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * m.cols;
    for (let j = 0; j < m.cols; j++) out[r * m.cols + j] = m.data[src + j]!;
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/**
 * Squared distance of 8 coordinates from offsets a and b. The sum is a tree rather than a
 * chain, so the CPU overlaps the additions; a single running sum is latency-bound
 * (k-center greedy on 64-d embeddings ran about 1.5× slower with it).
 */
function block8(x: NumArray, a: number, y: NumArray, b: number): number {
  const d0 = x[a]! - y[b]!;
  const d1 = x[a + 1]! - y[b + 1]!;
  const d2 = x[a + 2]! - y[b + 2]!;
  const d3 = x[a + 3]! - y[b + 3]!;
  const d4 = x[a + 4]! - y[b + 4]!;
  const d5 = x[a + 5]! - y[b + 5]!;
  const d6 = x[a + 6]! - y[b + 6]!;
  const d7 = x[a + 7]! - y[b + 7]!;
  return d0 * d0 + d1 * d1 + (d2 * d2 + d3 * d3) + (d4 * d4 + d5 * d5 + (d6 * d6 + d7 * d7));
}

/** Squared Euclidean distance between row `i` of `a` and row `j` of `b` (same width). */
export function sqDist(a: NumArray, i: number, b: NumArray, j: number, d: number): number {
  return sqDistBounded(a, i, b, j, d, Infinity);
}

/**
 * Squared distance that stops as soon as it reaches `bound` (returns a value ≥ bound then).
 * Distances only grow as dimensions are added, so a candidate already farther than the
 * best known centre can be dropped early; this is what keeps k-center greedy fast.
 */
export function sqDistBounded(a: NumArray, i: number, b: NumArray, j: number, d: number, bound: number): number {
  let s = 0;
  let p = i * d;
  let q = j * d;
  const end = p + d;
  for (; p + 8 <= end; p += 8, q += 8) {
    s += block8(a, p, b, q);
    if (s >= bound) return s;
  }
  for (; p < end; p++, q++) {
    const diff = a[p]! - b[q]!;
    s += diff * diff;
  }
  return s;
}
