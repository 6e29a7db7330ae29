import { describe, expect, it } from 'vitest';
import { majorityVote } from '../../core/common/crowd/majority.js';
import { buildVoteTable, groupBy, labelsByWindow, windowClassCounts, type Vote } from '../../core/common/crowd/votes.js';

describe('vote table', () => {
  it('indexes windows, annotators and named classes (sorted, so later votes never renumber them)', () => {
    const t = buildVoteTable([
      { window: 'w2', annotator: 'ann', label: 'noise' },
      { window: 'w1', annotator: 'bob', label: 'earthquake' },
      { window: 'w2', annotator: 'bob', label: 'noise' },
    ]);
    expect(t.classes).toEqual(['earthquake', 'noise']);
    expect(t.windowIds).toEqual(['w2', 'w1']);
    expect(t.annotatorIds).toEqual(['ann', 'bob']);
    expect(Array.from(t.voteLabel)).toEqual([1, 0, 1]);
    // Window w2 holds votes 0 and 2, bob votes 1 and 2.
    expect(Array.from(t.byWindow.items.subarray(t.byWindow.start[0], t.byWindow.start[1]))).toEqual([0, 2]);
    expect(Array.from(t.byAnnotator.items.subarray(t.byAnnotator.start[1], t.byAnnotator.start[2]))).toEqual([1, 2]);
    expect(Array.from(windowClassCounts(t))).toEqual([0, 2, 1, 0]);
  });

  it('keeps only the latest vote of a person on a window (by time, then input order)', () => {
    const votes: Vote[] = [
      { window: 1, annotator: 'a', label: 0, time: 200 },
      { window: 1, annotator: 'a', label: 1, time: 100 },
      { window: 2, annotator: 'a', label: 0 },
      { window: 2, annotator: 'a', label: 1 },
      { window: 3, annotator: 'b', label: 0, time: 100 },
      { window: 3, annotator: 'a', label: 1 },
      { window: 3, annotator: 'b', label: 2, time: 300 },
      { window: 3, annotator: 'b', label: 1, time: 200 },
    ];
    const t = buildVoteTable(votes);
    expect(t.numVotes).toBe(4);
    expect(Array.from(t.voteLabel)).toEqual([0, 1, 1, 2]);
    expect(Array.from(t.byWindow.start)).toEqual([0, 1, 2, 4]);
  });

  it('refuses unknown class names and mixed indices and names', () => {
    expect(() => buildVoteTable([{ window: 1, annotator: 'a', label: 'tremor' }], { classes: ['earthquake', 'noise'] })).toThrow(/unknown class "tremor"/);
    expect(() => buildVoteTable([{ window: 1, annotator: 'a', label: 3 }], { classes: ['earthquake', 'noise'] })).toThrow(/3 is not in \[0, 2\)/);
    expect(() => buildVoteTable([{ window: 1, annotator: 'a', label: 0 }, { window: 1, annotator: 'b', label: 'x' }])).toThrow(/mix/);
  });

  it('groups with a stable counting sort', () => {
    const g = groupBy(Int32Array.from([2, 0, 2, 1, 0]), 4);
    expect(Array.from(g.start)).toEqual([0, 2, 3, 5, 5]);
    expect(Array.from(g.items)).toEqual([1, 4, 3, 0, 2]);
  });

  it('maps gold labels onto table windows and skips windows without votes', () => {
    const t = buildVoteTable([{ window: 'x', annotator: 'a', label: 'noise' }], { classes: ['earthquake', 'noise'] });
    expect(Array.from(labelsByWindow(t, [{ window: 'x', label: 'earthquake' }, { window: 'absent', label: 'noise' }]))).toEqual([0]);
  });
});

describe('majority vote', () => {
  it('gives the share of votes as confidence and -1 for a window without votes', () => {
    const t = buildVoteTable(
      [
        { window: 'a', annotator: 1, label: 'eq' },
        { window: 'a', annotator: 2, label: 'eq' },
        { window: 'a', annotator: 3, label: 'noise' },
      ],
      { classes: ['eq', 'noise'], windows: ['empty'] },
    );
    const m = majorityVote(t);
    expect(Array.from(m.label)).toEqual([-1, 0]);
    expect(m.confidence[1]).toBeCloseTo(2 / 3, 12);
    expect(Array.from(m.votes)).toEqual([0, 3]);
  });

  it('breaks a tie towards the class with more votes overall, then the lower index, whatever the vote order', () => {
    const votes: Vote[] = [
      { window: 't', annotator: 1, label: 2 },
      { window: 't', annotator: 2, label: 1 },
      { window: 'u', annotator: 1, label: 1 },
      { window: 'v', annotator: 1, label: 0 },
      { window: 'v', annotator: 2, label: 2 },
    ];
    // Class 1 and class 2 have two votes each overall, so window t goes to the lower index 1 …
    const forward = majorityVote(buildVoteTable(votes, { windows: ['t', 'u', 'v'] }));
    const backward = majorityVote(buildVoteTable([...votes].reverse(), { windows: ['t', 'u', 'v'] }));
    expect(Array.from(forward.label)).toEqual([1, 1, 2]);
    expect(Array.from(backward.label)).toEqual([1, 1, 2]);
    // … and window v ties 0 against 2, where 2 is the more frequent class.
    expect(forward.confidence[2]).toBe(0.5);
  });

  it('weights votes by annotator', () => {
    const t = buildVoteTable([
      { window: 'w', annotator: 'expert', label: 0 },
      { window: 'w', annotator: 'x', label: 1 },
      { window: 'w', annotator: 'y', label: 1 },
    ]);
    expect(majorityVote(t).label[0]).toBe(1);
    expect(majorityVote(t, { weights: [3, 1, 1] }).label[0]).toBe(0);
  });
});
