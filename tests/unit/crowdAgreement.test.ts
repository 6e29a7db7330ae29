import { describe, expect, it } from 'vitest';
import { fleissKappa, fleissKappaFromCounts, kappaFromJoint, krippendorffAlpha, krippendorffAlphaFromCounts, pairwiseKappa } from '../../core/common/crowd/agreement.js';
import { dawidSkene } from '../../core/common/crowd/dawidSkene.js';
import { checkAnnotators, confusionAgainst, labelingRates } from '../../core/common/crowd/quality.js';
import { simulateCrowd } from '../../core/common/crowd/simulate.js';
import { buildVoteTable, type Vote } from '../../core/common/crowd/votes.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { cohenKappa } from '../../core/common/ml/metrics.js';

/**
 * The worked example of Fleiss' kappa on Wikipedia: 10 subjects, 14 raters, 5 categories.
 * By hand: P_i = (Σ_j n_ij² − 14) / (14·13), so Σ_i P_i = (182+46+56+80+60+84+44+32+52+52) / 182
 * = 688/182 and P̄ = 688/1820 = 0.378022; column totals 20, 28, 39, 21, 32 of 140 give
 * P_e = (400+784+1521+441+1024) / 19600 = 0.212755; κ = (0.378022 − 0.212755) / 0.787245 = 0.20993.
 */
const FLEISS_TABLE = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/** Votes that reproduce a count table, rater r of subject i named `i:r`. */
function votesFromCounts(table: number[][]): Vote[] {
  return table.flatMap((row, i) => row.flatMap((n, k) => Array.from({ length: n }, () => k)).map((k, r) => ({ window: i, annotator: `${i}:${r}`, label: k })));
}

describe("Fleiss' kappa", () => {
  it('gives 0.210 on the textbook table, from counts and from votes', () => {
    const r = fleissKappaFromCounts(FLEISS_TABLE.flat(), 5);
    expect(r.observed).toBeCloseTo(688 / 1820, 12);
    expect(r.expected).toBeCloseTo(4170 / 19600, 12);
    expect(r.kappa).toBeCloseTo(0.20993, 5);
    expect(fleissKappa(buildVoteTable(votesFromCounts(FLEISS_TABLE))).kappa).toBeCloseTo(r.kappa, 12);
  });

  it('gives per-class kappa computed by hand, whose p·q-weighted mean is the overall kappa', () => {
    // Two votes on 4 windows: (0,0) (0,1) (2,2) (1,1). Class 0: Σ x(m−x)/(m(m−1)) = 1/2 (window 2),
    // p_0 = 3/8, so κ_0 = 1 − 0.5 / (4 · 3/8 · 5/8) = 7/15; class 1 likewise; class 2 never disputed: 1.
    // Overall P̄ = 3/4, P_e = (9+9+4)/64, κ = (3/4 − 22/64) / (42/64) = 26/42.
    const r = fleissKappaFromCounts([2, 0, 0, 1, 1, 0, 0, 0, 2, 0, 2, 0], 3);
    expect(Array.from(r.perClass)).toEqual([7 / 15, 7 / 15, 1].map((v) => expect.closeTo(v, 12)));
    expect(r.kappa).toBeCloseTo(26 / 42, 12);
  });

  it('equals the per-class kappa of either class with two classes, and ignores windows with one vote', () => {
    const r = fleissKappaFromCounts([3, 1, 0, 4, 2, 2, 1, 0], 2);
    expect(r.windows).toBe(3);
    expect(r.perClass[0]).toBeCloseTo(r.kappa, 12);
    expect(r.perClass[1]).toBeCloseTo(r.kappa, 12);
  });
});

describe("Krippendorff's alpha", () => {
  it("gives 0.743 on Krippendorff's nominal example with missing values", () => {
    // 4 coders, 12 units, values 1–5, '.' missing (Krippendorff, "Computing Krippendorff's alpha-reliability", 2011).
    const coders = ['1 2 3 3 2 1 4 1 2 . . .', '1 2 3 3 2 2 4 1 2 5 . 3', '. 3 3 3 2 3 4 2 2 5 1 .', '1 2 3 3 2 4 4 1 2 5 1 .'];
    const votes: Vote[] = coders.flatMap((row, c) => row.split(' ').flatMap((v, u) => (v === '.' ? [] : [{ window: u, annotator: c, label: Number(v) - 1 }])));
    // By hand: pairable values n = 40 (unit 12 has one value), Σ_c o_cc = 32 (e.g. unit 1: 3·2/2 = 3,
    // unit 2: 3·2/3 = 2, unit 11: 2·1/1 = 2), n_c = 9, 13, 10, 5, 3 so Σ n_c² = 384:
    // α = 1 − 39 · (40 − 32) / (1600 − 384) = 1 − 312/1216 = 0.743421.
    expect(krippendorffAlpha(buildVoteTable(votes))).toBeCloseTo(1 - 312 / 1216, 12);
  });

  it('is 1 for perfect agreement and about 0 for random labels', () => {
    expect(krippendorffAlphaFromCounts([3, 0, 0, 2, 4, 0], 2)).toBe(1);
    const rng = makeRng(3);
    const counts = new Float64Array(2000 * 3);
    for (let w = 0; w < 2000; w++) for (let r = 0; r < 4; r++) counts[w * 3 + rng.int(3)]++;
    expect(Math.abs(krippendorffAlphaFromCounts(counts, 3))).toBeLessThan(0.03);
  });
});

