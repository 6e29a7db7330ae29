// Consensus kept up to date vote by vote, so a project with 100,000 votes does not
// re-aggregate everything each time one person labels one window. Majority vote is exact
// per window: a vote changes one window's counts and its label. Dawid–Skene is global (one
// person's vote moves their confusion matrix, which moves every window they judged), so
// between full EM runs a changed window is re-estimated with the current matrices (the
// E-step for that window alone, exact given the parameters); the full EM runs again, warm
// started from the previous posteriors, when a share of the votes changed since the last run
// or when a caller asks for a settled result (the agreement view, the consensus export).
import { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult } from './dawidSkene.js';
import { argmaxRow } from './majority.js';
import { buildVoteTable, type Vote, type VoteTable } from './votes.js';

/** One person's current verdict on a window: a class index, or -1 for a verdict that is no class (unsure, skip). */
export interface LiveVote {
  label: number;
  /** Orders verdicts by recency (the label event id): a tied majority goes to the newest. */
  order: number;
}

/** A window's consensus: class index, its probability, and the number of class votes. */
export interface LiveWindowConsensus {
  label: number;
  confidence: number;
  votes: number;
}

/** Options of `LiveConsensus`. */
export interface LiveConsensusOptions {
  method: 'majority' | 'dawid-skene';
  /** Gold class index per window id (anchors Dawid–Skene). */
  gold?: ReadonlyMap<number, number>;
  /** Names of the classes in the table (default their indices). */
  classNames?: readonly string[];
  /** Share of the votes that may change before Dawid–Skene's full EM runs again (default 0.05). */
  refreshShare?: number;
  dawidSkene?: Omit<DawidSkeneOptions, 'gold' | 'previous'>;
}

/** Everyone's current votes with a consensus maintained as they change. */
export class LiveConsensus<V extends LiveVote = LiveVote> {
  private readonly byWindow = new Map<number, Map<number, V>>();
  private readonly counts = new Map<number, Float64Array>();
  private readonly windows = new Map<number, LiveWindowConsensus>();
  private classVotes = 0;
  private changedSinceEm = 0;
  private ds: DawidSkeneResult | null = null;
  /** Dawid–Skene parameters of the last EM run, by annotator id; people new since then get the prior's matrix. */
  private logTheta = new Map<number, Float64Array>();
  private logPrior: Float64Array;
  private priors: Float64Array;
  private defaultLogTheta: Float64Array;
  private snap: { table: VoteTable; result: DawidSkeneResult | null } | null = null;

  constructor(readonly numClasses: number, private readonly opts: LiveConsensusOptions) {
    const K = numClasses;
    this.priors = new Float64Array(K).fill(1 / K);
    this.logPrior = this.priors.map(Math.log);
    // What mStep gives a person without votes: Laplace cells plus the diagonal prior.
    const cell = opts.dawidSkene?.smoothing ?? 1;
    const diagonal = opts.dawidSkene?.diagonalPrior ?? K;
    this.defaultLogTheta = Float64Array.from({ length: K * K }, (_, i) => Math.log((cell + (i % (K + 1) === 0 ? diagonal : 0)) / (K * cell + diagonal)));
  }

  /** Sets many verdicts (a project's votes when it is opened), updating each window's consensus once. */
  load(votes: Iterable<{ windowId: number; annotatorId: number; vote: V }>): void {
    const touched = new Set<number>();
    for (const { windowId, annotatorId, vote } of votes) {
      this.put(windowId, annotatorId, vote);
      touched.add(windowId);
    }
    for (const w of touched) this.update(w);
  }

  /** Sets (or with null removes) one person's verdict on a window and updates that window's consensus. */
  set(windowId: number, annotatorId: number, vote: V | null): void {
    if (this.put(windowId, annotatorId, vote)) this.update(windowId);
  }

  /** Records a verdict and its counts; false when there was nothing to record. */
  private put(windowId: number, annotatorId: number, vote: V | null): boolean {
    let votes = this.byWindow.get(windowId);
    const old = votes?.get(annotatorId);
    if (!votes && !vote) return false;
    if (!votes) this.byWindow.set(windowId, (votes = new Map()));
    let counts = this.counts.get(windowId);
    if (!counts) this.counts.set(windowId, (counts = new Float64Array(this.numClasses)));
    if (old && old.label >= 0) {
      counts[old.label]! -= 1;
      this.classVotes--;
    }
    if (vote) votes.set(annotatorId, vote);
    else votes.delete(annotatorId);
    if (vote && vote.label >= 0) {
      counts[vote.label]! += 1;
      this.classVotes++;
    }
    if ((old?.label ?? -1) >= 0 || (vote?.label ?? -1) >= 0) this.changedSinceEm++;
    this.snap = null;
    return true;
  }

  /** Every window with any verdict, and the verdicts on it by annotator id. */
  votes(): ReadonlyMap<number, ReadonlyMap<number, V>> {
    return this.byWindow;
  }

