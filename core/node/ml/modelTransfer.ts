// Models out and in: a project's trained model written as a file another project (or a
// script) can use — the feature model as a JSON document, the CNN in TensorFlow.js' layers
// format — and such a file read back, checked against the project it meets, and used to
// score that project's windows or stored as its newest model version.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../../common/errors.js';
import { computeFeatures, FEATURES } from '../../common/features/index.js';
import { featureModelFromJSON, type FeatureModel, type FeatureModelJSON } from '../../common/ml/featureModel.js';
import { featureModelDocument, readFeatureModelDocument, type ModelProvenance } from '../../common/ml/modelDocument.js';
import { paramShapes, type CnnArch } from '../../common/ml/cnnArch.js';
import { readTfjsLayersModel, tfjsLayersModel, weightsPathOf, WEIGHTS_FILE } from '../../common/ml/tfjsLayers.js';
import { untar } from '../exporters/tar.js';
import { FEATURE_SET, withContextOf } from '../store/features.js';
import { MODEL_INPUT_WIDTHS, modelInputColumns } from '../../common/features/stationContext.js';
import { getModel, insertModel, modelParams, type ModelRecord } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { blobToF32 } from '../store/samples.js';
import { throwIfCancelled, type TaskContext, yieldToLoop } from '../tasks.js';
import { CnnModel, defaultCnnOptions, type CnnOptions } from './cnn/model.js';
import { cnnInput } from './projectCnn.js';
import { ensureFeatures } from './projectModels.js';

const GENERATED_BY = 'Seislabel 0.1.0';
/** Model files larger than this are refused before being read (the default CNN is ~80 kB, a forest a few MB). */
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** A model file read and checked, ready to score windows. */
export type LoadedModel =
  | { kind: 'forest'; file: string; classes: string[]; featureSet: string; featureNames: string[]; model: FeatureModel; json: string; provenance: ModelProvenance }
  | { kind: 'cnn'; file: string; classes: string[]; arch: CnnArch; params: Float32Array[]; provenance: ModelProvenance };

/** The files of an exported model. */
export interface ModelFiles {
  kind: 'forest' | 'cnn';
  modelId: number;
  files: { name: string; bytes: Uint8Array }[];
}

function provenanceOf(store: ProjectStore, m: ModelRecord, classNames: string[]): ModelProvenance {
  const perClass: Record<string, number> = {};
  const labels = m.trainingSet.labels;
  for (const c of labels ?? []) {
    const name = classNames[m.classIds.indexOf(c)] ?? `class ${c}`;
    perClass[name] = (perClass[name] ?? 0) + 1;
  }
  const test = (m.metrics as { test?: { macro?: { f1?: number } } | null }).test;
  const imported = (m.metrics as { imported?: ModelProvenance }).imported;
  return {
    // An imported model keeps the provenance of the project that trained it.
    ...(imported ?? {
      project: store.info().name, modelId: m.id, trainedAt: new Date(m.createdAt).toISOString(), labelCount: m.trainingSet.train.length, labelsPerClass: perClass,
      seed: m.seed, backend: m.backend, heldOutMacroF1: test?.macro?.f1 ?? null, generatedBy: GENERATED_BY,
    }),
    exportedAt: new Date().toISOString(),
  };
}

