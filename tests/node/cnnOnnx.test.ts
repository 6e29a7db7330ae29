// CNN inference on ONNX Runtime (the optional onnxruntime-node package): the graph built
// from our parameters computes what the JS reference engine computes, follows the weights
// through training, and the app falls back to tfjs-wasm inference, saying so, without it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initParams, seededRandom, type CnnArch } from '../../core/common/ml/cnnArch.js';
import { createEngine } from '../../core/node/ml/cnn/backend.js';
import { CnnModel } from '../../core/node/ml/cnn/model.js';
import { OnnxEngine, type OrtModule } from '../../core/node/ml/cnn/onnxEngine.js';
import { cnnOnnxModel } from '../../core/node/ml/cnn/onnxGraph.js';

// A variable name: the package is optional, so TypeScript must not need its types.
const ortName = 'onnxruntime-node';
const ort = (await import(ortName).then((m: OrtModule & { default?: OrtModule }) => (m.InferenceSession ? m : m.default!), () => null)) as OrtModule | null;
const missing = 'onnxruntime-node is not installed (npm ci installs it as an optional dependency); skipping the ONNX Runtime engine tests';
if (!ort) console.warn(`SKIPPED: ${missing}`);
const nativeTf = await import('@tensorflow/tfjs-node' as string).then(() => true, () => false);

/** The default blocks on 25 s at 50 Hz, and a small net with odd lengths, pool 1 and 3 classes. */
const archs: Record<string, CnnArch> = {
  default: {
    channels: 3, length: 1250, classes: 2, dropout: 0.3,
    blocks: [{ filters: 16, kernel: 7, pool: 4 }, { filters: 32, kernel: 7, pool: 4 }, { filters: 32, kernel: 7, pool: 2 }, { filters: 32, kernel: 7, pool: 1 }],
  },
  small: {
    channels: 2, length: 101, classes: 3, dropout: 0,
    blocks: [{ filters: 5, kernel: 5, pool: 3 }, { filters: 6, kernel: 3, pool: 1 }, { filters: 4, kernel: 9, pool: 2 }],
  },
};

/** He-uniform weights with non-zero biases (initParams leaves them 0, which would hide a bias bug). */
function seededParams(arch: CnnArch, seed: number): Float32Array[] {
  const r = seededRandom(seed + 100);
  return initParams(arch, seed).map((p, i, all) => (i % 2 === 1 || i === all.length - 1 ? p.map(() => r() - 0.5) : p));
}

function windows(arch: CnnArch, n: number, seed: number): Float32Array[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: arch.channels * arch.length }, () => r() * 2 - 1));
}

const worst = (a: Float32Array, b: Float32Array): number => {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!) / Math.max(1, Math.abs(v))), 0);
};

