// `seislabel export model`, `seislabel import-model` and `seislabel predict`: a model trained
// in one project taken out, brought into another, or used to score a project's windows
// without changing it.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { csvCell, windowTable } from '../exporters/windowTable.js';
import { exportModelFiles, readModelFiles, scoreWindows } from '../ml/modelTransfer.js';

type Out = { log(s: string): void; err(s: string): void };

export const EXPORT_MODEL_USAGE = 'seislabel export model P.seislabel OUT [--id N]   (feature model: OUT.json or a folder; CNN: a folder for model.json + weights.bin)';
export const IMPORT_MODEL_USAGE = 'seislabel import-model P.seislabel MODEL.json|FOLDER|MODEL.tar';
export const PREDICT_USAGE = 'seislabel predict P.seislabel --model MODEL.json|FOLDER|MODEL.tar --out predictions.csv';

const need = (v: string | undefined, what: string, usage: string): string => {
  if (!v) throw new CoreError('invalid_input', `missing ${what} (usage: ${usage})`);
  return v;
};

/** Writes the project's newest model (or --id) as files. */
export async function exportModelCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { id: { type: 'string' } } });
  const path = need(positionals[0], 'project file', EXPORT_MODEL_USAGE);
  const target = need(positionals[1], 'output file or folder', EXPORT_MODEL_USAGE);
  const id = values.id === undefined ? undefined : Number(values.id);
  if (id !== undefined && !(Number.isInteger(id) && id > 0)) throw new CoreError('invalid_input', `--id must be a model id (see the model dashboard), got "${values.id}"`);
  await client.call('projects.open', { path, readonly: true });
  const m = exportModelFiles(core.requireProject(), id);
  const asFile = m.files.length === 1 && target.endsWith('.json') && !(existsSync(target) && statSync(target).isDirectory());
  if (asFile) writeFileSync(target, m.files[0]!.bytes);
  else {
    mkdirSync(target, { recursive: true });
    for (const f of m.files) writeFileSync(join(target, f.name), f.bytes);
  }
  const written = asFile ? target : m.files.map((f) => join(target, f.name)).join(' + ');
  out.log(`wrote model ${m.modelId} (${m.kind === 'cnn' ? 'CNN, TensorFlow.js layers format' : 'feature model, JSON'}) to ${written}`);
  return 0;
}

/** Imports a model file as the project's newest model version. */
export async function importModelCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const path = need(positionals[0], 'project file', IMPORT_MODEL_USAGE);
  if (positionals.length < 2) throw new CoreError('invalid_input', `missing model file (usage: ${IMPORT_MODEL_USAGE})`);
  await client.call('projects.open', { path });
  const { taskId } = await client.call('models.import', { paths: positionals.slice(1) });
  const t = await core.tasks.wait(taskId);
  if (t.status !== 'done') {
    out.err(`import-model ${t.status}: ${t.message}`);
    return 1;
  }
  const [m] = await client.call('models.list');
  out.log(`imported model ${m!.id} (${m!.kind}, ${m!.backend}); every window of ${path} is scored by it`);
  return 0;
}

/** Scores every window of a project with a model file and writes a CSV; the project is opened read-only. */
export async function predictCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { model: { type: 'string', multiple: true }, out: { type: 'string' } } });
  const path = need(positionals[0], 'project file', PREDICT_USAGE);
  const models = values.model ?? [];
  if (!models.length) throw new CoreError('invalid_input', `missing --model (usage: ${PREDICT_USAGE})`);
  const outFile = need(values.out, '--out', PREDICT_USAGE);
  const model = readModelFiles(models);
  await client.call('projects.open', { path, readonly: true });
  const store = core.requireProject();
  const table = windowTable(store);
  const probs = await scoreWindows(store, model, table.ids);
  const K = model.classes.length;
  const head = [...table.head, 'predicted', 'confidence', ...model.classes.map((c) => `p_${c}`)];
  const lines = [head.map(csvCell).join(',')];
  table.rows.forEach((r, i) => {
    const p = probs.subarray(i * K, (i + 1) * K);
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    lines.push([...r, model.classes[best], p[best]!.toFixed(6), ...Array.from(p, (v) => v.toFixed(6))].map(csvCell).join(','));
  });
  writeFileSync(outFile, `${lines.join('\n')}\n`);
  out.log(`wrote predictions of ${table.ids.length} window(s) by ${model.file} (${model.kind}; trained in "${model.provenance.project}" on ${model.provenance.labelCount} labels) to ${outFile}`);
  return 0;
}
