import type { Migration } from './index.js';

const migration: Migration = {
  version: 2,
  name: 'models',
  up(db) {
    db.exec(`
      -- Every trained model version, with what it was trained on and how well it did.
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        backend TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        classes TEXT NOT NULL,            -- JSON [class id…] in output order
        feature_set TEXT NOT NULL DEFAULT '',
        training_set TEXT NOT NULL,       -- JSON {train:[window ids], validation:[…], test:[…]}
        metrics TEXT NOT NULL,            -- JSON classification report, confusion matrix, curves
        train_ms REAL NOT NULL,
        params BLOB NOT NULL               -- serialised model (JSON text or weights)
      );

      -- The latest model's class probabilities for every window (float32 blob of K values).
      CREATE TABLE predictions (
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        probs BLOB NOT NULL,
        PRIMARY KEY (window_id, model_id)
      );

      -- What the user was asked to label next, and why.
      CREATE TABLE query_batches (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        strategy TEXT NOT NULL,
        model_id INTEGER REFERENCES models(id),
        seed INTEGER NOT NULL,
        window_ids TEXT NOT NULL,         -- JSON, best first
        scores TEXT NOT NULL              -- JSON, one per window
      );
    `);
  },
};
export default migration;
