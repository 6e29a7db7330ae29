// Seeded randomness for every stochastic algorithm in core/common/ml. xoshiro128** is
// small, fast in JS (32-bit integer ops only) and passes BigCrush; seeding goes through
// splitmix32 so that nearby seeds (0, 1, 2…) give unrelated streams.

/** A seeded generator; every method advances the same stream. */
export interface Rng {
  /** Uniform in [0, 1) with 32 bits of resolution. */
  random(): number;
  /** Uniform integer in [0, n); bias is at most n / 2^32, irrelevant for pool sizes. */
  int(n: number): number;
  /** Standard normal (Box–Muller, the spare value is kept for the next call). */
  normal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<A extends { length: number; [i: number]: unknown }>(a: A): A;
  /** `k` distinct integers from [0, n) in random order. */
  sample(k: number, n: number): Int32Array;
}

function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** Mixes two 32-bit values into one well-spread 32-bit hash (for seeded tie-breaking). */
export function hash32(a: number, b: number): number {
  let h = Math.imul((a | 0) ^ 0x5bd1e995, 0x9e3779b1) ^ (b | 0);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Creates a generator from any finite number; the same seed always gives the same stream. */
export function makeRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  // Use both halves of seeds beyond 2^32 (e.g. Date.now()) and the fraction of non-integers.
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const frac = Math.floor((seed - Math.floor(seed)) * 4294967296) >>> 0;
  const init = splitmix32(hash32(hash32(lo, hi), frac));
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result >>> 0;
  };
  return fromUint32(next);
}

/** Wraps a `() => number` in [0, 1) (e.g. another module's generator) as an Rng. */
export function rngFromRandom(random: () => number): Rng {
  return fromUint32(() => Math.floor(random() * 4294967296) >>> 0);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function fromUint32(next: () => number): Rng {
  let spare = NaN;
  const random = (): number => next() / 4294967296;
  const int = (n: number): number => {
    if (!(n > 0)) throw new RangeError(`int(n) needs n > 0, got ${n}`);
    return Math.floor(random() * n);
  };
  return {
    random,
    int,
    normal() {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = NaN;
        return v;
      }
      const u = 1 - random(); // in (0, 1], keeps the logarithm finite
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * random();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    shuffle(a) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    },
    sample(k, n) {
      if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) {
        throw new RangeError(`cannot sample ${k} of ${n}`);
      }
      const out = new Int32Array(k);
      if (k * 4 > n) {
        // Dense partial Fisher–Yates: cheap when k is a good share of n.
        const all = new Int32Array(n);
        for (let i = 0; i < n; i++) all[i] = i;
        for (let i = 0; i < k; i++) {
          const j = i + int(n - i);
          const t = all[i]!;
          all[i] = all[j]!;
          all[j] = t;
          out[i] = all[i]!;
        }
        return out;
      }
      // Sparse Fisher–Yates: only the swapped positions are stored, O(k) memory.
      const moved = new Map<number, number>();
      for (let i = 0; i < k; i++) {
        const j = i + int(n - i);
        const vj = moved.get(j) ?? j;
        moved.set(j, moved.get(i) ?? i);
        out[i] = vj;
      }
      return out;
    },
  };
}

/**
 * Mulberry32: a small, fast 32-bit generator returning floats in [0, 1); good for sampling,
 * not for crypto. Used where a bare `() => number` is all an algorithm needs (UMAP, the CNN).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
