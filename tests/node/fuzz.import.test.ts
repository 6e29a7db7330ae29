// Seeded fuzzing of the real import path: the real miniSEED/SAC files of ../shared/data (and a
// WAV and a windowed set made of their samples) are mutated — bit flips, truncations, header
// fields set to what broke imports before — and each case is imported through `imports.start`
// into a real project, as the CLI and the hosts do. For every case: the task ends (no
// exception escapes), within a bound that only a hang would break, nothing implausible is
// stored, and a refusal names the file. Set FUZZ_CASES / FUZZ_SEED to run more or other cases;
// the figures are printed at the end (npx vitest run tests/node/fuzz.import.test.ts).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { MAX_RATE_HZ, MAX_TIME_MS, MIN_RATE_HZ, MIN_TIME_MS } from '../../core/common/formats/plausible.js';
import { parseSac } from '../../core/common/formats/sac.js';
import { writeWav } from '../../core/common/formats/wav.js';
import type { ImportResult } from '../../core/common/importResult.js';
import { makeRng, type Rng } from '../../core/common/ml/rng.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { blobToF32 } from '../../core/node/store/samples.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { mutate, type Kind } from '../helpers/fuzzMutate.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED import fuzz suite: ${missingDataReason}`);

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/** A case slower than this is a hang (a loop driven by a damaged field), not a slow machine. */
const HANG_MS = 1000;
const PROJECT_EVERY = 400;

const SOURCES: [string, Kind][] = [
  ['obspy/seism.sac', 'sac'],
  ['obspy/CRLZ.HHZ.10.NZ.SAC', 'sac'],
  ['roundtrip/00002_earthquake.NP.1845.HNZ.SAC', 'sac'],
  ['roundtrip/00003_noise.NP.1845.HNE.SAC', 'sac'],
  ['obspy/test.mseed', 'mseed'],
  ['obspy/BW.BGLD.__.EHE.D.2008.001.first_10_records', 'mseed'],
  ['seisbench/OBS1.IQ.HHZ..D.2016.185.225026', 'mseed'],
  ['libmseed/reference-testdata-steim2.mseed2', 'mseed'],
  ['libmseed/reference-testdata-steim1-LE.mseed2', 'mseed'],
  ['libmseed/reference-testdata-float64.mseed2', 'mseed'],
  ['libmseed/reference-testdata-int16.mseed2', 'mseed'],
  ['libmseed/reference-testdata-oddrate.mseed2', 'mseed'],
  ['libmseed/testdata-oneseries-mixedlengths-mixedorder.mseed2', 'mseed'],
];

const REASONS: [string, RegExp][] = [
  ['truncated', /truncat/i],
  ['implausible sampling rate / interval', /implausible (sampling rate|sample interval)/],
  ['implausible time', /implausible (time|reference time)/],
  ['non-printable code', /non-printable/],
  ['non-finite sample', /not a finite number/],
  ['implausible or corrupt header field', /implausible header|corrupt (record )?header|corrupt data|corrupt Steim|outside the record|invalid sub-code|"shape"|must be one positive rate/],
  ['already imported', /already imported/],
  ['unsupported encoding / format', /supported|not SAC|not miniSEED|not WAV|no blockette 1000|time series|no data chunk/],
  ['no samples', /no samples|is empty/],
  ['not recognised', /not recognised/],
];

