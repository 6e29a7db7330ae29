// The `seislabel` command line, over the same core and API contract as the app.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient, type CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import type { WindowsCutResult } from '../../common/api/windows.js';
import type { ImportResult } from '../../common/importResult.js';
import type { WindowNotice } from '../../common/windowPlan.js';
import { inProcessTransport } from '../api/inProcess.js';
import { Core } from '../core.js';
import { labelsCsv } from '../exporters/labelsCsv.js';
import { parseWindowingArgs, WINDOWING_HELP } from './windowingArgs.js';

const HELP = `seislabel — label seismic windows with active learning

Usage:
  seislabel new P.seislabel [--classes earthquake,tremor,noise,other]
  seislabel import P.seislabel FILES… [--window 30 --step 15 | --trigger [--sta 0.5 --lta 10 --on 3.5 --off 1.5 --pre 5 --length 30] | --no-windows] [--no-labels] [--label-column NAME]
  seislabel fetch P.seislabel --service NAME|URL --network N --station S [--location L] --channel C --start ISO --end ISO [--cache DIR] [--chunk SECONDS] [--timeout SECONDS] [--window 30 --step 15]
  seislabel windows cut P.seislabel [--window 30 --step 15 | --trigger …] [--source ID…]
  seislabel windows P.seislabel --csv [--out FILE]   (every window id with its source metadata)
  seislabel info P.seislabel [--json]
  seislabel import-labels P.seislabel FILE [--format csv|zooniverse] [--window-field NAME]
  seislabel consensus P.seislabel [--method majority|dawid-skene] --out consensus.csv
  seislabel export-labels P.seislabel out.csv [--only gold|reviewed]
  seislabel export seisbench P.seislabel OUT/ [--classes a,b] [--min-confidence 0.5] [--only gold|reviewed] [--seed 1]
  seislabel export mseed|mseed3|sac P.seislabel OUT/ [--classes a,b] [--min-confidence 0.5] [--only gold|reviewed]
  seislabel export model P.seislabel OUT [--id N]   (feature model: OUT.json; CNN: folder of model.json + weights.bin)
  seislabel import-model P.seislabel MODEL.json|FOLDER|MODEL.tar
  seislabel predict P.seislabel --model MODEL.json|FOLDER|MODEL.tar --out predictions.csv
  seislabel serve [P.seislabel] [--port 5173] [--host 127.0.0.1] [--allow-host NAME]… [--no-auth (loopback only)]
  seislabel team push P.seislabel postgres://…   |   seislabel team pull postgres://… OUT.seislabel --from P.seislabel
  seislabel simulate --data DIR --strategy NAME[,NAME…]|all --model forest|cnn|forest+cnn|linear|ensemble [--seeds 10 --initial 6 --batch 6 --budget 120 --test-fraction 0.3 --group-by COLUMN --start app|random --out FILE.json]

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
      case 'fetch': {
        const { fetchCommand, FETCH_HELP } = await import('./fetchCmd.js');
        if (rest.includes('--help')) {
          out.log(FETCH_HELP);
          return 0;
        }
        return await fetchCommand(core, client, rest, out);
      }
      case 'windows':
        return await cmdWindows(core, client, rest, out);
      case 'info':
        return await cmdInfo(client, rest, out);
      case 'export-labels':
        return await cmdExport(core, client, rest, out);
      case 'import-labels': {
        const { importLabelsCommand } = await import('./crowdCmds.js');
        return await importLabelsCommand(core, client, rest, out);
      }
      case 'consensus': {
        const { consensusCommand } = await import('./crowdCmds.js');
        return await consensusCommand(core, client, rest, out);
      }
      case 'import-model': {
        const { importModelCommand } = await import('./modelCmds.js');
        return await importModelCommand(core, client, rest, out);
      }
      case 'predict': {
        const { predictCommand } = await import('./modelCmds.js');
        return await predictCommand(core, client, rest, out);
      }
      case 'export': {
        if (rest[0] === 'model') {
          const { exportModelCommand } = await import('./modelCmds.js');
          return await exportModelCommand(core, client, rest.slice(1), out);
        }
        const { exportCommand } = await import('./exportCmd.js');
        return await exportCommand(core, client, rest, out);
      }
      case 'team': {
        const { teamCommand } = await import('./teamCmd.js');
        return await teamCommand(rest, out);
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
  const result = task.result as ImportResult | undefined;
  for (const r of result?.imported ?? []) {
    out.log(`${r.completed ? 'completed' : 'imported'} ${r.file}: ${r.streams} stream(s), ${r.windows} window(s)${r.labels ? `, ${r.labels} label(s)` : ''}`);
    for (const w of r.warnings) out.log(`  warning: ${w}`);
    for (const g of r.gaps) out.log(`  ${g.kind}: ${g.streamId} ${g.seconds.toFixed(3)} s at ${new Date(g.at).toISOString()}`);
    if (r.gapCount > r.gaps.length) out.log(`  … and ${r.gapCount - r.gaps.length} more gap(s)/overlap(s)`);
    logNotices(out, path!, r.notices, r.sourceId);
  }
  for (const e of task.errors) out.err(`error: ${e.message}`);
  if (task.status !== 'done') {
    out.err(`import ${task.status}: ${task.message}`);
    return 1;
  }
  return task.errors.length ? 1 : 0;
}

/** Windowing notices, each with the command that re-cuts with the proposed length. */
function logNotices(out: Out, project: string, notices: WindowNotice[], sourceId?: number): void {
  for (const n of notices) {
    out.log(`  note: ${n.message}`);
    if (n.proposal) {
      const only = sourceId ? ` --source ${sourceId}` : '';
      out.log(`    to re-cut: seislabel windows cut ${project} --window ${n.proposal.lengthSeconds} --step ${n.proposal.stepSeconds}${only}`);
    }
  }
}

async function cmdWindows(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'cut' && args.includes('--csv')) {
    const { windowsCsvCommand } = await import('./crowdCmds.js');
    return windowsCsvCommand(core, client, args, out);
  }
  if (sub !== 'cut') throw new CoreError('invalid_input', `unknown windows command "${sub ?? ''}" (usage: seislabel windows cut P.seislabel --window S --step S [--source ID…])`);
  // --source may be repeated; parseWindowingArgs does not know it, so it is taken out first.
  const sourceIds: number[] = [];
  const left: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] !== '--source') {
      left.push(rest[i]!);
      continue;
    }
    const id = Number(rest[++i]);
    if (!Number.isInteger(id) || id <= 0) throw new CoreError('invalid_input', `--source must be a source id (see seislabel info), got "${rest[i] ?? ''}"`);
    sourceIds.push(id);
  }
  const { windowing, files } = parseWindowingArgs(left);
  const path = needProject(files, 'seislabel windows cut P.seislabel --window S --step S');
  await client.call('projects.open', { path });
  const { taskId } = await client.call('windows.cut', { windowing, ...(sourceIds.length ? { sourceIds } : {}) });
  const task = await core.tasks.wait(taskId);
  if (task.status !== 'done') {
    out.err(`windows cut ${task.status}: ${task.message}`);
    return 1;
  }
  const r = task.result as WindowsCutResult;
  out.log(`cut ${r.created} new window(s)${r.skipped ? `; ${r.skipped} were already there` : ''}`);
  logNotices(out, path, r.notices);
  return 0;
}

async function cmdInfo(client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  await client.call('projects.open', { path: needProject(positionals, 'seislabel info P.seislabel [--json]'), readonly: true });
  const info = await client.call('projects.info');
  if (values.json) {
    out.log(JSON.stringify(info, null, 2));
    return 0;
  }
  out.log(`project ${info.project.path} (schema ${info.project.schemaVersion})`);
  out.log(`sources: ${info.sources.length}`);
  for (const s of info.sources) {
    const unfinished = s.complete ? '' : ' — import unfinished: import the file again to complete it';
    out.log(`  #${s.id} ${s.name} [${s.format}] ${s.bytes} bytes${s.discontinuities ? `, ${s.discontinuities} gap/overlap(s)` : ''}${unfinished}`);
  }
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
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { only: { type: 'string' } } });
  const { parseOnly } = await import('./exportCmd.js');
  const only = parseOnly(values.only);
  const [path, outFile] = positionals;
  needProject(positionals, 'seislabel export-labels P.seislabel out.csv');
  if (!outFile) throw new CoreError('invalid_input', 'missing output file (usage: seislabel export-labels P.seislabel out.csv)');
  await client.call('projects.open', { path: path!, readonly: true });
  const csv = labelsCsv(core.requireProject(), { only });
  writeFileSync(outFile, csv.text);
  out.log(`wrote ${csv.rows} label(s) to ${outFile}`);
  return 0;
}
