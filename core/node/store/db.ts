// Opens a project file: one SQLite database in WAL mode, migrated forward on open.
// Handles carry their capability in the type (as Signal Desktop does): code that only reads
// takes a ReadableDb, and only code given a WritableDb can change the project.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { CoreError } from '../../common/errors.js';
import { listBackups } from './backup.js';
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
  /** Open for reading only: no migration, no pragma that writes; the file is never changed. */
  readonly?: boolean;
  /** Run SQLite's quick_check before use (default true; workers reopening a checked file skip it). */
  check?: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** How to get a damaged project back, in one sentence the user can act on. */
export function recoveryHint(path: string): string {
  const backup = listBackups(path)[0];
  const restore = backup ? `copy its newest automatic backup (${backup}) over it` : 'restore your last backup of it';
  return `To recover, ${restore}, or rescue what SQLite can read into a new file: sqlite3 "${path}" ".recover" | sqlite3 "${path.replace(/\.seislabel$/, '')}-recovered.seislabel", then open that file.`;
}

const damaged = (path: string, what: string): CoreError =>
  new CoreError('bad_file', `${path}: ${what}. The file was not modified. ${recoveryHint(path)}`);

/** Refuses an empty file or one that is not an SQLite database, from its first bytes. */
function checkHeader(path: string): void {
  const size = statSync(path).size;
  if (size === 0) throw damaged(path, 'the project file is empty (0 bytes), so it holds no project');
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) {
    throw new CoreError('bad_file', `${path}: not a Seislabel project (not an SQLite database: it starts with ${JSON.stringify(head.toString('latin1').replace(/\0+$/, ''))}). The file was not modified.`);
  }
}

/**
 * Runs quick_check on a read-only handle, so a damaged file is found before anything (WAL
 * recovery, a migration, the journal-mode pragma) could write to it.
 */
function quickCheck(db: Database.Database, path: string): void {
  let result: string[];
  try {
    // One line per problem, kept to one line of the message.
    result = (db.pragma('quick_check(3)') as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]).replace(/\s*\n\s*/g, ' '));
  } catch (e) {
    throw damaged(path, `the project file is damaged (${(e as Error).message})`);
  }
  if (result.length !== 1 || result[0] !== 'ok') throw damaged(path, `the project file is damaged (SQLite quick_check: ${result.join('; ')})`);
}

/**
 * Opens (and migrates) a project database. A database written by a newer Seislabel is
 * refused and left untouched.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): WritableDb {
  const memory = path === ':memory:';
  const exists = memory || existsSync(path);
  if (!exists && !opts.create) throw new CoreError('not_found', `${path}: no such project file`);
  if (exists && opts.create && !memory) throw new CoreError('conflict', `${path}: a file with this name already exists`);
  if (!memory && !opts.create) {
    checkHeader(path);
    if (opts.check !== false || opts.readonly) {
      const reader = connect(path, { readonly: true, fileMustExist: true });
      try {
        if (opts.check !== false) quickCheck(reader, path);
        if (opts.readonly) return finishOpen(reader, path, true) as WritableDb;
      } catch (e) {
        reader.close();
        throw e;
      }
      reader.close();
    }
  }
  return finishOpen(connect(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create }), path, opts.readonly ?? false) as WritableDb;
}

function connect(path: string, o: { readonly: boolean; fileMustExist: boolean }): Database.Database {
  try {
    // Inside Electron the launcher passes an Electron-ABI build of the addon; plain Node uses the default.
    return new Database(path, { ...o, nativeBinding: process.env.SEISLABEL_SQLITE_BINDING || undefined });
  } catch (e) {
    throw new CoreError('bad_file', `${path}: cannot open as a project (${(e as Error).message})`);
  }
}

/** Version check, then (writable only) the pragmas and migrations; closes the handle on error. */
function finishOpen(db: Database.Database, path: string, readonly: boolean): Database.Database {
  try {
    const version = readUserVersion(db, path);
    if (version > SCHEMA_VERSION) {
      throw new CoreError(
        'too_new',
        `${path}: this project was written by a newer Seislabel (schema ${version}, this version knows up to ${SCHEMA_VERSION}); update Seislabel to open it. The file was not modified.`,
      );
    }
    if (readonly && version < SCHEMA_VERSION) {
      // A read-only command on an older project reads a migrated copy in memory: the file
      // keeps its schema until a command that writes opens it.
      const image = db.serialize();
      // Header bytes 18-19 say WAL; an in-memory database cannot use WAL, so the copy says rollback journal.
      image[18] = 1;
      image[19] = 1;
      const copy = new Database(image, { nativeBinding: process.env.SEISLABEL_SQLITE_BINDING || undefined });
      db.close();
      migrate(copy, version);
      return copy;
    }
    if (!readonly) {
      // WAL lets readers go on while a label is written; synchronous=FULL makes each
      // acknowledged label durable even against power loss, not only against a killed process.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, version);
    }
    return db;
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
