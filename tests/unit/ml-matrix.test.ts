import { describe, expect, it } from 'vitest';
import { argmaxRows, takeRows } from '../../core/common/ml/matrix.js';

describe('matrix helpers', () => {
  it('argmaxRows picks each row’s largest value, the first one on ties', () => {
    expect(Array.from(argmaxRows([0.2, 0.5, 0.3, 0.6, 0.2, 0.2, 0.4, 0.4, 0.2], 3))).toEqual([1, 0, 0]);
  });
  it('takeRows copies the chosen rows in order', () => {
    const m = takeRows({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }, [2, 0]);
    expect(Array.from(m.data)).toEqual([5, 6, 1, 2]);
    expect(m.rows).toBe(2);
  });
});
