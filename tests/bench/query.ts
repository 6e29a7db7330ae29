// Query-strategy timings on a 100,000-window pool: K = 3 class probabilities, 64-d
// embeddings, 24 hand features, 200 windows labeled, batch of 20. The target is under a
// second per strategy so a new batch appears without a visible wait.
import type { Matrix } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';
import { selectBatch, STRATEGIES, type QueryInput } from '../../core/common/ml/strategies.js';
import type { BenchFigure, BenchSuite } from './types.js';

const N = 100_000;
const LABELED = 200;
const BATCH = 20;

/** Seeded pool: 12 Gaussian groups in embedding and feature space, softmax-like probs. */
function pool(seed: number): QueryInput {
  const rng = makeRng(seed);
  const groups = 12;
  const make = (d: number, spread: number): Matrix => {
    const centres = Float64Array.from({ length: groups * d }, () => spread * rng.normal());
    const data = new Float32Array(N * d);
    for (let i = 0; i < N; i++) {
      const g = i % groups;
      for (let j = 0; j < d; j++) data[i * d + j] = centres[g * d + j]! + rng.normal();
    }
    return { data, rows: N, cols: d };
  };
  const probs = new Float32Array(N * 3);
  for (let i = 0; i < N; i++) {
    const a = Math.exp(2 * rng.normal());
    const b = Math.exp(2 * rng.normal());
    const c = Math.exp(2 * rng.normal());
    const s = a + b + c;
    probs.set([a / s, b / s, c / s], i * 3);
  }
  const labeledMask = new Uint8Array(N);
  for (const i of rng.sample(LABELED, N)) labeledMask[i] = 1;
  return { labeledMask, probs: { data: probs, rows: N, cols: 3 }, embeddings: make(64, 3), features: make(24, 2), batchSize: BATCH, seed: 1 };
}

const used = (input: QueryInput): string =>
  (['probs', 'embeddings', 'features'] as const).filter((k) => input[k]).join('+') || 'no inputs';

const suite: BenchSuite = async () => {
  const full = pool(42);
  const figures: BenchFigure[] = [];
  for (const s of STRATEGIES) {
    // Give each strategy only what it declares, so clusterSampling runs on 64-d embeddings.
    const input: QueryInput = { labeledMask: full.labeledMask, batchSize: BATCH, seed: 1 };
    for (const need of [...s.needs, ...(s.needsOneOf ?? []).slice(0, 1)]) input[need] = full[need];
    if (s.name === 'clusterSampling') {
      delete input.features;
      input.embeddings = full.embeddings;
    }
    selectBatch(s.name, input); // warm-up: JIT and first-touch of the arrays
    const runs = 3;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      selectBatch(s.name, { ...input, seed: r + 1 });
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    figures.push({
      name: `query ${s.name} (100k pool, batch ${BATCH})`,
      value: Math.round(times[1]! * 10) / 10,
      unit: 'ms',
      // CPU time beside wall time: on a shared machine the wall clock also counts waiting.
      note: `median of ${runs} (CPU ${Math.round(cpu[1]!)} ms); ${LABELED} labeled; ${used(input)}`,
    });
  }
  return figures;
};

export default suite;