describe.skipIf(!ort)('CNN inference on ONNX Runtime', () => {
  for (const [name, arch] of Object.entries(archs)) {
    it(`${name} architecture: same probabilities and embedding as the JS engine within 1e-4`, async () => {
      const params = seededParams(arch, 3);
      const xs = windows(arch, 7, 4);
      const js = await createEngine(arch, params, 'js');
      const onnx = await OnnxEngine.create(ort!, arch, params, 1);
      expect(onnx.backend).toBe('onnxruntime');
      const a = await js.infer(xs);
      const b = await onnx.infer(xs);
      expect(worst(a.probs, b.probs)).toBeLessThan(1e-4);
      expect(worst(a.embedding, b.embedding)).toBeLessThan(1e-4);
      // Not a degenerate case that any graph would pass: the windows get different answers.
      expect(Math.max(...a.probs) - Math.min(...a.probs)).toBeGreaterThan(0.05);
      // New parameters reach the next inference (the session is rebuilt).
      const other = seededParams(arch, 9);
      js.setParams(other);
      onnx.setParams(other);
      const c = await js.infer(xs);
      expect(worst(c.probs, a.probs)).toBeGreaterThan(1e-3);
      expect(worst(c.probs, (await onnx.infer(xs)).probs)).toBeLessThan(1e-4);
      js.dispose();
      onnx.dispose();
    });
  }

  it('a model trained with ONNX Runtime inference predicts as the JS engine does with its weights', async () => {
    const arch = archs.small!;
    const r = seededRandom(5);
    // Class = which channel carries a burst (or neither): learnable in a few epochs.
    const make = (n: number): { X: Float32Array[]; y: Int32Array } => {
      const y = Int32Array.from({ length: n }, (_, i) => i % 3);
      const X = Array.from(y, (c) => {
        const x = Float32Array.from({ length: 2 * 101 }, () => (r() - 0.5) * 0.4);
        if (c > 0) for (let t = 30; t < 60; t++) x[(c - 1) * 101 + t]! += 3 * Math.sin(t);
        return x;
      });
      return { X, y };
    };
    const train = make(60);
    const test = make(30);
    const opts = { channels: 2, length: 101, blocks: arch.blocks, dropout: 0, maxShift: 0.2, learningRate: 0.01, threads: 1 };
    const model = new CnnModel({ ...opts, backend: 'js+onnx' });
    const h = await model.fit(train.X, train.y, { classes: 3, epochs: 20, batchSize: 12, seed: 2, validation: test });
    expect(h.backend).toBe('js-train+onnxruntime-infer');
    const saved = model.save();
    expect(JSON.parse(saved.json).backend).toBe('js-train+onnxruntime-infer');
    const p = await model.predictProba(test.X);
    const reference = await CnnModel.load(saved, 'js');
    expect(reference.backend).toBe('js');
    expect(worst(p, await reference.predictProba(test.X))).toBeLessThan(1e-4);
    expect(worst(await model.embed(test.X), await reference.embed(test.X))).toBeLessThan(1e-4);
    let correct = 0;
    test.y.forEach((c, i) => (correct += Number(p.indexOf(Math.max(...p.subarray(3 * i, 3 * i + 3)), 3 * i) === 3 * i + c)));
    expect(correct / test.y.length).toBeGreaterThanOrEqual(0.9);
    model.dispose();
    reference.dispose();
  });

  it.skipIf(nativeTf)("'auto' infers on ONNX Runtime with ONNX Runtime's threads, training stays on the JS engine", async () => {
    const arch = archs.small!;
    const engine = await createEngine(arch, seededParams(arch, 1), 'auto', undefined, 2);
    expect(engine.backend).toBe('js×2-train+onnxruntime-infer');
    const out = await engine.infer(windows(arch, 5, 1));
    expect(out.probs.length).toBe(15);
    engine.dispose();
  });

  it('refuses parameters that do not fit the architecture, naming the parameter', () => {
    const params = seededParams(archs.small!, 1);
    params[2] = params[2]!.subarray(1);
    expect(() => cnnOnnxModel(archs.small!, params)).toThrow(/parameter 2 holds 89 values, shape \[6, 5, 3\] needs 90/);
  });
});

describe('CNN backend without ONNX Runtime', () => {
  afterEach(() => {
    delete process.env.SEISLABEL_ONNXRUNTIME;
    vi.doUnmock('onnxruntime-node');
    vi.resetModules();
  });

  it.skipIf(nativeTf)("when the package fails to import, 'auto' infers on tfjs-wasm and says so; 'js+onnx' is an error", async () => {
    vi.resetModules();
    vi.doMock('onnxruntime-node', () => {
      throw new Error('simulated: onnxruntime-node is not installed');
    });
    const backend = await import('../../core/node/ml/cnn/backend.js');
    const arch = archs.small!;
    const engine = await backend.createEngine(arch, seededParams(arch, 1), 'auto', undefined, 1);
    expect(engine.backend).toBe('js-train+tfjs-wasm-infer');
    const js = await backend.createEngine(arch, seededParams(arch, 1), 'js');
    const xs = windows(arch, 4, 2);
    expect(worst((await js.infer(xs)).probs, (await engine.infer(xs)).probs)).toBeLessThan(1e-4);
    await expect(backend.createEngine(arch, seededParams(arch, 1), 'js+onnx')).rejects.toThrow(/onnxruntime-node is not installed or failed to load/);
    engine.dispose();
    js.dispose();
  });

  it.skipIf(nativeTf)('SEISLABEL_ONNXRUNTIME=0 turns ONNX Runtime off', async () => {
    process.env.SEISLABEL_ONNXRUNTIME = '0';
    const arch = archs.small!;
    const engine = await createEngine(arch, seededParams(arch, 1), 'auto', undefined, 1);
    expect(engine.backend).toBe('js-train+tfjs-wasm-infer');
    engine.dispose();
  });
});
