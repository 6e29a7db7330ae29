// The project's label of each window, derived from everyone's own labels with the crowd
// algorithms of core/common/crowd: majority vote by default, Dawid–Skene when the project
// settings say so, and gold windows (an expert's label) always win. The consensus is kept
// live per handle: each call applies only the label events written since the last one.
import { LiveConsensus, majorityVote, type Consensus, type LiveVote, type VoteTable } from '../../common/crowd/index.js';
import { CoreError } from '../../common/errors.js';
import type { CurrentLabel } from '../../common/model.js';
import type { ReadableDb, WritableDb } from './db.js';
import { allOwnLabels, ownLabel } from './labels.js';

export type ConsensusMethod = 'majority' | 'dawid-skene';

/** How a project turns many people's labels into one, and when a window has had enough. */
export interface CrowdSettings {
  method: ConsensusMethod;
  /** Different people wanted per window (redundancy): a window is retired once this many judged it. */
  votesPerWindow: number;
  /** Retire a window earlier once this many people agree on its class (null: only by votesPerWindow). */
  retireAgreeing: number | null;
  /** Share (0–1) of each volunteer's queue that is gold windows they have not judged yet, to measure them. */
  goldShare: number;
  /** How long a window handed to a person stays reserved for them (counting against its redundancy) before it is offered again. */
  leaseSeconds: number;
}

export const DEFAULT_CROWD_SETTINGS: Readonly<CrowdSettings> = Object.freeze({ method: 'majority', votesPerWindow: 1, retireAgreeing: null, goldShare: 0, leaseSeconds: 600 });
const DEFAULTS = DEFAULT_CROWD_SETTINGS;

/** Settings as stored (JSON, possibly from an older version) over the defaults. */
export const parseCrowdSettings = (raw: string | null): CrowdSettings => (raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<CrowdSettings>) } : { ...DEFAULTS });

/** The settings after a change, refused with the field and value when one is out of range (every store checks the same). */
export function patchedCrowdSettings(cur: CrowdSettings, patch: Partial<CrowdSettings>): CrowdSettings {
  const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as CrowdSettings;
  if (!Number.isInteger(next.votesPerWindow) || next.votesPerWindow < 1) throw new CoreError('invalid_input', 'votesPerWindow must be a whole number ≥ 1');
  if (next.retireAgreeing !== null && (!Number.isInteger(next.retireAgreeing) || next.retireAgreeing < 1)) {
    throw new CoreError('invalid_input', 'retireAgreeing must be a whole number ≥ 1, or null');
  }
  if (!(next.goldShare >= 0 && next.goldShare <= 1)) throw new CoreError('invalid_input', `goldShare must be between 0 and 1, not ${next.goldShare}`);
  if (!Number.isInteger(next.leaseSeconds) || next.leaseSeconds < 10 || next.leaseSeconds > 86_400) {
    throw new CoreError('invalid_input', `leaseSeconds must be a whole number of seconds from 10 to 86400, not ${next.leaseSeconds}`);
  }
  return next;
}

const meta = (db: ReadableDb, key: string): string | null =>
  (db.prepare('SELECT value FROM project_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
const setMeta = (db: WritableDb, key: string, value: string): void => {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
};

export function crowdSettings(db: ReadableDb): CrowdSettings {
  return parseCrowdSettings(meta(db, 'crowd_settings'));
}

/** Changes some settings; a change bumps the crowd version so cached consensus is recomputed. */
export function updateCrowdSettings(db: WritableDb, patch: Partial<CrowdSettings>): CrowdSettings {
  const next = patchedCrowdSettings(crowdSettings(db), patch);
  db.transaction(() => {
    setMeta(db, 'crowd_settings', JSON.stringify(next));
    bumpVersion(db);
  })();
  return next;
}

const bumpVersion = (db: WritableDb) => setMeta(db, 'crowd_version', String(Number(meta(db, 'crowd_version') ?? 0) + 1));

/** Marks a window as gold with the expert's class, or unmarks it (classId null). */
export function setGold(db: WritableDb, windowId: number, classId: number | null): void {
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM windows WHERE id = ?').get(windowId)) throw new CoreError('not_found', `no window with id ${windowId}`);
    if (classId === null) db.prepare('DELETE FROM gold_windows WHERE window_id = ?').run(windowId);
    else {
      if (!db.prepare('SELECT 1 FROM classes WHERE id = ? AND archived = 0').get(classId)) throw new CoreError('not_found', `no class with id ${classId}`);
      db.prepare('INSERT INTO gold_windows (window_id, class_id, created_at) VALUES (?, ?, ?) ON CONFLICT(window_id) DO UPDATE SET class_id = excluded.class_id')
        .run(windowId, classId, Date.now());
    }
    bumpVersion(db);
  })();
}

