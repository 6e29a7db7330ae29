// The import task: each file is parsed (in the parse worker), then written with its
// streams and windows in ONE transaction, so a bad file leaves no rows behind and the
// other files of the batch go on.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import type { WindowingSchema } from '../../common/api/schemas.js';
import { CoreError } from '../../common/errors.js';
import { InputError, type Trace } from '../../common/types.js';
import { cutWindows } from '../../common/windowingModes.js';
import { groupComponents } from '../../common/windowing.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext, yieldToLoop } from '../tasks.js';
import { sha256Of } from './parseFile.js';
import type { ParsePool } from './parsePool.js';
import { importWindowSet } from './windowSetImport.js';
import { importSeisbenchChunk, seisbenchChunks } from './seisbenchImport.js';

export type Windowing = z.output<typeof WindowingSchema>;

/** What an import task returns. */
export interface ImportResult {
  imported: { file: string; sourceId: number; streams: number; windows: number; labels: number; warnings: string[] }[];
  failed: { file: string; message: string }[];
}

/** The windowed-array folder a path names (the folder or its windows.f32), or null. */
export function windowSetDir(path: string): string | null {
  try {
    if (statSync(path).isDirectory()) return existsSync(join(path, 'windows.f32')) ? path : null;
  } catch {
    return null;
  }
  return basename(path) === 'windows.f32' ? dirname(path) : null;
}

/** Imports files one by one, reporting progress and per-file errors. */
export async function runImport(store: ProjectStore, pool: ParsePool, paths: string[], windowing: Windowing, ctx: TaskContext, opts: { importLabels?: boolean; labelColumn?: string } = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: [], failed: [] };
  // Continuous traces of the whole batch are windowed together at the end, so components
  // that arrive in separate files (one SAC or miniSEED file per channel) share windows.
  const batch: { trace: Trace; sourceId: number; entry: ImportResult['imported'][number] }[] = [];
  for (const [i, path] of paths.entries()) {
    throwIfCancelled(ctx.signal);
    ctx.progress(i, paths.length + 1, `importing ${basename(path)}`);
    try {
      const dir = windowSetDir(path);
      const chunks = dir ? null : seisbenchChunks(path);
      if (dir) {
        result.imported.push(await importWindowSet(store, dir, ctx, opts.importLabels ?? true));
      } else if (chunks) {
        const labelColumn = opts.importLabels === false ? undefined : opts.labelColumn;
        for (const c of chunks) result.imported.push(await importSeisbenchChunk(store, c, { labelColumn }, ctx));
      } else {
        const { entry, traces } = await importContinuous(store, pool, path, ctx.signal);
        result.imported.push(entry);
        for (const trace of traces) batch.push({ trace, sourceId: entry.sourceId, entry });
      }
    } catch (e) {
      if (e instanceof CoreError && e.code === 'cancelled') throw e;
      const message = e instanceof InputError ? e.message : e instanceof CoreError ? e.message : `${basename(path)}: ${(e as Error).message}`;
      result.failed.push({ file: path, message });
      ctx.error(path, message);
    }
    await yieldToLoop();
  }
  throwIfCancelled(ctx.signal);
  ctx.progress(paths.length, paths.length + 1, 'cutting windows');
  const origin = windowing.mode === 'trigger' ? 'trigger' : 'fixed';
  const sourceOf = new Map(batch.map((b) => [b.trace, b]));
  store.transaction(() => {
    const relativeKey = (t: Trace) => basename(sourceOf.get(t)!.entry.file).split(t.channel).join('');
    for (const g of groupComponents(batch.map((b) => b.trace), relativeKey)) {
      const owner = sourceOf.get(g.traces[0]![0]!)!;
      const cuts = cutWindows([g], windowing);
      for (const w of cuts) store.insertWindow({ ...w, sourceId: owner.sourceId, origin });
      owner.entry.windows += cuts.length;
    }
  });
  ctx.progress(paths.length + 1, paths.length + 1, `imported ${result.imported.length} of ${paths.length} file(s)`);
  return result;
}

async function importContinuous(store: ProjectStore, pool: ParsePool, path: string, signal: AbortSignal): Promise<{ entry: ImportResult['imported'][number]; traces: Trace[] }> {
  const name = basename(path);
  // Hash first (cheap) so a duplicate is refused before any parsing.
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(name, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const sha = sha256Of(bytes);
  const dup = store.sourceByHash(sha);
  if (dup) throw new InputError(name, `was already imported (same content as "${dup.name}")`);
  const parsed = await pool.parse(path);
  throwIfCancelled(signal);
  const rec = parsed.recording;
  const warnings = [...rec.warnings, ...rec.discontinuities.map((d) => `${d.streamId}: ${d.kind} of ${d.seconds.toFixed(3)} s at ${new Date(d.at).toISOString()}`)];
  const sourceId = store.transaction(() => {
    const id = store.insertSource({ path, name, format: rec.format, sha256: sha, bytes: parsed.bytes, warnings, discontinuities: rec.discontinuities, meta: rec.meta });
    for (const t of rec.traces) store.insertStream(id, t);
    return id;
  });
  return { entry: { file: path, sourceId, streams: rec.traces.length, windows: 0, labels: 0, warnings }, traces: rec.traces };
}
