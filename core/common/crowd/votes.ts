// Votes of many people on many windows, indexed once into typed arrays so every
// aggregation (majority, Dawid–Skene, agreement) is a linear pass over flat memory
// instead of a walk over objects: 100,000 votes then aggregate in milliseconds.

/** A window or annotator id as the store or an import file names it. */
export type CrowdId = string | number;

/** A class given as its index or its name. */
export type LabelValue = number | string;

/** One person's judgement of one window. */
export interface Vote {
  window: CrowdId;
  annotator: CrowdId;
  label: LabelValue;
  /** When the label was given (ms since the epoch); decides which of two votes is current. */
  time?: number;
}

/** Index lists grouped by one key, compressed-sparse-row style: items of key g are `items[start[g] .. start[g+1])`. */
export interface Grouped {
  start: Int32Array;
  items: Int32Array;
}

/** Votes with dense indices for windows, annotators and classes. */
export interface VoteTable {
  windowIds: CrowdId[];
  annotatorIds: CrowdId[];
  /** Class names, index = class; numeric labels without names give `['0', '1', …]`. */
  classes: string[];
  numWindows: number;
  numAnnotators: number;
  numClasses: number;
  numVotes: number;
  /** Per vote (after de-duplication): window, annotator and class index. */
  voteWindow: Int32Array;
  voteAnnotator: Int32Array;
  voteLabel: Int32Array;
  /** Per vote its time (ms since the epoch), NaN when the source gave none. */
  voteTime: Float64Array;
  /** Vote indices per window and per annotator. */
  byWindow: Grouped;
  byAnnotator: Grouped;
  windowIndex: Map<CrowdId, number>;
  annotatorIndex: Map<CrowdId, number>;
}

/** Options of `buildVoteTable`. */
export interface VoteTableOptions {
  /**
   * Class names in index order. String labels must be one of them and numeric labels lie
   * in [0, K). Without it, numeric labels are indices and string labels are sorted by
   * name, so adding votes never renumbers the classes of earlier ones.
   */
  classes?: readonly string[];
  /** Windows to index even without votes (e.g. gold windows), in this order first. */
  windows?: readonly CrowdId[];
}

/** Groups indices 0..n-1 by `key` (values in [0, groups)) with a counting sort, stable. */
export function groupBy(key: Int32Array, groups: number): Grouped {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < key.length; i++) start[key[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const items = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) items[fill[key[i]]++] = i;
  return { start, items };
}

function indexer(initial: readonly CrowdId[] = []): { ids: CrowdId[]; index: Map<CrowdId, number>; of: (id: CrowdId) => number } {
  const ids: CrowdId[] = [];
  const index = new Map<CrowdId, number>();
  const of = (id: CrowdId): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  for (const id of initial) of(id);
  return { ids, index, of };
}

function classMapper(votes: readonly Vote[], names: readonly string[] | undefined): { classes: string[]; of: (label: LabelValue) => number } {
  let classes: string[];
  if (names) classes = [...names];
  else {
    let maxIndex = -1;
    const seen = new Set<string>();
    for (const v of votes) {
      if (typeof v.label === 'number') maxIndex = Math.max(maxIndex, v.label);
      else seen.add(v.label);
    }
    if (maxIndex >= 0 && seen.size > 0) throw new RangeError('votes mix class indices and class names; pass `classes` to say which index each name has');
    classes = seen.size > 0 ? [...seen].sort() : Array.from({ length: maxIndex + 1 }, (_, k) => String(k));
  }
  const byName = new Map(classes.map((c, k) => [c, k]));
  const of = (label: LabelValue): number => {
    if (typeof label === 'number') {
      if (!Number.isInteger(label) || label < 0 || label >= classes.length) throw new RangeError(`class index ${label} is not in [0, ${classes.length})`);
      return label;
    }
    const k = byName.get(label);
    if (k === undefined) throw new RangeError(`unknown class "${label}" (classes: ${classes.join(', ')})`);
    return k;
  };
  return { classes, of };
}

