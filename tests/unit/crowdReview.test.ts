import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/common/formats/csv.js';
import { majorityVote } from '../../core/common/crowd/majority.js';
import { consensusCsv, contestedWindows } from '../../core/common/crowd/review.js';
import { buildVoteTable, type Vote } from '../../core/common/crowd/votes.js';

const votes: Vote[] = [
  ...['a', 'b', 'c', 'd'].map((p, i) => ({ window: 'split 2-2', annotator: p, label: i % 2 ? 'noise' : 'earthquake' })),
  ...['a', 'b'].map((p, i) => ({ window: 'split 1-1', annotator: p, label: i % 2 ? 'noise' : 'earthquake' })),
  ...['a', 'b', 'c'].map((p, i) => ({ window: 'w,"3"', annotator: p, label: i < 2 ? 'noise' : 'earthquake' })),
  ...['a', 'b', 'c'].map((p) => ({ window: 'agreed', annotator: p, label: 'noise' })),
  { window: 'single', annotator: 'a', label: 'earthquake' },
];
const t = buildVoteTable(votes, { windows: ['unseen'] });
const m = majorityVote(t);

describe('consensus views', () => {
  it('writes window, label, confidence and votes as CSV that reads back', () => {
    const { columns, rows } = parseCsv(consensusCsv(t, m), 'consensus.csv');
    expect(columns).toEqual(['window', 'label', 'confidence', 'votes']);
    expect(rows.find((r) => r.window === 'w,"3"')).toEqual({ window: 'w,"3"', label: 'noise', confidence: '0.6667', votes: '3' });
    expect(rows.find((r) => r.window === 'unseen')).toEqual({ window: 'unseen', label: '', confidence: '', votes: '0' });
    expect(rows).toHaveLength(t.numWindows);
  });

  it('lists contested windows most uncertain first, larger splits before smaller, single votes left out', () => {
    const order = contestedWindows(m, 2).map((c) => t.windowIds[c.window]);
    expect(order).toEqual(['split 2-2', 'split 1-1', 'w,"3"', 'agreed']);
    const top = contestedWindows(m, 2, { limit: 1 })[0];
    expect(top.entropy).toBeCloseTo(1, 12);
    // Two votes for noise and one for earthquake: H = −(2/3 log2 2/3 + 1/3 log2 1/3) = 0.918296.
    expect(contestedWindows(m, 2)[2].entropy).toBeCloseTo(0.918296, 6);
  });
});
