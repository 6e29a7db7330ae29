// Which model serves the queue, on toy held-out predictions whose macro-F1 is known.
import { describe, expect, it } from 'vitest';
import { chooseServing } from '../../core/common/ml/servingChoice.js';

// Four held-out windows, two classes, truth 0, 0, 1, 1.
const y = [0, 0, 1, 1];
const right = [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.1, 0.9];
// Wrong on the last window only: predictions 0, 0, 1, 0 → F1 2/3 and 0.8 → macro 0.733.
const oneWrong = [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.6, 0.4];

describe('serving model choice', () => {
  it('keeps the forest when the CNN is no better', () => {
    const c = chooseServing(right, oneWrong, y, 2);
    expect(c.kind).toBe('forest');
    expect(c.scores.forest).toBe(1);
    expect(c.scores.cnn).toBeCloseTo((2 / 3 + 0.8) / 2, 12);
    expect(c.nTest).toBe(4);
  });

  it('serves the CNN when it alone gets every window right', () => {
    // The forest is sure and wrong on window 4, so the average is wrong there too.
    const forestBad = [0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.95, 0.05];
    const c = chooseServing(forestBad, right, y, 2);
    expect(c.scores.cnn).toBe(1);
    expect(c.scores.ensemble).toBeLessThan(1);
    expect(c.kind).toBe('cnn');
  });

  it('serves the average when it beats both, and needs a margin over the forest', () => {
    // Forest wrong on window 2, CNN wrong on window 4, each only mildly; the average is right on all.
    const forest = [0.9, 0.1, 0.45, 0.55, 0.3, 0.7, 0.1, 0.9];
    const cnn = [0.9, 0.1, 0.9, 0.1, 0.3, 0.7, 0.55, 0.45];
    const c = chooseServing(forest, cnn, y, 2);
    expect(c.scores.ensemble).toBe(1);
    expect(c.kind).toBe('ensemble');
    expect(chooseServing(forest, cnn, y, 2, 0.5).kind).toBe('forest');
    expect(() => chooseServing(forest, [0.5, 0.5], y, 2)).toThrow(/probabilities/);
  });
});
