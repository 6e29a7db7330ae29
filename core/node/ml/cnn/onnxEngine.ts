// Inference on ONNX Runtime's CPU kernels (MLAS: AVX2/AVX-512 FMA convolutions, the same
// class of code as PyTorch's oneDNN), from the optional onnxruntime-node package. The graph
// is built from the architecture and the current parameters (onnxGraph.ts) and rebuilt when
// the parameters change; training stays with the JS engine, which keeps this engine in sync.
import { embeddingSize, type CnnArch } from '../../../common/ml/cnnArch.js';
import type { CnnEngine } from './engine.js';
import { cnnOnnxModel, onnxNames } from './onnxGraph.js';

/** The parts of onnxruntime-node's API used here (the package is optional, so are its types). */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}

/** Name of this engine as shown to the user and stored with models. */
export const onnxBackendName = 'onnxruntime';

/** Inference-only engine; build it with OnnxEngine.create so a broken runtime fails early. */
export class OnnxEngine implements CnnEngine {
  readonly backend = onnxBackendName;
  /** ONNX Runtime spreads a batch over its own threads: callers should not split batches. */
  readonly parallel = true;
  private params: Float32Array[];
  private session: OrtSession | null = null;
  /** Runs and session swaps one at a time, so a session is never released mid-run. */
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    private readonly ort: OrtModule,
    private readonly arch: CnnArch,
    params: Float32Array[],
    private readonly threads: number,
  ) {
    this.params = params.map((p) => p.slice());
  }

  /**
   * Engine for arch with the given parameters; threads = ONNX Runtime intra-op threads
   * (counting the calling one). Builds the first session now, so a runtime that installed
   * but cannot run (a missing system library, an unsupported CPU) fails here and the caller
   * can fall back.
   */
  static async create(ort: OrtModule, arch: CnnArch, params: Float32Array[], threads: number): Promise<OnnxEngine> {
    const engine = new OnnxEngine(ort, arch, params, threads);
    engine.session = await engine.newSession();
    return engine;
  }

  private newSession(): Promise<OrtSession> {
    return this.ort.InferenceSession.create(cnnOnnxModel(this.arch, this.params), {
      executionProviders: ['cpu'],
      intraOpNumThreads: this.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Idle pool threads sleep instead of spinning. On the shared 2-core development machine
      // (load ≈ 8), 2 threads, batches of 32: 27–28 k windows/s without spinning against
      // 10–20 k with it, and no CPU burnt between batches beside the UI; 1 thread is unaffected.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  trainBatch(): Promise<number> {
    return Promise.reject(new Error('the ONNX Runtime engine only runs inference; the JS engine trains'));
  }

  infer(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }> {
    const { channels, length, classes } = this.arch;
    const size = channels * length;
    const flat = new Float32Array(xs.length * size);
    xs.forEach((x, i) => {
      if (x.length !== size) throw new Error(`window ${i} has ${x.length} samples, the model takes ${channels} × ${length}`);
      flat.set(x, i * size);
    });
    return this.enqueue(async () => {
      if (this.disposed) throw new Error('the ONNX Runtime engine was disposed');
      this.session ??= await this.newSession();
      const out = await this.session.run({ [onnxNames.input]: new this.ort.Tensor('float32', flat, [xs.length, channels, 1, length]) });
      const probs = out[onnxNames.probs]!.data as Float32Array;
      const embedding = out[onnxNames.embedding]!.data as Float32Array;
      if (probs.length !== xs.length * classes || embedding.length !== xs.length * embeddingSize(this.arch)) {
        throw new Error(`ONNX Runtime returned ${probs.length} probabilities and ${embedding.length} embedding values for ${xs.length} windows`);
      }
      return { probs, embedding };
    });
  }

  getParams(): Float32Array[] {
    return this.params.map((p) => p.slice());
  }

  /** Takes new parameters; the session is rebuilt (a few ms) at the next infer. */
  setParams(params: Float32Array[]): void {
    this.params = params.map((p) => p.slice());
    void this.enqueue(async () => {
      const old = this.session;
      this.session = null;
      await old?.release();
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.enqueue(async () => {
      await this.session?.release();
      this.session = null;
    });
  }
}
