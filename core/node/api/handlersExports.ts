// Exports that a user downloads from the app (browser mode or desktop): the export runs as a
// background task into a folder of the host's, and the page reads the file back in pieces
// over the API (so it passes the host's message limit and needs no second way in) and saves
// it as a download. Files live in the Seislabel home's exports folder until forgotten, and
// at most a day.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ExportResult } from '../../common/api/exports.js';
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { labelsCsv } from '../exporters/labelsCsv.js';
import { labelsJson } from '../exporters/labelsJson.js';
import { exportSeisbench } from '../exporters/seisbenchExport.js';
import { tarFolder } from '../exporters/tar.js';
import { exportWaveforms } from '../exporters/waveformExport.js';
import { exportModelFiles } from '../ml/modelTransfer.js';
import type { TaskContext } from '../tasks.js';

type Domain = 'exports.start' | 'exports.read' | 'exports.forget';
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

const DAY_MS = 24 * 3600 * 1000;
const exportsDir = (core: Core) => join(core.homeDir, 'exports');

/** The one file of a finished export. */
function exportFile(core: Core, downloadId: string): string {
  const dir = join(exportsDir(core), downloadId);
  const name = existsSync(dir) ? readdirSync(dir).find((f) => !f.startsWith('.')) : undefined;
  if (!name) throw new CoreError('not_found', `no export ${downloadId} (it was downloaded and forgotten, or is more than a day old)`);
  return join(dir, name);
}

/** Removes exports older than a day: they were downloaded, or never will be. */
function sweep(core: Core): void {
  const root = exportsDir(core);
  if (!existsSync(root)) return;
  for (const d of readdirSync(root)) {
    const p = join(root, d);
    if (Date.now() - statSync(p).mtimeMs > DAY_MS) rmSync(p, { recursive: true, force: true });
  }
}

const TITLES = {
  seisbench: 'Export a SeisBench training set', mseed: 'Export the windows as miniSEED 2', mseed3: 'Export the windows as miniSEED 3', sac: 'Export the windows as SAC', 'labels-csv': 'Export the labels (CSV)', 'labels-json': 'Export every label and pick event (JSON)', model: 'Export the trained model',
} as const;

/** The model as one download: the feature model's JSON, or the CNN's model.json + weights.bin in a .tar. */
function exportModel(core: Core, dir: string, downloadId: string, modelId: number | undefined, ctx: TaskContext): ExportResult {
  const m = exportModelFiles(core.requireProject(), modelId);
  let fileName: string;
  let bytes: number;
  if (m.files.length === 1) {
    fileName = m.files[0]!.name;
    writeFileSync(join(dir, fileName), m.files[0]!.bytes);
    bytes = m.files[0]!.bytes.length;
  } else {
    const work = join(dir, '.work');
    mkdirSync(work);
    for (const f of m.files) writeFileSync(join(work, f.name), f.bytes);
    const name = `${stem(core)}-cnn-${m.modelId}`;
    fileName = `${name}.tar`;
    bytes = tarFolder(work, name, join(dir, fileName));
    rmSync(work, { recursive: true, force: true });
  }
  ctx.progress(1, 1, `model ${m.modelId} (${m.kind})`);
  return { downloadId, fileName, bytes, rows: 1 };
}

const stem = (core: Core) => basename(core.requireProject().path).replace(/\.seislabel$/, '');

export const exportHandlers: { [M in Domain]: H<M> } = {
  'exports.start': ({ kind, classes, minConfidence, seed, only, modelId }, core) => {
    const store = core.requireProject();
    sweep(core);
    const downloadId = randomUUID();
    const dir = join(exportsDir(core), downloadId);
    mkdirSync(dir, { recursive: true });
    const title = TITLES[kind];
    const task = core.tasks.start('export', title, async (ctx): Promise<ExportResult> => {
      if (kind === 'model') return exportModel(core, dir, downloadId, modelId, ctx);
      if (kind === 'mseed' || kind === 'mseed3' || kind === 'sac') {
        const work = join(dir, '.work');
        const r = await exportWaveforms(store, work, kind, { classes, minConfidence, only }, ctx);
        const name = `${stem(core)}-${kind}`;
        const bytes = tarFolder(work, name, join(dir, `${name}.tar`));
        rmSync(work, { recursive: true, force: true });
        return { downloadId, fileName: `${name}.tar`, bytes, rows: r.windows };
      }
      if (kind === 'seisbench') {
        const work = join(dir, '.work');
        const r = await exportSeisbench(store, work, { classes, minConfidence, seed, only }, ctx);
        const fileName = `${stem(core)}-seisbench.tar`;
        const bytes = tarFolder(work, `${stem(core)}-seisbench`, join(dir, fileName));
        rmSync(work, { recursive: true, force: true });
        return { downloadId, fileName, bytes, rows: r.windows };
      }
      const { text, rows } = kind === 'labels-csv' ? labelsCsv(store, { only }) : labelsJson(store);
      const fileName = `${stem(core)}-${kind === 'labels-csv' ? 'labels.csv' : 'label-events.json'}`;
      writeFileSync(join(dir, fileName), text);
      ctx.progress(1, 1, `${rows} rows`);
      return { downloadId, fileName, bytes: Buffer.byteLength(text), rows };
    });
    return { taskId: task.id };
  },
  'exports.read': ({ downloadId, offset, length }, core) => {
    const path = exportFile(core, downloadId);
    const total = statSync(path).size;
    const buf = Buffer.alloc(Math.max(0, Math.min(length, total - offset)));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, offset);
    } finally {
      closeSync(fd);
    }
    return { base64: buf.toString('base64'), total, fileName: basename(path) };
  },
  'exports.forget': ({ downloadId }, core) => {
    rmSync(join(exportsDir(core), downloadId), { recursive: true, force: true });
    return { ok: true as const };
  },
};
