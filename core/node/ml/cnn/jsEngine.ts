// Fallback engine when no native tfjs backend is installed: training on the hand-written JS
// kernels (jsCompute.ts, forward convolutions on tfjs-wasm) and inference on ONNX Runtime
// (onnxEngine.ts, its own threads) or on tfjs-wasm (XNNPACK, SIMD), optionally split over
// helper threads.
//
// Why this split: CPU milliseconds for one 32-window batch, 3×1250 input, default blocks,
// one thread, on the 2-core AMD EPYC (Zen 4, AVX-512) development machine:
//   training step  JS only 90 · JS backward + wasm forward convs 54 · every conv (forward,
//                  weight and input gradients) on tfjs-wasm 30 · tfjs-cpu 10 000–20 000 ·
//                  tfjs-wasm autograd cannot train (no Conv2DBackpropFilter kernel in 4.22;
//                  its Conv2DBackpropInput is a scalar loop, 1.7 GMAC/s) ·
//                  PyTorch 1.13 ≈ 10 (0.044 s per 138-window epoch)
//   inference      JS only 43 · tfjs-wasm 5.3 · tfjs-cpu 220 · PyTorch ≈ 1.6
// Training expresses the backward convolutions as ordinary XNNPACK convolutions (see
// JsCompute.gradientsWasm). The gap to PyTorch that remains is SIMD width: XNNPACK's conv
// runs at 11–19 GMAC/s here (wasm: 128-bit vectors, separate multiply and add, no FMA),
// PyTorch's oneDNN at ≈ 51 GMAC/s per core (AVX-512 FMA), 21.6 k windows/s × 2.38 M MACs.
import type * as TF from '@tensorflow/tfjs';
import { embeddingSize, type CnnArch } from '../../../common/ml/cnnArch.js';
import { defaultAdam, type AdamOptions, type CnnEngine } from './engine.js';
import type { HelperThread } from './helpers.js';
import { JsCompute } from './jsCompute.js';
import type { HelperReply } from './jsWorker.js';

type GradReply = Extract<HelperReply, { kind: 'grad' }>;
type InferReply = Extract<HelperReply, { kind: 'infer' }>;

let nextEngineId = 0;

/**
 * Hand-written engine; `inference` optionally takes over infer() (kept in sync lazily) and
 * `wasmTf` (tfjs with the wasm backend set) runs the forward convolutions of training.
 * With helper threads a mini-batch is split into contiguous shards, one per thread (the
 * calling thread takes the first); gradients are summed in shard order, so a given seed and
 * thread count always give the same model.
 */
export class JsEngine implements CnnEngine {
  readonly backend: string;
  private readonly compute: JsCompute;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private step = 0;
  private inferenceStale = true;
  /** Identifies this engine's current parameters to the shared helper threads. */
  private readonly id = `${Date.now().toString(36)}-${nextEngineId++}`;
  private version = 0;
  private readonly archKey: string;

  constructor(
    private readonly arch: CnnArch,
    params: Float32Array[],
    private readonly adam: AdamOptions = defaultAdam,
    private readonly inference: CnnEngine | null = null,
    private readonly helpers: HelperThread[] = [],
    wasmTf: typeof TF | null = null,
  ) {
    this.compute = new JsCompute(arch);
    this.compute.tf = wasmTf;
    this.archKey = JSON.stringify(arch);
    this.setParams(params);
    this.m = this.compute.params.map((p) => new Float32Array(p.length));
    this.v = this.compute.params.map((p) => new Float32Array(p.length));
    const js = helpers.length > 0 ? `js×${helpers.length + 1}` : 'js';
    this.backend = inference ? `${js}-train+${inference.backend}-infer` : js;
  }

