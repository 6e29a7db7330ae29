import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { selectBatch, STRATEGIES, type QueryInput, type StrategyName } from '../../core/common/ml/strategies.js';
import { entropyScores, marginScores, topK } from '../../core/common/ml/uncertainty.js';

const mask = (n: number, on: number[] = []): Uint8Array => {
  const m = new Uint8Array(n);
  for (const i of on) m[i] = 1;
  return m;
};

/** Gaussian blobs (unit spread) around the given centres, point i in blob i % centres. */
function blobs(perBlob: number, centres: number[][], seed: number): { x: Matrix; truth: Int32Array } {
  const rng = makeRng(seed);
  const d = centres[0]!.length;
  const n = perBlob * centres.length;
  const data = new Float32Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = i % centres.length;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[truth[i]!]![j]! + rng.normal();
  }
  return { x: { data, rows: n, cols: d }, truth };
}

const corners = [[0, 0], [30, 0], [0, 30], [30, 30]];

describe('uncertainty strategies', () => {
  // Row 0: tie at the top; row 2: flattest; the three measures disagree on purpose.
  const probs = fromRows([[0.4, 0.4, 0.2], [0.5, 0.3, 0.2], [0.34, 0.33, 0.33], [0.98, 0.01, 0.01]]);
  const base = { labeledMask: mask(4), probs, batchSize: 1, seed: 1 };

  it('entropy picks the flattest row, margin the tie, least confidence the lowest top', () => {
    expect(Array.from(selectBatch('entropy', base).indices)).toEqual([2]);
    expect(Array.from(selectBatch('margin', base).indices)).toEqual([0]);
    expect(Array.from(selectBatch('leastConfidence', base).indices)).toEqual([2]);
    expect(selectBatch('margin', base).scores[0]).toBeCloseTo(1, 12);
    expect(selectBatch('leastConfidence', base).scores[0]).toBeCloseTo(0.66, 12);
  });

  it('entropy ranks the 50/50 row first, normalised to 1, and skips labeled windows', () => {
    const p2 = fromRows([[0.9, 0.1], [0.5, 0.5], [0.7, 0.3], [0.99, 0.01]]);
    const all = selectBatch('entropy', { labeledMask: mask(4), probs: p2, batchSize: 3, seed: 0 });
    expect(Array.from(all.indices)).toEqual([1, 2, 0]);
    expect(all.scores[0]).toBeCloseTo(1, 12);
    // −(0.7 ln 0.7 + 0.3 ln 0.3) / ln 2, by hand: 0.8812908992306927
    expect(all.scores[1]).toBeCloseTo(0.8812908992306927, 12);
    expect(Array.from(selectBatch('entropy', { labeledMask: mask(4, [1]), probs: p2, batchSize: 1, seed: 0 }).indices)).toEqual([2]);
    expect(entropyScores(fromRows([[1, 0]]))[0]).toBe(0);
    expect(marginScores(fromRows([[1, 0]]))[0]).toBe(0);
  });

  it('topK agrees with a full sort and breaks ties by seed', () => {
    const rng = makeRng(4);
    const scores = Float64Array.from({ length: 1000 }, () => Math.round(rng.random() * 50));
    const elig = mask(1000, Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 !== 0));
    const got = topK(scores, elig, 25, 1);
    const want = Array.from({ length: 1000 }, (_, i) => i).filter((i) => elig[i]).map((i) => scores[i]!).sort((a, b) => b - a).slice(0, 25);
    expect(Array.from(got, (i) => scores[i]!)).toEqual(want);
    const flat = new Float64Array(1000).fill(0.5);
    const everything = mask(1000, Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(topK(flat, everything, 5, 1))).toEqual(Array.from(topK(flat, everything, 5, 1)));
    expect(Array.from(topK(flat, everything, 5, 1))).not.toEqual(Array.from(topK(flat, everything, 5, 2)));
  });
});

