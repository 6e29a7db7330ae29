// Worker thread entry: parses files on request and sends the traces back, transferring the
// sample buffers instead of copying them.
import { parentPort } from 'node:worker_threads';
import { InputError } from '../../common/types.js';
import { parseFile } from './parseFile.js';

parentPort!.on('message', (msg: { id: number; path: string }) => {
  try {
    const parsed = parseFile(msg.path);
    const transfer = parsed.recording.traces.map((t) => t.samples.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, ok: true, parsed }, [...new Set(transfer)]);
  } catch (e) {
    const err = e instanceof InputError ? { file: e.file, problem: e.problem } : { file: msg.path, problem: (e as Error).message };
    parentPort!.postMessage({ id: msg.id, ok: false, err });
  }
});
