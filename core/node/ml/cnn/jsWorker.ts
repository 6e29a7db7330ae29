// Worker thread of the JS engine: computes gradients or inference for its share of a
// mini-batch with the parameters sent along (≈ 80 kB, negligible next to ~40 ms of work).
// Threads are shared by all models of the process (starting one costs about a second), so
// each request names its architecture and the thread keeps one calculator per architecture.
import { parentPort, workerData } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs';
import { embeddingSize, type CnnArch } from '../../../common/ml/cnnArch.js';
import { JsCompute } from './jsCompute.js';
import type { CnnEngine } from './engine.js';

/** Messages the engine sends to a helper thread. */
export type HelperRequest =
  | { id: number; kind: 'grad'; arch: CnnArch; params: Float32Array[]; xs: Float32Array[]; y: number[]; w: Float32Array; seed: number }
  | { id: number; kind: 'infer'; arch: CnnArch; params: Float32Array[]; xs: Float32Array[] };

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
const models = new Map<string, { compute: JsCompute; engine: Promise<CnnEngine | null> }>();

function model(arch: CnnArch): { compute: JsCompute; engine: Promise<CnnEngine | null> } {
  const key = JSON.stringify(arch);
  let m = models.get(key);
  if (!m) {
    const compute = new JsCompute(arch);
    const engine = tfWasm.then((t) => (t ? new t.TfjsEngine(t.tf, arch, compute.params, 'tfjs-wasm') : null));
    m = { compute, engine };
    models.set(key, m);
  }
  return m;
}

async function handle(m: HelperRequest): Promise<HelperReply> {
  const { arch } = m;
  const { compute, engine: pending } = model(arch);
  m.params.forEach((p, i) => compute.params[i]!.set(p));
  if (m.kind === 'grad') {
    const loss = compute.gradients(m.xs, m.y, m.w, m.seed);
    return { id: m.id, kind: 'grad', loss, grads: compute.grads.map((g) => g.slice()) };
  }
  const engine = await pending;
  if (engine) {
    engine.setParams(m.params);
    return { id: m.id, kind: 'infer', ...(await engine.infer(m.xs)) };
  }
  const probs = new Float32Array(m.xs.length * arch.classes);
  const embedding = new Float32Array(m.xs.length * embeddingSize(arch));
  m.xs.forEach((x, i) => compute.inferOne(x, i, probs, embedding));
  return { id: m.id, kind: 'infer', probs, embedding };
}

parentPort!.on('message', (m: HelperRequest) => {
  handle(m).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: m.id, kind: 'error', message: String(e) } satisfies HelperReply),
  );
});