/** The newest model (or model `id`) of a project as files: `<stem>-model.json`, or model.json + weights.bin. */
export function exportModelFiles(store: ProjectStore, id?: number): ModelFiles {
  const m = getModel(store.db, id);
  if (!m) throw new CoreError('not_found', 'the project has no trained model yet: train one first');
  const names = new Map(store.listClasses().map((c) => [c.id, c.name]));
  const classes = m.classIds.map((c) => names.get(c) ?? `class ${c}`);
  const provenance = provenanceOf(store, m, classes);
  const params = modelParams(store.db, m.id);
  if (m.kind === 'forest') {
    if (m.featureSet !== FEATURE_SET) throw new CoreError('conflict', `model ${m.id} was trained on feature set ${m.featureSet}, this version computes ${FEATURE_SET}: train it again before exporting`);
    const model = featureModelFromJSON(JSON.parse(params.toString('utf8')) as FeatureModelJSON);
    const doc = featureModelDocument(model, { classes, featureSet: m.featureSet, features: modelInputColumns(model.toJSON().features), provenance });
    return { kind: 'forest', modelId: m.id, files: [{ name: `${store.info().name}-model-${m.id}.json`, bytes: new TextEncoder().encode(JSON.stringify(doc)) }] };
  }
  if (m.kind !== 'cnn') throw new CoreError('invalid_input', `model ${m.id} is of kind ${m.kind}, which cannot be exported`);
  const { arch, params: p } = savedCnnParams(params);
  const broken = p.reduce((n, t) => n + t.filter((v) => !Number.isFinite(v)).length, 0);
  if (broken) throw new CoreError('conflict', `model ${m.id}: ${broken} of the CNN's weights are not finite numbers (its training went wrong): train it again (another seed) before exporting`);
  const { modelJson, weights } = tfjsLayersModel(arch, p, { classes, provenance, generatedBy: GENERATED_BY });
  return { kind: 'cnn', modelId: m.id, files: [{ name: 'model.json', bytes: new TextEncoder().encode(modelJson) }, { name: WEIGHTS_FILE, bytes: weights }] };
}

/** Architecture and canonical parameters of a CNN as projectCnn stores it (length-prefixed JSON + float32 weights). */
function savedCnnParams(blob: Buffer): { arch: CnnArch; params: Float32Array[] } {
  const n = blob.readUInt32LE(0);
  const meta = JSON.parse(blob.subarray(4, 4 + n).toString('utf8')) as { options: CnnOptions; classes: number };
  const arch: CnnArch = { channels: meta.options.channels, length: meta.options.length, classes: meta.classes, blocks: meta.options.blocks, dropout: meta.options.dropout };
  const floats = new Float32Array(Uint8Array.from(blob.subarray(4 + n)).buffer);
  let at = 0;
  const params = paramShapes(arch).map((s) => {
    const k = s.reduce((a, b) => a * b, 1);
    return floats.slice((at += k) - k, at);
  });
  return { arch, params };
}

function readBytes(path: string): Buffer {
  if (!existsSync(path)) throw new CoreError('not_found', `${path}: no such file`);
  const size = statSync(path).size;
  if (size > MAX_MODEL_BYTES) throw new CoreError('bad_file', `${basename(path)}: ${size} bytes is too large for a model file (at most ${MAX_MODEL_BYTES})`);
  return readFileSync(path);
}

const isTar = (b: Uint8Array) => b.length >= 512 && Buffer.from(b.subarray(257, 262)).toString('latin1') === 'ustar';
/** A JSON document starts with `{` after optional whitespace (and a UTF-8 byte order mark). */
const looksLikeJson = (b: Uint8Array) => /^(\uFEFF)?\s*\{/.test(Buffer.from(b.subarray(0, 64)).toString('utf8'));

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new CoreError('bad_file', `${file}: not a JSON model file (${(e as Error).message})`);
  }
}

/**
 * Reads a model from files: a feature-model .json; a CNN's model.json (its weights file beside
 * it or among `paths`); a folder holding model.json; or a .tar of either (as the app downloads them).
 */
