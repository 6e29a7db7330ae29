// Choosing the next windows to label from the newest model (or, before any model, from
// clusters of the features), and remembering why each was chosen.
import { CoreError } from '../../common/errors.js';
import { mulberry32 } from '../../common/ml/rng.js';
import { selectBatch, STRATEGIES, type StrategyName } from '../../common/ml/strategies.js';
import { FEATURE_SET, loadFeatures } from '../store/features.js';
import type { Matrix } from '../../common/ml/matrix.js';
import type { ProjectStore } from '../store/project.js';
import type { TaskContext } from '../tasks.js';
import type { Leases } from '../team/teamStore.js';
import { ensureFeatures } from './projectModels.js';
import { servingEmbedding, servingModel, servingProbs, type Serving } from './serving.js';

export interface NextBatch {
  batchId: number;
  strategy: StrategyName;
  requested: StrategyName;
  modelId: number | null;
  windowIds: number[];
  scores: number[];
  note: string;
  /** The model that served this batch and why (null before any model). */
  serving: Serving | null;
}

/** Who a batch is for, and how the crowd settings apply to them. */
export interface BatchRequest {
  strategy: StrategyName;
  batchSize: number;
  seed: number;
  /** The person whose judged windows are left out (null: the owner's queue, which leaves out only retired windows). */
  annotatorId?: number | null;
  /** Lease the chosen windows to the annotator, and leave out windows others hold to the limit of votesPerWindow (invited people). */
  lease?: boolean;
  /** Mix the project's share of gold windows into the batch (volunteers' queues). */
  gold?: boolean;
  /** The time, for leases (tests pass their own clock). */
  now?: number;
}

/**
 * Picks `batchSize` windows still wanting a judgement with a strategy and records the batch.
 * Retired windows (enough people judged them, or gold) are left out for everyone, and the
 * windows `annotatorId` already judged for that person: nobody sees a window twice. With
 * `lease`, a window is handed out only while the people who judged it plus those holding it
 * stay under votesPerWindow; with `gold`, the project's share of gold windows the person has
 * not judged is mixed in at random places, so a volunteer cannot tell them apart. `leases`
 * records the batch and its leases: the project file, or on a team host the team database.
 */
