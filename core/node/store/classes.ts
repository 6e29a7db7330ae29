// The user's label classes and annotators: nothing in Seislabel assumes a fixed label set.
import { CoreError } from '../../common/errors.js';
import type { AnnotatorInfo, ClassInfo } from '../../common/model.js';
import { defaultClassColour } from '../../common/palette.js';
import type { ReadableDb, WritableDb } from './db.js';

/** What a user gives to create a class; everything but the name has a default. */
export interface NewClass {
  name: string;
  hotkey?: string | null;
  colour?: string;
  description?: string;
}

interface ClassRow {
  id: number;
  name: string;
  hotkey: string | null;
  colour: string;
  description: string;
  position: number;
  example_window_ids: string;
}

const toClass = (r: ClassRow): ClassInfo => ({
  id: r.id,
  name: r.name,
  hotkey: r.hotkey,
  colour: r.colour,
  description: r.description,
  position: r.position,
  exampleWindowIds: JSON.parse(r.example_window_ids) as number[],
});

/** Classes in display order (archived ones left out). */
export function listClasses(db: ReadableDb): ClassInfo[] {
  return (db.prepare('SELECT * FROM classes WHERE archived = 0 ORDER BY position, id').all() as ClassRow[]).map(toClass);
}

/** Adds a class; hotkeys 1–9 are given in order when none is chosen. */
export function createClass(db: WritableDb, c: NewClass): ClassInfo {
  const name = c.name.trim();
  if (!name) throw new CoreError('invalid_input', 'a class needs a name');
  if (['unsure', 'skip'].includes(name.toLowerCase())) throw new CoreError('invalid_input', `"${name}" is reserved for the unsure/skip verdicts`);
  const existing = db.prepare('SELECT id, archived FROM classes WHERE name = ?').get(name) as { id: number; archived: number } | undefined;
  if (existing && !existing.archived) throw new CoreError('conflict', `a class named "${name}" already exists`);
  const n = (db.prepare('SELECT count(*) AS n FROM classes WHERE archived = 0').get() as { n: number }).n;
  const used = new Set(listClasses(db).map((k) => k.hotkey));
  const hotkey = c.hotkey === undefined ? (['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !used.has(k)) ?? null) : c.hotkey;
  if (hotkey && used.has(hotkey)) throw new CoreError('conflict', `hotkey "${hotkey}" is already used by another class`);
  if (existing) {
    db.prepare('UPDATE classes SET archived = 0, hotkey = ?, colour = ?, description = ?, position = ? WHERE id = ?').run(
      hotkey, c.colour ?? defaultClassColour(n), c.description ?? '', n, existing.id);
    return getClass(db, existing.id);
  }
  const info = db
    .prepare('INSERT INTO classes (name, hotkey, colour, description, position) VALUES (?, ?, ?, ?, ?)')
    .run(name, hotkey, c.colour ?? defaultClassColour(n), c.description ?? '', n);
  return getClass(db, Number(info.lastInsertRowid));
}

/** One class by id. */
export function getClass(db: ReadableDb, id: number): ClassInfo {
  const r = db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as ClassRow | undefined;
  if (!r) throw new CoreError('not_found', `no class with id ${id}`);
  return toClass(r);
}

/** Changes a class's name, hotkey, colour, description or example windows. */
export function updateClass(db: WritableDb, id: number, patch: Partial<NewClass> & { exampleWindowIds?: number[] }): ClassInfo {
  const cur = getClass(db, id);
  const hotkey = patch.hotkey === undefined ? cur.hotkey : patch.hotkey;
  if (hotkey && listClasses(db).some((k) => k.id !== id && k.hotkey === hotkey)) {
    throw new CoreError('conflict', `hotkey "${hotkey}" is already used by another class`);
  }
  const name = patch.name?.trim() ?? cur.name;
  if (!name) throw new CoreError('invalid_input', 'a class needs a name');
  try {
    db.prepare('UPDATE classes SET name = ?, hotkey = ?, colour = ?, description = ?, example_window_ids = ? WHERE id = ?').run(
      name, hotkey, patch.colour ?? cur.colour, patch.description ?? cur.description,
      JSON.stringify(patch.exampleWindowIds ?? cur.exampleWindowIds), id);
  } catch (e) {
    if (String(e).includes('UNIQUE')) throw new CoreError('conflict', `a class named "${name}" already exists`);
    throw e;
  }
  return getClass(db, id);
}

/** Hides a class from the labeling screen; its past label events stay in the history. */
export function archiveClass(db: WritableDb, id: number): void {
  getClass(db, id);
  db.prepare('UPDATE classes SET archived = 1, hotkey = NULL WHERE id = ?').run(id);
}

/** The class with this name (case-insensitive), creating it when missing. */
export function classByName(db: WritableDb, name: string): ClassInfo {
  const r = db.prepare('SELECT * FROM classes WHERE lower(name) = lower(?) AND archived = 0').get(name.trim()) as ClassRow | undefined;
  return r ? toClass(r) : createClass(db, { name });
}

/** Annotators known to the project. */
export function listAnnotators(db: ReadableDb): AnnotatorInfo[] {
  return db.prepare('SELECT id, name, kind FROM annotators ORDER BY id').all() as AnnotatorInfo[];
}

/** The annotator with this name, created on first use. */
export function ensureAnnotator(db: WritableDb, name: string, kind: AnnotatorInfo['kind'] = 'human'): AnnotatorInfo {
  const clean = name.trim();
  if (!clean) throw new CoreError('invalid_input', 'an annotator needs a name');
  const r = db.prepare('SELECT id, name, kind FROM annotators WHERE name = ?').get(clean) as AnnotatorInfo | undefined;
  if (r) return r;
  const info = db.prepare('INSERT INTO annotators (name, kind, created_at) VALUES (?, ?, ?)').run(clean, kind, Date.now());
  return { id: Number(info.lastInsertRowid), name: clean, kind };
}
