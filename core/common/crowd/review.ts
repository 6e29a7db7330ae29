// What people read from a consensus: the CSV `seislabel consensus` writes, and the most
// contested windows, which an expert should settle first.
import type { Consensus } from './majority.js';
import type { VoteTable } from './votes.js';

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with columns window, label, confidence, votes; a window without votes has an empty label. */
export function consensusCsv(t: VoteTable, c: Consensus): string {
  const lines = ['window,label,confidence,votes'];
  for (let w = 0; w < t.numWindows; w++) {
    const label = c.label[w] >= 0 ? t.classes[c.label[w]] : '';
    lines.push([cell(t.windowIds[w]), cell(label), c.label[w] >= 0 ? c.confidence[w].toFixed(4) : '', c.votes[w]].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A window whose consensus is in doubt. */
export interface ContestedWindow {
  window: number;
  /** Entropy of the consensus posterior in bits: 0 = settled, log2 K = no idea. */
  entropy: number;
  confidence: number;
  votes: number;
}

/**
 * Windows with at least `minVotes` votes (default 2: one vote cannot be contested), most
 * uncertain first by posterior entropy, then by more votes (a split among many people is a
 * real disagreement), then by index.
 */
export function contestedWindows(c: Consensus, K: number, opts: { limit?: number; minVotes?: number } = {}): ContestedWindow[] {
  const minVotes = opts.minVotes ?? 2;
  const out: ContestedWindow[] = [];
  for (let w = 0; w < c.label.length; w++) {
    if (c.votes[w] < minVotes || c.label[w] < 0) continue;
    let h = 0;
    for (let k = 0; k < K; k++) {
      const p = c.posterior[w * K + k];
      if (p > 0) h -= p * Math.log2(p);
    }
    out.push({ window: w, entropy: h, confidence: c.confidence[w], votes: c.votes[w] });
  }
  out.sort((a, b) => b.entropy - a.entropy || b.votes - a.votes || a.window - b.window);
  return out.slice(0, opts.limit ?? out.length);
}
