// CNN speed: training seconds per epoch and inference windows/s of our engines (inference
// on ONNX Runtime and on tfjs-wasm) against PyTorch CPU at 2 and 1 threads on the same
// architecture, data, batch size and input length.
// Run alone with `npx tsx tests/bench/cnn.ts`; `npm run bench` collects it too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initParams, prepareWindow, seededRandom, type CnnArch } from '../../core/common/ml/cnnArch.js';
import { createEngine, type CnnBackendName } from '../../core/node/ml/cnn/backend.js';
import { CnnModel, defaultCnnOptions } from '../../core/node/ml/cnn/model.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const LENGTH = 1250;
const BATCH = 32;
const EPOCHS = 6;
// Inference passes over the windows (median taken), for our engine and PyTorch alike: one pass is
// ~10 ms, and with 5 passes one stall of a shared machine moved the median by 2–3×.
const REPEATS = 31;

const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;

/** The main set resampled to 50 Hz and normalised; random windows when the data is absent. */
function loadWindows(): { X: Float32Array[]; y: Int32Array; what: string } {
  if (!hasSharedData) {
    const r = seededRandom(1);
    const X = Array.from({ length: 138 }, () => Float32Array.from({ length: 3 * LENGTH }, () => r() * 2 - 1));
    return { X, y: Int32Array.from(X, (_, i) => i % 2), what: '138 random windows' };
  }
  const buf = readFileSync(dataPath('windows.f32'));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const labels = readFileSync(dataPath('windows.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
  const X = labels.map((_, i) => prepareWindow(all.subarray(i * 7500, (i + 1) * 7500), { channels: 3, length: LENGTH }));
  return { X, y: Int32Array.from(labels, (l) => (l === 'noise' ? 0 : 1)), what: `${X.length} real windows` };
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Wall and CPU (all threads) time of a measured span. */
interface Span {
  wall: number;
  cpu: number;
}

const medianSpan = (spans: Span[]): Span => ({ wall: median(spans.map((s) => s.wall)), cpu: median(spans.map((s) => s.cpu)) });

/** Median seconds per training epoch through CnnModel.fit (epoch 0 is warm-up). */
async function epochSeconds(X: Float32Array[], y: Int32Array, backend: CnnBackendName, threads = 0): Promise<Span & { name: string }> {
  const model = new CnnModel({ length: LENGTH, backend, threads });
  const stamps: Span[] = [];
  const h = await model.fit(X, y, {
    classes: 2, epochs: EPOCHS, batchSize: BATCH, seed: 1,
    onEpoch: () => stamps.push({ wall: performance.now() / 1000, cpu: cpuSeconds() }),
  });
  model.dispose();
  const spans = stamps.slice(1).map((s, i) => ({ wall: s.wall - stamps[i]!.wall, cpu: s.cpu - stamps[i]!.cpu }));
  return { ...medianSpan(spans), name: h.backend };
}

/** Median wall and CPU seconds of engine inference over X in batches of BATCH (inputs already prepared). */
async function inferSeconds(X: Float32Array[], arch: CnnArch, backend: CnnBackendName, threads = 0): Promise<Span & { name: string }> {
  const engine = await createEngine(arch, initParams(arch, 1), backend, undefined, threads);
  // Warm-up, as the PyTorch peer has: for about a second after the first engine of a process
  // starts, its helper thread is still loading (tsx, tfjs-wasm) on the other core, and ONNX
  // Runtime at 2 threads ran at ~10.5 k windows/s there against 23–30 k after (a one-off cost
  // per process; the figures are the steady state).
  for (const t0 = performance.now(); performance.now() - t0 < 2000;) await engine.infer(X.slice(0, BATCH));
  const spans: Span[] = [];
  for (let rep = 0; rep <= REPEATS; rep++) {
    const t0 = performance.now() / 1000;
    const c0 = cpuSeconds();
    for (let s = 0; s < X.length; s += BATCH) await engine.infer(X.slice(s, s + BATCH));
    if (rep > 0) spans.push({ wall: performance.now() / 1000 - t0, cpu: cpuSeconds() - c0 });
  }
  engine.dispose();
  return { ...medianSpan(spans), name: engine.backend };
}

/** Runs the PyTorch peer with `threads` threads; an error text when torch is not importable. */
function torchPeer(X: Float32Array[], y: Int32Array, threads: number): { epoch: Span; infer: Span; version: string } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-cnn-'));
  try {
    const flat = new Float32Array(X.length * 3 * LENGTH);
    X.forEach((x, i) => flat.set(x, i * 3 * LENGTH));
    writeFileSync(join(dir, 'x.f32'), new Uint8Array(flat.buffer));
    writeFileSync(join(dir, 'y.i32'), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    const script = fileURLToPath(new URL('./peers/torch_cnn.py', import.meta.url));
    const arch = JSON.stringify({ blocks: defaultCnnOptions.blocks, dropout: defaultCnnOptions.dropout });
    const args = [script, join(dir, 'x.f32'), join(dir, 'y.i32'), String(X.length), '3', String(LENGTH), '2', String(BATCH), String(REPEATS), String(threads), arch];
    const p = spawnSync(process.env.SEISLABEL_PYTHON ?? 'python3', args, { encoding: 'utf8', timeout: 600_000 });
    if (p.status !== 0) return { error: `PyTorch peer skipped: ${(p.stderr || String(p.error)).trim().split('\n').pop()}` };
    const out = JSON.parse(p.stdout) as {
      epoch_seconds: number; infer_windows_per_second: number; epoch_cpu_seconds: number; infer_cpu_windows_per_second: number; torch: string;
    };
    return {
      epoch: { wall: out.epoch_seconds, cpu: out.epoch_cpu_seconds },
      infer: { wall: X.length / out.infer_windows_per_second, cpu: X.length / out.infer_cpu_windows_per_second },
      version: out.torch,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = async () => {
  const { X, y, what } = loadWindows();
  const arch: CnnArch = { channels: 3, length: LENGTH, classes: 2, blocks: defaultCnnOptions.blocks, dropout: defaultCnnOptions.dropout };
  // The machine may be shared: the load average tells how much the figures can be trusted
  // (PyTorch's 2 OpenMP threads collapse when cores are oversubscribed, so the 1-thread
  // pair is the steadier comparison on a busy machine).
  const setup = `${what}, 3×${LENGTH}, batch ${BATCH}, load avg ${loadavg()[0]!.toFixed(1)}`;
  const figures: BenchFigure[] = [];
  // Ratio = our time / PyTorch's time, in wall time (the goal) and in CPU time.
  const ratios = (ours: Span, theirs: Span, goal: string): string =>
    `takes ${(ours.wall / theirs.wall).toFixed(2)}× PyTorch's wall time (goal ${goal}), ${(ours.cpu / theirs.cpu).toFixed(2)}× its CPU time`;
  for (const threads of [2, 1]) {
    const train = await epochSeconds(X, y, threads === 1 ? 'js+wasm' : 'auto', threads);
    const peer = torchPeer(X, y, threads);
    const t = `${threads} thread${threads > 1 ? 's' : ''}`;
    const torch = 'error' in peer ? null : `PyTorch ${peer.version} CPU, ${t}`;
    const skipped = 'error' in peer ? peer.error : undefined;
    figures.push({
      name: `cnn train epoch, ${t} (${train.name}; ${setup})`, value: train.wall, unit: 's',
      ...('error' in peer ? { note: skipped } : { peer: { name: torch!, value: peer.epoch.wall }, note: ratios(train, peer.epoch, '≤ 3×') }),
    });
    // Both inference engines the JS training engine can hand its weights to: ONNX Runtime
    // ('auto' takes it where onnxruntime-node loads) and tfjs-wasm (the fallback).
    for (const backend of ['js+onnx', 'js+wasm'] as const) {
      let infer: Span & { name: string };
      try {
        infer = await inferSeconds(X, arch, backend, threads);
      } catch (e) {
        figures.push({ name: `cnn inference, ${t} (${backend})`, value: NaN, unit: 'windows/s', note: `skipped: ${(e as Error).message}` });
        continue;
      }
      figures.push({
        name: `cnn inference, ${t} (${infer.name})`, value: X.length / infer.wall, unit: 'windows/s',
        ...('error' in peer ? { note: skipped } : { peer: { name: torch!, value: X.length / peer.infer.wall }, note: ratios(infer, peer.infer, '≤ 1×') }),
      });
    }
  }
  figures.push({ name: 'cnn inference (js engine, 1 thread, no wasm)', value: X.length / (await inferSeconds(X, arch, 'js')).wall, unit: 'windows/s' });
  figures.push({
    name: 'cnn inference (stock tfjs cpu backend)', value: BATCH / (await inferSeconds(X.slice(0, BATCH), arch, 'tfjs-cpu')).wall, unit: 'windows/s',
    note: 'tfjs-cpu training: 10–20 s per 32-window step, not benched',
  });
  return figures;
};

export default suite;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await suite()) {
    const peer = f.peer ? `  | ${f.peer.name}: ${f.peer.value.toPrecision(4)}` : '';
    console.log(`${f.name}: ${f.value.toPrecision(4)} ${f.unit}${peer}${f.note ? `  (${f.note})` : ''}`);
  }
}
