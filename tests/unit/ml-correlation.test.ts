import { describe, expect, it } from 'vitest';
import { averageRanks, pearsonMatrix, spearmanMatrix } from '../../core/common/ml/correlation.js';
import { fromRows } from '../../core/common/ml/matrix.js';

// References: numpy.corrcoef(Y, rowvar=False) and scipy.stats.spearmanr(Y) (numpy 1.24.2,
// scipy 1.10.1); Y has ties in columns 1 and 2 to exercise average ranks.
const Y = fromRows([[1, 5, 2], [2, 4, 2], [3, 3, 1], [4, 2, 3], [5, 1, 3], [6, 2, 9], [2, 7, 1]]);
const pearsonRef = [
  [1.0, -0.7989218633826776, 0.7693580211487252],
  [-0.7989218633826776, 1.0, -0.4942910797268999],
  [0.7693580211487253, -0.4942910797268999, 1.0],
];
const spearmanRef = [
  [1.0, -0.8727272727272728, 0.7223460919122203],
  [-0.8727272727272728, 1.0, -0.7501286339088441],
  [0.7223460919122203, -0.7501286339088442, 1.0],
];

const expectMatrix = (got: number[][], want: number[][]): void =>
  want.forEach((row, i) => row.forEach((v, j) => expect(got[i]![j]!).toBeCloseTo(v, 12)));

describe('feature correlation', () => {
  it('Pearson matches numpy corrcoef', () => expectMatrix(pearsonMatrix(Y), pearsonRef));
  it('Spearman matches scipy spearmanr with ties', () => expectMatrix(spearmanMatrix(Y), spearmanRef));

  it('gives ties their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });

  it('Spearman is 1 for any monotone link, Pearson is not', () => {
    const m = fromRows([1, 2, 3, 4, 5, 6].map((v) => [v, Math.exp(v)]));
    expect(spearmanMatrix(m)[0]![1]).toBeCloseTo(1, 12);
    expect(pearsonMatrix(m)[0]![1]).toBeLessThan(0.95);
  });

  it('marks a constant column NaN like numpy', () => {
    const r = pearsonMatrix(fromRows([[1, 3], [2, 3], [4, 3]]));
    expect(r[0]![0]).toBeCloseTo(1, 12);
    expect(r[0]![1]).toBeNaN();
    expect(r[1]![1]).toBeNaN();
  });
});
