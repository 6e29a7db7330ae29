// Forward and backward pass of the CNN, with every buffer allocated once. The backward pass
// runs window by window (its activations, ≈ 0.1 MB for 3 × 1250 input, stay in cache) and
// worker threads split a mini-batch with no traffic except the summed gradients.
// The convolutions of the forward pass can run batched on tfjs-wasm (XNNPACK SIMD, ~8× the
// scalar JS speed); ReLU, max-pool with argmax and the whole backward pass stay in JS,
// because tfjs-wasm has no filter-gradient kernel and a dense backward does pool× the work.
import type * as TF from '@tensorflow/tfjs';
import { embeddingSize, layerShapes, paramShapes, seededRandom, type CnnArch, type LayerShape } from '../../../common/ml/cnnArch.js';
import { convForward, convInputGrad, convWeightGrad, flipWeights, reluMaxPool, unpoolGrad } from './kernels.js';

interface Layer {
  shape: LayerShape;
  k: number;
  pad: number;
  pool: number;
  /** Padded input row length. */
  tp: number;
  /** Scratch: conv output of the JS forward, pooled-output gradient, input gradient. */
  y: Float32Array;
  g: Float32Array;
  dxp: Float32Array;
  /**
   * Input gradient as a dense transposed convolution (unpooled gradient [cout, tconv+k-1]
   * and flipped weights) instead of a scatter from the pool winners: the dense form does
   * pool× the multiply-adds but runs in the register-tiled kernel; it wins for pool ≤ 2.
   */
  dense: boolean;
  dyp: Float32Array;
  wflip: Float32Array;
}

/** Activations one window keeps for its backward pass. */
interface WindowState {
  /** Padded input of each layer, [cin, tp]. */
  xp: Float32Array[];
  /** Argmax conv position of each pooled output, -1 where ReLU blocked. */
  arg: Int32Array[];
  /** Pooled output of the last block [d, tout]. */
  last: Float32Array;
}

/** Per-thread calculator: forward/backward of windows, gradients accumulated. */
export class JsCompute {
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  private readonly layers: Layer[];
  private readonly states: WindowState[] = [];
  private readonly feat: Float32Array;
  private readonly mask: Float32Array;
  private readonly probs: Float32Array;
  private readonly d: number;
  /** tfjs with the wasm backend active, for batched forward convolutions; null = JS only. */
  tf: typeof TF | null = null;

  constructor(readonly arch: CnnArch) {
    const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    this.params = paramShapes(arch).map((s) => new Float32Array(size(s)));
    this.grads = paramShapes(arch).map((s) => new Float32Array(size(s)));
    this.layers = layerShapes(arch).map((shape, i) => {
      const k = arch.blocks[i]!.kernel;
      const tp = shape.tin + k - 1;
      return {
        shape, k, pad: (k - 1) / 2, pool: arch.blocks[i]!.pool, tp,
        y: new Float32Array(shape.cout * shape.tconv),
        g: new Float32Array(shape.cout * shape.tout),
        dxp: new Float32Array(i > 0 ? shape.cin * tp : 0),
        dense: i > 0 && arch.blocks[i]!.pool <= 2,
        dyp: new Float32Array(i > 0 ? shape.cout * (shape.tconv + k - 1) : 0),
        wflip: new Float32Array(i > 0 ? shape.cout * shape.cin * k : 0),
      };
    });
    this.d = embeddingSize(arch);
    this.feat = new Float32Array(this.d);
    this.mask = new Float32Array(this.d).fill(1);
    this.probs = new Float32Array(arch.classes);
  }

  private state(i: number): WindowState {
    while (this.states.length <= i) {
      const last = this.layers[this.layers.length - 1]!.shape;
      this.states.push({
        xp: this.layers.map((L) => new Float32Array(L.shape.cin * L.tp)),
        arg: this.layers.map((L) => new Int32Array(L.shape.cout * L.shape.tout)),
        last: new Float32Array(last.cout * last.tout),
      });
    }
    return this.states[i]!;
  }

  /** Copies window x [C*T] into the padded first-layer input of state s. */
  private load(s: WindowState, x: Float32Array): void {
    const L = this.layers[0]!;
    for (let c = 0; c < L.shape.cin; c++) s.xp[0]!.set(x.subarray(c * L.shape.tin, (c + 1) * L.shape.tin), c * L.tp + L.pad);
  }

  /** Pools layer l's conv output (element (ch,t) at y[off + ch*cs + t*ts]) into state s. */
  private pool(s: WindowState, l: number, y: Float32Array, off: number, cs: number, ts: number, arg: boolean): void {
    const L = this.layers[l]!;
    const next = this.layers[l + 1];
    const out = next ? s.xp[l + 1]! : s.last;
    reluMaxPool(y, off, cs, ts, L.shape.cout, L.pool, out, next ? next.tp : L.shape.tout, next ? next.pad : 0, L.shape.tout, arg ? s.arg[l]! : null);
  }

  /** Conv blocks of one window with the scalar JS kernels. */
  private convsJs(s: WindowState, arg: boolean): void {
    this.layers.forEach((L, l) => {
      convForward(s.xp[l]!, L.shape.cin, L.tp, this.params[2 * l]!, this.params[2 * l + 1]!, L.shape.cout, L.k, L.y, L.shape.tconv);
      this.pool(s, l, L.y, 0, L.shape.tconv, 1, arg);
    });
  }