describe("Cohen's kappa for every pair", () => {
  it('uses only the windows both annotators labeled', () => {
    // 50 windows: A and B say (yes, yes) 20×, (yes, no) 5×, (no, yes) 10×, (no, no) 15×. po = 0.7,
    // A says yes 25/50, B 30/50, pe = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4. C labels 10 windows only.
    const pairs = [...Array(20).fill([0, 0]), ...Array(5).fill([0, 1]), ...Array(10).fill([1, 0]), ...Array(15).fill([1, 1])] as number[][];
    const votes: Vote[] = pairs.flatMap(([a, b], w) => [{ window: w, annotator: 'A', label: a }, { window: w, annotator: 'B', label: b }]);
    for (let w = 0; w < 10; w++) votes.push({ window: w, annotator: 'C', label: w % 2 });
    const r = pairwiseKappa(buildVoteTable(votes));
    const ab = r.find((p) => p.annotatorA === 'A' && p.annotatorB === 'B')!;
    expect(ab).toMatchObject({ shared: 50, observed: 0.7 });
    expect(ab.kappa).toBeCloseTo(0.4, 12);
    const ac = r.find((p) => p.annotatorA === 'A' && p.annotatorB === 'C')!;
    // On windows 0–9 A says yes; C alternates, so po = 0.5 and pe = 1·0.5 = 0.5: κ = 0.
    expect(ac).toMatchObject({ shared: 10, kappa: 0 });
    expect(pairwiseKappa(buildVoteTable(votes), { minShared: 11 }).map((p) => [p.annotatorA, p.annotatorB])).toEqual([['A', 'B']]);
  });

  it('agrees with the metrics module on random labelings', () => {
    const rng = makeRng(5);
    const a = Int32Array.from({ length: 300 }, () => rng.int(4));
    const b = Int32Array.from(a, (x) => (rng.random() < 0.6 ? x : rng.int(4)));
    const joint = new Float64Array(16);
    a.forEach((x, i) => joint[x * 4 + b[i]]++);
    expect(kappaFromJoint(joint, 4).kappa).toBeCloseTo(cohenKappa(a, b, 4), 12);
  });
});

describe('annotator checks', () => {
  const crowd = simulateCrowd({ windows: 1500, classes: 3, annotators: 30, votesPerWindow: 5, seed: 21 });
  const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
  const kindOf = new Map(crowd.annotators.map((a) => [a.id, a.kind]));

  it('flags exactly the spammers, one-button clickers and contrarians', () => {
    for (const reference of [undefined, dawidSkene(t).label]) {
      const checks = checkAnnotators(t, { reference });
      for (const c of checks) {
        const kind = kindOf.get(c.annotator as string)!;
        expect(c.compared).toBeGreaterThan(100);
        expect([kind, c.flagged]).toEqual([kind, ['spammer', 'biased', 'adversarial'].includes(kind)]);
      }
    }
  });

  it('does not flag anyone on too few votes', () => {
    expect(checkAnnotators(t, { minVotes: 10_000 }).some((c) => c.flagged)).toBe(false);
  });

  it('gives labels per active hour, capping idle gaps', () => {
    const at = [0, 30, 60, 2 * 3600 + 60, 2 * 3600 + 90].map((s) => s * 1000);
    const timed = buildVoteTable([...at.map((time, i) => ({ window: i, annotator: 'p', label: 0, time })), { window: 0, annotator: 'q', label: 1 }]);
    const [p, q] = labelingRates(timed);
    // Gaps 30 s, 30 s, 2 h (capped at 600 s), 30 s: 690 s active for the 4 votes after the first.
    expect(p).toMatchObject({ annotator: 'p', votes: 5 });
    expect(p.activeHours).toBeCloseTo(690 / 3600, 12);
    expect(p.perHour).toBeCloseTo(4 / (690 / 3600), 9);
    expect(q.perHour).toBeNaN();
  });

  it('counts each vote against the reference class', () => {
    const small = buildVoteTable([
      { window: 'x', annotator: 'p', label: 1 },
      { window: 'y', annotator: 'p', label: 1 },
      { window: 'z', annotator: 'p', label: 0 },
    ]);
    expect(Array.from(confusionAgainst(small, [0, 1, -1]))).toEqual([0, 1, 0, 1]);
  });
});
