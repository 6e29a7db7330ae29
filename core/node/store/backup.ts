// Automatic backups of a project file: when a project is opened for writing and its newest
// backup is more than a day old, SQLite's online backup copies it beside the project
// (P.seislabel.backups/P-YYYY-MM-DDTHH-MM-SS.seislabel), in steps between which the app goes
// on working; the last few are kept. A damaged project's message names the newest one.
import type Database from 'better-sqlite3';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Backups kept per project; older ones are deleted after a new one is complete. */
export const KEEP_BACKUPS = 3;
const DAY_MS = 86_400_000;

/** The folder holding a project's backups. */
export const backupDir = (path: string): string => `${path}.backups`;

const stem = (path: string): string => basename(path).replace(/\.seislabel$/, '');
const stampOf = (t: number): string => new Date(t).toISOString().slice(0, 19).replace(/:/g, '-');

/** The project's backups, newest first (their names sort by time). */
export function listBackups(path: string): string[] {
  try {
    const prefix = `${stem(path)}-`;
    return readdirSync(backupDir(path)).filter((f) => f.startsWith(prefix) && f.endsWith('.seislabel')).sort().reverse().map((f) => join(backupDir(path), f));
  } catch {
    return [];
  }
}

const timeOf = (backup: string): number => Date.parse(basename(backup).slice(-'YYYY-MM-DDTHH-MM-SS.seislabel'.length, -'.seislabel'.length).replace(/T(\d\d)-(\d\d)-(\d\d)$/, 'T$1:$2:$3Z'));

/**
 * Backs the open database up when its newest backup is older than `maxAgeMs`; resolves to
 * the new backup's path, or null when none was due. The copy is written under a temporary
 * name and renamed when complete, so a backup on disk is never half written.
 */
export async function backupIfDue(db: Database.Database, path: string, now = Date.now(), maxAgeMs = DAY_MS): Promise<string | null> {
  const newest = listBackups(path)[0];
  if (newest && now - timeOf(newest) < maxAgeMs) return null;
  mkdirSync(backupDir(path), { recursive: true });
  const target = join(backupDir(path), `${stem(path)}-${stampOf(now)}.seislabel`);
  const partial = `${target}.partial`;
  await db.backup(partial);
  renameSync(partial, target);
  for (const old of listBackups(path).slice(KEEP_BACKUPS)) rmSync(old, { force: true });
  return target;
}