  /** Conv blocks of states[0..n) batched on tfjs-wasm, layer by layer. */
  private convsWasm(tf: typeof TF, n: number, arg: boolean): void {
    this.layers.forEach((L, l) => {
      const { cin, tin, cout } = L.shape;
      const input = new Float32Array(n * tin * cin);
      for (let i = 0; i < n; i++) {
        const xp = this.states[i]!.xp[l]!;
        const o = i * tin * cin;
        for (let c = 0; c < cin; c++) for (let t = 0; t < tin; t++) input[o + t * cin + c] = xp[c * L.tp + L.pad + t]!;
      }
      const w = this.params[2 * l]!;
      const filter = new Float32Array(w.length);
      // Canonical [cout, cin, k] → tfjs [1, k, cin, cout].
      for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) for (let j = 0; j < L.k; j++) filter[(j * cin + ci) * cout + co] = w[(co * cin + ci) * L.k + j]!;
      // Explicit dispose rather than tf.tidy: dataSync() inside a tidy scope measured ~100×
      // slower on tfjs-wasm 4.22 (1–2 ms → 120–200 ms for the first layer of 32 windows).
      const ts = [tf.tensor4d(input, [n, 1, tin, cin]), tf.tensor4d(filter, [1, L.k, cin, cout]), tf.tensor1d(this.params[2 * l + 1]!)] as const;
      const out = tf.fused.conv2d({ x: ts[0], filter: ts[1], strides: 1, pad: 'same', bias: ts[2] });
      const y = out.dataSync() as Float32Array;
      tf.dispose([...ts, out]);
      for (let i = 0; i < n; i++) this.pool(this.states[i]!, l, y, i * tin * cout, 1, cout, arg);
    });
  }

  /** Forward passes of windows xs into states[0..n). */
  private convs(xs: Float32Array[], arg: boolean): void {
    xs.forEach((x, i) => this.load(this.state(i), x));
    if (this.tf) this.convsWasm(this.tf, xs.length, arg);
    else for (let i = 0; i < xs.length; i++) this.convsJs(this.states[i]!, arg);
  }

  /** Global pool, dropout (when random is given), dense and softmax of state s. */
  private head(s: WindowState, random: (() => number) | null): void {
    const { arch, d } = this;
    const tl = this.layers[this.layers.length - 1]!.shape.tout;
    const rate = arch.dropout;
    for (let c = 0; c < d; c++) {
      let sum = 0;
      for (let i = 0; i < tl; i++) sum += s.last[c * tl + i]!;
      this.feat[c] = sum / tl;
      // Inverted dropout: scale kept units at training time so inference needs no change.
      this.mask[c] = random && rate > 0 ? (random() >= rate ? 1 / (1 - rate) : 0) : 1;
    }
    const wd = this.params[2 * this.layers.length]!;
    const bd = this.params[2 * this.layers.length + 1]!;
    let max = -Infinity;
    for (let k = 0; k < arch.classes; k++) {
      let z = bd[k]!;
      for (let c = 0; c < d; c++) z += wd[k * d + c]! * this.feat[c]! * this.mask[c]!;
      this.probs[k] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (let k = 0; k < arch.classes; k++) total += this.probs[k] = Math.exp(this.probs[k]! - max);
    for (let k = 0; k < arch.classes; k++) this.probs[k] = this.probs[k]! / total;
  }

  /** Probabilities (N×K) and embeddings (N×D) of windows xs, written into the outputs. */
  infer(xs: Float32Array[], probs: Float32Array, embedding: Float32Array): void {
    this.convs(xs, false);
    for (let i = 0; i < xs.length; i++) {
      this.head(this.states[i]!, null);
      probs.set(this.probs, i * this.arch.classes);
      embedding.set(this.feat, i * this.d);
    }
  }

  /** Adds the gradient of weight·CE(window in state s) to grads; returns weight·CE. */
  private backward(s: WindowState, label: number, weight: number, random: () => number): number {
    this.head(s, random);
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
      const sh = L.shape;
      convWeightGrad(s.xp[l]!, sh.cin, L.tp, L.g, s.arg[l]!, sh.cout, sh.tout, L.k, this.grads[2 * l]!, this.grads[2 * l + 1]!);
      if (l === 0) break;
      const prev = layers[l - 1]!;
      if (L.dense) {
        const typ = sh.tconv + L.k - 1;
        unpoolGrad(L.g, s.arg[l]!, sh.cout, sh.tout, L.dyp, typ, L.pad);
        convForward(L.dyp, sh.cout, typ, L.wflip, null, sh.cin, L.k, prev.g, sh.tin);
        continue;
      }
      convInputGrad(this.params[2 * l]!, sh.cin, L.tp, L.g, s.arg[l]!, sh.cout, sh.tout, L.k, L.dxp);
      for (let c = 0; c < sh.cin; c++) prev.g.set(L.dxp.subarray(c * L.tp + L.pad, c * L.tp + L.pad + sh.tin), c * sh.tin);
    }
    return loss;
  }

  /** Gradients of a list of windows, zeroing grads first; returns the summed weighted loss. */
  gradients(xs: Float32Array[], y: ArrayLike<number>, weights: ArrayLike<number>, seed: number): number {
    for (const g of this.grads) g.fill(0);
    this.layers.forEach((L, l) => L.dense && flipWeights(this.params[2 * l]!, L.shape.cout, L.shape.cin, L.k, L.wflip));
    this.convs(xs, true);
    const random = seededRandom(seed);
    let loss = 0;
    for (let i = 0; i < xs.length; i++) loss += this.backward(this.states[i]!, y[i]!, weights[i]!, random);
    return loss;
  }
}
