// Choosing the next windows to label from the newest model (or, before any model, from
// clusters of the features), and remembering why each was chosen.
import { CoreError } from '../../common/errors.js';
import { selectBatch, STRATEGIES, type StrategyName } from '../../common/ml/strategies.js';
import { loadFeatures } from '../store/features.js';
import { insertQueryBatch } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import type { TaskContext } from '../tasks.js';
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

/**
 * Picks `batchSize` windows still wanting a judgement with a strategy and records the batch.
 * Retired windows (enough people judged them, or gold) are left out for everyone, and the
 * windows `annotatorId` already judged for that person: nobody sees a window twice.
 */
export async function nextBatch(
  store: ProjectStore, ctx: TaskContext, o: { strategy: StrategyName; batchSize: number; seed: number; annotatorId?: number | null },
): Promise<NextBatch> {
  const info = STRATEGIES.find((s) => s.name === o.strategy);
  if (!info) throw new CoreError('invalid_input', `unknown strategy "${o.strategy}"`);
  const ids = store.windowIds();
  const retired = store.retiredWindows();
  const mine = o.annotatorId ? store.ownLabels(o.annotatorId) : new Map<number, unknown>();
  const mask = Uint8Array.from(ids, (id) => (retired.has(id) || mine.has(id) ? 1 : 0));
  if (mask.every((m) => m === 1)) return { batchId: 0, strategy: o.strategy, requested: o.strategy, modelId: null, windowIds: [], scores: [], note: 'every window is labeled', serving: null };
  const serving = servingModel(store);
  const probsOf = serving ? servingProbs(store.db, serving, ids) : [];
  const haveProbs = serving !== null && probsOf.every((p) => p !== null);
  const modelId = serving ? (serving.kind === 'cnn' ? serving.cnnId : serving.forestId) : null;
  let strategy = o.strategy;
  let note = '';
  if (info.needs.includes('probs') && !haveProbs) {
    strategy = 'coldStart';
    note = `no model yet: "${o.strategy}" needs model predictions, so windows were chosen by cold start (one per cluster of the features)`;
  }
  await ensureFeatures(store, ctx, ids);
  const features = loadFeatures(store.db, ids);
  const K = haveProbs ? probsOf[0]!.length : 0;
  const probs = haveProbs ? { data: concat(probsOf as Float32Array[], K), rows: ids.length, cols: K } : undefined;
  // Diversity in the serving model's own representation, as in the simulation.
  const embeddings = haveProbs && (strategy === 'hybrid' || strategy === 'kCenterGreedy') ? await servingEmbedding(store, serving, ids) : undefined;
  const res = selectBatch(strategy, { labeledMask: mask, probs, features, embeddings, batchSize: o.batchSize, seed: o.seed });
  const windowIds = Array.from(res.indices, (i) => ids[i]!);
  const scores = Array.from(res.scores);
  const batchId = insertQueryBatch(store.db, { strategy, modelId: haveProbs ? modelId : null, seed: o.seed, windowIds, scores });
  return { batchId, strategy, requested: o.strategy, modelId: haveProbs ? modelId : null, windowIds, scores, note, serving: haveProbs ? serving : null };
}

function concat(rows: Float32Array[], K: number): Float32Array {
  const out = new Float32Array(rows.length * K);
  rows.forEach((r, i) => out.set(r, i * K));
  return out;
}
