import { describe, expect, it } from 'vitest';
import { fuzzySimplicialSet } from '../../core/common/embed/fuzzyGraph.js';
import { exactKnn } from '../../core/common/embed/knn.js';
import { gaussianBlobs } from '../../core/common/embed/random.js';
import { REPULSION_STEPS, repulsionExact, repulsionLookup, repulsionTable } from '../../core/common/embed/repulsion.js';
import { createUmap, runUmap } from '../../core/common/embed/umap.js';
import { labelAgreement } from '../../core/common/embed/quality.js';

describe('umap', () => {
  // Random starts: a PCA start already separates such blobs, so only the layout is tested.
  it('pulls well-separated clusters apart from a random start (exact neighbours, 2,000 points)', async () => {
    const { data, labels } = gaussianBlobs(2000, 32, 6, 5, 11);
    const coords = await runUmap(data, 2000, 32, { seed: 1, init: 'random' });
    expect(coords.length).toBe(4000);
    expect(labelAgreement(coords, labels, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('pulls clusters apart with approximate neighbours and PCA reduction (6,000 × 64-d)', async () => {
    const { data, labels } = gaussianBlobs(6000, 64, 8, 4, 12);
    const coords = await runUmap(data, 6000, 64, { seed: 2, pcaDims: 16, nEpochs: 150, init: 'random' });
    expect(labelAgreement(coords, labels, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same coordinates for the same seed and different ones for another seed', () => {
    const { data } = gaussianBlobs(500, 16, 4, 5, 13);
    const run = (seed: number): Float32Array => {
      const layout = createUmap(data, 500, 16, { seed, nEpochs: 50 });
      while (layout.step());
      return layout.coords;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('reports progress after every epoch and stops on cancel', async () => {
    const { data } = gaussianBlobs(500, 16, 4, 5, 14);
    const epochs: number[] = [];
    const all = await runUmap(data, 500, 16, { seed: 1, nEpochs: 30, onProgress: (e, total, c) => {
      expect(total).toBe(30);
      expect(c.length).toBe(1000);
      epochs.push(e);
    } });
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(all.every(Number.isFinite)).toBe(true);

    const controller = new AbortController();
    let calls = 0;
    const cancelled = runUmap(data, 500, 16, { seed: 1, nEpochs: 200, signal: controller.signal, onProgress: (e) => {
      calls++;
      if (e === 10) controller.abort(new Error('cancelled by user'));
    } });
    await expect(cancelled).rejects.toThrow('cancelled by user');
    expect(calls).toBe(10);
  });

  it('builds a symmetric fuzzy graph with weights in (0, 1]', () => {
    const { data } = gaussianBlobs(300, 8, 3, 5, 15);
    const graph = fuzzySimplicialSet(exactKnn(data, 300, 8, 14), 300);
    const byPair = new Map<string, number>();
    for (let e = 0; e < graph.head.length; e++) byPair.set(`${graph.head[e]}:${graph.tail[e]}`, graph.weight[e]);
    for (let e = 0; e < graph.head.length; e++) {
      expect(graph.weight[e]).toBeGreaterThan(0);
      expect(graph.weight[e]).toBeLessThanOrEqual(1);
      expect(byPair.get(`${graph.tail[e]}:${graph.head[e]}`)).toBe(graph.weight[e]);
    }
  });

  it('tabulates the repulsive force within 0.1% over the distances a layout reaches', () => {
    const a = 1.577, b = 0.895;
    const table = repulsionTable(a, b);
    expect(table.length).toBe(REPULSION_STEPS + 2);
    for (let e = -6; e <= 4; e += 0.01) {
      const d2 = 10 ** e;
      expect(Math.abs(repulsionLookup(table, d2) / repulsionExact(d2, a, b) - 1)).toBeLessThan(1e-3);
    }
  });

  it('rejects inconsistent input', () => {
    expect(() => createUmap(new Float32Array(10), 5, 3)).toThrow(/expected/);
    expect(() => createUmap(new Float32Array(30), 10, 3)).toThrow(/more than nNeighbors/);
  });
});
