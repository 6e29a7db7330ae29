// Forward and backward pass of the CNN for one window at a time, with every scratch buffer
// allocated once. Working window by window keeps all activations of a window (≈ 0.3 MB for
// 3 × 1250 input) in L2 cache during its backward pass, and lets worker threads split a
// mini-batch without any cross-thread traffic except the summed gradients.
import { embeddingSize, layerShapes, paramShapes, seededRandom, type CnnArch, type LayerShape } from '../../../common/ml/cnnArch.js';
import { convForward, convInputGrad, convWeightGrad, reluMaxPool } from './kernels.js';

interface LayerBuffers {
  shape: LayerShape;
  k: number;
  pad: number;
  pool: number;
  /** Padded input row length. */
  tp: number;
  xp: Float32Array;
  y: Float32Array;
  arg: Int32Array;
  /** Gradient with respect to the pooled output. */
  g: Float32Array;
  dxp: Float32Array;
}

/** Per-thread calculator: forward/backward of single windows, gradients accumulated. */
export class JsCompute {
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  private readonly layers: LayerBuffers[];
  private readonly last: Float32Array;
  private readonly feat: Float32Array;
  private readonly mask: Float32Array;
  private readonly probs: Float32Array;
  private readonly d: number;

  constructor(readonly arch: CnnArch) {
    const shapes = paramShapes(arch);
    const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    this.params = shapes.map((s) => new Float32Array(size(s)));
    this.grads = shapes.map((s) => new Float32Array(size(s)));
    this.layers = layerShapes(arch).map((shape, i) => {
      const k = arch.blocks[i]!.kernel;
      const tp = shape.tin + k - 1;
      return {
        shape, k, pad: (k - 1) / 2, pool: arch.blocks[i]!.pool, tp,
        xp: new Float32Array(shape.cin * tp),
        y: new Float32Array(shape.cout * shape.tconv),
        arg: new Int32Array(shape.cout * shape.tout),
        g: new Float32Array(shape.cout * shape.tout),
        dxp: new Float32Array(i > 0 ? shape.cin * tp : 0),
      };
    });
    const lastShape = this.layers[this.layers.length - 1]!.shape;
    this.last = new Float32Array(lastShape.cout * lastShape.tout);
    this.d = embeddingSize(arch);
    this.feat = new Float32Array(this.d);
    this.mask = new Float32Array(this.d).fill(1);
    this.probs = new Float32Array(arch.classes);
  }

  /** Forward pass of one window [C*T]; fills probs/feat; dropout when random is given. */
  private forward(x: Float32Array, random: (() => number) | null): void {
    const { layers, arch } = this;
    const first = layers[0]!;
    for (let c = 0; c < first.shape.cin; c++) {
      first.xp.set(x.subarray(c * first.shape.tin, (c + 1) * first.shape.tin), c * first.tp + first.pad);
    }
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l]!;
      const s = L.shape;
      convForward(L.xp, s.cin, L.tp, this.params[2 * l]!, this.params[2 * l + 1]!, s.cout, L.k, L.y, s.tconv);
      const next = layers[l + 1];
      if (next) reluMaxPool(L.y, s.cout, s.tconv, L.pool, next.xp, next.tp, next.pad, s.tout, L.arg);
      else reluMaxPool(L.y, s.cout, s.tconv, L.pool, this.last, s.tout, 0, s.tout, L.arg);
    }
    const tl = layers[layers.length - 1]!.shape.tout;
    const rate = arch.dropout;
    for (let c = 0; c < this.d; c++) {
      let sum = 0;
      for (let i = 0; i < tl; i++) sum += this.last[c * tl + i]!;
      this.feat[c] = sum / tl;
      // Inverted dropout: scale kept units at training time so inference needs no change.
      this.mask[c] = random && rate > 0 ? (random() >= rate ? 1 / (1 - rate) : 0) : 1;
    }
    const wd = this.params[2 * layers.length]!;
    const bd = this.params[2 * layers.length + 1]!;
    let max = -Infinity;
    for (let k = 0; k < arch.classes; k++) {
      let z = bd[k]!;
      for (let c = 0; c < this.d; c++) z += wd[k * this.d + c]! * this.feat[c]! * this.mask[c]!;
      this.probs[k] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (let k = 0; k < arch.classes; k++) total += this.probs[k] = Math.exp(this.probs[k]! - max);
    for (let k = 0; k < arch.classes; k++) this.probs[k] = this.probs[k]! / total;
  }

  /** Probabilities and embedding of one window, written at row i of the outputs. */
  inferOne(x: Float32Array, i: number, probs: Float32Array, embedding: Float32Array): void {
    this.forward(x, null);
    probs.set(this.probs, i * this.arch.classes);
    embedding.set(this.feat, i * this.d);
  }

  /** Adds the gradient of weight·CE(window) to grads; returns weight·CE. */
  accumulate(x: Float32Array, label: number, weight: number, random: () => number): number {
    this.forward(x, random);
    const { layers, arch, d } = this;
    const nl = layers.length;
    const loss = -weight * Math.log(Math.max(this.probs[label]!, 1e-12));
    const wd = this.params[2 * nl]!;
    const gwd = this.grads[2 * nl]!;
    const gbd = this.grads[2 * nl + 1]!;
    const last = layers[nl - 1]!;
    const tl = last.shape.tout;
    const dfeat = new Float32Array(d);
    for (let k = 0; k < arch.classes; k++) {
      const dz = weight * (this.probs[k]! - (k === label ? 1 : 0));
      gbd[k] = gbd[k]! + dz;
      for (let c = 0; c < d; c++) {
        gwd[k * d + c] = gwd[k * d + c]! + dz * this.feat[c]! * this.mask[c]!;
        dfeat[c] = dfeat[c]! + dz * wd[k * d + c]!;
      }
    }
    for (let c = 0; c < d; c++) last.g.fill((dfeat[c]! * this.mask[c]!) / tl, c * tl, (c + 1) * tl);
    for (let l = nl - 1; l >= 0; l--) {
      const L = layers[l]!;
      const s = L.shape;
      convWeightGrad(L.xp, s.cin, L.tp, L.g, L.arg, s.cout, s.tout, L.k, this.grads[2 * l]!, this.grads[2 * l + 1]!);
      if (l === 0) break;
      convInputGrad(this.params[2 * l]!, s.cin, L.tp, L.g, L.arg, s.cout, s.tout, L.k, L.dxp);
      const prev = layers[l - 1]!;
      for (let c = 0; c < s.cin; c++) {
        prev.g.set(L.dxp.subarray(c * L.tp + L.pad, c * L.tp + L.pad + s.tin), c * s.tin);
      }
    }
    return loss;
  }

  /** Gradients of a list of windows, zeroing grads first; returns the summed weighted loss. */
  gradients(xs: Float32Array[], y: ArrayLike<number>, weights: ArrayLike<number>, seed: number): number {
    for (const g of this.grads) g.fill(0);
    const random = seededRandom(seed);
    let loss = 0;
    for (let i = 0; i < xs.length; i++) loss += this.accumulate(xs[i]!, y[i]!, weights[i]!, random);
    return loss;
  }
}
