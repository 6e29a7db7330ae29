// Helper threads for the JS engine: start jsWorker in a worker thread, from compiled JS or
// from TypeScript sources (tsx, vitest), and call it with promises.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HelperInit, HelperReply, HelperRequest } from './jsWorker.js';

type Pending = { resolve(r: HelperReply): void; reject(e: Error): void };

/** Distributes HelperRequest without the id over one worker thread. */
export class HelperThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  /** Parameter version last sent per architecture (JSON), so unchanged ones are not resent. */
  readonly sent = new Map<string, string>();

  constructor(init: HelperInit) {
    const self = import.meta.url;
    if (self.endsWith('.ts')) {
      // Running from sources: worker threads do not inherit the TypeScript loader, so the
      // worker registers tsx itself before importing the .ts entry.
      const api = createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
      const entry = new URL('./jsWorker.ts', self).href;
      const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
      this.worker = new Worker(code, { eval: true, workerData: init });
    } else {
      this.worker = new Worker(new URL('./jsWorker.js', self), { workerData: init });
    }
    this.worker.unref();
    this.worker.on('message', (r: HelperReply) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (r.kind === 'error') p?.reject(new Error(r.message));
      else p?.resolve(r);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`CNN helper thread exited (${code})`)));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Sends one request and resolves with its reply. */
  call<R extends HelperReply>(req: DistributiveOmit<HelperRequest, 'id'>): Promise<R> {
    const id = this.next++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: HelperReply) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...req, id });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  /** Stops the thread. */
  terminate(): void {
    void this.worker.terminate();
  }
}

const pool: HelperThread[] = [];
let poolWasm: boolean | null = null;

/**
 * n shared helper threads (created on first use, kept for the life of the process; they do
 * not keep it alive while idle). Asking with another wasm setting restarts the pool.
 */
export function sharedHelpers(n: number, wasm: boolean): HelperThread[] {
  if (poolWasm !== wasm) {
    pool.splice(0).forEach((h) => h.terminate());
    poolWasm = wasm;
  }
  while (pool.length < n) pool.push(new HelperThread({ wasm }));
  return pool.slice(0, n);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
