-- The team tables of one project on PostgreSQL: the same tables and meanings as the SQLite
-- project file (migrations 0001–0008 there), minus the waveforms and features, which stay in
-- the project file on every host. Times are milliseconds since 1970, as in SQLite.

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

-- Only the ids of the project's windows, so a label names a window that exists (the
-- samples are read from the project file).
CREATE TABLE windows (id BIGINT PRIMARY KEY);

CREATE TABLE annotators (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('human', 'import', 'model')),
  created_at BIGINT NOT NULL
);

CREATE TABLE people (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'analyst', 'volunteer', 'reviewer')),
  annotator_id BIGINT NOT NULL REFERENCES annotators(id),
  created_at BIGINT NOT NULL
);

-- Only the SHA-256 of each invite token, as in the project file.
CREATE TABLE access_tokens (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);

-- Append-only; each person's current label is materialised in annotator_labels in the same
-- transaction as each event.
CREATE TABLE label_events (
  id BIGSERIAL PRIMARY KEY,
  window_id BIGINT NOT NULL REFERENCES windows(id),
  annotator_id BIGINT NOT NULL REFERENCES annotators(id),
  kind TEXT NOT NULL CHECK (kind IN ('class', 'unsure', 'skip', 'undo')),
  class_id INTEGER REFERENCES classes(id),
  listened INTEGER NOT NULL DEFAULT 0,
  undoes BIGINT REFERENCES label_events(id),
  created_at BIGINT NOT NULL,
  suggested_class_id INTEGER REFERENCES classes(id),
  suggestion_confidence DOUBLE PRECISION,
  suggestion_model_id BIGINT,
  suggestion_accepted INTEGER,
  -- Provenance, as in the project file (migration 0008 there): who in which role and view,
  -- when shown and how long to the verdict, and the query batch that chose the window (a
  -- batch of the host that served it, so no reference: batches live in each host's file).
  person_id BIGINT REFERENCES people(id),
  role TEXT CHECK (role IN ('owner', 'analyst', 'volunteer', 'reviewer')),
  view TEXT CHECK (view IN ('full', 'volunteer')),
  shown_at BIGINT,
  time_to_label_ms BIGINT CHECK (time_to_label_ms >= 0),
  query_batch_id BIGINT,
  query_strategy TEXT,
  query_model_id BIGINT,
  idempotency_key TEXT,
  CHECK ((kind = 'class') = (class_id IS NOT NULL)),
  CHECK ((kind = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX label_events_by_window ON label_events(window_id, id);
CREATE INDEX label_events_by_annotator ON label_events(annotator_id, id);
CREATE UNIQUE INDEX label_events_undone_once ON label_events(undoes) WHERE undoes IS NOT NULL;
CREATE UNIQUE INDEX label_events_idempotent ON label_events(annotator_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE annotator_labels (
  window_id BIGINT NOT NULL REFERENCES windows(id),
  annotator_id BIGINT NOT NULL REFERENCES annotators(id),
  event_id BIGINT NOT NULL REFERENCES label_events(id),
  PRIMARY KEY (window_id, annotator_id)
);
CREATE INDEX annotator_labels_by_annotator ON annotator_labels(annotator_id, window_id);

CREATE TABLE gold_windows (
  window_id BIGINT PRIMARY KEY REFERENCES windows(id),
  class_id INTEGER NOT NULL REFERENCES classes(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE pick_events (
  id BIGSERIAL PRIMARY KEY,
  window_id BIGINT NOT NULL REFERENCES windows(id),
  annotator_id BIGINT NOT NULL REFERENCES annotators(id),
  phase TEXT NOT NULL,
  offset_seconds DOUBLE PRECISION,
  uncertainty_seconds DOUBLE PRECISION,
  created_at BIGINT NOT NULL
);
CREATE INDEX pick_events_window ON pick_events(window_id, phase, id);

CREATE TABLE models (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  backend TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seed BIGINT NOT NULL,
  classes TEXT NOT NULL,
  feature_set TEXT NOT NULL DEFAULT '',
  training_set TEXT NOT NULL,
  metrics TEXT NOT NULL,
  train_ms DOUBLE PRECISION NOT NULL,
  params BYTEA NOT NULL
);

CREATE TABLE query_batches (
  id BIGSERIAL PRIMARY KEY,
  created_at BIGINT NOT NULL,
  strategy TEXT NOT NULL,
  model_id BIGINT REFERENCES models(id),
  seed BIGINT NOT NULL,
  window_ids TEXT NOT NULL,
  scores TEXT NOT NULL
);
