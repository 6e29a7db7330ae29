// Forward and backward pass of the CNN, with every buffer allocated once, in two forms:
// - scalar JS (the reference engine, no tfjs): window by window, the backward pass only
//   visits max-pool winners (pool× fewer multiply-adds than a dense backward);
// - batched on tfjs-wasm (XNNPACK SIMD) when `tf` is set: every convolution of the forward
//   and of the backward pass is one XNNPACK call per block and batch (see gradientsWasm);
//   ReLU, max-pool with argmax, unpooling and the head stay in JS between the calls.
// Measured on one thread, 32 windows of 3 × 1250, default blocks (2-core EPYC, Zen 4):
// the sparse JS backward took 38 of 54 ms per step (≈ 1.6 GMAC/s); the dense XNNPACK one,
// doing 2× the multiply-adds, brings the step to 30 ms: 21 ms in XNNPACK (forward, weight
// and input gradients at 11–19 GMAC/s, 5 GMAC/s for the 3-channel first block), 7 ms of JS
// ReLU/pool/argmax (branchy, one compare per conv output), 2 ms of unpooling.
// Worker threads split a mini-batch with no traffic except the summed gradients.
import type * as TF from '@tensorflow/tfjs';
import { embeddingSize, layerShapes, paramShapes, seededRandom, type CnnArch, type LayerShape } from '../../../common/ml/cnnArch.js';
import {
  convForward, convInputGrad, convWeightGrad, flipWeights, reluMaxPool, reluMaxPoolBatch, tfFilter, unpoolBatch, unpoolGrad,
} from './kernels.js';

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
  /** Scratch for this block's weights in a tfjs filter layout (forward or flipped). */
  filter: Float32Array;
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

/** Whole-batch activations of the tfjs-wasm path (NHWC = [n, t, c], CTN = [c, tp, n]). */
interface BatchBuffers {
  /** NHWC input of each block; the extra last entry is the last block's pooled output. */
  x: Float32Array[];
  /** CTN padded input of each block (pads stay zero), for the weight gradient. */
  xt: Float32Array[];
  /** NHWC argmax conv position of each pooled output, -1 where ReLU blocked. */
  arg: Int32Array[];
  /** Unpooled output gradient of each block: [tconv, n, cout], and NHWC (blocks > 0). */
  dyT: Float32Array[];
  dyN: Float32Array[];
  /** NHWC gradient of the last block's pooled output. */
  gLast: Float32Array;
}