describe.skipIf(!hasSharedData)(`import fuzz: ${CASES} mutated real files through imports.start`, () => {
  const dir = tempDir('seislabel-fuzz-');
  let core: Core;
  let c: CoreClient;
  const corpus: { name: string; kind: Kind; bytes: Uint8Array }[] = [];
  beforeAll(() => {
    core = new Core({ homeDir: join(dir, 'home') });
    c = createClient(inProcessTransport(core));
    for (const [path, kind] of SOURCES) corpus.push({ name: basename(path), kind, bytes: new Uint8Array(readFileSync(dataPath('raw_formats', path))) });
    // A float WAV holding the real samples of a roundtrip earthquake (seismic data shipped as audio).
    const rt = parseSac(readFileSync(dataPath('raw_formats/roundtrip/00002_earthquake.NP.1845.HNZ.SAC')), 'rt').traces[0]!;
    corpus.push({ name: 'NP.1845.HNZ.wav', kind: 'wav', bytes: writeWav([rt.samples], 100) });
  });
  // The first import starts the parse worker (and, in tests, its TypeScript loader): that
  // start-up is not a case, so it happens here, on an unchanged real file.
  beforeAll(async () => {
    await c.call('projects.create', { path: join(dir, 'warm-up.seislabel'), classes: [] });
    const { taskId } = await c.call('imports.start', { paths: [dataPath('raw_formats/obspy/seism.sac')] });
    expect((await core.tasks.wait(taskId)).errors).toEqual([]);
  });
  afterAll(() => core.close());

  it('never crashes, never hangs, accepts no garbage, names the file in every refusal', async () => {
    const rng = makeRng(SEED);
    const stats = { cases: 0, accepted: 0, refused: 0, windows: 0, times: [] as { ms: number; what: string }[], reasons: new Map<string, number>(), examples: new Map<string, string>() };
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      if (i % PROJECT_EVERY === 0) await c.call('projects.create', { path: join(dir, `fuzz-${i}.seislabel`), classes: [{ name: 'earthquake' }] });
      const src = corpus[rng.int(corpus.length)]!;
      const windowSet = i % 60 === 59;
      const { path, name } = windowSet ? mutateWindowSet(dir, i, rng) : writeCase(dir, i, src, rng);
      const windowing = rng.random() < 0.1 ? { mode: 'trigger' as const, lengthSeconds: 20 } : { mode: 'fixed' as const, lengthSeconds: pick(rng, [30, 10, 2]), stepSeconds: 15 };
      const started = performance.now();
      const { taskId } = await c.call('imports.start', { paths: [path], windowing });
      const task = await core.tasks.wait(taskId);
      const ms = performance.now() - started;
      stats.cases++;
      const tag = `case ${i} ${basename(path)} (${name}, ${windowing.mode} ${windowing.lengthSeconds} s)`;
      stats.times.push({ ms, what: tag });
      if (task.status !== 'done') problems.push(`${tag}: task ${task.status}: ${task.message}`);
      if (ms > HANG_MS) problems.push(`${tag}: took ${ms.toFixed(0)} ms`);
      const result = task.result as ImportResult | undefined;
      for (const f of result?.failed ?? []) {
        stats.refused++;
        const reason = REASONS.find(([, re]) => re.test(f.message))?.[0] ?? `other: ${f.message}`;
        stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + 1);
        if (!stats.examples.has(reason)) stats.examples.set(reason, f.message);
        if (!f.message.startsWith(`${basename(path)}`)) problems.push(`${tag}: refusal does not name the file: ${f.message}`);
      }
      for (const f of result?.imported ?? []) {
        stats.accepted++;
        stats.windows += f.windows;
        problems.push(...garbageIn(f.sourceId).map((p) => `${tag}: accepted garbage: ${p}`));
        if (!windowSet && f.windows === 0 && f.notices.length === 0) problems.push(`${tag}: imported with 0 windows and no word why`);
      }
    }
    const sorted = [...stats.times].sort((a, b) => a.ms - b.ms);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.ms.toFixed(1);
    console.log([
      `import fuzz (seed ${SEED}): ${stats.cases} cases, ${stats.accepted} accepted (${stats.windows} windows), ${stats.refused} refused`,
      ...[...stats.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  refused, ${r}: ${n}  e.g. ${stats.examples.get(r)}`),
      `  time per case: median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms; slowest:`,
      ...sorted.slice(-3).reverse().map((t) => `    ${t.ms.toFixed(1)} ms ${t.what}`),
    ].join('\n'));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(stats.cases).toBe(CASES);
    // The fuzzer must exercise both sides: a suite where everything is refused proves nothing.
    expect(stats.accepted).toBeGreaterThan(CASES / 10);
    expect(stats.refused).toBeGreaterThan(CASES / 4);
  }, 300_000);

  /** What is implausible in the streams and windows stored for a source. */
  function garbageIn(sourceId: number): string[] {
    const db = core.requireProject().db;
    const bad: string[] = [];
    const rows = [
      ...(db.prepare('SELECT network, station, location, channel, sampling_rate, start_time, n_samples, samples FROM streams WHERE source_id = ?').all(sourceId) as Row[]),
      ...(db.prepare("SELECT network, station, location, channels AS channel, sampling_rate, start_time, n_samples, samples FROM windows WHERE source_id = ?").all(sourceId) as Row[]),
    ];
    for (const r of rows) {
      const id = `${r.network}.${r.station}.${r.location}.${r.channel}`;
      if (!(r.sampling_rate >= MIN_RATE_HZ && r.sampling_rate <= MAX_RATE_HZ)) bad.push(`${id}: rate ${r.sampling_rate}`);
      if (!(r.n_samples > 0)) bad.push(`${id}: ${r.n_samples} samples`);
      if (r.start_time !== null && !(r.start_time >= MIN_TIME_MS && r.start_time < MAX_TIME_MS)) bad.push(`${id}: start ${r.start_time}`);
      if (/[^\x20-\x7e]/.test(id)) bad.push(`code ${JSON.stringify(id)}`);
      const x = blobToF32(r.samples);
      if (x.some((v) => !Number.isFinite(v))) bad.push(`${id}: non-finite sample`);
    }
    return bad;
  }
});

interface Row { network: string; station: string; location: string; channel: string; sampling_rate: number; start_time: number | null; n_samples: number; samples: Buffer }

const pick = <T>(r: Rng, list: T[]): T => list[r.int(list.length)]!;

function writeCase(dir: string, i: number, src: { name: string; kind: Kind; bytes: Uint8Array }, rng: Rng): { path: string; name: string } {
  const m = mutate(src.bytes, src.kind, rng);
  const path = join(dir, `c${String(i).padStart(4, '0')}-${src.name}`);
  writeFileSync(path, m.bytes);
  return { path, name: m.name };
}

/** A copy of the unlabeled windowed set with one field of its JSON, CSV or array damaged. */
function mutateWindowSet(dir: string, i: number, rng: Rng): { path: string; name: string } {
  const out = join(dir, `set${i}`);
  mkdirSync(out);
  cpSync(dataPath('unlabeled_whar'), out, { recursive: true });
  const json = readFileSync(join(out, 'windows.json'), 'utf8');
  const csv = readFileSync(join(out, 'windows.csv'), 'utf8');
  const what = rng.int(6);
  if (what === 0) {
    const rate = pick(rng, ['1e30', '0', '"NaN"', '1e-9', '-100']);
    writeFileSync(join(out, 'windows.json'), json.replace(/"sampling_rate_hz": \[\s*100\.0\s*\]/, `"sampling_rate_hz": [${rate}]`));
    return { path: out, name: `sampling_rate_hz ${rate}` };
  }
  if (what === 1) {
    writeFileSync(join(out, 'windows.json'), json.replace(/3000\n/, '1\n'));
    return { path: out, name: 'shape T = 1' };
  }
  if (what === 2) {
    writeFileSync(join(out, 'windows.csv'), csv.replace(',AG,WHAR,', ',AG,WH\u0007R,'));
    return { path: out, name: 'control char in station' };
  }
  if (what === 3) {
    writeFileSync(join(out, 'windows.csv'), csv.replace('2010-08-01T00:58', '1800-08-01T00:58'));
    return { path: out, name: 'window_start_utc 1800' };
  }
  if (what === 4) {
    const f32 = readFileSync(join(out, 'windows.f32'));
    f32.writeFloatLE(pick(rng, [NaN, Infinity]), 4 * rng.int(f32.length / 4));
    writeFileSync(join(out, 'windows.f32'), f32);
    return { path: out, name: 'non-finite sample' };
  }
  return { path: out, name: 'unchanged copy (imported once, then refused as a duplicate)' };
}