/** Gold windows and their expert class. */
export function goldWindows(db: ReadableDb): Map<number, number> {
  const rows = db.prepare('SELECT window_id, class_id FROM gold_windows ORDER BY window_id').all() as { window_id: number; class_id: number }[];
  return new Map(rows.map((r) => [r.window_id, r.class_id]));
}

/** Everything derived from the votes at one state of the label log. */
export interface ProjectConsensus {
  method: ConsensusMethod;
  /** Class votes: windows and annotators by store id, classes named by class index (as strings). Built on first use. */
  readonly table: VoteTable;
  /** The consensus over `table` (Dawid–Skene settled by a full EM run). Built on first use. */
  readonly result: Consensus;
  /** Class id of each class index of the table. */
  classIds: number[];
  gold: Map<number, number>;
  /** The project's label of every window anyone labeled (or that is gold). */
  labels: Map<number, CurrentLabel>;
  /** People with any own label (class, unsure or skip) per window. */
  judged: Map<number, number>;
  /** The most people agreeing on one class of a window. */
  agreeing(windowId: number): number;
}

/** One person's own label as a vote of the live consensus, with what names the project's label. */
interface OwnVote extends LiveVote {
  own: CurrentLabel;
}

/** The consensus of one method over the project, kept up to date with the label log. */
interface LiveState {
  method: ConsensusMethod;
  /** Classes and crowd settings/gold version it was built for: a change there rebuilds it. */
  key: string;
  /** The newest label event it has seen. */
  lastEvent: number;
  live: LiveConsensus<OwnVote>;
  classIds: number[];
  classIndex: Map<number, number>;
  gold: Map<number, number>;
  labels: Map<number, CurrentLabel>;
  judged: Map<number, number>;
  snapshot: { table: VoteTable; result: Consensus } | null;
  /** Own labels changed by events older than lastEvent (see noteLateLabel). */
  late: [number, number][];
}

const cache = new WeakMap<ReadableDb, Map<ConsensusMethod, LiveState>>();

const lastEventId = (db: ReadableDb): number => (db.prepare('SELECT coalesce(max(id), 0) AS n FROM label_events').get() as { n: number }).n;

function baseKey(db: ReadableDb): string {
  const classes = (db.prepare('SELECT count(*) AS n FROM classes').get() as { n: number }).n;
  return `${classes}|${meta(db, 'crowd_version') ?? 0}`;
}

/**
 * The consensus of the project (with `method`, default the project's setting). It is kept
 * live: label events since the last call are applied vote by vote (majority exactly,
 * Dawid–Skene by re-estimating the changed windows and re-running its warm-started EM once 5 %
 * of the votes changed); a change of classes, settings or gold rebuilds it. `settled` makes
 * Dawid–Skene run its full EM over any change first (the agreement view, the export).
 */
export function projectConsensus(db: ReadableDb, method: ConsensusMethod = crowdSettings(db).method, opts: { settled?: boolean } = {}): ProjectConsensus {
  let states = cache.get(db);
  if (!states) cache.set(db, (states = new Map()));
  const key = baseKey(db);
  let st = states.get(method);
  if (!st || st.key !== key) states.set(method, (st = build(db, method, key)));
  else catchUp(db, st);
  const changed = st.live.settle(opts.settled ?? false);
  for (const w of changed) relabel(st, w);
  return view(st);
}

