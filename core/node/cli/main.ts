// The `seislabel` command line, over the same core and API contract as the app.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient, type CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import { inProcessTransport } from '../api/inProcess.js';
import { Core } from '../core.js';
import { labelsCsv } from '../exporters/labelsCsv.js';
import { parseWindowingArgs, WINDOWING_HELP } from './windowingArgs.js';

const HELP = `seislabel — label seismic windows with active learning

Usage:
  seislabel new P.seislabel [--classes earthquake,tremor,noise,other]
  seislabel import P.seislabel FILES… [--window 30 --step 15 | --trigger [--sta 0.5 --lta 10 --on 3.5 --off 1.5 --pre 5 --length 30] | --no-windows] [--no-labels] [--label-column NAME]
  seislabel info P.seislabel [--json]
  seislabel export-labels P.seislabel out.csv
  seislabel export seisbench P.seislabel OUT/ [--classes a,b] [--min-confidence 0.5] [--seed 1]
  seislabel serve [P.seislabel] [--port 5173] [--host 127.0.0.1] [--allow-host NAME]… [--no-auth (loopback only)]
  seislabel simulate --data DIR --strategy NAME[,NAME…]|all --model forest|cnn|linear|ensemble [--seeds 10 --initial 6 --batch 6 --budget 120 --test-fraction 0.3 --group-by COLUMN --out FILE.json]

${WINDOWING_HELP}`;

type Out = { log(s: string): void; err(s: string): void };
const stdio: Out = { log: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Runs one CLI command; returns the process exit code. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.log(HELP);
    return command ? 0 : 2;
  }
  const core = new Core();
  const client = createClient(inProcessTransport(core));
  try {
    switch (command) {
      case 'new':
        return await cmdNew(client, rest, out);
      case 'import':
        return await cmdImport(core, client, rest, out);
      case 'info':
        return await cmdInfo(client, rest, out);
      case 'export-labels':
        return await cmdExport(core, client, rest, out);
      case 'export': {
        const { exportCommand } = await import('./exportCmd.js');
        return await exportCommand(core, client, rest, out);
      }
      case 'simulate': {
        const { simulateCommand } = await import('./simulate.js');
        return await simulateCommand(rest, out);
      }
      case 'serve': {
        const { serve } = await import('./serve.js');
        return await serve(core, rest, out);
      }
      default:
        out.err(`seislabel: unknown command "${command}" (try seislabel --help)`);
        return 2;
    }
  } catch (e) {
    const msg = e instanceof CoreError || e instanceof TypeError ? e.message : String((e as Error).message ?? e);
    out.err(`seislabel ${command}: ${msg}`);
    return 1;
  } finally {
    if (command !== 'serve') await core.close();
  }
}

function needProject(positionals: string[], usage: string): string {
  const p = positionals[0];
  if (!p) throw new CoreError('invalid_input', `missing project file (usage: ${usage})`);
  return p;
}

async function cmdNew(client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { classes: { type: 'string' } } });
  const path = needProject(positionals, 'seislabel new P.seislabel --classes a,b,c');
  const classes = (values.classes ?? 'earthquake,tremor,noise,other').split(',').map((name) => ({ name: name.trim() })).filter((c) => c.name);
  const p = await client.call('projects.create', { path, classes });
  out.log(`created ${p.path} with classes ${classes.map((c) => c.name).join(', ')}`);
  return 0;
}

async function cmdImport(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { windowing, files, importLabels, labelColumn } = parseWindowingArgs(args);
  const [path, ...paths] = files;
  needProject(files, 'seislabel import P.seislabel FILES…');
  if (!paths.length) throw new CoreError('invalid_input', 'no files to import (usage: seislabel import P.seislabel FILES…)');
  await client.call('projects.open', { path: path! });
  const { taskId } = await client.call('imports.start', { paths, windowing, importLabels, labelColumn });
  const task = await core.tasks.wait(taskId);
  const result = task.result as { imported: { file: string; windows: number; streams: number; labels: number; warnings: string[] }[] } | undefined;
  for (const r of result?.imported ?? []) {
    out.log(`imported ${r.file}: ${r.streams} stream(s), ${r.windows} window(s)${r.labels ? `, ${r.labels} label(s)` : ''}`);
    for (const w of r.warnings) out.log(`  warning: ${w}`);
  }
  for (const e of task.errors) out.err(`error: ${e.message}`);
  if (task.status !== 'done') {
    out.err(`import ${task.status}: ${task.message}`);
    return 1;
  }
  return task.errors.length ? 1 : 0;
}

async function cmdInfo(client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  await client.call('projects.open', { path: needProject(positionals, 'seislabel info P.seislabel [--json]') });
  const info = await client.call('projects.info');
  if (values.json) {
    out.log(JSON.stringify(info, null, 2));
    return 0;
  }
  out.log(`project ${info.project.path} (schema ${info.project.schemaVersion})`);
  out.log(`sources: ${info.sources.length}`);
  for (const s of info.sources) out.log(`  ${s.name} [${s.format}] ${s.bytes} bytes${s.discontinuities ? `, ${s.discontinuities} gap/overlap(s)` : ''}`);
  out.log(`streams: ${info.streams.length}`);
  for (const s of info.streams) {
    const start = s.startTime === null ? 'no absolute time' : new Date(s.startTime).toISOString();
    out.log(`  ${s.streamId} ${s.samplingRate} Hz ${s.nSamples} samples from ${start}`);
  }
  out.log(`windows: ${info.windows}`);
  out.log(`labeled: ${info.labeled} (unsure ${info.unsure}, skipped ${info.skip})`);
  for (const c of info.perClass) out.log(`  ${c.name}: ${c.count}`);
  return 0;
}

async function cmdExport(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const [path, outFile] = positionals;
  needProject(positionals, 'seislabel export-labels P.seislabel out.csv');
  if (!outFile) throw new CoreError('invalid_input', 'missing output file (usage: seislabel export-labels P.seislabel out.csv)');
  await client.call('projects.open', { path: path! });
  const csv = labelsCsv(core.requireProject());
  writeFileSync(outFile, csv.text);
  out.log(`wrote ${csv.rows} label(s) to ${outFile}`);
  return 0;
}