export function readModelFiles(paths: string[]): LoadedModel {
  if (!paths.length) throw new CoreError('invalid_input', 'no model file given');
  const files = new Map<string, Uint8Array>();
  let main: string | null = null;
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      const mj = join(p, 'model.json');
      if (!existsSync(mj)) throw new CoreError('bad_file', `${p}: a folder without model.json`);
      main ??= mj;
      files.set(mj, readBytes(mj));
      continue;
    }
    const bytes = readBytes(p);
    // By content rather than name: a browser's download or an upload may have lost the extension.
    if (isTar(bytes)) {
      for (const [name, b] of untar(bytes)) {
        const full = join(p, name);
        files.set(full, b);
        if (name.endsWith('.json')) main ??= full;
      }
      if (!main) throw new CoreError('bad_file', `${basename(p)}: the archive holds no .json model file`);
      continue;
    }
    files.set(p, bytes);
    if (p.endsWith('.json') || looksLikeJson(bytes)) main ??= p;
  }
  if (!main) throw new CoreError('invalid_input', `no model file (JSON, or a .tar of one) among ${paths.map((p) => basename(p)).join(', ')}`);
  const name = basename(main);
  const data = parseJson(files.get(main)!, name);
  try {
    if ((data as { format?: unknown } | null)?.format === 'layers-model') {
      const wp = weightsPathOf(data, name);
      const wanted = join(dirname(main), wp);
      const weights = files.get(wanted) ?? [...files.entries()].find(([k]) => basename(k) === wp)?.[1] ?? (existsSync(wanted) ? readBytes(wanted) : null);
      if (!weights) throw new CoreError('bad_file', `${name} names weights file ${wp}, which is neither beside it nor among the files given`);
      const r = readTfjsLayersModel(data, weights, name);
      if (r.arch.channels !== 3) throw new Error(`${name}: field modelTopology.config.layers[0].batch_input_shape has ${r.arch.channels} channels, Seislabel's CNN reads 3 (Z, N, E)`);
      return { kind: 'cnn', file: name, classes: r.meta.classes, arch: r.arch, params: r.params, provenance: r.meta.provenance };
    }
    const { doc, model } = readFeatureModelDocument(data, name);
    return {
      kind: 'forest', file: name, classes: doc.classes, featureSet: doc.featureSet, featureNames: doc.features.map((f) => f.name),
      model, json: JSON.stringify(model.toJSON()), provenance: doc.provenance,
    };
  } catch (e) {
    if (e instanceof CoreError) throw e;
    throw new CoreError('bad_file', (e as Error).message);
  }
}

/** Refuses a feature model whose features are not the ones this version computes, naming the first difference. */
function checkFeatures(m: Extract<LoadedModel, { kind: 'forest' }>): void {
  // Models trained before the station context read the features alone, those before the
  // station ranks the features and floor: a prefix of today's input, so all are scored here.
  const ours = modelInputColumns(MODEL_INPUT_WIDTHS.includes(m.featureNames.length) ? m.featureNames.length : FEATURES.length).map((f) => f.name);
  if (m.featureSet === FEATURE_SET && m.featureNames.join(',') === ours.join(',')) return;
  const i = ours.findIndex((n, j) => m.featureNames[j] !== n);
  const where = i >= 0 ? `feature ${i + 1} is "${m.featureNames[i] ?? '(none)'}" in the model, "${ours[i]}" here` : `the model has ${m.featureNames.length} features, this version computes ${ours.length}`;
  throw new CoreError('conflict', `${m.file}: the model was trained on other features (feature set ${m.featureSet}, here ${FEATURE_SET}): ${where}`);
}

/**
 * Features of windows for scoring: the cached ones, others computed here and not stored (a
 * read-only project can be scored), rounded to float32 as the cache stores them, so a window
 * scores the same either way.
 */
function featuresOf(store: ProjectStore, ids: number[]): { data: Float64Array; rows: number; cols: number } {
  const F = FEATURES.length;
  const data = new Float64Array(ids.length * F);
  const get = store.db.prepare('SELECT value_blob FROM features WHERE window_id = ? AND feature_set = ?').pluck();
  const row = new Float64Array(F);
  ids.forEach((id, r) => {
    const b = get.get(id, FEATURE_SET) as Buffer | undefined;
    if (b) {
      data.set(blobToF32(b), r * F);
      return;
    }
    const w = store.loadWindow(id);
    computeFeatures({ channels: w.data, channelCodes: w.channels, samplingRate: w.samplingRate }, row);
    data.set(Float32Array.from(row), r * F);
  });
  return { data, rows: ids.length, cols: F };
}

/** A feature model's inputs: the features, beside their station context when the model was trained with it. */
function inputsOf(store: ProjectStore, ids: number[], width: number): { data: Float64Array; rows: number; cols: number } {
  const X = featuresOf(store, ids);
  if (width === FEATURES.length || !MODEL_INPUT_WIDTHS.includes(width)) return X;
  const withContext = withContextOf(store.db, ids, X, width);
  return { data: withContext.data as Float64Array, rows: withContext.rows, cols: withContext.cols };
}

