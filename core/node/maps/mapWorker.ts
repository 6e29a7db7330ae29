// Worker thread for the map: the 2-D embedding (PCA, UMAP or t-SNE) and the k-means work on
// it, so neither ever blocks the core's event loop. While an embedding refines, a copy of
// the coordinates is posted every `snapshotMs` so the map can be shown as it settles.
import { parentPort, workerData } from 'node:worker_threads';
import { neighbourOverlap } from '../../common/embed/quality.js';
import { createTsne } from '../../common/embed/tsne.js';
import { createUmap } from '../../common/embed/umap.js';
import { chooseK, clusterStability, kmeans, silhouette } from '../../common/ml/kmeans.js';
import type { Matrix } from '../../common/ml/matrix.js';
import { featureModelFromJSON, type FeatureModelJSON } from '../../common/ml/featureModel.js';
import { fitPca, projectPca, standardize } from '../../common/ml/pca.js';

/** Options of the embedding methods (only those of the chosen method are read). */
export interface EmbedParams {
  nNeighbors: number;
  minDist: number;
  perplexity: number;
}

/** Rows to work on, and how to prepare them. */
export interface Rows {
  data: Float32Array;
  n: number;
  d: number;
  /** Standardise columns first (raw features mix units); false for a model's embedding or a map. */
  standardize: boolean;
  /** A feature model's JSON: use its embedding of `data` instead of `data` itself. */
  modelJson?: string;
}

/** What the host sends. */
export type MapJob =
  | { kind: 'embed'; rows: Rows; method: 'pca' | 'umap' | 'tsne'; seed: number; params: EmbedParams; snapshotMs: number }
  | { kind: 'clusters'; rows: Rows; k: number; seed: number; stabilitySeeds: number[] }
  | { kind: 'suggestK'; rows: Rows; kMin: number; kMax: number; seed: number }
  | { kind: 'overlap'; maps: Float32Array[]; n: number; k: number };

/** What the worker posts: snapshots while it works, then one result. */
export type MapMessage =
  | { type: 'progress'; done: number; total: number; coords: Float32Array | null }
  | { type: 'embedded'; coords: Float32Array }
  | { type: 'clusters'; labels: Int32Array; inertia: number; silhouette: number; stability: { meanAri: number; pairwise: number[] } }
  | { type: 'suggestK'; k: number; scores: { k: number; silhouette: number; inertia: number }[] }
  | { type: 'overlap'; pairwise: number[] };

const post = (m: MapMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
const asMatrix = (data: Float32Array, rows: number, cols: number): Matrix => ({ data, rows, cols });

/** The rows to map: standardised features, or a feature model's embedding of them. */
function prepare(rows: Rows): { data: Float32Array; n: number; d: number } {
  let x: Matrix = asMatrix(rows.data, rows.n, rows.d);
  if (rows.modelJson) {
    const model = featureModelFromJSON(JSON.parse(rows.modelJson) as FeatureModelJSON);
    x = { data: model.embed({ data: Float64Array.from(rows.data), rows: rows.n, cols: rows.d }), rows: rows.n, cols: rows.d };
  }
  if (rows.standardize) x = standardize(x).data;
  return { data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data), n: x.rows, d: x.cols };
}

function embed(job: Extract<MapJob, { kind: 'embed' }>): Float32Array {
  const { method, seed, params } = job;
  const { data, n, d } = prepare(job.rows);
  if (method === 'pca') {
    const x = asMatrix(data, n, d);
    return Float32Array.from(projectPca(fitPca(x, { components: 2 }), x).data);
  }
  const layout = method === 'umap'
    ? createUmap(data, n, d, { seed, nNeighbors: params.nNeighbors, minDist: params.minDist })
    : createTsne(data, n, d, { seed, perplexity: params.perplexity });
  const total = 'nEpochs' in layout ? layout.nEpochs : layout.nIterations;
  let last = performance.now();
  post({ type: 'progress', done: 0, total, coords: layout.coords.slice() });
  for (let done = 1; layout.step(); done++) {
    const now = performance.now();
    if (now - last >= job.snapshotMs) {
      last = now;
      const copy = layout.coords.slice();
      post({ type: 'progress', done, total, coords: copy }, [copy.buffer]);
    }
  }
  return layout.coords;
}

const job = workerData as MapJob;
if (job.kind === 'embed') {
  const coords = embed(job);
  post({ type: 'embedded', coords }, [coords.buffer as ArrayBuffer]);
} else if (job.kind === 'clusters') {
  const p = prepare(job.rows);
  const x = asMatrix(p.data, p.n, p.d);
  const fit = kmeans(x, { k: job.k, seed: job.seed });
  // Silhouette on a seeded sample: exact silhouette is O(n²), hours at 100,000 points.
  const sil = job.k > 1 ? silhouette(x, fit.labels, { sampleSize: 2000, seed: job.seed }) : 0;
  const stability = job.k > 1 && job.stabilitySeeds.length >= 2 ? clusterStability(x, job.k, job.stabilitySeeds) : { meanAri: 1, pairwise: [] };
  post({ type: 'clusters', labels: fit.labels, inertia: fit.inertia, silhouette: sil, stability }, [fit.labels.buffer as ArrayBuffer]);
} else if (job.kind === 'suggestK') {
  const p = prepare(job.rows);
  const res = chooseK(asMatrix(p.data, p.n, p.d), { kMin: job.kMin, kMax: job.kMax, seed: job.seed, nInit: 2, sampleSize: 2000 });
  post({ type: 'suggestK', ...res });
} else {
  const pairwise: number[] = [];
  for (let i = 0; i < job.maps.length; i++) for (let j = i + 1; j < job.maps.length; j++) pairwise.push(neighbourOverlap(job.maps[i]!, job.maps[j]!, job.n, job.k));
  post({ type: 'overlap', pairwise });
}
