// Opens a project file: one SQLite database in WAL mode, migrated forward on open.
// Handles carry their capability in the type (as Signal Desktop does): code that only reads
// takes a ReadableDb, and only code given a WritableDb can change the project.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { CoreError } from '../../common/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

declare const writable: unique symbol;
/** A database handle that may only be read from. */
export type ReadableDb = Pick<Database.Database, 'prepare' | 'pragma'> & { readonly name: string };
/** A database handle that may write (and read). */
export type WritableDb = Database.Database & { readonly [writable]: true };

/** How the project file is opened. */
export interface OpenOptions {
  /** Create the file when it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Opens (and migrates) a project database. A database written by a newer Seislabel is
 * refused and left untouched.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): WritableDb {
  const exists = path === ':memory:' || existsSync(path);
  if (!exists && !opts.create) throw new CoreError('not_found', `${path}: no such project file`);
  if (exists && opts.create && path !== ':memory:') throw new CoreError('conflict', `${path}: a file with this name already exists`);
  let db: Database.Database;
  try {
    // Inside Electron the launcher passes an Electron-ABI build of the addon; plain Node uses the default.
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create, nativeBinding: process.env.SEISLABEL_SQLITE_BINDING || undefined });
  } catch (e) {
    throw new CoreError('bad_file', `${path}: cannot open as a project (${(e as Error).message})`);
  }
  try {
    const version = readUserVersion(db, path);
    if (version > SCHEMA_VERSION) {
      throw new CoreError(
        'too_new',
        `${path}: this project was written by a newer Seislabel (schema ${version}, this version knows up to ${SCHEMA_VERSION}); update Seislabel to open it. The file was not modified.`,
      );
    }
    if (!opts.readonly) {
      // WAL lets readers go on while a label is written; synchronous=FULL makes each
      // acknowledged label durable even against power loss, not only against a killed process.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, version);
    }
    return db as WritableDb;
  } catch (e) {
    db.close();
    throw e;
  }
}

function readUserVersion(db: Database.Database, path: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    throw new CoreError('bad_file', `${path}: not a Seislabel project (${(e as Error).message})`);
  }
}

function migrate(db: Database.Database, from: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    // One transaction per migration: a failed migration leaves the previous version intact.
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