/** Class probabilities of windows under a loaded model, N × K in the model's class order. */
export async function scoreWindows(store: ProjectStore, m: LoadedModel, ids: number[], ctx?: TaskContext): Promise<Float32Array> {
  const K = m.classes.length;
  const out = new Float32Array(ids.length * K);
  const chunk = m.kind === 'forest' ? 500 : 256;
  const cnn = m.kind === 'cnn' ? await loadCnn(m) : null;
  try {
    if (m.kind === 'forest') checkFeatures(m);
    for (let i = 0; i < ids.length; i += chunk) {
      if (ctx) throwIfCancelled(ctx.signal);
      const part = ids.slice(i, i + chunk);
      const p = cnn
        ? await cnn.predictProba(part.map((id) => { const w = store.loadWindow(id); return cnnInput(w.channels, w.data); }))
        : (m as Extract<LoadedModel, { kind: 'forest' }>).model.predictProba(inputsOf(store, part, (m as Extract<LoadedModel, { kind: 'forest' }>).featureNames.length));
      out.set(p, i * K);
      ctx?.progress(Math.min(i + chunk, ids.length), ids.length, `scoring ${Math.min(i + chunk, ids.length)} of ${ids.length} windows`);
      await yieldToLoop();
    }
  } finally {
    cnn?.dispose();
  }
  return out;
}

/** The CNN of a loaded model file, on the best backend here. */
async function loadCnn(m: Extract<LoadedModel, { kind: 'cnn' }>): Promise<CnnModel> {
  const options: CnnOptions = { ...defaultCnnOptions, channels: m.arch.channels, length: m.arch.length, blocks: m.arch.blocks, dropout: m.arch.dropout };
  const weights = new Uint8Array(m.params.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of m.params) {
    weights.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return CnnModel.load({ json: JSON.stringify({ format: 'seislabel-cnn-1', options, classes: m.arch.classes }), weights });
}

/**
 * Stores a loaded model as the project's newest version, with its predictions for every
 * window. Its classes must exist here (matched by name, in any order); a feature model's
 * features must be the ones this version computes.
 */
export async function importModel(store: ProjectStore, m: LoadedModel, ctx: TaskContext): Promise<ModelRecord> {
  const byName = new Map(store.listClasses().map((c) => [c.name, c.id]));
  const missing = m.classes.filter((c) => !byName.has(c));
  if (missing.length) {
    throw new CoreError('conflict', `${m.file}: the model's classes ${missing.map((c) => `"${c}"`).join(', ')} are not classes of this project (it has ${[...byName.keys()].map((c) => `"${c}"`).join(', ') || 'none'}): add them, or rename yours to match`);
  }
  if (m.kind === 'forest') checkFeatures(m);
  const all = store.windowIds();
  if (m.kind === 'forest') await ensureFeatures(store, ctx, all);
  const probs = await scoreWindows(store, m, all, ctx);
  throwIfCancelled(ctx.signal);
  let params: Uint8Array;
  if (m.kind === 'forest') params = new TextEncoder().encode(m.json);
  else {
    // Stored as projectCnn stores a trained CNN, so every view of a model reads it alike.
    const cnn = await loadCnn(m);
    const saved = cnn.save();
    cnn.dispose();
    const json = new TextEncoder().encode(saved.json);
    params = new Uint8Array(4 + json.length + saved.weights.length);
    new DataView(params.buffer).setUint32(0, json.length, true);
    params.set(json, 4);
    params.set(saved.weights, 4 + json.length);
  }
  const id = insertModel(store.db, {
    kind: m.kind, backend: `imported (${m.provenance.backend})`, seed: m.provenance.seed, classIds: m.classes.map((c) => byName.get(c)!),
    featureSet: m.kind === 'forest' ? m.featureSet : '',
    trainingSet: { train: [], validation: [], test: [] },
    metrics: { test: null, imported: m.provenance, nTrain: m.provenance.labelCount, note: `imported from ${m.file}: trained in project "${m.provenance.project}" on ${m.provenance.labelCount} labels (${m.provenance.trainedAt})` },
    trainMs: 0, params,
  }, { windowIds: all, probs });
  ctx.progress(1, 1, `model imported from ${m.file}`);
  return getModel(store.db, id)!;
}