function build(db: ReadableDb, method: ConsensusMethod, key: string): LiveState {
  const classIds = db.prepare('SELECT id FROM classes ORDER BY id').pluck().all() as number[];
  return buildFrom({ classIds, own: allOwnLabels(db), gold: goldWindows(db), method }, key, lastEventId(db));
}

/** What a consensus is computed from, whichever store holds it. */
export interface ConsensusInputs {
  /** Every class id of the project, ascending. */
  classIds: number[];
  /** Everyone's own current labels. */
  own: CurrentLabel[];
  /** Gold windows and their expert class. */
  gold: Map<number, number>;
  method: ConsensusMethod;
}

function buildFrom({ classIds, own, gold: goldIds, method }: ConsensusInputs, key: string, lastEvent: number): LiveState {
  const classIndex = new Map(classIds.map((c, k) => [c, k]));
  const gold = new Map([...goldIds].map(([w, c]) => [w, classIndex.get(c)!]));
  const st: LiveState = {
    method, key, lastEvent, classIds, classIndex, gold: goldIds, labels: new Map(), judged: new Map(), snapshot: null, late: [],
    live: new LiveConsensus<OwnVote>(classIds.length, { method, gold, classNames: classIds.map(String) }),
  };
  st.live.load(own.map((l) => ({ windowId: (l as CurrentLabel & { windowId: number }).windowId, annotatorId: l.annotatorId, vote: toVote(st, l) })));
  st.live.settle(true);
  for (const w of st.live.votes().keys()) relabel(st, w);
  for (const w of goldIds.keys()) relabel(st, w);
  return st;
}

/** The consensus of these votes, settled (the PostgreSQL team store uses it; the project file keeps its own live). */
export function consensusOf(inputs: Omit<ConsensusInputs, 'own'> & { own: Array<CurrentLabel & { windowId: number }> }): ProjectConsensus {
  const st = buildFrom(inputs, '', 0);
  return view(st);
}

function view(st: LiveState): ProjectConsensus {
  const snapshot = () => takeSnapshot(st);
  return {
    method: st.method, classIds: st.classIds, gold: st.gold, labels: st.labels, judged: st.judged,
    agreeing: (w) => st.live.agreeing(w),
    get table() { return snapshot().table; },
    get result() { return snapshot().result; },
  };
}

const toVote = (st: LiveState, l: CurrentLabel): OwnVote => ({ label: l.kind === 'class' ? st.classIndex.get(l.classId!)! : -1, order: l.eventId, own: l });

/**
 * Tells the live consensus that a person's own label on a window changed by an event whose id
 * is below the newest one already stored. A team host's replica receives such events: ids
 * come from one PostgreSQL sequence but commit out of order across hosts. Without this the
 * consensus would miss them (it reads events newer than the last it saw) and had to be
 * rebuilt from every label, which with two busy hosts was most of their time.
 */
export function noteLateLabel(db: ReadableDb, windowId: number, annotatorId: number): void {
  for (const st of cache.get(db)?.values() ?? []) st.late.push([windowId, annotatorId]);
}

/** Applies the label events written since the state last looked (by this or another process). */
function catchUp(db: ReadableDb, st: LiveState): void {
  const last = lastEventId(db);
  const late = st.late.splice(0).map(([w, a]) => ({ w, a }));
  if (last === st.lastEvent && !late.length) return;
  const touched = last === st.lastEvent ? [] : (db.prepare('SELECT DISTINCT window_id AS w, annotator_id AS a FROM label_events WHERE id > ?').all(st.lastEvent) as { w: number; a: number }[]);
  for (const { w, a } of [...touched, ...late]) {
    const l = ownLabel(db, w, a);
    st.live.set(w, a, l ? toVote(st, l) : null);
    relabel(st, w);
  }
  st.lastEvent = last;
}

