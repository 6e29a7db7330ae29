// The project's label of each window, derived from everyone's own labels with the crowd
// algorithms of core/common/crowd: majority vote by default, Dawid–Skene when the project
// settings say so, and gold windows (an expert's label) always win. The result is cached
// per state of the label log, so listing windows does not re-aggregate on every call.
import { buildVoteTable, dawidSkene, majorityVote, windowClassCounts, type Consensus, type Vote, type VoteTable } from '../../common/crowd/index.js';
import { CoreError } from '../../common/errors.js';
import type { CurrentLabel } from '../../common/model.js';
import type { ReadableDb, WritableDb } from './db.js';
import { allOwnLabels, toCurrent, type EventRow } from './labels.js';

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
  /** Class votes: windows and annotators by store id, classes named by class id (as strings). */
  table: VoteTable;
  result: Consensus;
  /** Class id of each class index of the table. */
  classIds: number[];
  gold: Map<number, number>;
  /** The project's label of every window anyone labeled (or that is gold). */
  labels: Map<number, CurrentLabel>;
  /** People with any own label (class, unsure or skip) per window. */
  judged: Map<number, number>;
}

const cache = new WeakMap<ReadableDb, { key: string; value: ProjectConsensus }>();

function stateKey(db: ReadableDb, method: ConsensusMethod): string {
  const events = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM label_events').get() as { n: number }).n;
  const classes = (db.prepare('SELECT count(*) AS n FROM classes').get() as { n: number }).n;
  return `${events}|${classes}|${meta(db, 'crowd_version') ?? 0}|${method}`;
}

/** The consensus of the project (with `method`, default the project's setting), from cache when nothing changed. */
export function projectConsensus(db: ReadableDb, method: ConsensusMethod = crowdSettings(db).method): ProjectConsensus {
  const key = stateKey(db, method);
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit.value;
  const value = computeConsensus(db, method);
  cache.set(db, { key, value });
  return value;
}

function computeConsensus(db: ReadableDb, method: ConsensusMethod): ProjectConsensus {
  const classIds = db.prepare('SELECT id FROM classes ORDER BY id').pluck().all() as number[];
  return consensusOf({ classIds, own: allOwnLabels(db), gold: goldWindows(db), method });
}

/** What a consensus is computed from, whichever store holds it. */
export interface ConsensusInputs {
  /** Every class id of the project, ascending. */
  classIds: number[];
  /** Everyone's own current labels, oldest event first. */
  own: Array<CurrentLabel & { windowId: number; createdAt: number }>;
  gold: Map<number, number>;
  method: ConsensusMethod;
}

