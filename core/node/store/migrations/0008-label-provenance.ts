import type { Migration } from './index.js';

const migration: Migration = {
  version: 8,
  name: 'label-provenance',
  up(db) {
    db.exec(`
      -- Where each label came from, on the label row itself (an audit, a reliability weight or
      -- a cost figure needs it long after a session ended). All NULL on rows older than this
      -- migration and on imported labels, which have no session.
      -- person_id / role: the signed-in person as the host authenticated them (NULL person:
      -- the host's owner). view: the labeling view the verdict was given in (full | volunteer).
      -- shown_at: when the window was put in front of the person (host clock, created_at minus
      -- time_to_label_ms, which the client measured). query_*: the query batch that chose the
      -- window for this person, its strategy and the model version it was chosen with.
      ALTER TABLE label_events ADD COLUMN person_id INTEGER REFERENCES people(id);
      ALTER TABLE label_events ADD COLUMN role TEXT CHECK (role IN ('owner', 'analyst', 'volunteer', 'reviewer'));
      ALTER TABLE label_events ADD COLUMN view TEXT CHECK (view IN ('full', 'volunteer'));
      ALTER TABLE label_events ADD COLUMN shown_at INTEGER;
      ALTER TABLE label_events ADD COLUMN time_to_label_ms INTEGER CHECK (time_to_label_ms >= 0);
      ALTER TABLE label_events ADD COLUMN query_batch_id INTEGER REFERENCES query_batches(id);
      ALTER TABLE label_events ADD COLUMN query_strategy TEXT;
      ALTER TABLE label_events ADD COLUMN query_model_id INTEGER;
      -- A client retrying a label it got no answer for sends the same key: the retry returns
      -- the first write instead of adding a second vote.
      ALTER TABLE label_events ADD COLUMN idempotency_key TEXT;
      CREATE UNIQUE INDEX label_events_idempotent ON label_events(annotator_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

      -- Which windows were handed to which annotator, by which query batch, until when. An
      -- assignment the person has not yet answered and that has not expired is a lease: it
      -- counts against the window's redundancy, so a window in flight is not handed to more
      -- people than should judge it. Rows stay after the label (they say which batch chose it).
      CREATE TABLE assignments (
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        batch_id INTEGER NOT NULL REFERENCES query_batches(id),
        gold INTEGER NOT NULL DEFAULT 0,
        assigned_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (window_id, annotator_id)
      );
      CREATE INDEX assignments_by_expiry ON assignments(expires_at);
    `);
  },
};
export default migration;
