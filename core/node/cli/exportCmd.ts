// `seislabel export FORMAT P.seislabel OUT…`: training-set exports, run as a task so the
// same code reports progress and can be cancelled when the app starts it.
import { parseArgs } from 'node:util';
import type { CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { EXPORT_ONLY, type ExportFilter, type ExportOnly } from '../exporters/exportSelection.js';
import { exportSeisbench } from '../exporters/seisbenchExport.js';
import { exportWaveforms, WAVEFORM_FORMATS, type WaveformFormat } from '../exporters/waveformExport.js';
import type { ProjectStore } from '../store/project.js';

type Out = { log(s: string): void; err(s: string): void };

export const EXPORT_USAGE = 'seislabel export seisbench|mseed|mseed3|sac P.seislabel OUT/ [--classes a,b] [--min-confidence 0.5] [--only gold|reviewed] [--seed 1 (seisbench)]';

/** The --only option: gold windows, or windows a person judged. */
export function parseOnly(v: string | undefined): ExportOnly | undefined {
  if (v === undefined) return undefined;
  if (!(EXPORT_ONLY as readonly string[]).includes(v)) throw new CoreError('invalid_input', `--only must be gold or reviewed, got "${v}"`);
  return v as ExportOnly;
}

/** Runs an export command; returns the exit code. */
export async function exportCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { classes: { type: 'string' }, 'min-confidence': { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' } },
  });
  const [format, project, outDir] = positionals;
  const waveform = (WAVEFORM_FORMATS as readonly string[]).includes(format ?? '');
  if (format !== 'seisbench' && !waveform) throw new CoreError('invalid_input', `unknown export format "${format ?? ''}" (usage: ${EXPORT_USAGE})`);
  if (!project || !outDir) throw new CoreError('invalid_input', `missing project or output folder (usage: ${EXPORT_USAGE})`);
  const minConfidence = values['min-confidence'] === undefined ? 0 : Number(values['min-confidence']);
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new CoreError('invalid_input', `--min-confidence must be between 0 and 1, got "${values['min-confidence']}"`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new CoreError('invalid_input', `--seed must be an integer, got "${values.seed}"`);
  const only = parseOnly(values.only);
  await client.call('projects.open', { path: project });
  const classes = values.classes?.split(',').map((c) => c.trim()).filter(Boolean);
  const store = core.requireProject();
  if (waveform) return exportWaveformsCommand(core, store, format as WaveformFormat, outDir, { classes, minConfidence, only }, out);
  const task = core.tasks.start('export', `Export SeisBench to ${outDir}`, (ctx) => exportSeisbench(store, outDir, { classes, minConfidence, seed, only }, ctx));
  const done = await core.tasks.wait(task.id);
  if (done.status !== 'done') {
    out.err(`export ${done.status}: ${done.message}`);
    return 1;
  }
  const r = done.result as Awaited<ReturnType<typeof exportSeisbench>>;
  out.log(`wrote ${r.windows} window(s) to ${outDir}/waveforms.hdf5 + metadata.csv (train ${r.train}, dev ${r.dev}, test ${r.test}; split grouped by station, seed ${seed})`);
  return 0;
}

async function exportWaveformsCommand(core: Core, store: ProjectStore, format: WaveformFormat, outDir: string, filter: ExportFilter, out: Out): Promise<number> {
  const task = core.tasks.start('export', `Export ${format} to ${outDir}`, (ctx) => exportWaveforms(store, outDir, format, filter, ctx));
  const done = await core.tasks.wait(task.id);
  for (const e of done.errors) out.err(`${e.file}: ${e.message}`);
  if (done.status !== 'done') {
    out.err(`export ${done.status}: ${done.message}`);
    return 1;
  }
  const r = done.result as Awaited<ReturnType<typeof exportWaveforms>>;
  out.log(`wrote ${r.windows} window(s) as ${r.files} ${format === 'sac' ? 'SAC' : format === 'mseed' ? 'miniSEED 2' : 'miniSEED 3'} file(s) + index.csv to ${outDir}${r.skipped ? `; ${r.skipped} window(s) left out (see above)` : ''}`);
  return 0;
}
