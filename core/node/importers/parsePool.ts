// One long-lived parse worker per core, started on first use and unref'd so it never keeps
// a CLI process alive.
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { InputError } from '../../common/types.js';
import type { ParsedFile } from './parseFile.js';
import { startWorker } from '../workers.js';

type Pending = { resolve: (p: ParsedFile) => void; reject: (e: Error) => void };

export class ParsePool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Parses a file in the worker thread. */
  parse(path: string): Promise<ParsedFile> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, path });
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(new URL('./parseWorker.js', import.meta.url));
    w.on('message', (m: { id: number; ok: boolean; parsed?: ParsedFile; err?: { file: string; problem: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) w.unref();
      if (m.ok) p.resolve(m.parsed!);
      else p.reject(new InputError(basename(m.err!.file), m.err!.problem));
    });
    w.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = null;
    });
    w.unref();
    this.worker = w;
    return w;
  }
}