/** The consensus of these votes (pure: both the SQLite and the PostgreSQL team store use it). */
export function consensusOf({ classIds, own, gold, method }: ConsensusInputs): ProjectConsensus {
  const classIndex = new Map(classIds.map((c, k) => [c, k]));
  const votes: Vote[] = [];
  const judged = new Map<number, number>();
  // Per window, the newest own label of each kind/class: what names the consensus label.
  const newest = new Map<number, Map<string, CurrentLabel>>();
  for (const l of own) {
    judged.set(l.windowId, (judged.get(l.windowId) ?? 0) + 1);
    const byKey = newest.get(l.windowId) ?? new Map<string, CurrentLabel>();
    byKey.set(l.kind === 'class' ? String(l.classId) : l.kind, l);
    byKey.set('*', l);
    newest.set(l.windowId, byKey);
    if (l.kind === 'class') votes.push({ window: l.windowId, annotator: l.annotatorId, label: classIndex.get(l.classId!)!, time: l.createdAt });
  }
  const table = buildVoteTable(votes, { classes: classIds.map(String), windows: [...gold.keys()] });
  const goldVotes = [...gold].map(([window, c]) => ({ window, label: classIndex.get(c)! }));
  const result = method === 'dawid-skene' && table.numVotes > 0 ? dawidSkene(table, { gold: goldVotes }) : majorityVote(table);
  if (method === 'majority') breakTiesByNewest(table, result, own.length ? times(table, own) : new Float64Array(0));
  const labels = new Map<number, CurrentLabel>();
  for (let w = 0; w < table.numWindows; w++) {
    const windowId = table.windowIds[w] as number;
    const g = gold.get(windowId);
    const k = g !== undefined ? classIndex.get(g)! : result.label[w];
    if (k < 0) continue;
    const classId = classIds[k]!;
    const rep = newest.get(windowId)?.get(String(classId)) ?? newest.get(windowId)?.get('*');
    labels.set(windowId, {
      kind: 'class', classId, annotatorId: rep?.annotatorId ?? 0, eventId: rep?.eventId ?? 0, listened: rep?.listened ?? false,
      consensus: g !== undefined
        ? { confidence: 1, votes: result.votes[w]!, method: 'gold' }
        : { confidence: result.confidence[w]!, votes: result.votes[w]!, method },
    });
  }
  // Windows judged only unsure or skipped keep the newest such verdict, as before there were teams.
  for (const [windowId, byKey] of newest) {
    if (labels.has(windowId)) continue;
    const { windowId: _w, createdAt: _c, ...l } = byKey.get('*') as CurrentLabel & { windowId: number; createdAt: number };
    labels.set(windowId, { ...l, consensus: { confidence: 1, votes: 0, method } });
  }
  return { method, table, result, classIds, gold, labels, judged };
}

/** Time of each vote of the table, from the own labels it was built from. */
/** The label event id behind each vote: ids grow with every event, so they order votes by recency exactly (times in ms can tie). */
function times(t: VoteTable, own: ReturnType<typeof allOwnLabels>): Float64Array {
  const at = new Map(own.map((l) => [`${l.windowId}|${l.annotatorId}`, l.eventId]));
  return Float64Array.from(t.voteWindow, (w, v) => at.get(`${t.windowIds[w]}|${t.annotatorIds[t.voteAnnotator[v]!]}`) ?? 0);
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

/**
 * The project's label of one window. A majority vote depends only on the window's own
 * votes (and gold), so it is computed from those alone: a label written does not make every
 * host recompute the whole project's consensus just to tell clients about one window, which
 * cost ~50 ms per label at a thousand labels. Dawid–Skene weighs each vote by its author's
 * reliability across the project, so it takes the whole (cached) consensus.
 */
export function windowConsensus(db: ReadableDb, windowId: number): CurrentLabel | null {
  const method = crowdSettings(db).method;
  if (method !== 'majority') return projectConsensus(db, method).labels.get(windowId) ?? null;
  const hit = cache.get(db);
  if (hit && hit.key === stateKey(db, method)) return hit.value.labels.get(windowId) ?? null;
  const classIds = db.prepare('SELECT id FROM classes ORDER BY id').pluck().all() as number[];
  const rows = db.prepare('SELECT e.* FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.window_id = ? ORDER BY e.id').all(windowId) as EventRow[];
  const own = rows.map((r) => ({ ...toCurrent(r), windowId: r.window_id, createdAt: r.created_at }));
  const g = db.prepare('SELECT class_id FROM gold_windows WHERE window_id = ?').pluck().get(windowId) as number | undefined;
  const gold = new Map(g === undefined ? [] : [[windowId, g]]);
  return consensusOf({ classIds, own, gold, method }).labels.get(windowId) ?? null;
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
  if (s.retireAgreeing !== null) {
    const K = c.table.numClasses;
    const counts = windowClassCounts(c.table);
    for (let w = 0; w < c.table.numWindows; w++) {
      let agreeing = 0;
      for (let k = 0; k < K; k++) agreeing = Math.max(agreeing, counts[w * K + k]!);
      if (agreeing >= s.retireAgreeing) out.add(c.table.windowIds[w] as number);
    }
  }
  return out;
}
