import { describe, expect, it } from 'vitest';
import { stoppingHint } from '../../core/common/ml/stopping.js';

describe('stopping hint', () => {
  it('reports agreement and kappa between successive rounds', () => {
    // Round 0 vs 1: 3 of 4 agree; chance agreement 0.5·0.25 + 0.5·0.75 = 0.5, so κ = 0.5.
    const h = stoppingHint([[0, 0, 1, 1], [0, 1, 1, 1]], { numClasses: 2, window: 1 });
    expect(h.history).toEqual([{ agreement: 0.75, kappa: 0.5 }]);
    expect(h.stop).toBe(false);
  });

  it('suggests stopping only after the window of stable rounds', () => {
    const a = [0, 1, 2, 1, 0, 2, 1, 1];
    const b = [0, 1, 2, 1, 0, 2, 1, 0];
    expect(stoppingHint([b, a, a], { numClasses: 3 }).stop).toBe(false); // too few rounds
    expect(stoppingHint([b, a, a, a], { numClasses: 3 }).stop).toBe(false); // b → a is in the window
    expect(stoppingHint([b, a, a, a, a], { numClasses: 3 }).stop).toBe(true);
    expect(stoppingHint([a, a, a, b], { numClasses: 3 }).stop).toBe(false); // the last model moved
    expect(stoppingHint([a, a, a, b], { numClasses: 3, threshold: 0.5 }).stop).toBe(true);
    expect(stoppingHint([b, a], { numClasses: 3 }).reason).toMatch(/need 4 rounds/);
  });

  it('refuses rounds predicted on different stop sets', () => {
    expect(() => stoppingHint([[0, 1], [0, 1, 1]], { numClasses: 2 })).toThrow(/fixed stop set/);
  });
});
