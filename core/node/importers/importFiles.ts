// The import task. Each continuous file is parsed in the parse worker and stored with its
// streams in one transaction, marked unfinished; the windows of the whole batch are then cut
// (in the worker too) and stored chunk by chunk, and only then are the sources marked
// complete. A crash or a cancel in between leaves unfinished sources, and importing the same
// file again completes them instead of refusing them as "already imported".
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../../common/errors.js';
import { MAX_LISTED_GAPS, type ImportedFile, type ImportResult } from '../../common/importResult.js';
import { InputError } from '../../common/types.js';
import type { Windowing } from '../../common/windowingModes.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext, yieldToLoop } from '../tasks.js';
import { cutAndStore, type CutItem } from './cutStreams.js';
import type { ParsePool } from './parsePool.js';
import { importWindowSet } from './windowSetImport.js';
import { importSeisbenchChunk, seisbenchChunks } from './seisbenchImport.js';

export type { Windowing };
export type { ImportResult };

// Parser warnings kept per file: a damaged file can warn once per record.
const MAX_WARNINGS = 100;
const capped = (list: string[]): string[] =>
  list.length <= MAX_WARNINGS ? list : [...list.slice(0, MAX_WARNINGS), `… and ${list.length - MAX_WARNINGS} more warning(s)`];

/** The windowed-array folder a path names (the folder or its windows.f32), or null. */
export function windowSetDir(path: string): string | null {
  try {
    if (statSync(path).isDirectory()) return existsSync(join(path, 'windows.f32')) ? path : null;
  } catch {
    return null;
  }
  return basename(path) === 'windows.f32' ? dirname(path) : null;
}

const fileEntry = (file: string, sourceId: number, rest: Partial<ImportedFile> = {}): ImportedFile => ({
  file, sourceId, streams: 0, windows: 0, labels: 0, warnings: [], notices: [], gaps: [], gapCount: 0, completed: false, ...rest,
});

/** Imports files one by one, reporting progress and per-file errors. */
export async function runImport(store: ProjectStore, pool: ParsePool, paths: string[], windowing: Windowing, ctx: TaskContext, opts: { importLabels?: boolean; labelColumn?: string } = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: [], failed: [] };
  const items: CutItem[] = [];
  const continuous = new Map<number, ImportedFile>();
  for (const [i, path] of paths.entries()) {
    throwIfCancelled(ctx.signal);
    ctx.progress(i, paths.length + 1, `importing ${basename(path)}`);
    try {
      const dir = windowSetDir(path);
      const chunks = dir ? null : seisbenchChunks(path);
      if (dir) {
        result.imported.push(fileEntry(dir, 0, await importWindowSet(store, dir, ctx, opts.importLabels ?? true)));
      } else if (chunks) {
        const labelColumn = opts.importLabels === false ? undefined : opts.labelColumn;
        for (const c of chunks) {
          const r = await importSeisbenchChunk(store, c, { labelColumn }, ctx);
          result.imported.push(fileEntry(r.file, r.sourceId, r));
        }
      } else {
        const read = await readContinuous(store, pool, path, windowing, ctx.signal);
        result.imported.push(read.entry);
        continuous.set(read.entry.sourceId, read.entry);
        items.push(...read.items);
      }
    } catch (e) {
      if (e instanceof CoreError && e.code === 'cancelled') throw e;
      const message = e instanceof InputError || e instanceof CoreError ? e.message : `${basename(path)}: ${(e as Error).message}`;
      result.failed.push({ file: path, message });
      ctx.error(path, message);
    }
    await yieldToLoop();
  }
  throwIfCancelled(ctx.signal);
  ctx.progress(paths.length, paths.length + 1, 'cutting windows');
  const cuts = await cutAndStore(store, pool, items, windowing, { signal: ctx.signal, progress: (d, t, m) => ctx.progress(d, t, m) });
  for (const [id, cut] of cuts) {
    const entry = continuous.get(id)!;
    entry.windows += cut.created;
    entry.notices.push(...cut.notices);
    if (cut.skipped) entry.warnings.push(`${cut.skipped} window(s) were already stored and were kept as they are`);
  }
  store.transaction(() => store.markSourcesComplete([...continuous.keys()]));
  ctx.progress(paths.length + 1, paths.length + 1, `imported ${result.imported.length} of ${paths.length} file(s)`);
  return result;
}

async function readContinuous(store: ProjectStore, pool: ParsePool, path: string, windowing: Windowing, signal: AbortSignal): Promise<{ entry: ImportedFile; items: CutItem[] }> {
  const name = basename(path);
  // Hash first (in the worker, cheaper than parsing) so a duplicate is refused before any parsing.
  const sha = await pool.hash(path);
  const dup = store.sourceByHash(sha);
  if (dup) return resume(store, dup.id, path, name, windowing);
  const parsed = await pool.parse(path);
  throwIfCancelled(signal);
  const rec = parsed.recording;
  const warnings = capped(rec.warnings);
  const sourceId = store.transaction(() => {
    const id = store.insertSource({ path, name, format: rec.format, sha256: parsed.sha256, bytes: parsed.bytes, warnings, discontinuities: rec.discontinuities, windowing, complete: false, meta: rec.meta });
    for (const t of rec.traces) store.insertStream(id, t);
    return id;
  });
  const entry = fileEntry(path, sourceId, {
    streams: rec.traces.length, warnings, gaps: rec.discontinuities.slice(0, MAX_LISTED_GAPS), gapCount: rec.discontinuities.length,
  });
  return { entry, items: rec.traces.map((trace) => ({ trace, sourceId, file: path })) };
}

/**
 * A file whose content is already in the project: refused, unless its import never finished
 * (a crash or a cancel before its windows were stored, or a project from before imports were
 * marked complete whose source has streams and no window); then its stored streams are cut.
 */
function resume(store: ProjectStore, sourceId: number, path: string, name: string, windowing: Windowing): { entry: ImportedFile; items: CutItem[] } {
  const source = store.listSources().find((s) => s.id === sourceId)!;
  const state = store.sourceImportState(sourceId);
  const streams = store.listStreams(sourceId);
  const unfinished = state === 'importing' || (state === 'legacy' && windowing.mode !== 'none' && streams.length > 0 && store.countSourceWindows(sourceId) === 0);
  if (!unfinished) throw new InputError(name, `was already imported (same content as "${source.name}"); to cut its streams into other windows, use "windows cut"`);
  const traces = streams.map((s) => store.loadStream(s.id));
  const entry = fileEntry(path, sourceId, {
    streams: traces.length, warnings: [`completing the import of "${source.name}", which an earlier import left unfinished`, ...source.warnings],
    gapCount: source.discontinuities, completed: true,
  });
  return { entry, items: traces.map((trace) => ({ trace, sourceId, file: source.path })) };
}
