// Worker thread that loads a stream from the project file and builds its envelope pyramid,
// so the 35 MB blob read and the pass over 8.6 M samples of a 100 Hz day never stall the
// core's event loop (every other screen's API calls wait behind it otherwise). Buffers go
// back transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { buildPyramid } from '../../common/envelopePyramid.js';
import { openDatabase, type ReadableDb } from '../store/db.js';
import { loadStream } from '../store/windows.js';

/** A request: one stream of one project file. */
export interface EnvelopeJob {
  id: number;
  dbPath: string;
  streamId: number;
}

// One read-only handle per project file, reused: opening costs more than a small read.
let open: { path: string; db: ReadableDb & { close(): void } } | null = null;

function dbFor(path: string): ReadableDb {
  if (open?.path !== path) {
    open?.db.close();
    open = { path, db: openDatabase(path, { readonly: true, check: false }) };
  }
  return open.db;
}

parentPort!.on('message', (job: EnvelopeJob) => {
  try {
    const stream = loadStream(dbFor(job.dbPath), job.streamId);
    const pyramid = buildPyramid(stream.samples);
    const transfer = [stream.samples.buffer, ...pyramid.levels.flatMap((l) => [l.min.buffer, l.max.buffer])] as ArrayBuffer[];
    parentPort!.postMessage({ id: job.id, ok: true, stream, levels: pyramid.levels }, transfer);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    parentPort!.postMessage({ id: job.id, ok: false, code: err.code ?? 'internal', message: err.message ?? String(e) });
  }
});
