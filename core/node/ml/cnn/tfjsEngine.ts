// The CNN on TensorFlow.js ops, for whatever tfjs backend is active (tfjs-node, -gpu, wasm,
// cpu). Same architecture and canonical parameter layout as the JS engine, so a model saved
// by one engine loads into the other. Written with raw ops instead of tf.layers so that
// class-weighted loss, seeded dropout and the weight layout are under our control.
import type * as TF from '@tensorflow/tfjs';
import { layerShapes, paramShapes, type CnnArch } from '../../../common/ml/cnnArch.js';
import { defaultAdam, type AdamOptions, type CnnEngine } from './engine.js';

/** tfjs engine; `tf` is the tfjs namespace with the chosen backend already set. */
export class TfjsEngine implements CnnEngine {
  private readonly vars: TF.Variable[];
  private readonly optimizer: TF.Optimizer;

  constructor(
    private readonly tf: typeof TF,
    private readonly arch: CnnArch,
    params: Float32Array[],
    readonly backend: string,
    adam: AdamOptions = defaultAdam,
  ) {
    this.vars = this.toTf(params).map((t) => tf.variable(t));
    this.optimizer = tf.train.adam(adam.learningRate, adam.beta1, adam.beta2, adam.epsilon);
  }

  /** Canonical layout → tfjs layout: conv [cout,cin,k] → [1,k,cin,cout]; dense [K,D] → [D,K]. */
  private toTf(params: Float32Array[]): TF.Tensor[] {
    const { tf } = this;
    const shapes = paramShapes(this.arch);
    const nConv = this.arch.blocks.length;
    return this.tf.tidy(() =>
      params.map((p, i) => {
        const s = shapes[i]!;
        const t = tf.tensor(p, s);
        if (i < 2 * nConv && i % 2 === 0) return t.transpose([2, 1, 0]).reshape([1, s[2]!, s[1]!, s[0]!]);
        if (i === 2 * nConv) return t.transpose();
        return t;
      }),
    );
  }

  /** Logits and pooled features for a batch [N,1,T,C]. */
  private forward(x: TF.Tensor4D, dropoutSeed: number | null): { logits: TF.Tensor2D; feat: TF.Tensor2D } {
    const { tf, arch, vars } = this;
    let h: TF.Tensor4D = x;
    arch.blocks.forEach((b, i) => {
      // Fused conv + bias + ReLU: one XNNPACK call on wasm instead of three passes.
      h = tf.fused.conv2d({ x: h, filter: vars[2 * i] as TF.Tensor4D, strides: 1, pad: 'same', bias: vars[2 * i + 1], activation: 'relu' });
      if (b.pool > 1) h = tf.maxPool(h, [1, b.pool], [1, b.pool], 'valid');
    });
    const feat = tf.mean(h, [1, 2]) as TF.Tensor2D;
    const n = 2 * arch.blocks.length;
    const dropped = dropoutSeed !== null && arch.dropout > 0 ? tf.dropout(feat, arch.dropout, undefined, dropoutSeed) : feat;
    const logits = tf.add(tf.matMul(dropped as TF.Tensor2D, vars[n] as TF.Tensor2D), vars[n + 1]!) as TF.Tensor2D;
    return { logits, feat };
  }

  /** Windows [C*T] → tensor [N,1,T,C] (interleaved here: cheaper than a transpose op). */
  private batch(xs: Float32Array[]): TF.Tensor4D {
    const { channels: c, length: t } = this.arch;
    const flat = new Float32Array(xs.length * c * t);
    xs.forEach((x, i) => {
      const o = i * c * t;
      for (let ch = 0; ch < c; ch++) for (let j = 0; j < t; j++) flat[o + j * c + ch] = x[ch * t + j]!;
    });
    return this.tf.tensor4d(flat, [xs.length, 1, t, c]);
  }

  async trainBatch(xs: Float32Array[], y: ArrayLike<number>, sampleWeight: Float32Array, dropoutSeed: number): Promise<number> {
    const { tf } = this;
    const x = this.batch(xs);
    const onehot = tf.oneHot(tf.tensor1d(Array.from(y), 'int32'), this.arch.classes);
    const sw = tf.tensor1d(sampleWeight);
    const loss = this.optimizer.minimize(() => {
      const logp = tf.logSoftmax(this.forward(x, dropoutSeed).logits);
      return tf.neg(tf.sum(tf.mul(tf.sum(tf.mul(logp, onehot), 1), sw)));
    }, true, this.vars);
    const value = (await loss!.data())[0]!;
    tf.dispose([x, onehot, sw, loss!]);
    return value;
  }

  async infer(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }> {
    const { tf } = this;
    const x = this.batch(xs);
    const [p, e] = tf.tidy(() => {
      const { logits, feat } = this.forward(x, null);
      return [tf.softmax(logits), feat];
    });
    const out = { probs: (await p!.data()) as Float32Array, embedding: (await e!.data()) as Float32Array };
    tf.dispose([x, p!, e!]);
    return out;
  }

  getParams(): Float32Array[] {
    const { tf } = this;
    const nConv = this.arch.blocks.length;
    const shapes = layerShapes(this.arch);
    const ts = tf.tidy(() =>
      this.vars.map((v, i) => {
        if (i < 2 * nConv && i % 2 === 0) {
          const k = this.arch.blocks[i / 2]!.kernel;
          const s = shapes[i / 2]!;
          return v.reshape([k, s.cin, s.cout]).transpose([2, 1, 0]);
        }
        return i === 2 * nConv ? v.transpose() : v.clone();
      }),
    );
    // Read outside tidy: dataSync() inside a tidy scope is very slow on tfjs-wasm.
    const out = ts.map((t) => Float32Array.from(t.dataSync() as Float32Array));
    tf.dispose(ts);
    return out;
  }

  setParams(params: Float32Array[]): void {
    const ts = this.toTf(params);
    this.vars.forEach((v, i) => v.assign(ts[i]!));
    this.tf.dispose(ts);
  }

  dispose(): void {
    this.tf.dispose(this.vars);
    this.optimizer.dispose();
  }
}
