// `npm run bench`: runs every bench suite and prints one table; `--json FILE` writes the
// same figures as [{name, value, unit, peer?}] so runs can be compared over time.
// `--only a,b` runs only the named suites; `--seconds N` shortens the timed load runs (volunteers, teamLoad) for a smoke run.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchFigure, BenchSuite } from './types.js';

const SUITES = ['formats', 'hdf5', 'features', 'store', 'featureModel', 'cnn', 'query', 'embedding', 'labelingLatency', 'traceBrowserDay', 'mapRender', 'hostLoad', 'importStall', 'crowd', 'volunteers', 'calibration', 'teamLoad', 'teamSamples', 'queueBatch'];

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' }, seconds: { type: 'string' } } });
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
if (seconds !== undefined && !(seconds > 0 && seconds <= 3600)) {
  process.stderr.write(`--seconds: expected a number of seconds from 1 to 3600, got "${values.seconds}"\n`);
  process.exit(2);
}
// Suites that run as their own process read it from the environment.
if (seconds !== undefined) process.env.SEISLABEL_BENCH_SECONDS = String(seconds);
const only = values.only?.split(',');
const here = dirname(fileURLToPath(import.meta.url));
const figures: BenchFigure[] = [];

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3));
for (const name of SUITES) {
  if (only && !only.includes(name)) continue;
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  process.stdout.write(`\n## ${name}\n`);
  try {
    const suite = (await import(file)).default as BenchSuite;
    const got = await suite({ seconds });
    for (const f of got) {
      const peer = f.peer ? `  | ${f.peer.name}: ${fmt(f.peer.value)} ${f.unit}` : '';
      process.stdout.write(`${f.name.padEnd(58)} ${fmt(f.value).padStart(12)} ${f.unit}${peer}${f.note ? `  (${f.note})` : ''}\n`);
    }
    figures.push(...got);
  } catch (e) {
    process.stdout.write(`  suite ${name} failed: ${(e as Error).stack ?? e}\n`);
  }
}
if (values.json) {
  writeFileSync(values.json, JSON.stringify(figures.map(({ name, value, unit, peer }) => ({ name, value, unit, ...(peer ? { peer } : {}) })), null, 2));
  process.stdout.write(`\nwrote ${figures.length} figures to ${values.json}\n`);
}
process.exit(0);
