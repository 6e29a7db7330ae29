// Turns a feature model's per-feature contributions for one window into plain words:
// "Predicted earthquake (0.86): high STA/LTA max (+0.21), short envelope rise time (−0.05)".
// A feature is called high or low by where the window's value lies among the windows the
// model was trained on (its rank, 0…1), so the words hold for any unit.

/** What one feature did to the predicted class's probability. */
export interface ExplanationItem {
  feature: number;
  name: string;
  /** Short readable name, e.g. "STA/LTA max". */
  label: string;
  description: string;
  value: number;
  /** Where the value lies among the training windows, 0 (lowest) to 1 (highest). */
  rank: number;
  /** Change of the predicted class's probability credited to this feature. */
  contribution: number;
  /** "high" / "low", or "long" / "short" for times, "very …" beyond the 10 % tails. */
  level: string;
  /** e.g. "high STA/LTA max (+0.21)". */
  phrase: string;
}

/** The words beside a window. */
export interface ExplanationText {
  predicted: number;
  probability: number;
  /** One sentence with the strongest reasons. */
  headline: string;
  /** Features ordered by the size of their contribution, strongest first. */
  items: ExplanationItem[];
}

/** Inputs of `describeExplanation`. */
export interface ExplainInput {
  classNames: readonly string[];
  /** Class probabilities of the window. */
  probs: ArrayLike<number>;
  /** K × F contributions, row-major (FeatureModel.explain). */
  contributions: ArrayLike<number>;
  /** The window's feature values. */
  values: ArrayLike<number>;
  /** Rank of each value among the training windows, 0…1. */
  ranks: ArrayLike<number>;
  features: readonly { name: string; description: string; unit: string }[];
  /** Reasons in the headline (default 4). */
  top?: number;
}

const ACRONYMS: Record<string, string> = { sta: 'STA', lta: 'LTA', rms: 'RMS', hv: 'H/V', snr: 'SNR', hz: 'Hz' };

/** A readable name from a snake_case feature name: "log_hv_ratio" → "H/V ratio", "sta_lta_max" → "STA/LTA max". */
export function featureLabel(name: string): string {
  const words = name.split('_').filter((w, i) => !(i === 0 && w === 'log'));
  const out = words.map((w) => ACRONYMS[w] ?? w).join(' ').replace('STA LTA', 'STA/LTA');
  return out.replace(/(\d+) (\d+) (\d+)hz/, '$1.$2–$3 Hz').replace(/(\d+) (\d+)hz/, '$1–$2 Hz').replace(/above (\d+)hz/, 'above $1 Hz');
}

/** The readable name with its unit, as the UI lists features: "H/V ratio (log10(ratio))". */
export function featureTitle(name: string, unit: string): string {
  return unit ? `${featureLabel(name)} (${unit})` : featureLabel(name);
}

/** "high"/"low" (or "long"/"short" for durations), "very …" in the outer tenths. */
export function levelWord(rank: number, unit: string): string {
  const time = unit === 's';
  const word = rank >= 0.5 ? (time ? 'long' : 'high') : time ? 'short' : 'low';
  return rank >= 0.9 || rank <= 0.1 ? `very ${word}` : word;
}

/** Signed contribution with a real minus sign, two decimals. */
export const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;

/** Describes why the model predicted what it did for one window. */
export function describeExplanation(inp: ExplainInput): ExplanationText {
  const K = inp.classNames.length;
  const F = inp.features.length;
  if (inp.probs.length !== K) throw new RangeError(`${inp.probs.length} probabilities for ${K} classes`);
  if (inp.contributions.length !== K * F) throw new RangeError(`${inp.contributions.length} contributions for ${K}×${F}`);
  let predicted = 0;
  for (let k = 1; k < K; k++) if (inp.probs[k]! > inp.probs[predicted]!) predicted = k;
  const items: ExplanationItem[] = inp.features.map((f, j) => {
    const contribution = inp.contributions[predicted * F + j]!;
    const rank = inp.ranks[j]!;
    const label = featureLabel(f.name);
    const level = levelWord(rank, f.unit);
    return { feature: j, name: f.name, label, description: f.description, value: inp.values[j]!, rank, contribution, level, phrase: `${level} ${label} (${signed(contribution)})` };
  });
  items.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature - b.feature);
  const reasons = items.slice(0, inp.top ?? 4).filter((i) => Math.abs(i.contribution) >= 0.005);
  const probability = inp.probs[predicted]!;
  const head = `Predicted ${inp.classNames[predicted]} (${probability.toFixed(2)})`;
  return { predicted, probability, headline: reasons.length ? `${head}: ${reasons.map((r) => r.phrase).join(', ')}` : `${head}: no single feature stands out`, items };
}
