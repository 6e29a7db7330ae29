import { describe, expect, it } from 'vitest';
import { labelAgreement } from '../../core/common/embed/quality.js';
import { gaussianBlobs } from '../../core/common/embed/random.js';
import { createTsne, runTsne, tsneAffinities, TSNE_MAX_POINTS } from '../../core/common/embed/tsne.js';

describe('tsne', () => {
  it('keeps well-separated clusters apart in 2-D', async () => {
    const { data, labels } = gaussianBlobs(400, 16, 4, 5, 21);
    // A random start: the default PCA start would already separate such blobs.
    const coords = await runTsne(data, 400, 16, { seed: 1, perplexity: 20, nIterations: 400, init: 'random' });
    expect(labelAgreement(coords, labels, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same coordinates for the same seed', () => {
    const { data } = gaussianBlobs(200, 8, 3, 5, 22);
    const run = (seed: number, init: 'pca' | 'random'): Float32Array => {
      const layout = createTsne(data, 200, 8, { seed, perplexity: 15, nIterations: 60, init });
      while (layout.step());
      return layout.coords;
    };
    expect(run(5, 'random')).toEqual(run(5, 'random'));
    expect(run(5, 'random')).not.toEqual(run(6, 'random'));
    expect(run(5, 'pca')).toEqual(run(5, 'pca'));
  });

  it('calibrates affinities: symmetric, summing to 1', () => {
    const { data } = gaussianBlobs(120, 4, 2, 3, 23);
    const p = tsneAffinities(data, 120, 4, 10);
    let sum = 0;
    for (let i = 0; i < 120; i++) {
      expect(p[i * 120 + i]).toBe(0);
      for (let j = 0; j < 120; j++) {
        sum += p[i * 120 + j];
        expect(p[i * 120 + j]).toBe(p[j * 120 + i]);
      }
    }
    expect(sum).toBeCloseTo(1, 4);
  });

  it('reports progress and stops on cancel', async () => {
    const { data } = gaussianBlobs(150, 8, 3, 5, 24);
    const controller = new AbortController();
    const seen: number[] = [];
    const run = runTsne(data, 150, 8, { seed: 1, perplexity: 10, nIterations: 500, signal: controller.signal, onProgress: (it, total, coords) => {
      expect(total).toBe(500);
      expect(coords.length).toBe(300);
      seen.push(it);
      if (it === 5) controller.abort(new Error('stop'));
    } });
    await expect(run).rejects.toThrow('stop');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses inputs above the exact-t-SNE cap with a clear message', () => {
    const n = TSNE_MAX_POINTS + 1;
    expect(() => createTsne(new Float32Array(n), n, 1)).toThrow(/use UMAP/);
  });
});
