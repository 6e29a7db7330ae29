// Worker thread of the JS engine: computes gradients or inference for its share of a
// mini-batch with the parameters sent along (≈ 80 kB, negligible next to ~15 ms of work).
// Threads are shared by all models of the process (starting one costs about a second), so
// each request names its architecture and the thread keeps one calculator per architecture.
import { parentPort, workerData } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs';
import { embeddingSize, type CnnArch } from '../../../common/ml/cnnArch.js';
import { JsCompute } from './jsCompute.js';
import type { CnnEngine } from './engine.js';

/**
 * Messages the engine sends to a helper thread. `key` names the parameter version (engine
 * id and step); `params` may be null when the thread already holds that version, which
 * spares repeated inference calls the copy and the tfjs weight upload.
 */
export type HelperRequest =
  | { id: number; kind: 'grad'; arch: CnnArch; key: string; params: Float32Array[]; xs: Float32Array[]; y: number[]; w: Float32Array; seed: number }
  | { id: number; kind: 'infer'; arch: CnnArch; key: string; params: Float32Array[] | null; xs: Float32Array[] };

/** Replies: summed weighted loss and gradients, or inference rows; error text on failure. */
export type HelperReply =
  | { id: number; kind: 'grad'; loss: number; grads: Float32Array[] }
  | { id: number; kind: 'infer'; probs: Float32Array; embedding: Float32Array }
  | { id: number; kind: 'error'; message: string };

/** What the engine passes as workerData. */
export interface HelperInit {
  /** Run inference on tfjs-wasm in this thread too (as the main thread does). */
  wasm: boolean;
}

const { wasm } = workerData as HelperInit;

async function loadWasm(): Promise<{ tf: typeof TF; TfjsEngine: typeof import('./tfjsEngine.js').TfjsEngine } | null> {
  if (!wasm) return null;
  try {
    const tf = (await import('@tensorflow/tfjs')) as typeof TF;
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return null;
    return { tf, TfjsEngine: (await import('./tfjsEngine.js')).TfjsEngine };
  } catch {
    return null;
  }
}
const tfWasm = loadWasm();
interface ArchState {
  compute: JsCompute;
  engine: Promise<CnnEngine | null>;
  /** Parameter version held by compute, and the one uploaded to the tfjs engine. */
  key: string;
  engineKey: string;
}
const models = new Map<string, ArchState>();

function model(arch: CnnArch): ArchState {
  const key = JSON.stringify(arch);
  let m = models.get(key);
  if (!m) {
    const compute = new JsCompute(arch);
    const engine = tfWasm.then((t) => {
      compute.tf = t?.tf ?? null;
      return t ? new t.TfjsEngine(t.tf, arch, compute.params, 'tfjs-wasm') : null;
    });
    m = { compute, engine, key: '', engineKey: '' };
    models.set(key, m);
  }
  return m;
}

async function handle(m: HelperRequest): Promise<HelperReply> {
  const state = model(m.arch);
  const { compute } = state;
  // Wait for tfjs-wasm before any arithmetic: results must not depend on load timing.
  const engine = await state.engine;
  if (m.params) {
    m.params.forEach((p, i) => compute.params[i]!.set(p));
    state.key = m.key;
  } else if (state.key !== m.key) {
    throw new Error(`CNN helper holds parameters ${state.key}, asked for ${m.key}`);
  }
  if (m.kind === 'grad') {
    const loss = compute.gradients(m.xs, m.y, m.w, m.seed);
    return { id: m.id, kind: 'grad', loss, grads: compute.grads.map((g) => g.slice()) };
  }
  if (engine) {
    if (state.engineKey !== m.key) engine.setParams(compute.params);
    state.engineKey = m.key;
    return { id: m.id, kind: 'infer', ...(await engine.infer(m.xs)) };
  }
  const probs = new Float32Array(m.xs.length * m.arch.classes);
  const embedding = new Float32Array(m.xs.length * embeddingSize(m.arch));
  compute.infer(m.xs, probs, embedding);
  return { id: m.id, kind: 'infer', probs, embedding };
}

// One request at a time: two engines sharing this thread must not interleave parameters.
let queue: Promise<unknown> = Promise.resolve();
parentPort!.on('message', (m: HelperRequest) => {
  queue = queue.then(() => handle(m)).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: m.id, kind: 'error', message: String(e) } satisfies HelperReply),
  );
});
