// Picks the fastest CNN backend present: native tfjs (GPU, then CPU) where it installed,
// else the hand-written JS engine for training with inference on ONNX Runtime where the
// optional onnxruntime-node loads (2.2–3× the windows/s of tfjs-wasm here: see
// tests/bench/cnn.ts), else on tfjs-wasm (see jsEngine.ts for the numbers behind that
// split), else the JS engine alone. The chosen name is shown to the user and stored with
// every model.
// tfjs keeps one global backend per thread: the pure backends ('tfjs-cpu', wasm) switch it,
// so one thread should not hold engines on two different tfjs backends at once.
import { availableParallelism } from 'node:os';
import type * as TF from '@tensorflow/tfjs';
import type { CnnArch } from '../../../common/ml/cnnArch.js';
import { defaultAdam, type AdamOptions, type CnnEngine } from './engine.js';
import { sharedHelpers } from './helpers.js';
import { JsEngine } from './jsEngine.js';
import { OnnxEngine, type OrtModule } from './onnxEngine.js';
import { TfjsEngine } from './tfjsEngine.js';

/**
 * Backends the app can ask for; 'auto' takes the first that loads in the order above.
 * 'js+onnx' and 'js+wasm' train on the JS engine and infer on ONNX Runtime or tfjs-wasm.
 */
export type CnnBackendName = 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'js+onnx' | 'js+wasm' | 'js' | 'tfjs-cpu';

/** Loads an optional package; the name is a variable so TypeScript does not need its types. */
async function optionalImport(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch {
    return null;
  }
}

let nativeTf: Promise<{ tf: typeof TF; name: string } | null> | null = null;

/**
 * Native tfjs if installed. The GPU package needs CUDA and could not be run on the
 * development machine (no GPU, and tfjs-node's install downloads libtensorflow): this path
 * is the documented tfjs-node API and nothing more.
 */
function loadNative(): Promise<{ tf: typeof TF; name: string } | null> {
  nativeTf ??= (async () => {
    for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const) {
      const tf = (await optionalImport(name)) as typeof TF | null;
      if (tf?.getBackend) return { tf, name: name.slice('@tensorflow/'.length) };
    }
    return null;
  })();
  return nativeTf;
}

let onnxRuntime: Promise<OrtModule | null> | null = null;

/**
 * onnxruntime-node if installed and its native library loads (it is an optional dependency:
 * some platforms have no prebuilt binary). SEISLABEL_ONNXRUNTIME=0 turns it off, for a user
 * whose runtime misbehaves and for the tests of the fallback.
 */
function loadOnnxRuntime(): Promise<OrtModule | null> {
  if (process.env.SEISLABEL_ONNXRUNTIME === '0') return Promise.resolve(null);
  onnxRuntime ??= (async () => {
    const m = (await optionalImport('onnxruntime-node')) as (OrtModule & { default?: OrtModule }) | null;
    const ort = m?.InferenceSession ? m : m?.default;
    return ort?.InferenceSession && ort.Tensor ? ort : null;
  })();
  return onnxRuntime;
}

/** tfjs with the given pure backend set ('wasm' or 'cpu'); null when it fails to start. */
async function pureTf(backend: 'wasm' | 'cpu'): Promise<typeof TF | null> {
  const tf = (await import('@tensorflow/tfjs')) as typeof TF;
  if (backend === 'wasm' && !(await optionalImport('@tensorflow/tfjs-backend-wasm'))) return null;
  try {
    return (await tf.setBackend(backend)) ? tf : null;
  } catch {
    return null;
  }
}

/**
 * Creates an engine for arch with the given initial parameters on the requested backend.
 * threads (JS engine and ONNX Runtime; 0 = one per core, at most 4: a 32-window batch split
 * further spends more time in messages than in arithmetic) counts the calling thread.
 */
export async function createEngine(
  arch: CnnArch,
  params: Float32Array[],
  backend: CnnBackendName = 'auto',
  adam: AdamOptions = defaultAdam,
  threads = 0,
): Promise<CnnEngine> {
  if (backend === 'auto' || backend === 'tfjs-node' || backend === 'tfjs-node-gpu') {
    const native = await loadNative();
    if (native && (backend === 'auto' || native.name === backend)) {
      return new TfjsEngine(native.tf, arch, params, native.name, adam);
    }
    if (backend !== 'auto') throw new Error(`backend ${backend} is not installed`);
  }
  if (backend === 'tfjs-cpu') {
    const tf = await pureTf('cpu');
    if (!tf) throw new Error('tfjs cpu backend failed to start');
    return new TfjsEngine(tf, arch, params, 'tfjs-cpu', adam);
  }
  // 'js' is the single-threaded reference engine (no wasm, no threads).
  if (backend === 'js') return new JsEngine(arch, params, adam);
  const n = threads > 0 ? threads : Math.min(4, availableParallelism());
  const onnx = backend === 'auto' || backend === 'js+onnx' ? await onnxInference(arch, params, n, backend === 'js+onnx') : null;
  const tf = await pureTf('wasm');
  const inference = onnx ?? (tf ? new TfjsEngine(tf, arch, params, 'tfjs-wasm', adam) : null);
  const helpers = sharedHelpers(n - 1, tf !== null);
  return new JsEngine(arch, params, adam, inference, helpers, tf);
}

/**
 * The ONNX Runtime inference engine, or null (auto) when the package is missing or its
 * session fails to start; asked for by name (required), those failures are errors.
 */
async function onnxInference(arch: CnnArch, params: Float32Array[], threads: number, required: boolean): Promise<CnnEngine | null> {
  const ort = await loadOnnxRuntime();
  if (!ort) {
    if (required) throw new Error('backend js+onnx: onnxruntime-node is not installed or failed to load');
    return null;
  }
  try {
    return await OnnxEngine.create(ort, arch, params, threads);
  } catch (e) {
    if (required) throw new Error(`backend js+onnx: ONNX Runtime failed to start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    return null;
  }
}