describe('random strategy', () => {
  it('is seeded, distinct and never returns labeled windows', () => {
    const labeled = mask(100, Array.from({ length: 50 }, (_, i) => i * 2));
    const a = selectBatch('random', { labeledMask: labeled, batchSize: 20, seed: 3 });
    expect(Array.from(selectBatch('random', { labeledMask: labeled, batchSize: 20, seed: 3 }).indices)).toEqual(Array.from(a.indices));
    expect(Array.from(selectBatch('random', { labeledMask: labeled, batchSize: 20, seed: 4 }).indices)).not.toEqual(Array.from(a.indices));
    expect(new Set(a.indices).size).toBe(20);
    for (const i of a.indices) expect(i % 2).toBe(1);
    expect(selectBatch('random', { labeledMask: labeled, batchSize: 80, seed: 3 }).indices.length).toBe(50);
  });
});

describe('diversity strategies', () => {
  it('k-center greedy picks the far outlier, then the point farthest from all centres', () => {
    const line = fromRows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map((v) => [v]));
    const r = selectBatch('kCenterGreedy', { labeledMask: mask(11, [0]), embeddings: line, batchSize: 2, seed: 0 });
    expect(Array.from(r.indices)).toEqual([10, 9]);
    expect(Array.from(r.scores)).toEqual([100, 9]);
  });

  it('k-center greedy covers every blob before repeating one', () => {
    const { x, truth } = blobs(200, corners, 1);
    const r = selectBatch('kCenterGreedy', { labeledMask: mask(x.rows, [0]), embeddings: x, batchSize: 3, seed: 0 });
    // Point 0 is in blob 0, so the three picks are the three other blobs.
    expect(new Set(Array.from(r.indices, (i) => truth[i])).size).toBe(3);
    expect(Array.from(r.indices, (i) => truth[i])).not.toContain(0);
  });

  it('cluster sampling returns one typical window per blob', () => {
    const { x, truth } = blobs(150, corners, 2);
    const r = selectBatch('clusterSampling', { labeledMask: mask(x.rows), features: x, batchSize: 4, seed: 5 });
    expect(new Set(Array.from(r.indices, (i) => truth[i])).size).toBe(4);
    for (const i of r.indices) {
      const c = corners[truth[i]!]!;
      // Standardised space, but the pick must still be near its blob's centre in raw units.
      expect(Math.hypot(x.data[i * 2]! - c[0]!, x.data[i * 2 + 1]! - c[1]!)).toBeLessThan(1);
    }
    expect(r.scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('cluster sampling asks about unlabeled clusters first', () => {
    const { x, truth } = blobs(100, corners, 3);
    const labeledIdx = Array.from(truth.keys()).filter((i) => truth[i]! <= 1 && i % 5 === 0);
    const r = selectBatch('clusterSampling', { labeledMask: mask(x.rows, labeledIdx), embeddings: x, batchSize: 2, clusters: 4, seed: 1 });
    expect(Array.from(r.indices, (i) => truth[i]).sort()).toEqual([2, 3]);
  });

  it('cold start clusters standardised features, so a huge-unit noise feature does not win', () => {
    const rng = makeRng(6);
    const n = 300;
    const data = new Float64Array(n * 2);
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % 3;
      data[i * 2] = truth[i]! * 0.02 + 0.001 * rng.normal(); // the structure, in small units
      data[i * 2 + 1] = 1000 * (rng.random() - 0.5); // structureless, in big units
    }
    const r = selectBatch('coldStart', { labeledMask: mask(n), features: { data, rows: n, cols: 2 }, batchSize: 3, seed: 2 });
    expect(new Set(Array.from(r.indices, (i) => truth[i])).size).toBe(3);
  });

  it('cold start clusters by rank, so a few extreme windows do not take the clusters', () => {
    // Three groups on two features, and two windows with a huge value on one feature (a
    // clipped or glitched trace): standardised, they would each claim a cluster.
    const rng = makeRng(11);
    const n = 302;
    const data = new Float64Array(n * 2);
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % 3;
      data[i * 2] = truth[i]! + 0.1 * rng.normal();
      data[i * 2 + 1] = truth[i]! + 0.1 * rng.normal();
    }
    for (const i of [300, 301]) data[i * 2] = 1e6;
    const features = { data, rows: n, cols: 2 };
    const r = selectBatch('coldStart', { labeledMask: mask(n), features, batchSize: 3, seed: 2 });
    expect(Array.from(r.indices).every((i) => i < 300)).toBe(true);
    expect(new Set(Array.from(r.indices, (i) => truth[i])).size).toBe(3);
    const byStd = selectBatch('clusterSampling', { labeledMask: mask(n), features, batchSize: 3, seed: 2 });
    expect(new Set(Array.from(byStd.indices, (i) => truth[i])).size).toBeLessThan(3);
  });

  it('hybrid keeps the batch uncertain but free of near-duplicates', () => {
    // 12 identical, maximally uncertain windows plus 40 spread-out, fairly uncertain ones.
    const n = 300;
    const rng = makeRng(7);
    const emb = new Float32Array(n * 2);
    const probs = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const dup = i < 12;
      const p = dup ? 0.5 : i < 52 ? 0.6 + 0.1 * rng.random() : 0.95;
      probs[i * 2] = p;
      probs[i * 2 + 1] = 1 - p;
      emb[i * 2] = dup ? 5 : 100 * rng.random();
      emb[i * 2 + 1] = dup ? 5 : 100 * rng.random();
    }
    const input: QueryInput = { labeledMask: mask(n), probs: { data: probs, rows: n, cols: 2 }, embeddings: { data: emb, rows: n, cols: 2 }, batchSize: 5, seed: 1, candidateFactor: 3 };
    const plain = selectBatch('entropy', input);
    expect(Array.from(plain.indices).every((i) => i < 12)).toBe(true); // pure uncertainty: all duplicates
    const r = selectBatch('hybrid', input);
    expect(Array.from(r.indices).filter((i) => i < 12).length).toBe(1);
    expect(Array.from(r.indices).every((i) => i < 52)).toBe(true); // still among the uncertain
    for (let a = 0; a < 5; a++) {
      for (let b = a + 1; b < 5; b++) {
        const [i, j] = [r.indices[a]!, r.indices[b]!];
        expect(Math.hypot(emb[i * 2]! - emb[j * 2]!, emb[i * 2 + 1]! - emb[j * 2 + 1]!)).toBeGreaterThan(5);
      }
    }
  });
});

