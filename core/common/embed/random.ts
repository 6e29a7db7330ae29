// Seeded randomness for the embedding algorithms. UMAP and t-SNE are stochastic; every run
// takes a seed so that a map can be reproduced, and so that the UI can show how much maps
// vary between seeds (see DOMAIN.md: pinning a seed does not make a result true).

import { mulberry32 } from '../ml/rng.js';

/** A function returning uniform numbers in [0, 1), like Math.random. */
export type RandomFn = () => number;

/** Mulberry32, shared with the rest of the ML code. */
export { mulberry32 };

/** A standard normal sample (Box-Muller; the second value is dropped for simplicity). */
export function gaussian(random: RandomFn): number {
  // 1 - u keeps the logarithm finite because random() may return 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Synthetic data for tests and benchmarks: a seeded mixture of Gaussian clusters. */
export interface Blobs {
  data: Float32Array;
  labels: Int32Array;
}

/**
 * Seeded mixture of `clusters` isotropic Gaussians in `d` dimensions, `n` points in all,
 * each point assigned to a cluster round-robin. Centres are drawn uniformly in
 * [-spread, spread]^d and points have unit standard deviation around them.
 */
export function gaussianBlobs(n: number, d: number, clusters: number, spread: number, seed: number): Blobs {
  const random = mulberry32(seed);
  const centres = new Float32Array(clusters * d);
  for (let i = 0; i < centres.length; i++) centres[i] = (random() * 2 - 1) * spread;
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    labels[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c * d + j] + gaussian(random);
  }
  return { data, labels };
}
