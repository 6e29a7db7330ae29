import type { Migration } from './index.js';

const migration: Migration = {
  version: 7,
  name: 'crowd-labels',
  up(db) {
    db.exec(`
      -- Each person's own current label per window, materialised from label_events in the
      -- same transaction as each event. The project's label of a window is no longer "whoever
      -- labeled last" but a consensus derived from these rows (and gold windows), so the old
      -- single current_labels table goes.
      CREATE TABLE annotator_labels (
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        event_id INTEGER NOT NULL REFERENCES label_events(id),
        PRIMARY KEY (window_id, annotator_id)
      );
      CREATE INDEX annotator_labels_by_annotator ON annotator_labels(annotator_id, window_id);
      INSERT INTO annotator_labels (window_id, annotator_id, event_id)
        SELECT e.window_id, e.annotator_id, max(e.id) FROM label_events e
        WHERE e.kind != 'undo' AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undoes = e.id)
        GROUP BY e.window_id, e.annotator_id;
      DROP TABLE current_labels;

      -- Windows an expert settled: their class anchors the consensus (and Dawid–Skene's
      -- estimate of each person's reliability). Not a vote: agreement measures ignore it.
      CREATE TABLE gold_windows (
        window_id INTEGER PRIMARY KEY REFERENCES windows(id) ON DELETE CASCADE,
        class_id INTEGER NOT NULL REFERENCES classes(id),
        created_at INTEGER NOT NULL
      );
    `);
  },
};
export default migration;
