// 2-D embeddings: our UMAP (core/common/embed) against umap-js 1.4 as shipped, and exact t-SNE.
//
// Data: a seeded mixture of 10 Gaussian clusters in 32-d (centres uniform in [-5, 5]^32,
// unit spread; gaussianBlobs in core/common/embed/random.ts), the shape of a window-feature
// table. Every case runs in its own child process so that its peak resident memory
// (process.resourceUsage().maxRSS) is its own; the figures are medians over repeats.
// Stock umap-js on 50,000 points takes ~3 minutes and 2.8 GB (issue figure), so it runs only
// when SEISLABEL_BENCH_STOCK50K=1. EMBED_BENCH_REPEATS sets the repeats (default 3).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UMAP } from 'umap-js';
import { labelAgreement } from '../../core/common/embed/quality.js';
import { gaussianBlobs, mulberry32 } from '../../core/common/embed/random.js';
import { runTsne } from '../../core/common/embed/tsne.js';
import { createUmap } from '../../core/common/embed/umap.js';
import { quantile } from './stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const D = 32;
const here = fileURLToPath(import.meta.url);

/** What one child process reports. */
interface CaseResult {
  seconds: number;
  /** Time until the first coordinates can be shown (set-up before the first epoch). */
  setupSeconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  agreement: number;
}

type CaseKind = 'ours' | 'stock' | 'tsne';

/** Runs one case in this process (called in the child). */
async function runCase(kind: CaseKind, n: number): Promise<CaseResult> {
  const { data, labels } = gaussianBlobs(n, D, 10, 5, 42);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let setup = 0;
  let coords: Float32Array;
  if (kind === 'ours') {
    const layout = createUmap(data, n, D, { seed: 1 });
    setup = performance.now() - t0;
    while (layout.step());
    coords = layout.coords;
  } else if (kind === 'stock') {
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * D, (i + 1) * D)));
    const umap = new UMAP({ random: mulberry32(1) });
    const epochs = umap.initializeFit(rows);
    setup = performance.now() - t0;
    for (let e = 0; e < epochs; e++) umap.step();
    coords = Float32Array.from(umap.getEmbedding().flat());
  } else {
    coords = await runTsne(data, n, D, { seed: 1 });
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    setupSeconds: setup / 1000,
    cpuSeconds: process.cpuUsage(cpu0).user / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    agreement: labelAgreement(coords, labels, 10),
  };
}

/** Runs one case `repeats` times in fresh child processes; returns the medians. */
function measure(kind: CaseKind, n: number, repeats: number): CaseResult {
  const runs: CaseResult[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = spawnSync(process.execPath, ['--import', 'tsx', here, kind, String(n)], { encoding: 'utf8', timeout: 900_000 });
    if (p.status !== 0) throw new Error(`embedding bench case ${kind} ${n} failed: ${p.stderr}`);
    runs.push(JSON.parse(p.stdout.trim().split('\n').pop() as string) as CaseResult);
  }
  const med = (f: (c: CaseResult) => number): number => quantile(runs.map(f), 0.5);
  return { seconds: med((c) => c.seconds), setupSeconds: med((c) => c.setupSeconds), cpuSeconds: med((c) => c.cpuSeconds), maxRssMB: med((c) => c.maxRssMB), agreement: med((c) => c.agreement) };
}

const suite: BenchSuite = async () => {
  const repeats = Number(process.env.EMBED_BENCH_REPEATS ?? 3);
  const figures: BenchFigure[] = [];
  const peer = 'umap-js 1.4 stock';
  const quality = (c: CaseResult): string => `CPU ${c.cpuSeconds.toFixed(1)} s, 2-D 10-NN label agreement ${c.agreement.toFixed(3)}`;

  const ours10 = measure('ours', 10_000, repeats);
  const stock10 = measure('stock', 10_000, repeats);
  figures.push(
    { name: `umap 10000 points (${D}-d)`, value: ours10.seconds, unit: 's', peer: { name: peer, value: stock10.seconds }, note: `${quality(ours10)}; stock ${quality(stock10)}` },
    { name: `umap 10000 points (${D}-d) peak RSS`, value: ours10.maxRssMB, unit: 'MB', peer: { name: peer, value: stock10.maxRssMB } },
  );

  const ours50 = measure('ours', 50_000, repeats);
  const stock50 = process.env.SEISLABEL_BENCH_STOCK50K === '1' ? measure('stock', 50_000, 1) : undefined;
  const stockNote = stock50 ? undefined : 'stock umap-js not run (~182 s, 2.8 GB per issue); set SEISLABEL_BENCH_STOCK50K=1';
  figures.push(
    { name: `umap 50000 points (${D}-d)`, value: ours50.seconds, unit: 's', ...(stock50 ? { peer: { name: peer, value: stock50.seconds } } : {}), note: `${quality(ours50)}${stockNote ? `; ${stockNote}` : ''}` },
    { name: `umap 50000 points (${D}-d) peak RSS`, value: ours50.maxRssMB, unit: 'MB', ...(stock50 ? { peer: { name: peer, value: stock50.maxRssMB } } : {}) },
    { name: `umap 50000 points (${D}-d) until first frame`, value: ours50.setupSeconds, unit: 's', note: 'neighbours + graph + PCA start, before epoch 1' },
  );

  const tsne = measure('tsne', 2000, repeats);
  figures.push({ name: `tsne 2000 points (${D}-d, exact, 750 iterations)`, value: tsne.seconds, unit: 's', note: quality(tsne) });
  return figures;
};

export default suite;

// Child mode: `node --import tsx embedding.ts <kind> <n>` prints one CaseResult as JSON.
if (process.argv[1] === here) {
  const [kind, n] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await runCase(kind as CaseKind, Number(n)))}\n`);
}
