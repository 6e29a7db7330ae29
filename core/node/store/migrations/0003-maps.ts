import type { Migration } from './index.js';

const migration: Migration = {
  version: 3,
  name: 'maps',
  up(db) {
    db.exec(`
      -- 2-D maps of the windows (PCA, UMAP, t-SNE), kept with everything needed to redo them:
      -- a map is a result of one run with one seed, not a fact about the data.
      CREATE TABLE maps (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        method TEXT NOT NULL,             -- pca | umap | tsne
        source TEXT NOT NULL,             -- features | model
        model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
        feature_set TEXT NOT NULL,
        seed INTEGER NOT NULL,
        params TEXT NOT NULL,             -- JSON of the method's options
        window_ids BLOB NOT NULL,         -- int32 per point, in point order
        coords BLOB NOT NULL,             -- float32 x, y per point
        compute_ms REAL NOT NULL,
        clusters BLOB,                    -- int32 cluster per point of the latest k-means, or NULL
        cluster_k INTEGER,
        cluster_seed INTEGER
      );
    `);
  },
};
export default migration;
