// A small seeded generator private to the demo. Every demo window gets its own stream,
// derived by hashing (seed, index), so any window can be rebuilt alone and in any order.

/** Deterministic source of uniform and Gaussian numbers. */
export interface DemoRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Log-uniform in [lo, hi), for quantities spread over orders of magnitude. */
  logRange(lo: number, hi: number): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Standard normal deviate. */
  normal(): number;
  /** Zero-mean, unit-variance uniform deviate: a cheap white-noise sample. */
  white(): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

// Murmur3's finaliser: a cheap bijective 32-bit mixer with good avalanche.
const fmix32 = (x: number): number => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Hashes any number of integers (seeds, indices, salts) into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold the high bits in too, so seeds above 2^32 (e.g. Date.now()) are not truncated.
    const v = Math.trunc(p);
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    h = fmix32(h ^ fmix32(lo + 0x6a09e667));
    h = fmix32(h ^ fmix32(hi + 0xbb67ae85));
  }
  return h;
}

const SQRT12 = Math.sqrt(12);

/** A generator (Chris Doty-Humphrey's sfc32 algorithm) seeded from a 32-bit integer. */
export function createRandom(seed: number): DemoRandom {
  let a = fmix32(seed ^ 0x243f6a88);
  let b = fmix32(seed ^ 0x85a308d3);
  let c = fmix32(seed ^ 0x13198a2e);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still carry the structure of the seed words.
  for (let i = 0; i < 12; i++) next();

  // Box–Muller yields pairs; keeping the spare halves the cost of Gaussian noise.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    logRange: (lo, hi) => lo * Math.exp(Math.log(hi / lo) * next()),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal,
    white: () => (next() - 0.5) * SQRT12,
    chance: (p) => next() < p,
  };
}
