// Each person against a reference (gold labels or the consensus): their confusion matrix
// and whether their labels carry any information at all.
import { kappaFromJoint } from './agreement.js';
import { argmaxRow } from './majority.js';
import { windowClassCounts, type CrowdId, type VoteTable } from './votes.js';

/**
 * Per annotator a K × K count matrix at `a·K² + reference·K + given`, over the votes on
 * windows whose reference class is known (≥ 0).
 */
export function confusionAgainst(t: VoteTable, reference: ArrayLike<number>): Float64Array {
  const K = t.numClasses;
  const out = new Float64Array(t.numAnnotators * K * K);
  for (let v = 0; v < t.numVotes; v++) {
    const r = reference[t.voteWindow[v]];
    if (r >= 0) out[t.voteAnnotator[v] * K * K + r * K + t.voteLabel[v]]++;
  }
  return out;
}

/** How one person's labels compare with the reference. */
export interface AnnotatorCheck {
  annotator: CrowdId;
  /** Votes compared (on windows with a reference class). */
  compared: number;
  /** Share of compared votes equal to the reference. */
  agreement: number;
  /** Cohen's kappa against the reference: 0 = chance, < 0 = worse than chance. */
  kappa: number;
  /** True when enough votes were compared and kappa stays below the threshold. */
  flagged: boolean;
}

/** Options of `checkAnnotators`. */
export interface CheckOptions {
  /** Class per window to compare with (e.g. gold or Dawid–Skene labels; -1 = skip). Default: leave-one-out majority. */
  reference?: ArrayLike<number>;
  /** Fewer compared votes than this are never flagged (default 20): a short run of bad luck is not a pattern. */
  minVotes?: number;
  /** Kappa below this flags the person (default 0.1, barely better than chance). */
  maxKappa?: number;
}

/**
 * Flags people whose labels look random (or contrary). The default reference is the
 * majority of the *other* votes on each window, so a person's own vote cannot make them
 * look like they agree with the crowd; windows where the others tie are skipped.
 */
export function checkAnnotators(t: VoteTable, opts: CheckOptions = {}): AnnotatorCheck[] {
  const K = t.numClasses;
  const minVotes = opts.minVotes ?? 20;
  const maxKappa = opts.maxKappa ?? 0.1;
  const joints = new Float64Array(t.numAnnotators * K * K);
  if (opts.reference) joints.set(confusionAgainst(t, opts.reference));
  else {
    const counts = windowClassCounts(t);
    const others = new Float64Array(K);
    for (let v = 0; v < t.numVotes; v++) {
      const w = t.voteWindow[v];
      const own = t.voteLabel[v];
      others.set(counts.subarray(w * K, (w + 1) * K));
      others[own]--;
      const best = argmaxRow(others, 0, K);
      let tie = others[best] <= 0;
      for (let k = 0; k < K && !tie; k++) tie = k !== best && others[k] === others[best];
      if (!tie) joints[t.voteAnnotator[v] * K * K + best * K + own]++;
    }
  }
  return t.annotatorIds.map((annotator, a) => {
    const k = kappaFromJoint(joints.subarray(a * K * K, (a + 1) * K * K), K);
    return { annotator, compared: k.n, agreement: k.observed, kappa: k.kappa, flagged: k.n >= minVotes && !(k.kappa >= maxKappa) };
  });
}

/** How fast one person labels. */
export interface LabelingRate {
  annotator: CrowdId;
  /** Votes with a time. */
  votes: number;
  /** Time spent labeling: gaps between consecutive votes, each capped at the idle gap. */
  activeHours: number;
  /** Votes per active hour, counting the votes after the first (the first has no gap before it); NaN with fewer than two timed votes. */
  perHour: number;
}

/**
 * Labels per hour of each person. Wall-clock time between first and last vote would count
 * nights and lunch breaks, so a gap longer than `idleGapMs` (default 10 min) counts as the
 * cap: the person was at most that long on the window before it.
 */
export function labelingRates(t: VoteTable, opts: { idleGapMs?: number } = {}): LabelingRate[] {
  const cap = opts.idleGapMs ?? 10 * 60_000;
  return t.annotatorIds.map((annotator, a) => {
    const times: number[] = [];
    for (let j = t.byAnnotator.start[a]; j < t.byAnnotator.start[a + 1]; j++) {
      const time = t.voteTime[t.byAnnotator.items[j]];
      if (!Number.isNaN(time)) times.push(time);
    }
    times.sort((p, q) => p - q);
    let ms = 0;
    for (let i = 1; i < times.length; i++) ms += Math.min(cap, times[i] - times[i - 1]);
    const activeHours = ms / 3_600_000;
    return { annotator, votes: times.length, activeHours, perHour: times.length >= 2 && ms > 0 ? (times.length - 1) / activeHours : NaN };
  });
}
