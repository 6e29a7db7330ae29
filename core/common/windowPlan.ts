// Before any window is cut, the settings are weighed against the data: a window of 0 or 1
// sample, one longer than the recording, or 10^8 windows from a rate gone wrong is refused
// with a plain message and a length that fits; windows of very few samples are cut but
// flagged. Pure arithmetic, so a plan costs nothing whatever the data claims.
import { groupSpan, fixedStarts, type ComponentGroup } from './windowing.js';

/** Fewer samples than this cannot be a window (a trace needs two points to be a line). */
export const MIN_WINDOW_SAMPLES = 2;
/** Fewer samples than this is cut but flagged: e.g. a 1 Hz day in 30-sample windows. */
export const FEW_WINDOW_SAMPLES = 100;
/** Samples per channel of one window (16 MiB of float32): beyond is not a window to look at. */
export const MAX_WINDOW_SAMPLES = 2 ** 22;
/** Windows one group may produce in one cut. */
export const MAX_WINDOWS = 100_000;
/** Samples (all channels) one group may store as windows in one cut: 1 GiB of float32. */
export const MAX_CUT_SAMPLES = 2 ** 28;
/** The longest window the windowing settings accept (WindowingSchema). */
const MAX_LENGTH_SECONDS = 3600;

/** Why a group got fewer (or odder) windows than asked, with a setting that would fit. */
export interface WindowNotice {
  kind: 'too-short' | 'few-samples' | 'too-long' | 'too-many' | 'no-windows';
  /** The stream group, e.g. "IQ.OBS1..HH?". */
  group: string;
  message: string;
  proposal?: { lengthSeconds: number; stepSeconds: number };
}

/** The plan for one group: how many samples per window, whether to cut, what to tell the user. */
export interface GroupPlan {
  n: number;
  /** False when the settings are refused for this group (no window is cut). */
  cut: boolean;
  /** Fixed windows: how many; trigger windows: the most that may be cut. */
  count: number;
  notices: WindowNotice[];
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ x (a length a person would type). */
export function niceUp(x: number): number {
  const e = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * e).find((v) => v >= x * (1 - 1e-9))!;
}

/** The largest of 1, 2, 5 × 10^k that is ≤ x. */
export function niceDown(x: number): number {
  const e = 10 ** Math.floor(Math.log10(x));
  return [10, 5, 2, 1].map((m) => m * e).find((v) => v <= x * (1 + 1e-9))!;
}

const seconds = (s: number): string => `${Number(s.toPrecision(4))} s`;
const rateText = (fs: number): string => `${Number(fs.toPrecision(4))} Hz`;

/** The stream group as a user reads it: NET.STA.LOC.HH? for the components of one instrument. */
export const groupName = (g: ComponentGroup): string =>
  `${g.network}.${g.station}.${g.location}.${g.channels.length > 1 ? `${g.channels[0]!.slice(0, -1)}?` : (g.channels[0] ?? '')}`;

/** The longest round length that fits the data (and the settings' limit), if it holds 2 samples. */
function longestFitting(fs: number, spanSeconds: number): number | null {
  if (!(spanSeconds > 0)) return null;
  const fits = niceDown(Math.min(spanSeconds, MAX_LENGTH_SECONDS));
  return Math.round(fits * fs) >= MIN_WINDOW_SAMPLES ? fits : null;
}

/** The length that gives at least FEW_WINDOW_SAMPLES samples and still fits the data, if any. */
function fittingLength(fs: number, spanSeconds: number): number | null {
  const wanted = niceUp(FEW_WINDOW_SAMPLES / fs);
  return wanted <= spanSeconds && wanted <= MAX_LENGTH_SECONDS ? wanted : longestFitting(fs, spanSeconds);
}

const proposal = (lengthSeconds: number) => ({ lengthSeconds, stepSeconds: lengthSeconds / 2 });

/**
 * Weighs `lengthSeconds` (and, for fixed windows, `stepSeconds`) against a group. Refuses
 * windows of fewer than MIN_WINDOW_SAMPLES or more than MAX_WINDOW_SAMPLES samples, windows
 * longer than the data, and cuts beyond MAX_WINDOWS or MAX_CUT_SAMPLES.
 */
export function planGroup(g: ComponentGroup, lengthSeconds: number, stepSeconds: number | null): GroupPlan {
  const fs = g.samplingRate;
  const name = groupName(g);
  const n = Math.round(lengthSeconds * fs);
  const [t0, t1] = groupSpan(g);
  const span = (t1 - t0) / 1000;
  const refuse = (notice: Omit<WindowNotice, 'group'>): GroupPlan => ({ n, cut: false, count: 0, notices: [{ group: name, ...notice }] });
  const fit = fittingLength(fs, span);
  const fitText = (why: string) => (fit === null ? '' : `; ${why} ${seconds(fit)} would fit`);
  if (n < MIN_WINDOW_SAMPLES) {
    return refuse({
      kind: 'few-samples',
      message: `${name}: a ${seconds(lengthSeconds)} window at ${rateText(fs)} holds ${n} sample(s), so no window was cut${fitText('a window of')}`,
      ...(fit === null ? {} : { proposal: proposal(fit) }),
    });
  }
  if (n > MAX_WINDOW_SAMPLES) {
    const shorter = niceDown(MAX_WINDOW_SAMPLES / fs);
    return refuse({
      kind: 'too-long',
      message: `${name}: a ${seconds(lengthSeconds)} window at ${rateText(fs)} holds ${n} samples per channel (at most ${MAX_WINDOW_SAMPLES}), so no window was cut; ${seconds(shorter)} would fit`,
      proposal: proposal(shorter),
    });
  }
  if (n - 0.5 > span * fs) {
    const longest = longestFitting(fs, span);
    return refuse({
      kind: 'too-short',
      message: `${name}: ${seconds(span)} of data is shorter than the ${seconds(lengthSeconds)} window, so no window was cut${longest === null ? '' : `; a window of ${seconds(longest)} would fit`}`,
      ...(longest === null ? {} : { proposal: proposal(longest) }),
    });
  }
  const channels = g.channels.length;
  const count = stepSeconds === null ? Math.min(MAX_WINDOWS, Math.floor((span * fs) / n) + 1) : fixedStarts(g, n, stepSeconds).count;
  if (stepSeconds !== null && (count > MAX_WINDOWS || count * n * channels > MAX_CUT_SAMPLES)) {
    const maxCount = Math.min(MAX_WINDOWS, Math.floor(MAX_CUT_SAMPLES / (n * channels)));
    const step = niceUp(Math.max(span / maxCount, lengthSeconds / 2));
    const length = Math.min(niceUp(step * 2), MAX_LENGTH_SECONDS);
    return refuse({
      kind: 'too-many',
      message: `${name}: ${seconds(lengthSeconds)} windows every ${seconds(stepSeconds)} over ${seconds(span)} would be ${count} windows (at most ${maxCount}), so none was cut; a step of ${seconds(step)} would fit`,
      proposal: { lengthSeconds: length, stepSeconds: step },
    });
  }
  const notices: WindowNotice[] = [];
  if (n < FEW_WINDOW_SAMPLES && fit !== null && fit > lengthSeconds) {
    notices.push({
      group: name,
      kind: 'few-samples',
      message: `${name}: a ${seconds(lengthSeconds)} window at ${rateText(fs)} holds only ${n} samples; ${seconds(fit)} (${Math.round(fit * fs)} samples) would show more of the signal`,
      proposal: proposal(fit),
    });
  }
  return { n, cut: true, count, notices };
}
