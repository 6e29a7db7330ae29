// Calibration on toy data whose answers are known: a hand-computed ECE, and a temperature
// recovered from probabilities made over-confident on purpose.
import { describe, expect, it } from 'vitest';
import { applyTemperature, calibrationReport, fitTemperature } from '../../core/common/ml/calibration.js';
import { makeRng } from '../../core/common/ml/rng.js';

describe('calibration', () => {
  it('computes the expected calibration error of a hand-made case', () => {
    // Two windows at 0.9 (one right, one wrong) and two at 0.6 (both right):
    // |0.5 − 0.9| · 2/4 + |1 − 0.6| · 2/4 = 0.4.
    const probs = [0.9, 0.1, 0.1, 0.9, 0.6, 0.4, 0.4, 0.6];
    const r = calibrationReport(probs, [0, 0, 0, 1], 2);
    expect(r.ece).toBeCloseTo(0.4, 12);
    expect(r.bins[9]).toMatchObject({ n: 2, accuracy: 0.5 });
    expect(r.bins[9]!.confidence).toBeCloseTo(0.9, 12);
    expect(r.bins[6]).toMatchObject({ n: 2, accuracy: 1 });
    expect(r.nll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.1) + 2 * Math.log(0.6)) / 4, 12);
    expect(() => calibrationReport([0.5, 0.5], [2], 2)).toThrow(/outside/);
  });

  it('leaves probabilities alone at T = 1 and keeps every window’s class order at any T', () => {
    const p = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6];
    const same = applyTemperature(p, 3, 1);
    p.forEach((v, i) => expect(same[i]).toBeCloseTo(v, 12));
    const soft = applyTemperature(p, 3, 4);
    expect(soft[0]! > soft[1]! && soft[1]! > soft[2]!).toBe(true);
    expect(soft[0]).toBeLessThan(0.7);
    expect(soft[0]! + soft[1]! + soft[2]!).toBeCloseTo(1, 12);
    expect(() => applyTemperature(p, 3, 0)).toThrow(/positive/);
  });

  it('recovers the temperature of over-confident probabilities and lowers their ECE', () => {
    // True class probabilities softmax(z); the "model" reports softmax(3z): too sure by T = 3.
    const rng = makeRng(5);
    const N = 4000;
    const K = 3;
    const reported = new Float64Array(N * K);
    const y = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const z = Array.from({ length: K }, () => 1.5 * (rng.random() * 2 - 1));
      const e = z.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      let u = rng.random() * s;
      y[i] = K - 1;
      for (let k = 0; k < K; k++) if ((u -= e[k]!) < 0) { y[i] = k; break; }
      const e3 = z.map((v) => Math.exp(3 * v));
      const s3 = e3.reduce((a, b) => a + b, 0);
      for (let k = 0; k < K; k++) reported[i * K + k] = e3[k]! / s3;
    }
    const T = fitTemperature(reported, y, K);
    expect(T).toBeGreaterThan(2.6);
    expect(T).toBeLessThan(3.4);
    const before = calibrationReport(reported, y, K);
    const after = calibrationReport(applyTemperature(reported, K, T), y, K);
    expect(after.ece).toBeLessThan(before.ece / 3);
    expect(after.nll).toBeLessThan(before.nll);
  });
});
