// Numbered schema migrations for the team database (migrations/NNNN_name.sql), applied in
// order, each in its own transaction, under an advisory lock so hosts starting together do
// not race. As with the project file, a database from a newer Seislabel is refused untouched.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { CoreError } from '../../common/errors.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export const PG_MIGRATIONS: PgMigration[] = readdirSync(dir)
  .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
  .sort()
  .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(join(dir, f), 'utf8') }));
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)!.version;

/** Any id for pg_advisory_lock, fixed so every host takes the same one. */
const MIGRATION_LOCK = 0x5e15_1abe;

/** The schema version of a team database (0 when it holds none yet). */
export async function pgSchemaVersion(c: pg.ClientBase): Promise<number> {
  const has = await c.query("SELECT to_regclass('seislabel_schema') IS NOT NULL AS has");
  if (!has.rows[0].has) return 0;
  const r = await c.query('SELECT coalesce(max(version), 0) AS v FROM seislabel_schema');
  return Number(r.rows[0].v);
}

const tooNew = (where: string, version: number) =>
  new CoreError('too_new', `${where}: this team database was written by a newer Seislabel (schema ${version}, this version knows up to ${PG_SCHEMA_VERSION}); update Seislabel on every host. The database was not modified.`);

/** Migrates the database forward; refuses one from a newer version. Returns the version now. */
export async function migratePg(c: pg.ClientBase, where: string, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const known = migrations.at(-1)!.version;
  const before = await pgSchemaVersion(c);
  if (before > known) throw tooNew(where, before);
  if (before === known) return before;
  await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await c.query('CREATE TABLE IF NOT EXISTS seislabel_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    // Another host may have migrated while this one waited for the lock.
    const from = await pgSchemaVersion(c);
    if (from > known) throw tooNew(where, from);
    for (const m of migrations) {
      if (m.version <= from) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query('INSERT INTO seislabel_schema (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw new CoreError('internal', `${where}: team schema migration ${m.version} (${m.name}) failed and was rolled back: ${(e as Error).message}`);
      }
    }
    return known;
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
