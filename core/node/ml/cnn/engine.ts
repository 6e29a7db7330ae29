// The contract between the CNN model (training loop, augmentation, early stopping, saving)
// and the engines that do the arithmetic: the hand-written JS engine or a tfjs backend.
// Inputs reaching an engine are already resampled, normalised and augmented.

/** What one engine does: Adam steps on mini-batches and batched inference. */
export interface CnnEngine {
  /** Name shown to the user and stored with each model, e.g. 'js-f32x2' or 'tfjs-node'. */
  readonly backend: string;
  /** True when infer() spreads one batch over threads itself: callers should not split it. */
  readonly parallel?: boolean;
  /**
   * One Adam step on a mini-batch. sampleWeight[i] is the class weight of window i divided
   * by the batch's total weight, so the loss is the weighted mean cross-entropy (as in
   * PyTorch's weighted CrossEntropyLoss). dropoutSeed seeds this step's dropout masks.
   * Returns the loss before the step.
   */
  trainBatch(xs: Float32Array[], y: ArrayLike<number>, sampleWeight: Float32Array, dropoutSeed: number): Promise<number>;
  /** Softmax probabilities (N×K) and global-pooled activations (N×D), dropout off. */
  infer(xs: Float32Array[]): Promise<{ probs: Float32Array; embedding: Float32Array }>;
  /** Copies of the parameters in the canonical layout of paramShapes(). */
  getParams(): Float32Array[];
  /** Replaces the parameters (canonical layout); the optimizer state is kept. */
  setParams(params: Float32Array[]): void;
  /** Releases tensors and optimizer state. */
  dispose(): void;
}

/** Adam hyper-parameters (PyTorch defaults except eps, which matches tfjs). */
export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Adam settings used unless a model asks otherwise. */
export const defaultAdam: AdamOptions = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
