// The numbers behind the charts: box-plot statistics, histogram bins, axis ticks and CSV.
import { describe, expect, it } from 'vitest';
import { boxStats, divergingColour, histogram, niceTicks, quantile, tickText, toCsv } from '../../renderer/plots/stats.js';

describe('chart numbers', () => {
  it('gives Tukey box statistics with outliers beyond 1.5 IQR', () => {
    // 1..9 plus 100: quartiles by linear interpolation 3.25 and 7.75, IQR 4.5, fence 6.75.
    const b = boxStats([5, 3, 1, 2, 4, 6, 7, 8, 9, 100, NaN]);
    expect(b.n).toBe(10);
    expect(b.q1).toBeCloseTo(3.25, 12);
    expect(b.median).toBeCloseTo(5.5, 12);
    expect(b.q3).toBeCloseTo(7.75, 12);
    expect([b.lo, b.hi]).toEqual([1, 9]);
    expect(b.outliers).toEqual([100]);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('bins all groups on common edges, the maximum in the last bin', () => {
    const h = histogram([[0, 1, 2, 3, 4], [4, 4]], 4);
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([[1, 1, 1, 2], [0, 0, 0, 2]]);
    expect(histogram([[2, 2]], 2).edges).toEqual([1.5, 2, 2.5]);
  });

  it('puts round ticks inside the range and keeps close ticks apart in text', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(137, 139, 6).map(tickText)).toEqual(['137', '137.5', '138', '138.5', '139']);
  });

  it('quotes CSV cells that need it and leaves missing values empty', () => {
    expect(toCsv([['a,b', 'say "hi"', null, NaN, 1.5]])).toBe('"a,b","say ""hi""",,,1.5\n');
  });

  it('colours correlations blue below zero, red above, grey when undefined', () => {
    expect(divergingColour(0)).toBe('rgb(247,247,247)');
    expect(divergingColour(1)).toBe('rgb(178,24,43)');
    expect(divergingColour(-1)).toBe('rgb(33,102,172)');
    expect(divergingColour(null)).toBe('#cccccc');
  });
});
