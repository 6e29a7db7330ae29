// The project's CNN on this computer's GPU: TensorFlow.js' WebGPU backend in the page. It
// loads the CNN the host trained (its TensorFlow.js layers files, sent as one message),
// scores windows fetched from the host, prepared exactly as the host prepares them
// (tfjsCnnBatch, shared with core), and compares the class probabilities with the ones the
// host stored for the same windows. It is a check of what this computer could do — the
// host's own inference still scores every window — and TensorFlow.js and its backend are
// imported only when it runs, so the page stays small for everyone who never presses it.
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToBytes, base64ToF32 } from '../../core/common/base64.js';
import { tfjsCnnBatch } from '../../core/common/ml/cnnInput.js';
import { readTfjsLayersModel } from '../../core/common/ml/tfjsLayers.js';
import { compareProbabilities, describeAdapter, type AdapterReport, type Agreement } from './gpuReport.js';

/** Windows per call of the model: one shape, so WebGPU compiles its shaders once. */
const BATCH = 64;
/** Windows fetched from the host at a time. */
const FETCH_PARALLEL = 8;

export const NO_WEBGPU = 'WebGPU is not available in this browser; the CNN runs on the host\u2019s CPU';

export type GpuCheckResult =
  | { status: 'unavailable'; reason: string }
  | {
      status: 'done';
      adapter: AdapterReport;
      modelId: number;
      classes: string[];
      windows: number;
      /** Windows scored per second on the GPU, after one warm-up batch (shader compilation). */
      windowsPerSecond: number;
      agreement: Agreement;
    };

/**
 * The adapter WebGPU gives this page, or why there is none. TensorFlow.js asks for its own
 * adapter with the same preference ('high-performance'), so it gets this one.
 */
export async function findAdapter(): Promise<{ adapter: AdapterReport } | { reason: string }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { reason: `${NO_WEBGPU} (no navigator.gpu${window.isSecureContext ? '' : ': the page is not a secure context'})` };
  let a: GPUAdapter | null;
  try {
    a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { reason: `${NO_WEBGPU} (requestAdapter failed: ${(e as Error).message})` };
  }
  if (!a) return { reason: `${NO_WEBGPU} (the browser offers no adapter: WebGPU may be turned off or the GPU blocklisted)` };
  return { adapter: describeAdapter(a.info, (a as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter) };
}

/** Windows `ids` with their samples, from the host. */
async function fetchWindows(client: CoreClient, ids: number[]): Promise<{ channels: string[]; data: Float32Array[] }[]> {
  const out: { channels: string[]; data: Float32Array[] }[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i += FETCH_PARALLEL) {
    await Promise.all(ids.slice(i, i + FETCH_PARALLEL).map(async (id, j) => {
      const w = await client.call('windows.get', { id });
      out[i + j] = { channels: w.channels, data: w.samples.map(base64ToF32) };
    }));
  }
  return out;
}

/**
 * Runs the newest CNN on the first `count` windows of the project with TensorFlow.js on
 * WebGPU; `step` hears what is happening.
 */
export async function checkGpu(client: CoreClient, count: number, step: (what: string) => void = () => undefined): Promise<GpuCheckResult> {
  const found = await findAdapter();
  if ('reason' in found) return { status: 'unavailable', reason: found.reason };

  // The model first: without a CNN there is nothing to load TensorFlow.js for.
  step('fetching the CNN…');
  const doc = await client.call('models.tfjs', {});
  const modelJson = JSON.parse(doc.modelJson) as { modelTopology: object; weightsManifest: { weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[] };
  const weights = base64ToBytes(doc.weightsBase64);
  // The same checks as an imported model file gets: a wrong shape is named, not run.
  const { meta, arch } = readTfjsLayersModel(modelJson, weights, `model ${doc.modelId} (model.json)`);

  step('loading TensorFlow.js and its WebGPU backend…');
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  // Every kernel on the GPU: by default small tensors already on the CPU are computed there.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgpu').catch(() => false))) return { status: 'unavailable', reason: `${NO_WEBGPU} (TensorFlow.js could not start its WebGPU backend)` };
  await tf.ready();
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0]!.weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  }));
  try {
    step('fetching windows…');
    const { windows } = await client.call('windows.list', { limit: count });
    const ids = windows.map((w) => w.id);
    if (!ids.length) throw new Error('the project has no windows to score');
    const [data, host] = await Promise.all([fetchWindows(client, ids), client.call('predictions.forWindows', { windowIds: ids, modelId: doc.modelId })]);
    const L = arch.length;
    const K = arch.classes;
    const batches: Float32Array[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      // The last batch is padded with zero windows to the same shape (no second shader compile).
      const x = new Float32Array(BATCH * L * 3);
      x.set(tfjsCnnBatch(data.slice(i, i + BATCH), L));
      batches.push(x);
    }
    const run = async (x: Float32Array): Promise<Float32Array> => {
      const input = tf.tensor3d(x, [BATCH, L, 3]);
      const out = model.predict(input) as import('@tensorflow/tfjs').Tensor;
      try {
        return (await out.data()) as Float32Array;
      } finally {
        input.dispose();
        out.dispose();
      }
    };
    step('compiling the GPU kernels (one batch)…');
    await run(batches[0]!);
    step(`scoring ${ids.length} windows on the GPU…`);
    const probs = new Float32Array(ids.length * K);
    const t0 = performance.now();
    for (let b = 0; b < batches.length; b++) {
      const p = await run(batches[b]!);
      probs.set(p.subarray(0, Math.min(BATCH, ids.length - b * BATCH) * K), b * BATCH * K);
    }
    const ms = performance.now() - t0;
    return {
      status: 'done', adapter: found.adapter, modelId: doc.modelId, classes: meta.classes, windows: ids.length,
      windowsPerSecond: ids.length / (ms / 1000),
      agreement: compareProbabilities(probs, host.probs, K),
    };
  } finally {
    model.dispose();
  }
}