  /** The consensus of a window, or null when it has no class vote (and, for Dawid–Skene, is not gold). */
  window(windowId: number): LiveWindowConsensus | null {
    return this.windows.get(windowId) ?? null;
  }

  /** The most people agreeing on one class of a window (for retirement). */
  agreeing(windowId: number): number {
    const c = this.counts.get(windowId);
    return c ? Math.max(0, ...c) : 0;
  }

  /** Class votes in all. */
  get numVotes(): number {
    return this.classVotes;
  }

  /**
   * Runs Dawid–Skene's full EM again if votes changed since its last run, warm started from
   * its previous posteriors; returns the windows whose consensus it changed. `force` runs it
   * for any change; otherwise only once the changes pass the refresh share.
   */
  settle(force = true): number[] {
    if (this.opts.method !== 'dawid-skene' || this.changedSinceEm === 0) return [];
    if (!force && this.changedSinceEm < Math.max(1, (this.opts.refreshShare ?? 0.05) * this.classVotes)) return [];
    const table = this.table();
    const gold = [...(this.opts.gold ?? [])].map(([window, label]) => ({ window, label }));
    const res = table.numVotes > 0 ? dawidSkene(table, { ...this.opts.dawidSkene, gold, previous: this.ds ?? undefined }) : null;
    this.ds = res;
    this.changedSinceEm = 0;
    const K = this.numClasses;
    if (res) {
      this.priors = res.priors;
      this.logPrior = res.priors.map(Math.log);
      this.logTheta = new Map(res.annotatorIds.map((id, a) => [id as number, res.confusion.subarray(a * K * K, (a + 1) * K * K).map(Math.log)]));
    }
    this.snap = { table, result: res };
    const changed: number[] = [];
    for (const w of this.byWindow.keys()) {
      const before = this.windows.get(w)?.label;
      // Windows in the table take EM's own result; others (verdicts that are no class) have none.
      const i = res ? table.windowIndex.get(w) : undefined;
      if (i !== undefined && res!.label[i]! >= 0) this.windows.set(w, { label: res!.label[i]!, confidence: res!.confidence[i]!, votes: res!.votes[i]! });
      else this.windows.delete(w);
      if (this.windows.get(w)?.label !== before) changed.push(w);
    }
    return changed;
  }

  /** The votes as a table, and (Dawid–Skene) the settled EM result over it. */
  snapshot(): { table: VoteTable; result: DawidSkeneResult | null } {
    if (this.opts.method === 'dawid-skene') this.settle(true);
    if (!this.snap) this.snap = { table: this.table(), result: this.opts.method === 'dawid-skene' ? this.ds : null };
    return this.snap;
  }

  private table(): VoteTable {
    const votes: Vote[] = [];
    const gold = [...(this.opts.gold?.keys() ?? [])];
    for (const [window, byAnnotator] of this.byWindow) {
      for (const [annotator, v] of byAnnotator) if (v.label >= 0) votes.push({ window, annotator, label: v.label, time: v.order });
    }
    return buildVoteTable(votes, { classes: this.opts.classNames ?? Array.from({ length: this.numClasses }, (_, k) => String(k)), windows: gold });
  }

  private update(windowId: number): void {
    const votes = this.byWindow.get(windowId)!;
    const counts = this.counts.get(windowId)!;
    let n = 0;
    let top = 0;
    for (let k = 0; k < counts.length; k++) {
      n += counts[k]!;
      if (counts[k]! > top) top = counts[k]!;
    }
    if (this.opts.method === 'majority') {
      if (n === 0) {
        this.windows.delete(windowId);
        return;
      }
      // The largest count; a tie goes to the class voted most recently.
      let best = -1;
      let bestOrder = -Infinity;
      for (const v of votes.values()) if (v.label >= 0 && counts[v.label] === top && v.order > bestOrder) { best = v.label; bestOrder = v.order; }
      this.windows.set(windowId, { label: best, confidence: top / n, votes: n });
      return;
    }
    if (n === 0 && !this.opts.gold?.has(windowId)) {
      this.windows.delete(windowId);
      return;
    }
    // The E-step of one window with the current parameters.
    const K = this.numClasses;
    const lp = Float64Array.from(this.logPrior);
    for (const [annotator, v] of votes) {
      if (v.label < 0) continue;
      const theta = this.logTheta.get(annotator) ?? this.defaultLogTheta;
      for (let k = 0; k < K; k++) lp[k]! += theta[k * K + v.label]!;
    }
    const max = Math.max(...lp);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += (lp[k] = Math.exp(lp[k]! - max));
    for (let k = 0; k < K; k++) lp[k]! /= sum;
    const label = argmaxRow(lp, 0, K, this.priors);
    this.windows.set(windowId, { label, confidence: lp[label]!, votes: n });
  }
}
