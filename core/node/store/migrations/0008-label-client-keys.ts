import type { Migration } from './index.js';

const migration: Migration = {
  version: 8,
  name: 'label-client-keys',
  up(db) {
    db.exec(`
      -- A key the client chose for one verdict (idempotency key): a label retried after its
      -- answer was lost — a host killed, a connection cut — finds the event written the first
      -- time instead of writing a duplicate. Per annotator, so one person cannot collide with
      -- (or probe) another's keys. NULL for labels written without one (imports, older files).
      ALTER TABLE label_events ADD COLUMN client_key TEXT;
      CREATE UNIQUE INDEX label_events_client_key ON label_events(annotator_id, client_key) WHERE client_key IS NOT NULL;
    `);
  },
};
export default migration;
