// The waveform CNN as the app sees it: fit / predictProba / embed / save / load. Owns input
// preparation, augmentation, class weights, early stopping and cancellation; the arithmetic
// is delegated to a CnnEngine chosen by backend.ts.
import {
  defaultBlocks, embeddingSize, initParams, paramShapes, prepareWindow, seededRandom,
  type CnnArch, type ConvBlock,
} from '../../../common/ml/cnnArch.js';
import { createEngine, type CnnBackendName } from './backend.js';
import { defaultAdam, type CnnEngine } from './engine.js';

/** Model options fixed at construction (saved with the model). */
export interface CnnOptions {
  channels: number;
  /** Input length in samples; windows of other lengths are resampled to it. */
  length: number;
  blocks: ConvBlock[];
  dropout: number;
  learningRate: number;
  /**
   * Largest random circular time shift, as a fraction of the length, applied to every
   * training window each epoch. The PhaseNet rows always have P at 5.0 s, so without shifts
   * a model learns the position instead of the waveform; 0.5 allows any position.
   */
  maxShift: number;
  /** Epochs without a better validation loss before stopping (best weights restored). */
  patience: number;
  backend: CnnBackendName;
  /** Threads of the JS engine including the caller; 0 = one per core (at most 4). */
  threads: number;
}

/** Options of a new model: 25 s at 50 Hz, the default blocks, the fastest backend. */
export const defaultCnnOptions: CnnOptions = {
  channels: 3, length: 1250, blocks: [...defaultBlocks], dropout: 0.3,
  learningRate: 1e-3, maxShift: 0.5, patience: 8, backend: 'auto', threads: 0,
};

/** Arguments of fit(). */
export interface FitOptions {
  classes: number;
  epochs: number;
  batchSize: number;
  seed: number;
  validation?: { X: Float32Array[]; y: Int32Array };
  onEpoch?(epoch: number, loss: number, valLoss: number, valAcc: number): void;
  signal?: AbortSignal;
}

/**
 * Per-epoch training record. loss is the class-weighted training loss; valLoss is the plain
 * mean cross-entropy on the validation set (NaN, like valAcc, without one).
 */
export interface FitHistory {
  loss: number[];
  valLoss: number[];
  valAcc: number[];
  /** Epoch (0-based) whose weights the model holds after fit. */
  bestEpoch: number;
  stopped: 'completed' | 'early' | 'aborted';
  backend: string;
}

/** What save() returns: JSON metadata and the canonical float32 parameters as bytes. */
export interface SavedCnn {
  json: string;
  weights: Uint8Array;
}

const FORMAT = 'seislabel-cnn-1';
const INFER_CHUNK = 64;

/** A 1-D CNN on [channels, length] windows with a softmax over `classes`. */
export class CnnModel {
  readonly options: CnnOptions;
  private engine: CnnEngine | null = null;
  private arch: CnnArch | null = null;

  constructor(options: Partial<CnnOptions> = {}) {
    this.options = { ...defaultCnnOptions, ...options };
  }

  /** Name of the backend in use ('' before fit or load). */
  get backend(): string {
    return this.engine?.backend ?? '';
  }

  private async init(classes: number, params: Float32Array[] | number): Promise<CnnArch> {
    this.engine?.dispose();
    const o = this.options;
    const arch: CnnArch = { channels: o.channels, length: o.length, classes, blocks: o.blocks, dropout: o.dropout };
    const p = typeof params === 'number' ? initParams(arch, params) : params;
    this.engine = await createEngine(arch, p, o.backend, { ...defaultAdam, learningRate: o.learningRate }, o.threads);
    this.arch = arch;
    return arch;
  }

  private prepare(X: Float32Array[]): Float32Array[] {
    return X.map((x) => prepareWindow(x, this.options));
  }

