import { describe, expect, it } from 'vitest';
import type { SimModelFactory } from '../../core/common/ml/simulate.js';
import { averageFactory } from '../../core/node/ml/simModels.js';

// A model that answers a fixed probability table (rows by window index) and records what it was trained on.
function fixed(name: string, table: number[][], seen: unknown[][], embedCols?: number): SimModelFactory {
  return {
    name,
    fit(train, y, classes, seed) {
      seen.push([Array.from(train), Array.from(y), classes, seed]);
      return {
        predictProba: (idx) => Float64Array.from(Array.from(idx).flatMap((i) => table[i]!)),
        embed: embedCols ? (idx) => ({ data: Float64Array.from(Array.from(idx).flatMap((i) => Array.from({ length: embedCols }, () => i))), cols: embedCols }) : undefined,
      };
    },
  };
}

describe('averageFactory (forest+cnn in simulate)', () => {
  it('averages the two probability tables with equal weight, as the app’s serving average does', async () => {
    const seenA: unknown[][] = [];
    const seenB: unknown[][] = [];
    const a = fixed('forest', [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]], seenA, 2);
    const b = fixed('cnn', [[0.2, 0.7, 0.1], [0.0, 0.4, 0.6]], seenB);
    const avg = averageFactory(a, b);
    expect(avg.name).toBe('forest+cnn');
    const trained = await avg.fit(Int32Array.of(0, 1), Int32Array.of(2, 0), 3, 7);
    const p = Array.from(await trained.predictProba(Int32Array.of(1, 0)));
    // Row 1 then row 0: (0.2+0)/2, (0.2+0.4)/2, (0.6+0.6)/2 | (0.6+0.2)/2, (0.3+0.7)/2, (0.1+0.1)/2.
    [0.1, 0.3, 0.6, 0.4, 0.5, 0.1].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
    expect(seenA).toEqual([[[0, 1], [2, 0], 3, 7]]);
    expect(seenB).toEqual(seenA);
    // k-center diversity runs on the first model's embedding.
    const e = await trained.embed!(Int32Array.of(1));
    expect({ cols: e.cols, data: Array.from(e.data) }).toEqual({ cols: 2, data: [1, 1] });
  });

  it('has no embedding when the first model has none, and refuses tables of different sizes', async () => {
    const trained = await averageFactory(fixed('a', [[1, 0]], []), fixed('b', [[0, 1, 0]], [], 2)).fit(Int32Array.of(0), Int32Array.of(0), 2, 1);
    expect(trained.embed).toBeUndefined();
    await expect(Promise.resolve().then(() => trained.predictProba(Int32Array.of(0)))).rejects.toThrow(/a gave 2 probabilities and b 3 for 1 windows/);
  });
});
