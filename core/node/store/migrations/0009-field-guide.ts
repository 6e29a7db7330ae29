import type { Migration } from './index.js';

const migration: Migration = {
  version: 9,
  name: 'field-guide',
  up(db) {
    db.exec(`
      -- A volunteer's way into a project: when they finished the tutorial, and when they were
      -- given their practice windows (once; a volunteer given none is not asked again).
      CREATE TABLE guide_progress (
        annotator_id INTEGER PRIMARY KEY REFERENCES annotators(id),
        tutorial_done_at INTEGER,
        practice_assigned_at INTEGER
      );
      -- The gold windows a volunteer practises on: after labeling one they are told the
      -- expert's class, whatever the project's gold feedback setting.
      CREATE TABLE practice_windows (
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (annotator_id, window_id)
      );
    `);
  },
};
export default migration;