  /** Trains from a seeded initialisation; the same seed and data give the same model. */
  async fit(X: Float32Array[], y: Int32Array, opts: FitOptions): Promise<FitHistory> {
    if (X.length !== y.length || X.length === 0) throw new Error(`fit: ${X.length} windows, ${y.length} labels`);
    const arch = await this.init(opts.classes, opts.seed);
    const engine = this.engine!;
    const xs = this.prepare(X);
    const val = opts.validation ? { X: this.prepare(opts.validation.X), y: opts.validation.y } : null;
    const classWeight = balancedClassWeights(y, opts.classes);
    const random = seededRandom(opts.seed ^ 0x9e3779b9);
    const t = arch.length;
    const maxShift = Math.floor(this.options.maxShift * t);
    const order = Array.from(xs.keys());
    const history: FitHistory = { loss: [], valLoss: [], valAcc: [], bestEpoch: -1, stopped: 'completed', backend: engine.backend };
    let best: { loss: number; params: Float32Array[] } | null = null;

    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, random);
      let lossSum = 0;
      let weightSum = 0;
      for (let start = 0; start < order.length; start += opts.batchSize) {
        if (opts.signal?.aborted) {
          history.stopped = 'aborted';
          break;
        }
        const idx = order.slice(start, start + opts.batchSize);
        const batch = idx.map((i) => circularShift(xs[i]!, arch.channels, Math.round((random() * 2 - 1) * maxShift)));
        const labels = idx.map((i) => y[i]!);
        const w = Float32Array.from(labels, (c) => classWeight[c]!);
        const total = w.reduce((a, b) => a + b, 0);
        for (let i = 0; i < w.length; i++) w[i] = w[i]! / total;
        const loss = await engine.trainBatch(batch, labels, w, Math.floor(random() * 2 ** 31));
        lossSum += loss * total;
        weightSum += total;
      }
      if (history.stopped === 'aborted') break;
      const loss = lossSum / weightSum;
      const v = val ? await this.evaluate(val.X, val.y) : { loss: NaN, acc: NaN };
      history.loss.push(loss);
      history.valLoss.push(v.loss);
      history.valAcc.push(v.acc);
      opts.onEpoch?.(epoch, loss, v.loss, v.acc);
      if (!val) {
        history.bestEpoch = epoch;
        continue;
      }
      if (!best || v.loss < best.loss) {
        best = { loss: v.loss, params: engine.getParams() };
        history.bestEpoch = epoch;
      } else if (epoch - history.bestEpoch >= this.options.patience) {
        history.stopped = 'early';
        break;
      }
    }
    if (best) engine.setParams(best.params);
    return history;
  }

  /** Mean cross-entropy and accuracy on prepared windows. */
  private async evaluate(xs: Float32Array[], y: Int32Array): Promise<{ loss: number; acc: number }> {
    const { probs } = await this.run(xs);
    const k = this.arch!.classes;
    let loss = 0;
    let correct = 0;
    for (let i = 0; i < xs.length; i++) {
      const row = probs.subarray(i * k, (i + 1) * k);
      loss -= Math.log(Math.max(row[y[i]!]!, 1e-12));
      if (argmax(row) === y[i]) correct++;
    }
    return { loss: loss / xs.length, acc: correct / xs.length };
  }

  private async run(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }> {
    if (!this.engine || !this.arch) throw new Error('model is not trained or loaded');
    const probs = new Float32Array(xs.length * this.arch.classes);
    const embedding = new Float32Array(xs.length * embeddingSize(this.arch));
    for (let s = 0; s < xs.length; s += INFER_CHUNK) {
      const out = await this.engine.infer(xs.slice(s, s + INFER_CHUNK));
      probs.set(out.probs, s * this.arch.classes);
      embedding.set(out.embedding, s * embeddingSize(this.arch));
    }
    return { probs, embedding };
  }

  /** Class probabilities, row-major N × classes. */
  async predictProba(X: Float32Array[]): Promise<Float32Array> {
    return (await this.run(this.prepare(X))).probs;
  }

  /** Globally pooled activations of the last conv block, N × D (for diversity sampling). */
  async embed(X: Float32Array[]): Promise<Float32Array> {
    return (await this.run(this.prepare(X))).embedding;
  }

  /** Serialises options, class count, backend and the canonical weights. */
  save(): SavedCnn {
    if (!this.engine || !this.arch) throw new Error('model is not trained or loaded');
    const params = this.engine.getParams();
    const bytes = new Uint8Array(params.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of params) {
      bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
      at += p.byteLength;
    }
    const json = JSON.stringify({ format: FORMAT, options: this.options, classes: this.arch.classes, backend: this.engine.backend });
    return { json, weights: bytes };
  }

  /** Restores a saved model; `backend` overrides the saved backend preference. */
  static async load(saved: SavedCnn, backend?: CnnBackendName): Promise<CnnModel> {
    const meta = JSON.parse(saved.json) as { format: string; options: CnnOptions; classes: number };
    if (meta.format !== FORMAT) throw new Error(`not a Seislabel CNN (format ${String(meta.format)})`);
    const model = new CnnModel({ ...meta.options, ...(backend ? { backend } : {}) });
    const arch: CnnArch = { ...meta.options, classes: meta.classes };
    // Copy into an aligned buffer: the Uint8Array may sit at any offset of a larger buffer.
    const floats = new Float32Array(saved.weights.slice().buffer);
    const params: Float32Array[] = [];
    let at = 0;
    for (const shape of paramShapes(arch)) {
      const n = shape.reduce((a, b) => a * b, 1);
      params.push(floats.slice(at, at + n));
      at += n;
    }
    if (at !== floats.length) throw new Error(`weights hold ${floats.length} floats, the architecture needs ${at}`);
    await model.init(meta.classes, params);
    return model;
  }

  /** Releases the engine's tensors (helper threads are shared by the process). */
  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }
}

/** Inverse-frequency weights N / (K · n_k), as scikit-learn's 'balanced'; 0 for absent classes. */
export function balancedClassWeights(y: Int32Array, classes: number): Float32Array {
  const counts = new Float32Array(classes);
  for (const c of y) {
    if (c < 0 || c >= classes) throw new Error(`label ${c} outside 0..${classes - 1}`);
    counts[c] = counts[c]! + 1;
  }
  return counts.map((n) => (n > 0 ? y.length / (classes * n) : 0));
}

/** Copy of a [channels, T] window rotated right by `shift` samples on every channel. */
function circularShift(x: Float32Array, channels: number, shift: number): Float32Array {
  const t = x.length / channels;
  const s = ((shift % t) + t) % t;
  const out = new Float32Array(x.length);
  for (let c = 0; c < channels; c++) {
    const row = x.subarray(c * t, (c + 1) * t);
    out.set(row.subarray(t - s), c * t);
    out.set(row.subarray(0, t - s), c * t + s);
  }
  return out;
}

function shuffle(a: number[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}
