import type { Migration } from './index.js';

const migration: Migration = {
  version: 4,
  name: 'label-suggestions',
  up(db) {
    db.exec(`
      -- What the model suggested while the annotator judged: labels made with a suggestion in
      -- view may lean on it, so an audit or a reliability weight needs to know. All NULL when
      -- no suggestion was shown (volunteers never see one).
      ALTER TABLE label_events ADD COLUMN suggested_class_id INTEGER REFERENCES classes(id);
      ALTER TABLE label_events ADD COLUMN suggestion_confidence REAL;
      ALTER TABLE label_events ADD COLUMN suggestion_model_id INTEGER;
      -- 1 when the verdict was the accept key on the suggestion, 0 when judged otherwise.
      ALTER TABLE label_events ADD COLUMN suggestion_accepted INTEGER;
    `);
  },
};
export default migration;
