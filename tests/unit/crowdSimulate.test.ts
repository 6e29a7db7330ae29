import { describe, expect, it } from 'vitest';
import { crowdAccuracyTable, formatCrowdTable, spread } from '../../core/common/crowd/crowdTable.js';
import { simulateCrowd } from '../../core/common/crowd/simulate.js';

describe('crowd simulation', () => {
  it('draws votes from each annotator’s confusion matrix, k different people per window', () => {
    const crowd = simulateCrowd({ windows: 3000, classes: 2, annotators: 4, votesPerWindow: 3, mix: { expert: 1, adversarial: 1, spammer: 1, biased: 1 }, seed: 7 });
    const perWindow = new Map<number, Set<string>>();
    for (const v of crowd.votes) {
      const s = perWindow.get(v.window as number) ?? new Set();
      s.add(v.annotator as string);
      perWindow.set(v.window as number, s);
    }
    expect(crowd.votes.length).toBe(9000);
    expect([...perWindow.values()].every((s) => s.size === 3)).toBe(true);
    // Each person's empirical accuracy matches their matrix (±4 standard errors of ~2,250 votes).
    for (const a of crowd.annotators) {
      const mine = crowd.votes.filter((v) => v.annotator === a.id);
      const hit = mine.filter((v) => v.label === crowd.truth[v.window as number]).length / mine.length;
      const expected = (a.confusion[0] + a.confusion[3]) / 2;
      expect(Math.abs(hit - expected), a.kind).toBeLessThan(4 * Math.sqrt(0.25 / mine.length) + 0.02);
    }
    expect(crowd.annotators.map((a) => a.kind).sort()).toEqual(['adversarial', 'biased', 'expert', 'spammer']);
  });

  it('is reproducible for a seed and different across seeds', () => {
    const opts = { windows: 50, classes: 3, annotators: 10, votesPerWindow: 4, goldShare: 0.2 };
    expect(simulateCrowd({ ...opts, seed: 1 })).toEqual(simulateCrowd({ ...opts, seed: 1 }));
    expect(simulateCrowd({ ...opts, seed: 1 }).votes).not.toEqual(simulateCrowd({ ...opts, seed: 2 }).votes);
    expect(simulateCrowd({ ...opts, seed: 1 }).gold.length).toBe(10);
  });

  it('gives a few volunteers most of the work with a heavy-tailed workload', () => {
    const crowd = simulateCrowd({ windows: 2000, classes: 2, annotators: 100, votesPerWindow: 3, workload: 'heavyTailed', seed: 3 });
    const counts = new Map<string, number>();
    for (const v of crowd.votes) counts.set(v.annotator as string, (counts.get(v.annotator as string) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top10 = sorted.slice(0, 10).reduce((s, c) => s + c, 0);
    // Shares ∝ 1/r over 100 people: the top 10 hold H(10)/H(100) ≈ 0.56 of the draws.
    expect(top10 / crowd.votes.length).toBeGreaterThan(0.45);
  });
});

describe('crowd accuracy table', () => {
  const rows = crowdAccuracyTable({ windows: 600, classes: 3, annotators: 30, seeds: [1, 2], votesPerWindow: [1, 3, 7] });

  it('shows consensus improving with votes and Dawid–Skene ahead of majority from 3 votes on', () => {
    expect(rows.map((r) => r.votesPerWindow)).toEqual([1, 3, 7]);
    expect(rows[2].majority.mean).toBeGreaterThan(rows[0].majority.mean);
    for (const r of rows.slice(1)) {
      expect(r.dawidSkene.mean).toBeGreaterThan(r.majority.mean + 0.05);
      expect(r.goldAnchored.mean).toBeGreaterThan(r.majority.mean + 0.05);
    }
    // With one vote per window there is nothing to learn skill from: DS must not fall below majority.
    expect(rows[0].dawidSkene.mean).toBeGreaterThan(rows[0].majority.mean - 0.02);
  });

  it('prints one line per k with mean ± sd', () => {
    const text = formatCrowdTable(rows);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2 + rows.length);
    expect(lines[3]).toContain(`${rows[1].dawidSkene.mean.toFixed(3)} ± ${rows[1].dawidSkene.sd.toFixed(3)}`);
    expect(lines[2].startsWith('1 ')).toBe(true);
  });

  it('computes the spread with the sample standard deviation', () => {
    expect(spread([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3), min: 1, max: 4 });
  });
});