  async trainBatch(xs: Float32Array[], y: ArrayLike<number>, sampleWeight: Float32Array, dropoutSeed: number): Promise<number> {
    const shards = this.shards(xs.length);
    const params = this.helpers.length > 0 ? this.getParams() : [];
    const key = this.key();
    const remote = this.helpers.map((h, i) => {
      const [a, b] = shards[i + 1]!;
      h.sent.set(this.archKey, key);
      return h.call<GradReply>({
        kind: 'grad', arch: this.arch, key, params, xs: xs.slice(a, b), y: Array.from(y).slice(a, b), w: sampleWeight.slice(a, b), seed: dropoutSeed + i + 1,
      });
    });
    const [a0, b0] = shards[0]!;
    let loss = this.compute.gradients(xs.slice(a0, b0), Array.from(y).slice(a0, b0), sampleWeight.subarray(a0, b0), dropoutSeed);
    for (const r of await Promise.all(remote)) {
      loss += r.loss;
      r.grads.forEach((g, j) => {
        const acc = this.compute.grads[j]!;
        for (let i = 0; i < g.length; i++) acc[i] = acc[i]! + g[i]!;
      });
    }
    this.adamStep();
    this.changed();
    return loss;
  }

  /** Adam with bias correction folded into the step size (as in PyTorch). */
  private adamStep(): void {
    const { learningRate, beta1, beta2, epsilon } = this.adam;
    this.step++;
    const c1 = 1 - beta1 ** this.step;
    const c2 = Math.sqrt(1 - beta2 ** this.step);
    const lr = learningRate / c1;
    this.compute.params.forEach((p, j) => {
      const g = this.compute.grads[j]!;
      const m = this.m[j]!;
      const v = this.v[j]!;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * gi);
        const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi);
        p[i] = p[i]! - (lr * mi) / (Math.sqrt(vi) / c2 + epsilon);
      }
    });
  }

  /** [start, end) of each thread's share of n windows; the calling thread's share first. */
  private shards(n: number): [number, number][] {
    const parts = this.helpers.length + 1;
    return Array.from({ length: parts }, (_, i) => [Math.round((i * n) / parts), Math.round(((i + 1) * n) / parts)]);
  }

  async infer(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }> {
    if (this.helpers.length === 0 || xs.length < 2 || this.inference?.parallel) return this.inferHere(xs);
    const shards = this.shards(xs.length);
    const key = this.key();
    let params: Float32Array[] | null = null;
    const remote = this.helpers.map((h, i) => {
      const fresh = h.sent.get(this.archKey) === key;
      h.sent.set(this.archKey, key);
      if (!fresh) params ??= this.getParams();
      return h.call<InferReply>({ kind: 'infer', arch: this.arch, key, params: fresh ? null : params, xs: xs.slice(...shards[i + 1]!) });
    });
    const parts = [await this.inferHere(xs.slice(...shards[0]!)), ...(await Promise.all(remote))];
    const probs = new Float32Array(xs.length * this.arch.classes);
    const embedding = new Float32Array(xs.length * embeddingSize(this.arch));
    parts.forEach((p, i) => {
      probs.set(p.probs, shards[i]![0] * this.arch.classes);
      embedding.set(p.embedding, shards[i]![0] * embeddingSize(this.arch));
    });
    return { probs, embedding };
  }

  private async inferHere(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }> {
    if (this.inference) {
      if (this.inferenceStale) this.inference.setParams(this.compute.params);
      this.inferenceStale = false;
      return this.inference.infer(xs);
    }
    const probs = new Float32Array(xs.length * this.arch.classes);
    const embedding = new Float32Array(xs.length * embeddingSize(this.arch));
    this.compute.infer(xs, probs, embedding);
    return { probs, embedding };
  }

  getParams(): Float32Array[] {
    return this.compute.params.map((p) => p.slice());
  }

  setParams(params: Float32Array[]): void {
    params.forEach((p, i) => this.compute.params[i]!.set(p));
    this.changed();
  }

  private changed(): void {
    this.inferenceStale = true;
    this.version++;
  }

  private key(): string {
    return `${this.id}:${this.version}`;
  }

  dispose(): void {
    this.inference?.dispose();
  }
}
