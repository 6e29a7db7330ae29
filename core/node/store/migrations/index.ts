// Numbered migrations, applied in order; each only ever moves forward.
import type Database from 'better-sqlite3';
import m0001 from './0001-initial.js';
import m0002 from './0002-models.js';
import m0003 from './0003-maps.js';
import m0004 from './0004-label-suggestions.js';
import m0005 from './0005-people.js';
import m0006 from './0006-pick-events.js';
import m0007 from './0007-crowd-labels.js';
import m0008 from './0008-label-provenance.js';
import m0009 from './0009-field-guide.js';

/** One forward-only schema step. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