/** Per-thread calculator: forward/backward of windows, gradients accumulated. */
export class JsCompute {
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  private readonly layers: Layer[];
  private readonly states: WindowState[] = [];
  private readonly batches = new Map<number, BatchBuffers>();
  private readonly feat: Float32Array;
  private readonly dfeat: Float32Array;
  private readonly mask: Float32Array;
  private readonly probs: Float32Array;
  private readonly d: number;
  /** tfjs with the wasm backend active, for batched convolutions; null = scalar JS only. */
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
        filter: new Float32Array(shape.cout * shape.cin * k),
      };
    });
    this.d = embeddingSize(arch);
    this.feat = new Float32Array(this.d);
    this.dfeat = new Float32Array(this.d);
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

  /** Forward passes of windows xs into states[0..n) with the scalar JS kernels. */
  private convs(xs: Float32Array[], arg: boolean): void {
    xs.forEach((x, i) => {
      const s = this.state(i);
      this.load(s, x);
      this.convsJs(s, arg);
    });
  }

  /**
   * Global pool, dropout (when random is given), dense and softmax of one window whose
   * last pooled activations (channel c, time i) sit at last[off + c * cs + i * ts].
   */
  private head(last: Float32Array, off: number, cs: number, ts: number, random: (() => number) | null): void {
    const { arch, d } = this;
    const tl = this.layers[this.layers.length - 1]!.shape.tout;
    const rate = arch.dropout;
    for (let c = 0; c < d; c++) {
      let sum = 0;
      for (let i = 0; i < tl; i++) sum += last[off + c * cs + i * ts]!;
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

  /**
   * Backward pass of the head just computed by head(): adds the dense-layer gradients and
   * leaves in dfeat the gradient of each last-block activation (the same for every time
   * step: global average pooling). Returns weight·CE.
   */
  private headGrad(label: number, weight: number): number {
    const { arch, d, dfeat } = this;
    const nl = this.layers.length;
    const tl = this.layers[nl - 1]!.shape.tout;
    const wd = this.params[2 * nl]!;
    const gwd = this.grads[2 * nl]!;
    const gbd = this.grads[2 * nl + 1]!;
    dfeat.fill(0);
    for (let k = 0; k < arch.classes; k++) {
      const dz = weight * (this.probs[k]! - (k === label ? 1 : 0));
      gbd[k] = gbd[k]! + dz;
      for (let c = 0; c < d; c++) {
        gwd[k * d + c] = gwd[k * d + c]! + dz * this.feat[c]! * this.mask[c]!;
        dfeat[c] = dfeat[c]! + dz * wd[k * d + c]!;
      }
    }
    for (let c = 0; c < d; c++) dfeat[c] = (dfeat[c]! * this.mask[c]!) / tl;
    return -weight * Math.log(Math.max(this.probs[label]!, 1e-12));
  }

  /** Probabilities (N×K) and embeddings (N×D) of windows xs, written into the outputs. */
  infer(xs: Float32Array[], probs: Float32Array, embedding: Float32Array): void {
    const n = xs.length;
    const nl = this.layers.length;
    const tl = this.layers[nl - 1]!.shape.tout;
    let last: (i: number) => void;
    if (this.tf) {
      const b = this.forwardWasm(this.tf, xs, false);
      last = (i) => this.head(b.x[nl]!, i * tl * this.d, 1, this.d, null);
    } else {
      this.convs(xs, false);
      last = (i) => this.head(this.states[i]!.last, 0, tl, 1, null);
    }
    for (let i = 0; i < n; i++) {
      last(i);
      probs.set(this.probs, i * this.arch.classes);
      embedding.set(this.feat, i * this.d);
    }
  }

  /** Adds the gradient of weight·CE(window in state s) to grads; returns weight·CE. */
  private backward(s: WindowState, label: number, weight: number, random: () => number): number {
    const { layers } = this;
    const nl = layers.length;
    const last = layers[nl - 1]!;
    const tl = last.shape.tout;
    this.head(s.last, 0, tl, 1, random);
    const loss = this.headGrad(label, weight);
    for (let c = 0; c < this.d; c++) last.g.fill(this.dfeat[c]!, c * tl, (c + 1) * tl);
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

  /** Batch buffers of the tfjs-wasm path for n windows (kept per n: batches come in two sizes). */
  private batchBuffers(n: number): BatchBuffers {
    let b = this.batches.get(n);
    if (!b) {
      const L = this.layers;
      const last = L[L.length - 1]!.shape;
      b = {
        x: [...L.map((l) => new Float32Array(n * l.shape.tin * l.shape.cin)), new Float32Array(n * last.tout * last.cout)],
        xt: L.map((l) => new Float32Array(l.shape.cin * l.tp * n)),
        arg: L.map((l) => new Int32Array(n * l.shape.tout * l.shape.cout)),
        dyT: L.map((l) => new Float32Array(l.shape.tconv * n * l.shape.cout)),
        dyN: L.map((l, i) => new Float32Array(i > 0 ? n * l.shape.tconv * l.shape.cout : 0)),
        gLast: new Float32Array(n * last.tout * last.cout),
      };
      this.batches.set(n, b);
    }
    return b;
  }

  /**
   * Conv blocks of windows xs batched on tfjs-wasm (XNNPACK), layer by layer, ReLU and
   * pooling in JS between them. With train, also fills the CTN inputs and the argmaxes.
   */
  private forwardWasm(tf: typeof TF, xs: Float32Array[], train: boolean): BatchBuffers {
    const n = xs.length;
    const b = this.batchBuffers(n);
    const L0 = this.layers[0]!;
    const { cin: c0, tin: t0 } = L0.shape;
    const x0 = b.x[0]!;
    const xt0 = b.xt[0]!;
    for (let w = 0; w < n; w++) {
      const x = xs[w]!;
      for (let c = 0; c < c0; c++) {
        for (let t = 0; t < t0; t++) {
          const v = x[c * t0 + t]!;
          x0[(w * t0 + t) * c0 + c] = v;
          if (train) xt0[(c * L0.tp + L0.pad + t) * n + w] = v;
        }
      }
    }
    this.layers.forEach((L, l) => {
      const { cin, tin, cout, tout } = L.shape;
      tfFilter(this.params[2 * l]!, cout, cin, L.k, false, L.filter);
      // Explicit dispose rather than tf.tidy: dataSync() inside a tidy scope measured ~100×
      // slower on tfjs-wasm 4.22 (1–2 ms → 120–200 ms for the first layer of 32 windows).
      const ts = [tf.tensor4d(b.x[l]!, [n, 1, tin, cin]), tf.tensor4d(L.filter, [1, L.k, cin, cout]), tf.tensor1d(this.params[2 * l + 1]!)] as const;
      const out = tf.fused.conv2d({ x: ts[0], filter: ts[1], strides: 1, pad: 'same', bias: ts[2] });
      const y = out.dataSync() as Float32Array;
      tf.dispose([...ts, out]);
      const next = this.layers[l + 1];
      const xt = train && next ? b.xt[l + 1]! : null;
      reluMaxPoolBatch(y, n, L.shape.tconv, cout, L.pool, tout, b.x[l + 1]!, xt, next?.tp ?? 0, next?.pad ?? 0, train ? b.arg[l]! : null);
    });
    return b;
  }

  /**
   * Gradients of a batch with every convolution on XNNPACK: the weight gradient of a block
   * is one 'valid' convolution of its CTN input [cin, 1, tp, n] with the unpooled output
   * gradient as a [1, tconv, n, cout] filter (output [cin, 1, k, cout]: the sum over windows
   * and time becomes the filter's reduction), the input gradient a 'same' convolution of the
   * unpooled gradient with the flipped, channel-transposed weights. Dense, so pool× the
   * multiply-adds of the JS path's winner-only sums, but at ~11–19 GMAC/s instead of ~1.6.
   */
  private gradientsWasm(tf: typeof TF, xs: Float32Array[], y: ArrayLike<number>, weights: ArrayLike<number>, random: () => number): number {
    const n = xs.length;
    const b = this.forwardWasm(tf, xs, true);
    const { layers, d } = this;
    const nl = layers.length;
    const tl = layers[nl - 1]!.shape.tout;
    let loss = 0;
    for (let w = 0; w < n; w++) {
      this.head(b.x[nl]!, w * tl * d, 1, d, random);
      loss += this.headGrad(y[w]!, weights[w]!);
      for (let i = 0; i < tl; i++) b.gLast.set(this.dfeat, (w * tl + i) * d);
    }
    let g = b.gLast;
    for (let l = nl - 1; l >= 0; l--) {
      const L = layers[l]!;
      const { cin, cout, tconv, tout } = L.shape;
      const dyT = b.dyT[l]!.fill(0);
      const dyN = l > 0 ? b.dyN[l]!.fill(0) : null;
      unpoolBatch(g, b.arg[l]!, n, tout, tconv, cout, dyT, dyN, this.grads[2 * l + 1]!);
      const ts: TF.Tensor[] = [tf.tensor4d(b.xt[l]!, [cin, 1, L.tp, n]), tf.tensor4d(dyT, [1, tconv, n, cout])];
      const dwT = tf.conv2d(ts[0] as TF.Tensor4D, ts[1] as TF.Tensor4D, 1, 'valid');
      ts.push(dwT);
      let dx: TF.Tensor | null = null;
      if (dyN) {
        tfFilter(this.params[2 * l]!, cout, cin, L.k, true, L.filter);
        ts.push(tf.tensor4d(dyN, [n, 1, tconv, cout]), tf.tensor4d(L.filter, [1, L.k, cout, cin]));
        dx = tf.conv2d(ts[3] as TF.Tensor4D, ts[4] as TF.Tensor4D, 1, 'same');
        ts.push(dx);
      }
      const dw = dwT.dataSync() as Float32Array;
      const gw = this.grads[2 * l]!;
      for (let co = 0; co < cout; co++) {
        for (let ci = 0; ci < cin; ci++) {
          for (let j = 0; j < L.k; j++) gw[(co * cin + ci) * L.k + j] = gw[(co * cin + ci) * L.k + j]! + dw[(ci * L.k + j) * cout + co]!;
        }
      }
      // The input gradient in NHWC [n, tin, cin] is the previous block's pooled-output gradient.
      if (dx) g = dx.dataSync() as Float32Array;
      tf.dispose(ts);
    }
    return loss;
  }

  /** Gradients of a list of windows, zeroing grads first; returns the summed weighted loss. */
  gradients(xs: Float32Array[], y: ArrayLike<number>, weights: ArrayLike<number>, seed: number): number {
    for (const g of this.grads) g.fill(0);
    // An empty shard (a 1-window batch over 2 threads) has zero gradients; on the wasm path
    // XNNPACK's convolutions over 0 windows returned uninitialised memory, NaNs included.
    if (xs.length === 0) return 0;
    const random = seededRandom(seed);
    if (this.tf) return this.gradientsWasm(this.tf, xs, y, weights, random);
    this.layers.forEach((L, l) => L.dense && flipWeights(this.params[2 * l]!, L.shape.cout, L.shape.cin, L.k, L.wflip));
    this.convs(xs, true);
    let loss = 0;
    for (let i = 0; i < xs.length; i++) loss += this.backward(this.states[i]!, y[i]!, weights[i]!, random);
    return loss;
  }
}
