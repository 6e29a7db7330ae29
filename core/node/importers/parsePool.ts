// One long-lived parse worker per core, started on first use and unref'd so it never keeps
// a CLI process alive. It parses files and cuts windows (cutJob.ts).
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { InputError } from '../../common/types.js';
import type { Windowing } from '../../common/windowingModes.js';
import type { ComponentGroup } from '../../common/windowing.js';
import type { CutEvent } from './cutJob.js';
import type { ParsedFile } from './parseFile.js';
import type { WorkerRequest } from './parseWorker.js';
import { startWorker } from '../workers.js';

type Reply = { id: number; ok: boolean; parsed?: ParsedFile; sha256?: string; event?: CutEvent; err?: { file: string; problem: string } };
type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };
// Requests are sent without their id, which the pool assigns.
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class ParsePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Parses a file in the worker thread. */
  async parse(path: string): Promise<ParsedFile> {
    const r = await this.request(this.nextId++, { type: 'parse', path });
    return r.parsed!;
  }

  /** The sha256 of a file's content, read and hashed in the worker (a large file must not stall the host). */
  async hash(path: string): Promise<string> {
    return (await this.request(this.nextId++, { type: 'hash', path })).sha256!;
  }

  /**
   * Cuts windows of `groups` in the worker: yields the plans first, then chunks of windows,
   * each fetched only when the previous one has been consumed. Breaking out of the loop
   * drops the rest of the cut in the worker.
   */
  async *cut(groups: ComponentGroup[], windowing: Windowing): AsyncGenerator<CutEvent> {
    const id = this.nextId++;
    let ended = false;
    try {
      let event = (await this.request(id, { type: 'cut', groups, windowing })).event!;
      for (;;) {
        if (event.type === 'end') {
          ended = true;
          return;
        }
        yield event;
        event = (await this.request(id, { type: 'next' })).event!;
      }
    } finally {
      if (!ended && this.worker) this.worker.postMessage({ id, type: 'drop' } satisfies WorkerRequest);
    }
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  private request(id: number, req: Request): Promise<Reply> {
    const w = this.ensure();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...req, id });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(new URL('./parseWorker.js', import.meta.url));
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) w.unref();
      if (m.ok) p.resolve(m);
      else p.reject(new InputError(basename(m.err!.file), m.err!.problem));
    });
    // A worker that dies (out of memory, a crash in native code) fails what it was doing,
    // and the next request starts a fresh one.
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      if (this.worker === w) this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the import worker stopped (exit code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }
}
