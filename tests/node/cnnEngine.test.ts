// Engines agree on the math: JS and batched tfjs-wasm gradients match finite differences, and the tfjs path
// (tfjs-node where installed, here the pure cpu backend) computes the same model, so it
// cannot rot while the JS engine is the one in daily use.
import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initParams, seededRandom, type CnnArch } from '../../core/common/ml/cnnArch.js';
import { createEngine } from '../../core/node/ml/cnn/backend.js';
import { JsCompute } from '../../core/node/ml/cnn/jsCompute.js';

const arch: CnnArch = {
  channels: 3, length: 64, classes: 3, dropout: 0,
  blocks: [{ filters: 4, kernel: 5, pool: 2 }, { filters: 5, kernel: 3, pool: 2 }, { filters: 4, kernel: 7, pool: 1 }],
};
const r = seededRandom(3);
const xs = [0, 1, 2].map(() => Float32Array.from({ length: 3 * 64 }, () => r() * 2 - 1));
const y = [1, 2, 0];
const w = Float32Array.from([0.2, 0.5, 0.3]);

/** Worst relative error of the analytic gradients against central differences (wasm when tf is given). */
function finiteDifferenceError(tf: typeof TF | null): number {
  const c = new JsCompute(arch);
  c.tf = tf;
  initParams(arch, 1).forEach((p, i) => c.params[i]!.set(p));
  const loss = (): number => c.gradients(xs, y, w, 5);
  loss();
  const grads = c.grads.map((g) => g.slice());
  let worst = 0;
  for (let p = 0; p < c.params.length; p++) {
    for (let i = 0; i < c.params[p]!.length; i++) {
      const o = c.params[p]![i]!;
      c.params[p]![i] = o + 1e-3;
      const up = loss();
      c.params[p]![i] = o - 1e-3;
      const down = loss();
      c.params[p]![i] = o;
      const num = (up - down) / 2e-3;
      worst = Math.max(worst, Math.abs(num - grads[p]![i]!) / Math.max(1e-2, Math.abs(num) + Math.abs(grads[p]![i]!)));
    }
  }
  return worst;
}

describe('CNN engines', () => {
  it('JS backward pass matches central finite differences', () => {
    expect(finiteDifferenceError(null)).toBeLessThan(0.1);
  });

  it('batched XNNPACK backward pass (tfjs-wasm) matches finite differences and the JS one', async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    expect(await tf.setBackend('wasm')).toBe(true);
    // float32 losses: the central difference itself carries ~1e-4 of rounding noise.
    expect(finiteDifferenceError(tf)).toBeLessThan(0.1);
    const a = new JsCompute(arch);
    const b = new JsCompute(arch);
    b.tf = tf;
    const params = initParams(arch, 6);
    params.forEach((p, i) => (a.params[i]!.set(p), b.params[i]!.set(p)));
    const dropped = { ...arch, dropout: 0.5 };
    const c = new JsCompute(dropped);
    const d = new JsCompute(dropped);
    d.tf = tf;
    params.forEach((p, i) => (c.params[i]!.set(p), d.params[i]!.set(p)));
    for (const [js, wasm] of [[a, b], [c, d]] as const) {
      // Same dropout masks for the same seed: both paths draw them window by window.
      expect(wasm.gradients(xs, y, w, 8)).toBeCloseTo(js.gradients(xs, y, w, 8), 5);
      js.grads.forEach((g, p) => g.forEach((v, i) => expect(Math.abs(v - wasm.grads[p]![i]!)).toBeLessThan(1e-5 + 1e-4 * Math.abs(v))));
    }
  });

  it('tfjs (cpu) builds the same model: same probabilities, embedding and one Adam step', async () => {
    const params = initParams(arch, 2);
    const js = await createEngine(arch, params, 'js');
    const tf = await createEngine(arch, params, 'tfjs-cpu');
    expect(tf.backend).toBe('tfjs-cpu');
    const a = await js.infer(xs);
    const b = await tf.infer(xs);
    expect(Array.from(b.probs).map((v, i) => Math.abs(v - a.probs[i]!)).every((d) => d < 1e-5)).toBe(true);
    expect(Array.from(b.embedding).map((v, i) => Math.abs(v - a.embedding[i]!)).every((d) => d < 1e-5)).toBe(true);
    const la = await js.trainBatch(xs, y, w, 1);
    const lb = await tf.trainBatch(xs, y, w, 1);
    expect(lb).toBeCloseTo(la, 5);
    // Adam's first step moves each weight by ≈ lr·sign(gradient): equal signs ⇒ equal weights.
    const pa = js.getParams().flatMap((p) => Array.from(p));
    const pb = tf.getParams().flatMap((p) => Array.from(p));
    const moved = pa.filter((v, i) => Math.abs(v - params.flatMap((p) => Array.from(p))[i]!) > 5e-4).length;
    expect(moved).toBeGreaterThan(pa.length / 2);
    expect(pa.filter((v, i) => Math.abs(v - pb[i]!) > 1e-4).length).toBeLessThanOrEqual(2);
    js.dispose();
    tf.dispose();
  });

  it('two threads + wasm inference compute the same step and outputs as one JS thread', async () => {
    const params = initParams(arch, 4);
    const one = await createEngine(arch, params, 'js');
    const two = await createEngine(arch, params, 'js+wasm', undefined, 2);
    expect(two.backend).toMatch(/^js×2/);
    const a = await one.infer(xs);
    const b = await two.infer(xs);
    expect(Array.from(b.probs).every((v, i) => Math.abs(v - a.probs[i]!) < 1e-5)).toBe(true);
    // dropout is 0 here, so the shards' sum is the whole batch's gradient.
    expect(await two.trainBatch(xs, y, w, 9)).toBeCloseTo(await one.trainBatch(xs, y, w, 9), 5);
    const pa = one.getParams().flatMap((p) => Array.from(p));
    const pb = two.getParams().flatMap((p) => Array.from(p));
    expect(pa.filter((v, i) => Math.abs(v - pb[i]!) > 1e-4).length).toBeLessThanOrEqual(2);
    one.dispose();
    two.dispose();
  });

  it('a one-window batch on two threads (one empty shard) trains as on one thread, every weight finite', async () => {
    const params = initParams(arch, 4);
    const one = await createEngine(arch, params, 'js+wasm', undefined, 1);
    const two = await createEngine(arch, params, 'js+wasm', undefined, 2);
    const single = Float32Array.of(1);
    expect(await two.trainBatch(xs.slice(0, 1), y.slice(0, 1), single, 3)).toBeCloseTo(await one.trainBatch(xs.slice(0, 1), y.slice(0, 1), single, 3), 5);
    const pa = one.getParams().flatMap((p) => Array.from(p));
    const pb = two.getParams().flatMap((p) => Array.from(p));
    expect(pb.every(Number.isFinite)).toBe(true);
    expect(pa.filter((v, i) => Math.abs(v - pb[i]!) > 1e-4).length).toBeLessThanOrEqual(2);
    one.dispose();
    two.dispose();
  });
});