describe('hybrid uncertainty', () => {
  it('ranks by margin: a tie between two classes beats a flat spread over three', () => {
    // Row 0: P/S tie (margin score 1, lower entropy); row 1: flat (higher entropy, margin 0.9).
    const probs = fromRows([[0.45, 0.45, 0.1], [0.4, 0.3, 0.3], [0.9, 0.05, 0.05], [0.8, 0.1, 0.1]]);
    const emb = fromRows([[0, 0], [10, 0], [0, 10], [10, 10]]);
    expect(selectBatch('entropy', { labeledMask: mask(4), probs, batchSize: 1, seed: 0 }).indices[0]).toBe(1);
    const r = selectBatch('hybrid', { labeledMask: mask(4), probs, embeddings: emb, batchSize: 1, seed: 0 });
    expect(Array.from(r.indices)).toEqual([0]);
    expect(r.scores[0]).toBeCloseTo(1, 12);
  });

  it('widens the candidate set when the most uncertain windows are all copies of one', () => {
    // 6 identical tied windows, then distinct ones of falling uncertainty: 3 × batch (6)
    // candidates hold only one distinct window, so the set must grow to fill the batch.
    const n = 40;
    const probs = new Float64Array(n * 2);
    const emb = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p = i < 6 ? 0.5 : 0.55 + i / 100;
      probs.set([p, 1 - p], i * 2);
      emb.set(i < 6 ? [0, 0] : [i, 2 * i], i * 2);
    }
    const r = selectBatch('hybrid', { labeledMask: mask(n), probs: { data: probs, rows: n, cols: 2 }, embeddings: { data: emb, rows: n, cols: 2 }, batchSize: 2, seed: 3, candidateFactor: 3 });
    expect(Array.from(r.indices).filter((i) => i < 6).length).toBe(1);
    expect(new Set(r.indices).size).toBe(2);
  });
});

