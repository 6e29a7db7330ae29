import type { Migration } from './index.js';

const migration: Migration = {
  version: 5,
  name: 'people',
  up(db) {
    db.exec(`
      -- People invited to the project through the browser-mode host. Each labels as one
      -- annotator; the host's owner (desktop app, owner token) is not a row here.
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'analyst', 'volunteer', 'reviewer')),
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        created_at INTEGER NOT NULL
      );
      -- Invite links: only the SHA-256 of a token is kept, so a copied project file does
      -- not hand out working links.
      CREATE TABLE access_tokens (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        token_sha256 TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
    `);
  },
};
export default migration;
