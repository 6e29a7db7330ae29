import type { Migration } from './index.js';

const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE classes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        hotkey TEXT,
        colour TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        example_window_ids TEXT NOT NULL DEFAULT '[]',
        archived INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE annotators (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('human', 'import', 'model')),
        created_at INTEGER NOT NULL
      );

      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        bytes INTEGER NOT NULL,
        imported_at INTEGER NOT NULL,
        info TEXT NOT NULL DEFAULT '{}'
      );

      -- One contiguous run of samples of one channel (a gap starts a new row).
      CREATE TABLE streams (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        network TEXT NOT NULL, station TEXT NOT NULL, location TEXT NOT NULL, channel TEXT NOT NULL,
        sampling_rate REAL NOT NULL,
        start_time REAL,
        n_samples INTEGER NOT NULL,
        picks TEXT NOT NULL DEFAULT '[]',
        samples BLOB NOT NULL
      );
      CREATE INDEX streams_by_station ON streams(network, station, location, start_time);

      -- The unit that gets labeled: channels of one station over one time span, samples cached
      -- as one float32 blob [channel][sample] so a window loads with a single row read.
      CREATE TABLE windows (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        network TEXT NOT NULL, station TEXT NOT NULL, location TEXT NOT NULL,
        channels TEXT NOT NULL,
        start_time REAL,
        sampling_rate REAL NOT NULL,
        n_samples INTEGER NOT NULL,
        group_key TEXT NOT NULL DEFAULT '',
        picks TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        samples BLOB NOT NULL
      );
      CREATE INDEX windows_by_source ON windows(source_id);

      -- Append-only: the current label, undo and history are derived from these rows.
      CREATE TABLE label_events (
        id INTEGER PRIMARY KEY,
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        kind TEXT NOT NULL CHECK (kind IN ('class', 'unsure', 'skip', 'undo')),
        class_id INTEGER REFERENCES classes(id),
        listened INTEGER NOT NULL DEFAULT 0,
        undoes INTEGER REFERENCES label_events(id),
        created_at INTEGER NOT NULL,
        CHECK ((kind = 'class') = (class_id IS NOT NULL)),
        CHECK ((kind = 'undo') = (undoes IS NOT NULL))
      );
      CREATE INDEX label_events_by_window ON label_events(window_id, id);
      CREATE INDEX label_events_by_annotator ON label_events(annotator_id, id);
      CREATE UNIQUE INDEX label_events_undone_once ON label_events(undoes) WHERE undoes IS NOT NULL;

      -- Materialised from label_events in the same transaction as each event, so reads are cheap;
      -- it can always be rebuilt from the event log.
      CREATE TABLE current_labels (
        window_id INTEGER PRIMARY KEY REFERENCES windows(id) ON DELETE CASCADE,
        event_id INTEGER NOT NULL REFERENCES label_events(id)
      );

      CREATE TABLE features (
        window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        feature_set TEXT NOT NULL,
        value_blob BLOB NOT NULL,
        PRIMARY KEY (window_id, feature_set)
      );
    `);
  },
};
export default migration;