export async function nextBatch(store: ProjectStore, ctx: TaskContext, o: BatchRequest, leases: Leases): Promise<NextBatch> {
  const info = STRATEGIES.find((s) => s.name === o.strategy);
  if (!info) throw new CoreError('invalid_input', `unknown strategy "${o.strategy}"`);
  const ids = store.windowIds();
  await ensureFeatures(store, ctx, ids);
  // The serving model and its representation first: reading a CNN's activations awaits.
  const serving = servingModel(store);
  const probsOf = serving ? servingProbs(store.db, serving, ids) : [];
  const haveProbs = serving !== null && probsOf.length > 0 && probsOf.every((p) => p !== null);
  const modelId = haveProbs && serving ? (serving.kind === 'cnn' ? serving.cnnId : serving.forestId) : null;
  let strategy = o.strategy;
  let note = '';
  if (info.needs.includes('probs') && !haveProbs) {
    strategy = 'coldStart';
    note = `no model yet: "${o.strategy}" needs model predictions, so windows were chosen by cold start (one per cluster of the features)`;
  }
  // Diversity in the serving model's own representation, as in the simulation.
  const embeddings = haveProbs && (strategy === 'hybrid' || strategy === 'kCenterGreedy') ? await servingEmbedding(store, serving, ids) : undefined;
  const settings = store.crowdSettings();
  const now = o.now ?? Date.now();
  const annotatorId = o.annotatorId ?? null;
  const K = haveProbs ? probsOf[0]!.length : 0;
  const probs = haveProbs ? { data: concat(probsOf as Float32Array[], K), rows: ids.length, cols: K } : undefined;
  const chosen = STRATEGIES.find((s) => s.name === strategy)!;
  const needsFeatures = [...chosen.needs, ...(chosen.needsOneOf ?? [])].includes('features');
  // Who holds which window is read and the new leases are written with no other choice in
  // between (on any host of a team database): two people cannot both take the last place.
  return leases.leasing(async (tx) => {
    const state = await tx.state(annotatorId, now);
    // From here to the record nothing awaits: the labels read are the ones the leases were read with.
    const retired = store.retiredWindows();
    const mine = annotatorId ? store.ownLabels(annotatorId) : new Map<number, unknown>();
    const held = o.lease ? state.held : new Map<number, number>();
    const judged = o.lease ? store.consensus().judged : new Map<number, number>();
    const taken = (id: number) => (judged.get(id) ?? 0) + (held.get(id) ?? 0) >= settings.votesPerWindow;
    const mask = Uint8Array.from(ids, (id) => (retired.has(id) || mine.has(id) || (o.lease && taken(id)) ? 1 : 0));
    const rng = mulberry32(mixSeed(o.seed, annotatorId ?? 0, annotatorId ? state.assigned : 0));
    const goldIds = o.gold && annotatorId ? pickGold(store, annotatorId, state.mine, settings.goldShare, o.batchSize, rng) : [];
    const wanted = o.batchSize - goldIds.length;
    if (mask.every((m) => m === 1) && goldIds.length === 0) {
      return { batchId: 0, strategy: o.strategy, requested: o.strategy, modelId: null, windowIds: [], scores: [], note: 'every window is labeled', serving: null };
    }
    const res = wanted > 0 && !mask.every((m) => m === 1)
      ? selectBatch(strategy, { labeledMask: mask, probs, features: needsFeatures ? cachedFeatures(store, ids) : undefined, embeddings, batchSize: wanted, seed: o.seed })
      : { indices: [], scores: [] };
    const windowIds = Array.from(res.indices, (i) => ids[i]!);
    const scores = Array.from(res.scores);
    // Gold windows go in at random places with the score of the window they follow, so neither
    // their position nor their score gives them away.
    for (const g of goldIds) {
      const at = Math.floor(rng() * (windowIds.length + 1));
      windowIds.splice(at, 0, g);
      scores.splice(at, 0, scores[Math.max(0, at - 1)] ?? 0);
    }
    const lease = annotatorId && (o.lease || goldIds.length) ? { annotatorId, gold: new Set(goldIds), now, seconds: settings.leaseSeconds } : null;
    const batchId = await tx.record({ strategy, modelId, seed: o.seed, windowIds, scores, createdAt: now }, lease);
    return { batchId, strategy, requested: o.strategy, modelId, windowIds, scores, note, serving: haveProbs ? serving : null };
  });
}

/**
 * How many gold windows go into a batch, and which: share × size, the fraction rounded up
 * or down at random (so a share of 0.1 in batches of 5 still gives one batch in two a gold
 * window), drawn from the gold windows the person has not judged nor holds.
 */
function pickGold(store: ProjectStore, annotatorId: number, held: Set<number>, share: number, batchSize: number, rng: () => number): number[] {
  if (share <= 0) return [];
  const mine = store.ownLabels(annotatorId);
  // Gold windows already waiting in their queue are not drawn again: the share would shrink to duplicates.
  const pool = [...store.goldWindows().keys()].filter((w) => !mine.has(w) && !held.has(w));
  const exact = share * batchSize;
  const n = Math.min(pool.length, Math.floor(exact) + (rng() < exact - Math.floor(exact) ? 1 : 0));
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

const featureCache = new WeakMap<object, { key: string; value: Matrix }>();

/**
 * The feature matrix of the windows, kept between batches: with many volunteers each asking
 * for their queue, reading every window's features again each time was most of a batch's
 * cost. Features of a window never change within a feature set, so the key is which windows
 * there are and how many feature rows are stored.
 */
function cachedFeatures(store: ProjectStore, ids: number[]): Matrix {
  const rows = store.db.prepare('SELECT count(*) FROM features WHERE feature_set = ?').pluck().get(FEATURE_SET) as number;
  const key = `${ids.length}|${ids[0]}|${ids[ids.length - 1]}|${rows}`;
  const hit = featureCache.get(store.db);
  if (hit?.key === key) return hit.value;
  const value = loadFeatures(store.db, ids);
  featureCache.set(store.db, { key, value });
  return value;
}

/** One 32-bit seed from the request's seed, the person and how far along they are. */
const mixSeed = (...parts: number[]): number => parts.reduce((h, p) => Math.imul(h ^ (p >>> 0), 0x9e3779b1) >>> 0, 0x811c9dc5);

function concat(rows: Float32Array[], K: number): Float32Array {
  const out = new Float32Array(rows.length * K);
  rows.forEach((r, i) => out.set(r, i * K));
  return out;
}
