// CNN speed: training seconds per epoch and inference windows/s of our engine against
// PyTorch CPU (2 threads) on the same architecture, data, batch size and input length.
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
const REPEATS = 5;

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

/** Median seconds per training epoch through CnnModel.fit (epoch 0 is warm-up). */
async function epochSeconds(X: Float32Array[], y: Int32Array, backend: CnnBackendName, threads = 0): Promise<{ s: number; name: string }> {
  const model = new CnnModel({ length: LENGTH, backend, threads });
  const stamps: number[] = [];
  const h = await model.fit(X, y, { classes: 2, epochs: EPOCHS, batchSize: BATCH, seed: 1, onEpoch: () => stamps.push(performance.now()) });
  model.dispose();
  return { s: median(stamps.slice(1).map((t, i) => (t - stamps[i]!) / 1000)), name: h.backend };
}

/** Median windows/s of engine inference in batches of BATCH (inputs already prepared). */
async function inferRate(X: Float32Array[], arch: CnnArch, backend: CnnBackendName, threads = 0): Promise<number> {
  const engine = await createEngine(arch, initParams(arch, 1), backend, undefined, threads);
  const times: number[] = [];
  for (let rep = 0; rep <= REPEATS; rep++) {
    const t0 = performance.now();
    for (let s = 0; s < X.length; s += BATCH) await engine.infer(X.slice(s, s + BATCH));
    if (rep > 0) times.push((performance.now() - t0) / 1000);
  }
  engine.dispose();
  return X.length / median(times);
}

/** Runs the PyTorch peer with `threads` threads; an error text when torch is not importable. */
function torchPeer(X: Float32Array[], y: Int32Array, threads: number): { epoch: number; infer: number; version: string } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-cnn-'));
  try {
    const flat = new Float32Array(X.length * 3 * LENGTH);
    X.forEach((x, i) => flat.set(x, i * 3 * LENGTH));
    writeFileSync(join(dir, 'x.f32'), new Uint8Array(flat.buffer));
    writeFileSync(join(dir, 'y.i32'), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    const script = fileURLToPath(new URL('./peers/torch_cnn.py', import.meta.url));
    const arch = JSON.stringify({ blocks: defaultCnnOptions.blocks, dropout: defaultCnnOptions.dropout });
    const args = [script, join(dir, 'x.f32'), join(dir, 'y.i32'), String(X.length), '3', String(LENGTH), '2', String(BATCH), String(REPEATS), String(threads), arch];
    const p = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', timeout: 600_000 });
    if (p.status !== 0) return { error: `PyTorch peer skipped: ${(p.stderr || String(p.error)).trim().split('\n').pop()}` };
    const out = JSON.parse(p.stdout) as { epoch_seconds: number; infer_windows_per_second: number; torch: string };
    return { epoch: out.epoch_seconds, infer: out.infer_windows_per_second, version: out.torch };
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
  for (const threads of [2, 1]) {
    const train = await epochSeconds(X, y, threads === 1 ? 'js+wasm' : 'auto', threads);
    const infer = await inferRate(X, arch, threads === 1 ? 'js+wasm' : 'auto', threads);
    const peer = torchPeer(X, y, threads);
    const trainName = `cnn train epoch, ${threads} thread${threads > 1 ? 's' : ''} (${train.name}; ${setup})`;
    const inferName = `cnn inference, ${threads} thread${threads > 1 ? 's' : ''} (${train.name})`;
    if ('error' in peer) {
      figures.push({ name: trainName, value: train.s, unit: 's', note: peer.error });
      figures.push({ name: inferName, value: infer, unit: 'windows/s', note: peer.error });
      continue;
    }
    const torch = `PyTorch ${peer.version} CPU, ${threads} thread${threads > 1 ? 's' : ''}`;
    figures.push({
      name: trainName, value: train.s, unit: 's', peer: { name: torch, value: peer.epoch },
      note: `takes ${(train.s / peer.epoch).toFixed(2)}× PyTorch's time (goal ≤ 3×)`,
    });
    figures.push({
      name: inferName, value: infer, unit: 'windows/s', peer: { name: torch, value: peer.infer },
      note: `takes ${(peer.infer / infer).toFixed(2)}× PyTorch's time (goal ≤ 1×)`,
    });
  }
  figures.push({ name: 'cnn inference (js engine, 1 thread, no wasm)', value: await inferRate(X, arch, 'js'), unit: 'windows/s' });
  figures.push({
    name: 'cnn inference (stock tfjs cpu backend)', value: await inferRate(X.slice(0, BATCH), arch, 'tfjs-cpu'), unit: 'windows/s',
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
