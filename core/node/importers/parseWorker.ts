// Worker thread entry: parses files and cuts windows on request, so neither a large file nor
// a cut of many windows blocks the host's event loop. Sample buffers are transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../../common/types.js';
import type { Windowing } from '../../common/windowingModes.js';
import type { ComponentGroup } from '../../common/windowing.js';
import { cutEvents, transferables, type CutEvent } from './cutJob.js';
import { hashFile, parseFile } from './parseFile.js';

/** Requests from ParsePool. */
export type WorkerRequest =
  | { id: number; type: 'parse'; path: string }
  | { id: number; type: 'hash'; path: string }
  | { id: number; type: 'cut'; groups: ComponentGroup[]; windowing: Windowing }
  | { id: number; type: 'next' }
  | { id: number; type: 'drop' };

const cuts = new Map<number, Generator<CutEvent>>();

function step(id: number, job: Generator<CutEvent>): void {
  const next = job.next();
  const event: CutEvent = next.done ? { type: 'end' } : next.value;
  if (event.type === 'end') cuts.delete(id);
  parentPort!.postMessage({ id, ok: true, event }, transferables(event));
}

parentPort!.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'hash') {
      parentPort!.postMessage({ id: msg.id, ok: true, sha256: hashFile(msg.path) });
    } else if (msg.type === 'parse') {
      const parsed = parseFile(msg.path);
      const transfer = parsed.recording.traces.map((t) => t.samples.buffer as ArrayBuffer);
      parentPort!.postMessage({ id: msg.id, ok: true, parsed }, [...new Set(transfer)]);
    } else if (msg.type === 'cut') {
      const job = cutEvents(msg.groups, msg.windowing);
      cuts.set(msg.id, job);
      step(msg.id, job);
    } else if (msg.type === 'next') {
      const job = cuts.get(msg.id);
      if (!job) throw new Error(`no window cut with id ${msg.id}`);
      step(msg.id, job);
    } else {
      cuts.delete(msg.id);
    }
  } catch (e) {
    cuts.delete(msg.id);
    const path = msg.type === 'parse' || msg.type === 'hash' ? msg.path : 'window cutter';
    const err = e instanceof InputError ? { file: e.file, problem: e.problem } : { file: path, problem: (e as Error).message };
    parentPort!.postMessage({ id: msg.id, ok: false, err });
  }
});
