-- Query batches and the leases they hand out, shared by every host: a window in flight
-- counts against its votesPerWindow whichever host leased it. The hosts write their batches
-- here first (teamHost.ts), so batch ids are the team's and label provenance can name them.
CREATE TABLE assignments (
  window_id BIGINT NOT NULL REFERENCES windows(id),
  annotator_id BIGINT NOT NULL REFERENCES annotators(id),
  batch_id BIGINT NOT NULL REFERENCES query_batches(id),
  gold INTEGER NOT NULL DEFAULT 0,
  assigned_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (window_id, annotator_id)
);
CREATE INDEX assignments_by_expiry ON assignments(expires_at);
CREATE INDEX assignments_by_annotator ON assignments(annotator_id, window_id);
