import { describe, expect, it } from 'vitest';
import { simulate, type SimData, type SimModelFactory, type SimOptions } from '../../core/common/ml/simulate.js';

// Three tight clusters of windows in feature space, one class each, 10 windows per group.
const N = 120;
const y = Int32Array.from({ length: N }, (_, i) => i % 3);
const data: SimData = {
  classes: ['noise', 'P', 'S'],
  y,
  groups: Array.from({ length: N }, (_, i) => `g${Math.floor(i / 10)}`),
  features: { data: Float64Array.from({ length: N * 2 }, (_, k) => 10 * y[k >> 1]! + ((k * 7919) % 13) / 13), rows: N, cols: 2 },
};

/** Records the labels of the first training set of every seed; predicts uniformly. */
function recorder(first: Int32Array[]): SimModelFactory {
  let calls = 0;
  return {
    name: 'recorder',
    fit(_train, labels, K) {
      // simulate fits rounds then the full pool per seed: with budget = initial, two fits a seed.
      if (calls++ % 2 === 0) first.push(labels.slice());
      return { predictProba: (idx) => new Float64Array(idx.length * K).fill(1 / K), embed: (idx) => ({ data: Float64Array.from(idx), cols: 1 }) };
    },
  };
}

const run = async (o: Partial<SimOptions>) => {
  const first: Int32Array[] = [];
  await simulate(data, recorder(first), { strategy: 'hybrid', seeds: 8, initial: 3, batch: 3, budget: 3, testFraction: 0.3, ...o });
  return first.map((l) => new Set(l).size);
};

describe('first labels of a simulation', () => {
  it('start as the app does: a strategy that needs a model begins with one window per cluster', async () => {
    expect(await run({})).toEqual(new Array(8).fill(3));
  });

  it('start random: the same random draw for every strategy, which often misses a class', async () => {
    const classes = await run({ start: 'random' });
    expect(classes.some((c) => c < 3)).toBe(true);
    expect(await run({ start: 'random', strategy: 'margin' })).toEqual(classes);
    expect(await run({ strategy: 'random' })).toEqual(classes);
  });
});
