import type { Migration } from './index.js';

const migration: Migration = {
  version: 6,
  name: 'pick-events',
  up(db) {
    db.exec(`
      -- Analyst picks (P/S onsets) are append-only events like labels: each sets a phase's
      -- onset in a window (seconds after its first sample), or removes it (NULL). The latest
      -- event of a phase wins, over a pick the source file brought; history and audit are free.
      CREATE TABLE pick_events (
        id INTEGER PRIMARY KEY,
        window_id INTEGER NOT NULL REFERENCES windows(id),
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        phase TEXT NOT NULL,
        offset_seconds REAL,
        uncertainty_seconds REAL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX pick_events_window ON pick_events(window_id, phase, id);
    `);
  },
};
export default migration;
