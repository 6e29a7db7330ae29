// The embedding map: 2-D maps of every window (PCA, UMAP, t-SNE), k-means clusters on them,
// how stable both are between seeds, and acting on a group of windows chosen on the map.
import { z } from 'zod';
import { Empty, Id, method } from './define.js';

const MapMethod = z.enum(['pca', 'umap', 'tsne']);
const MapSource = z.enum(['features', 'model']);
/** Where k-means runs: on the 2-D map itself, or on the rows the map was computed from. */
const ClusterSpace = z.enum(['map', 'input']);
const Seed = z.number().int().nonnegative();

export const MapSummarySchema = z.object({
  id: z.number(),
  createdAt: z.number(),
  method: MapMethod,
  source: MapSource,
  modelId: z.number().nullable(),
  featureSet: z.string(),
  seed: z.number(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  computeMs: z.number(),
});

export const MapSchema = MapSummarySchema.extend({
  windowIds: z.array(z.number()),
  /** Base64 of little-endian float32 x, y per point, in `windowIds` order. */
  coords: z.string(),
  clusters: z.object({ k: z.number(), seed: z.number(), labels: z.array(z.number()) }).nullable(),
});

const Stability = z.object({ meanAri: z.number(), pairwise: z.array(z.number()), seeds: z.array(z.number()) });

export const mapsApi = {
  'maps.compute': method(
    'Compute a 2-D map of every window (PCA, UMAP or t-SNE ≤ 3,000 windows) in the background; snapshots arrive as map.progress events.',
    z.object({
      method: MapMethod.default('umap'),
      source: MapSource.default('features'),
      seed: Seed.default(0),
      nNeighbors: z.number().int().min(2).max(200).default(15),
      minDist: z.number().min(0).max(1).default(0.1),
      perplexity: z.number().min(2).max(100).default(30),
    }),
    z.object({ taskId: z.string() }),
  ),
  'maps.list': method('Maps of this project, newest first (without coordinates).', Empty, z.array(MapSummarySchema)),
  'maps.get': method('One map with its coordinates and clusters (the newest by default; null when none).', z.object({ id: Id.optional() }), MapSchema.nullable()),
  'maps.clusters': method(
    'k-means with k clusters on a map (or on its input rows), stored with the map; with silhouette and agreement (ARI) between seeds.',
    z.object({ mapId: Id, k: z.number().int().min(2).max(50), seed: Seed.default(0), space: ClusterSpace.default('map'), stabilitySeeds: z.number().int().min(2).max(10).default(5) }),
    z.object({ k: z.number(), labels: z.array(z.number()), inertia: z.number(), silhouette: z.number(), stability: Stability }),
  ),
  'maps.suggestK': method(
    'Suggest a number of clusters: mean silhouette of k-means for each k in a range (higher is better).',
    z.object({ mapId: Id, kMin: z.number().int().min(2).default(2), kMax: z.number().int().max(30).default(10), seed: Seed.default(0), space: ClusterSpace.default('map') }),
    z.object({ k: z.number(), scores: z.array(z.object({ k: z.number(), silhouette: z.number(), inertia: z.number() })) }),
  ),
  'maps.stability': method(
    'Recompute a map with other seeds in the background and measure how much the runs agree (shared 10 nearest neighbours).',
    z.object({ mapId: Id, runs: z.number().int().min(2).max(5).default(3) }),
    z.object({ taskId: z.string() }),
  ),
  'maps.featureValues': method(
    "One window feature's value for every point of a map (to colour the map by it).",
    z.object({ mapId: Id, feature: z.string() }),
    z.object({ feature: z.string(), unit: z.string(), description: z.string(), values: z.array(z.number().nullable()) }),
  ),
  'maps.labelWindows': method(
    'Give every window of a group chosen on the map the same label (one label event each, in one transaction).',
    z.object({ windowIds: z.array(Id).min(1).max(200_000), annotatorId: Id.optional(), kind: z.enum(['class', 'unsure', 'skip']).default('class'), classId: Id.nullable().optional() }),
    z.object({ labeled: z.number() }),
  ),
  'maps.queue': method(
    'Queue a group chosen on the map for labeling next (recorded as a query batch, so the labeling screen can say why).',
    z.object({ mapId: Id, windowIds: z.array(Id).min(1).max(200_000) }),
    z.object({ batchId: z.number(), count: z.number() }),
  ),
};

/** The result a finished `maps.stability` task carries. */
export const MapStabilityResultSchema = z.object({
  mapIds: z.array(z.number()),
  seeds: z.array(z.number()),
  neighbours: z.number(),
  pairwise: z.array(z.number()),
  meanOverlap: z.number(),
  /** Overlap expected between unrelated maps of this many points (k / n), for scale. */
  chance: z.number(),
});
export type MapStabilityResult = z.output<typeof MapStabilityResultSchema>;