describe('hybrid candidate set by number of labels', () => {
  // 400 windows on a line; uncertainty falls with position (window 0 most uncertain), so the
  // k-center pass can only reach far positions if they are among the candidates.
  const n = 400;
  const probs = new Float64Array(n * 2);
  const emb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 0.5 + (0.49 * i) / n;
    probs.set([p, 1 - p], i * 2);
    emb[i] = i;
  }
  const pick = (labeled: number[]) =>
    Array.from(selectBatch('hybrid', { labeledMask: mask(n, labeled), probs: { data: probs, rows: n, cols: 2 }, embeddings: { data: emb, rows: n, cols: 1 }, batchSize: 4, seed: 1 }).indices);

  it('spreads early batches over a wide share of the pool and narrows to the most uncertain as labels grow', () => {
    // 4 labels (= batch): candidates are half the eligible pool, 198 windows.
    const early = pick([396, 397, 398, 399]);
    expect(Math.max(...early)).toBeGreaterThan(150);
    expect(Math.max(...early)).toBeLessThan(200);
    // 100 labels: 0.5 × 300 × 4 / 100 = 6 → floor of 3 × batch = 12 candidates.
    const late = pick(Array.from({ length: 100 }, (_, k) => 300 + k));
    expect(late.every((i) => i < 12)).toBe(true);
  });
});

describe('strategy registry and common input', () => {
  it('every listed strategy runs with exactly the inputs it declares', () => {
    const { x } = blobs(50, corners, 8);
    const n = x.rows;
    const rng = makeRng(9);
    const probs = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = rng.random();
      const b = rng.random() * (1 - a);
      probs.set([a, b, 1 - a - b], i * 3);
    }
    const available = { probs: { data: probs, rows: n, cols: 3 }, embeddings: x, features: x };
    const labeled = mask(n, [0, 1, 2, 3, 4]);
    const names = new Set<StrategyName>();
    for (const s of STRATEGIES) {
      names.add(s.name);
      expect(s.description.length).toBeGreaterThan(10);
      const input: QueryInput = { labeledMask: labeled, batchSize: 8, seed: 1 };
      for (const need of [...s.needs, ...(s.needsOneOf ?? []).slice(0, 1)]) input[need] = available[need];
      const r = selectBatch(s.name, input);
      expect(r.indices.length).toBe(8);
      expect(r.scores.length).toBe(8);
      expect(new Set(r.indices).size).toBe(8);
      for (const i of r.indices) expect(labeled[i]).toBe(0);
      expect(Array.from(selectBatch(s.name, input).indices)).toEqual(Array.from(r.indices)); // same seed, same batch
    }
    expect(names.size).toBe(8);
  });

  it('refuses missing or misshapen inputs and honours the exclude mask', () => {
    expect(() => selectBatch('entropy', { labeledMask: mask(3), batchSize: 1, seed: 0 })).toThrow(/needs probs/);
    expect(() => selectBatch('entropy', { labeledMask: mask(3), probs: fromRows([[0.5, 0.5]]), batchSize: 1, seed: 0 })).toThrow(RangeError);
    expect(() => selectBatch('kCenterGreedy', { labeledMask: mask(3), batchSize: 1, seed: 0 })).toThrow(/embeddings or features/);
    const p = fromRows([[0.5, 0.5], [0.6, 0.4], [0.9, 0.1]]);
    const r = selectBatch('entropy', { labeledMask: mask(3), excludeMask: mask(3, [0]), probs: p, batchSize: 1, seed: 0 });
    expect(Array.from(r.indices)).toEqual([1]);
  });
});
