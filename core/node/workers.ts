// Starts a worker thread from a module URL. In development and tests the modules are
// TypeScript run through tsx; loader flags are not inherited by workers, so a small .mjs
// bootstrap registers tsx inside the worker first. A built app runs the .js directly.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker for `url` (a `.js` URL; the `.ts` sibling is used when only it exists). */
export function startWorker(url: URL, opts: WorkerOptions = {}): Worker {
  const js = fileURLToPath(url);
  if (existsSync(js)) return new Worker(url, opts);
  const ts = pathToFileURL(js.replace(/\.js$/, '.ts')).href;
  const data = opts.workerData === undefined ? {} : (opts.workerData as Record<string, unknown>);
  return new Worker(new URL('./tsWorker.mjs', import.meta.url), { ...opts, workerData: { ...data, __tsEntry: ts } });
}
