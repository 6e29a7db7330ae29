// Short-term / long-term average detector (ObsPy classic_sta_lta) and the trigger logic
// that turns its characteristic function into on/off sample pairs (ObsPy trigger_onset).

/**
 * Classic STA/LTA of x with windows of nsta and nlta samples: mean of x² over the last nsta
 * samples divided by the mean over the last nlta (both ending at the current sample). The
 * first nlta−1 values are 0, as in ObsPy; a trace shorter than nlta gives all zeros.
 */
export function classicStaLta(x: ArrayLike<number>, nsta: number, nlta: number, out = new Float64Array(x.length)): Float64Array {
  if (!Number.isInteger(nsta) || !Number.isInteger(nlta) || nsta < 1 || nlta <= nsta) {
    throw new Error(`STA/LTA needs integer windows with 1 ≤ nsta < nlta, got nsta=${nsta}, nlta=${nlta}`);
  }
  const n = x.length;
  if (out.length < n) throw new Error(`output buffer too short: ${out.length} < ${n}`);
  out.fill(0, 0, Math.min(n, nlta - 1));
  if (n < nlta) return out;
  let sta = 0;
  let lta = 0;
  for (let i = 0; i < nlta - 1; i++) {
    const v = x[i] * x[i];
    lta += v;
    if (i >= nlta - 1 - nsta) sta += v;
  }
  const ratio = nlta / nsta;
  for (let i = nlta - 1; i < n; i++) {
    const v = x[i] * x[i];
    sta += v;
    lta += v;
    if (i >= nlta) lta -= x[i - nlta] * x[i - nlta];
    if (i >= nsta) sta -= x[i - nsta] * x[i - nsta];
    // Running sums can drift a hair below zero after a loud transient leaves the window.
    if (sta < 0) sta = 0;
    if (lta < 0) lta = 0;
    out[i] = lta > Number.MIN_VALUE ? (sta / lta) * ratio : 0;
  }
  return out;
}

/** Options of triggerOnset (ObsPy trigger_onset's max_len / max_len_delete). */
export interface TriggerOptions {
  /** Longest trigger in samples; longer ones are cut to this length (or dropped, see below). */
  maxLength?: number;
  /** Drop triggers longer than maxLength instead of cutting them. */
  dropLong?: boolean;
}

/**
 * Trigger on/off pairs: a trigger starts at the first sample of a run above `on` and ends at
 * the last sample of the following run above `off` (so with off < on it stays on while the
 * function stays above off). Indices are inclusive sample numbers, as ObsPy returns them.
 */
export function triggerOnset(cf: ArrayLike<number>, on: number, off: number, opts: TriggerOptions = {}): [number, number][] {
  const maxLen = opts.maxLength ?? Infinity;
  const n = cf.length;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    if (cf[i] > on && (i === 0 || !(cf[i - 1] > on))) starts.push(i);
    if (cf[i] > off && (i === n - 1 || !(cf[i + 1] > off))) ends.push(i);
  }
  const picks: [number, number][] = [];
  let prevOff = -1;
  let e = 0;
  for (const start of starts) {
    if (start <= prevOff) continue;
    while (e < ends.length && ends[e] < start) e++;
    if (e === ends.length) break;
    const end = ends[e];
    if (end - start > maxLen) {
      if (opts.dropLong) {
        prevOff = end;
        continue;
      }
      picks.push([start, start + maxLen]);
      prevOff = start + maxLen;
      continue;
    }
    picks.push([start, end]);
    prevOff = end;
  }
  return picks;
}
