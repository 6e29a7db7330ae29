// The waveform CNN as the app uses it: learns, is reproducible, saves, embeds, cancels.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/common/ml/cnnArch.js';
import { CnnModel, type CnnOptions } from '../../core/node/ml/cnn/model.js';

const T = 256;
const small: Partial<CnnOptions> = {
  length: T,
  blocks: [
    { filters: 8, kernel: 7, pool: 4 },
    { filters: 16, kernel: 7, pool: 4 },
    { filters: 16, kernel: 7, pool: 1 },
  ],
  patience: 50,
};

/** Class 1: a 3-channel sine burst at a random position over noise; class 0: noise only. */
function toyData(n: number, seed: number): { X: Float32Array[]; y: Int32Array } {
  const r = seededRandom(seed);
  const X: Float32Array[] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const x = Float32Array.from({ length: 3 * T }, () => (r() - 0.5) * (0.5 + r()));
    if (y[i] === 1) {
      const at = Math.floor(r() * (T - 60));
      const f = 0.08 + 0.08 * r();
      for (let c = 0; c < 3; c++) for (let t = 0; t < 60; t++) x[c * T + at + t]! += 4 * Math.sin(2 * Math.PI * f * t) * Math.sin((Math.PI * t) / 60);
    }
    X.push(x);
  }
  return { X, y };
}

function accuracy(probs: Float32Array, y: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if ((probs[2 * i + 1]! > probs[2 * i]! ? 1 : 0) === y[i]) ok++;
  return ok / y.length;
}

describe('CnnModel', () => {
  const train = toyData(96, 1);
  const test = toyData(60, 2);
  const fitOpts = { classes: 2, epochs: 12, batchSize: 16, seed: 7 };

  it('learns sine bursts vs noise to ≥ 95 % on held-out windows, and embeds', async () => {
    const model = new CnnModel(small);
    const h = await model.fit(train.X, train.y, { ...fitOpts, validation: test });
    expect(model.backend).not.toBe('');
    expect(h.backend).toBe(model.backend);
    expect(accuracy(await model.predictProba(test.X), test.y)).toBeGreaterThanOrEqual(0.95);
    expect(h.loss[h.loss.length - 1]!).toBeLessThan(h.loss[0]!);
    const e = await model.embed(test.X.slice(0, 5));
    expect(e.length).toBe(5 * 16);
    expect(e.every(Number.isFinite)).toBe(true);
  });

  it('gives the same predictions for the same seed and different ones for another seed', async () => {
    const run = async (seed: number): Promise<Float32Array> => {
      const m = new CnnModel(small);
      await m.fit(train.X, train.y, { ...fitOpts, epochs: 2, seed });
      return m.predictProba(test.X);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('round-trips through save/load with identical probabilities, on another length too', async () => {
    const model = new CnnModel(small);
    await model.fit(train.X, train.y, { ...fitOpts, epochs: 2 });
    const saved = model.save();
    const back = await CnnModel.load({ json: saved.json, weights: Uint8Array.from(saved.weights) });
    expect(await back.predictProba(test.X)).toEqual(await model.predictProba(test.X));
    // Windows of another length are resampled to the model's length, not rejected.
    const long = test.X.slice(0, 3).map((x) => Float32Array.from({ length: 3 * 2 * T }, (_, i) => x[Math.floor(i / 2)]!));
    expect((await back.predictProba(long)).length).toBe(6);
  });

  it('stops between batches when aborted and keeps a usable model', async () => {
    const ctl = new AbortController();
    const model = new CnnModel(small);
    const h = await model.fit(train.X, train.y, {
      ...fitOpts, epochs: 50,
      onEpoch: (e) => { if (e === 0) ctl.abort(); },
      signal: ctl.signal,
    });
    expect(h.stopped).toBe('aborted');
    expect(h.loss.length).toBe(1);
    expect((await model.predictProba(test.X)).every(Number.isFinite)).toBe(true);
  });

  it('rejects labels outside the class range', async () => {
    await expect(new CnnModel(small).fit(train.X, Int32Array.from(train.y, () => 2), fitOpts)).rejects.toThrow(/label 2/);
  });
});
