// Small numeric helpers for feature extraction: order statistics without sorting, moments,
// and the polarisation of 1–3 component motion from its covariance.

/** k-th smallest value (0-based) of a[0..n); reorders a (Hoare quickselect, O(n) expected). */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    // Median of three as pivot: robust on sorted and constant runs (common in envelopes).
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Skewness and excess kurtosis (population moments, as scipy.stats with bias=True); 0 for constant data. */
export function shapeMoments(x: ArrayLike<number>, n: number): { skewness: number; kurtosis: number } {
  if (n < 2) return { skewness: 0, kurtosis: 0 };
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // Relative threshold: rounding leaves a tiny variance in constant data.
  if (!(m2 > 1e-24 * (m * m + 1e-300))) return { skewness: 0, kurtosis: 0 };
  return { skewness: m3 / Math.pow(m2, 1.5), kurtosis: m4 / (m2 * m2) - 3 };
}

/** Polarisation of particle motion from a symmetric covariance matrix (dimension 1–3). */
export interface Polarisation {
  /** 1 − (λ2+λ3)/(2λ1) in 3-D (Jurkevics 1988), 1 − λ2/λ1 in 2-D, 1 in 1-D. */
  rectilinearity: number;
  /** 1 − 2λ3/(λ1+λ2) in 3-D; 1 in fewer dimensions (the motion is planar by construction). */
  planarity: number;
  /** Unit eigenvector of the largest eigenvalue (length = dimension). */
  direction: number[];
}

/** Eigen-analysis of a 1×1, 2×2 or 3×3 covariance (row-major, symmetric); null when it is all zero. */
export function polarisation(cov: ArrayLike<number>, dim: number): Polarisation | null {
  if (dim === 1) return cov[0] > 0 ? { rectilinearity: 1, planarity: 1, direction: [1] } : null;
  if (dim === 2) {
    const [a, b, , d] = [cov[0], cov[1], cov[2], cov[3]];
    const tr = a + d;
    if (!(tr > 0)) return null;
    const disc = Math.sqrt(((a - d) / 2) ** 2 + b * b);
    const l1 = tr / 2 + disc;
    const l2 = Math.max(0, tr / 2 - disc);
    // Eigenvector of l1: (b, l1 − a) or (l1 − d, b), whichever is better conditioned.
    let v = Math.abs(l1 - a) + Math.abs(b) > Math.abs(l1 - d) + Math.abs(b) ? [b, l1 - a] : [l1 - d, b];
    const norm = Math.hypot(v[0], v[1]);
    v = norm > 0 ? [v[0] / norm, v[1] / norm] : [a >= d ? 1 : 0, a >= d ? 0 : 1];
    return { rectilinearity: 1 - l2 / l1, planarity: 1, direction: v };
  }
  const a00 = cov[0];
  const a01 = cov[1];
  const a02 = cov[2];
  const a11 = cov[4];
  const a12 = cov[5];
  const a22 = cov[8];
  const q = (a00 + a11 + a22) / 3;
  if (!(q > 0)) return null;
  const p1 = a01 * a01 + a02 * a02 + a12 * a12;
  const p2 = (a00 - q) ** 2 + (a11 - q) ** 2 + (a22 - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  let l1: number;
  let l2: number;
  let l3: number;
  if (p < 1e-12 * q) {
    l1 = l2 = l3 = q;
  } else {
    // Closed-form eigenvalues of a symmetric 3×3 (trigonometric solution of the cubic).
    const b00 = (a00 - q) / p;
    const b11 = (a11 - q) / p;
    const b22 = (a22 - q) / p;
    const b01 = a01 / p;
    const b02 = a02 / p;
    const b12 = a12 / p;
    const det = b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02) + b02 * (b01 * b12 - b11 * b02);
    const r = Math.min(1, Math.max(-1, det / 2));
    const phi = Math.acos(r) / 3;
    l1 = q + 2 * p * Math.cos(phi);
    l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
    l2 = 3 * q - l1 - l3;
  }
  l3 = Math.max(0, l3);
  l2 = Math.max(l3, l2);
  // Eigenvector of l1: the largest cross product of two rows of (A − l1·I).
  const r0 = [a00 - l1, a01, a02];
  const r1 = [a01, a11 - l1, a12];
  const r2 = [a02, a12, a22 - l1];
  const cross = (u: number[], w: number[]) => [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
  let best = [1, 0, 0];
  let bestNorm = 0;
  for (const c of [cross(r0, r1), cross(r0, r2), cross(r1, r2)]) {
    const nn = Math.hypot(c[0], c[1], c[2]);
    if (nn > bestNorm) {
      bestNorm = nn;
      best = c;
    }
  }
  const direction = bestNorm > 0 ? best.map((v) => v / bestNorm) : [1, 0, 0];
  return {
    rectilinearity: 1 - (l2 + l3) / (2 * l1),
    planarity: l1 + l2 > 0 ? 1 - (2 * l3) / (l1 + l2) : 1,
    direction,
  };
}