/** The project's label of one window from its live consensus and its people's own labels. */
function relabel(st: LiveState, windowId: number): void {
  const votes = st.live.votes().get(windowId);
  if (votes?.size) st.judged.set(windowId, votes.size);
  else st.judged.delete(windowId);
  const c = st.live.window(windowId);
  const g = st.gold.get(windowId);
  const method = st.method;
  const k = g !== undefined ? st.classIndex.get(g)! : (c?.label ?? -1);
  // The newest own label of the chosen class names the project's label (who, listened); else the newest verdict.
  let rep: CurrentLabel | undefined;
  let any: CurrentLabel | undefined;
  for (const v of votes?.values() ?? []) {
    if (!any || v.own.eventId > any.eventId) any = v.own;
    if (k >= 0 && v.label === k && (!rep || v.own.eventId > rep.eventId)) rep = v.own;
  }
  if (k >= 0) {
    rep ??= any;
    st.labels.set(windowId, {
      kind: 'class', classId: st.classIds[k]!, annotatorId: rep?.annotatorId ?? 0, eventId: rep?.eventId ?? 0, listened: rep?.listened ?? false,
      consensus: g !== undefined ? { confidence: 1, votes: c?.votes ?? 0, method: 'gold' } : { confidence: c!.confidence, votes: c!.votes, method },
    });
  } else if (any) {
    // Windows judged only unsure or skipped keep the newest such verdict, as before there were teams.
    st.labels.set(windowId, { ...any, consensus: { confidence: 1, votes: 0, method } });
  } else st.labels.delete(windowId);
}
/** The table and consensus the agreement views work on: Dawid–Skene's settled EM, or majority with ties to the newest vote. */
function takeSnapshot(st: LiveState): { table: VoteTable; result: Consensus } {
  for (const w of st.live.settle(true)) relabel(st, w);
  const snap = st.live.snapshot();
  if (st.snapshot?.table === snap.table) return st.snapshot;
  let result: Consensus;
  if (snap.result) result = snap.result;
  else {
    result = majorityVote(snap.table);
    // Vote times are the label event ids: they order votes by recency exactly (times in ms can tie).
    breakTiesByNewest(snap.table, result, snap.table.voteTime);
  }
  return (st.snapshot = { table: snap.table, result });
}

/**
 * A tied majority goes to the class voted most recently: with one person relabeling or a
 * reviewer correcting a single vote, the newest judgement wins, as it did before teams.
 */
function breakTiesByNewest(t: VoteTable, c: Consensus, at: Float64Array): void {
  const K = t.numClasses;
  for (let w = 0; w < t.numWindows; w++) {
    if (c.label[w]! < 0) continue;
    const top = c.posterior[w * K + c.label[w]!]!;
    let best = -1;
    let bestAt = -Infinity;
    for (let j = t.byWindow.start[w]!; j < t.byWindow.start[w + 1]!; j++) {
      const v = t.byWindow.items[j]!;
      const k = t.voteLabel[v]!;
      if (Math.abs(c.posterior[w * K + k]! - top) < 1e-12 && at[v]! > bestAt) { best = k; bestAt = at[v]!; }
    }
    if (best >= 0) c.label[w] = best;
  }
}

/** Counts of the project's labels: per class id, plus unsure and skip. */
export function consensusCounts(db: ReadableDb): { perClass: Record<number, number>; unsure: number; skip: number; labeled: number } {
  const out = { perClass: {} as Record<number, number>, unsure: 0, skip: 0, labeled: 0 };
  for (const l of projectConsensus(db).labels.values()) {
    if (l.kind === 'class') out.perClass[l.classId!] = (out.perClass[l.classId!] ?? 0) + 1;
    else out[l.kind] += 1;
    out.labeled += 1;
  }
  return out;
}

/**
 * Windows that need no more judgements: gold windows, windows judged by votesPerWindow
 * people, and windows where retireAgreeing people gave the same class.
 */
export function retiredWindows(db: ReadableDb): Set<number> {
  const s = crowdSettings(db);
  const c = projectConsensus(db);
  const out = new Set<number>(c.gold.keys());
  for (const [w, n] of c.judged) if (n >= s.votesPerWindow) out.add(w);
  if (s.retireAgreeing !== null) for (const w of c.judged.keys()) if (c.agreeing(w) >= s.retireAgreeing) out.add(w);
  return out;
}
