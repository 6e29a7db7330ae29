// Decode throughput of the format readers on real files, with seisplotjs 3.2.2 as the peer
// for miniSEED (the library the issue suggested; see the note at the top of mseed.ts).
// Each figure repeats one file until >= 20 MB of input or >= 1 s have been decoded.
// Run alone: npx tsx -e "import('./tests/bench/formats.ts').then(m => m.default()).then(console.table)"
import { readFileSync } from 'node:fs';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { writeMiniSeed2, writeMiniSeed3 } from '../../core/common/formats/mseedWrite.js';
import { parseSac } from '../../core/common/formats/sac.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

interface Rate {
  samplesPerSecond: number;
  bytesPerSecond: number;
}

/** Repeats decode(bytes) until 20 MB or 1 s, after a short warm-up; returns samples/s and bytes/s. */
function measure(bytes: Uint8Array, decode: (b: Uint8Array) => number): Rate {
  for (let i = 0; i < 3; i++) decode(bytes);
  let samples = 0;
  let input = 0;
  const t0 = performance.now();
  while (input < 20e6 && performance.now() - t0 < 1000) {
    samples += decode(bytes);
    input += bytes.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { samplesPerSecond: samples / seconds, bytesPerSecond: input / seconds };
}

interface SeisplotjsMiniseed {
  parseDataRecords(buf: ArrayBufferLike): unknown[];
  seismogramSegmentPerChannel(records: unknown[]): Array<{ y: ArrayLike<number> }>;
}

/**
 * seisplotjs's Node entry still defines custom elements at load time, so it only loads with
 * these three globals stubbed. Acceptable in this bench process (never in core/ or the app).
 */
async function loadSeisplotjs(): Promise<SeisplotjsMiniseed | string> {
  const g = globalThis as Record<string, unknown>;
  g.HTMLElement ??= class {};
  g.HTMLDivElement ??= class {};
  g.customElements ??= { define: () => undefined, get: () => undefined };
  try {
    const sp = (await import('seisplotjs')) as unknown as { miniseed: SeisplotjsMiniseed };
    return sp.miniseed;
  } catch (e) {
    return `seisplotjs failed to load: ${(e as Error).message}`;
  }
}

const read = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(dataPath('raw_formats', ...p)));
const totalSamples = (traces: Array<{ samples: { length: number } }>): number => traces.reduce((n, t) => n + t.samples.length, 0);

const suite: BenchSuite = async () => {
  if (!hasSharedData) return [{ name: 'formats', value: NaN, unit: '', note: missingDataReason }];
  const sp = await loadSeisplotjs();
  const spDecode = (b: Uint8Array): number => {
    if (typeof sp === 'string') return 0;
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    return sp.seismogramSegmentPerChannel(sp.parseDataRecords(ab)).reduce((n, s) => n + s.y.length, 0);
  };
  const figures: BenchFigure[] = [];
  const mseedFiles = [
    { label: 'Steim-1 (BW.BGLD, 512 B records)', file: ['obspy', 'BW.BGLD.__.EHE.D.2008.001.first_10_records'] },
    { label: 'Steim-2 (CH.BALST two channels, 512 B)', file: ['obspy', 'CH.BALST..LH_two_channels'] },
    { label: 'Steim-1 little-endian (IQ.OBS1, 4096 B)', file: ['seisbench', 'OBS1.IQ.HHZ..D.2016.185.225026'] },
  ];
  for (const { label, file } of mseedFiles) {
    const bytes = read(...file);
    const ours = measure(bytes, (b) => totalSamples(parseMiniSeed(b, 'bench').traces));
    const peer = typeof sp === 'string' ? null : measure(bytes, spDecode);
    const note = typeof sp === 'string' ? sp : undefined;
    figures.push({
      name: `miniSEED ${label}: samples/s`,
      value: ours.samplesPerSecond / 1e6,
      unit: 'M samples/s',
      ...(peer ? { peer: { name: 'seisplotjs 3.2.2', value: peer.samplesPerSecond / 1e6 } } : {}),
      ...(note ? { note } : {}),
    });
    figures.push({
      name: `miniSEED ${label}: input MB/s`,
      value: ours.bytesPerSecond / 1e6,
      unit: 'MB/s',
      ...(peer ? { peer: { name: 'seisplotjs 3.2.2', value: peer.bytesPerSecond / 1e6 } } : {}),
    });
  }
  const sac = read('obspy', 'CRLZ.HHZ.10.NZ.SAC');
  const sacRate = measure(sac, (b) => totalSamples(parseSac(b, 'bench').traces));
  figures.push({ name: 'SAC (CRLZ, 32,768 float32): samples/s', value: sacRate.samplesPerSecond / 1e6, unit: 'M samples/s' });
  figures.push({ name: 'SAC (CRLZ): input MB/s', value: sacRate.bytesPerSecond / 1e6, unit: 'MB/s' });

  // Writers (window export): the IU.COLA 3-channel signal and the CRLZ trace in counts
  // (Steim-2), and ten windows of the labeled set, which hold floats (float32).
  const cola = parseMiniSeed(read('libmseed', 'testdata-3channel-signal.mseed2'), 'bench').traces;
  const crlz = parseSac(sac, 'bench').traces;
  const f32 = readFileSync(dataPath('windows.f32'));
  const floats = Array.from({ length: 30 }, (_, k) => ({
    network: 'XX', station: 'W', location: '', channel: `HH${'ZNE'[k % 3]}`, samplingRate: 100, startTime: Date.UTC(2020, 0, 1) + k * 25_000,
    samples: new Float32Array(f32.buffer.slice(f32.byteOffset + k * 2500 * 4, f32.byteOffset + (k + 1) * 2500 * 4)), picks: [],
  }));
  for (const [label, traces] of [['Steim-2, IU.COLA 3 ch', cola], ['Steim-2, CRLZ', crlz], ['float32, 10 windows × 3 ch', floats]] as const) {
    const samples = totalSamples(traces);
    const input = new Uint8Array(samples);
    const w3 = measure(input, () => traces.reduce((n, t) => n + (writeMiniSeed3(t).length > 0 ? t.samples.length : 0), 0));
    const w2 = measure(input, () => traces.reduce((n, t) => n + (writeMiniSeed2(t).length > 0 ? t.samples.length : 0), 0));
    figures.push({ name: `miniSEED 3 write (${label}): samples/s`, value: w3.samplesPerSecond / 1e6, unit: 'M samples/s', peer: { name: 'miniSEED 2 write', value: w2.samplesPerSecond / 1e6 } });
  }
  return figures;
};

export default suite;