/**
 * Indexes votes. A person has one current label per window, so when the same annotator
 * voted twice on a window only the latest vote counts (by `time`, then by input order).
 */
export function buildVoteTable(votes: readonly Vote[], opts: VoteTableOptions = {}): VoteTable {
  const win = indexer(opts.windows);
  const ann = indexer();
  const cls = classMapper(votes, opts.classes);
  const n = votes.length;
  const w = new Int32Array(n);
  const a = new Int32Array(n);
  const l = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = votes[i];
    w[i] = win.of(v.window);
    a[i] = ann.of(v.annotator);
    l[i] = cls.of(v.label);
  }
  // Keep the latest vote per (window, annotator): walk each window's votes (in input order)
  // remembering where each annotator last voted there; stamps avoid clearing per window.
  const A = ann.ids.length;
  const first = groupBy(w, win.ids.length);
  const stamp = new Int32Array(A).fill(-1);
  const slot = new Int32Array(A);
  const dropped = new Uint8Array(n);
  let drops = 0;
  for (let g = 0; g < win.ids.length; g++) {
    for (let j = first.start[g]; j < first.start[g + 1]; j++) {
      const i = first.items[j];
      const who = a[i];
      if (stamp[who] !== g) {
        stamp[who] = g;
        slot[who] = i;
        continue;
      }
      const prev = slot[who];
      const newer = (votes[i].time ?? -Infinity) >= (votes[prev].time ?? -Infinity);
      dropped[newer ? prev : i] = 1;
      if (newer) slot[who] = i;
      drops++;
    }
  }
  let keep: Int32Array | null = null;
  if (drops > 0) {
    keep = new Int32Array(n - drops);
    for (let i = 0, k = 0; i < n; i++) if (!dropped[i]) keep[k++] = i;
  }
  const pick = (src: Int32Array): Int32Array => (keep ? Int32Array.from(keep, (i) => src[i]) : src);
  const voteWindow = pick(w);
  const voteAnnotator = pick(a);
  const voteLabel = pick(l);
  const voteTime = Float64Array.from(keep ?? voteWindow.keys(), (i) => votes[i].time ?? NaN);
  return {
    windowIds: win.ids,
    annotatorIds: ann.ids,
    classes: cls.classes,
    numWindows: win.ids.length,
    numAnnotators: A,
    numClasses: cls.classes.length,
    numVotes: voteWindow.length,
    voteWindow,
    voteAnnotator,
    voteLabel,
    voteTime,
    byWindow: keep ? groupBy(voteWindow, win.ids.length) : first,
    byAnnotator: groupBy(voteAnnotator, A),
    windowIndex: win.index,
    annotatorIndex: ann.index,
  };
}

/** Votes per window and class, row-major W × K; optional per-annotator weights. */
export function windowClassCounts(t: VoteTable, annotatorWeights?: ArrayLike<number>): Float64Array {
  const K = t.numClasses;
  const counts = new Float64Array(t.numWindows * K);
  for (let v = 0; v < t.numVotes; v++) {
    counts[t.voteWindow[v] * K + t.voteLabel[v]] += annotatorWeights ? annotatorWeights[t.voteAnnotator[v]] : 1;
  }
  return counts;
}

/** Class of each window id (e.g. gold labels) as an index array over the table's windows; -1 where unknown. */
export function labelsByWindow(t: VoteTable, labels: Iterable<{ window: CrowdId; label: LabelValue }>): Int32Array {
  const out = new Int32Array(t.numWindows).fill(-1);
  const byName = new Map(t.classes.map((c, k) => [c, k]));
  for (const { window: id, label } of labels) {
    const i = t.windowIndex.get(id);
    if (i === undefined) continue;
    const k = typeof label === 'number' ? label : byName.get(label);
    if (k === undefined || !Number.isInteger(k) || k < 0 || k >= t.numClasses) throw new RangeError(`window ${id}: unknown class ${JSON.stringify(label)}`);
    out[i] = k;
  }
  return out;
}
