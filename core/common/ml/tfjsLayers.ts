// The waveform CNN in TensorFlow.js' layers format (model.json + a binary weights file), the
// format tf.loadLayersModel reads in the browser and in Node, and that tensorflowjs_converter
// turns into Keras. The topology is written here rather than by tf.layers: building layers
// needs a tfjs backend, and switching the process's backend would disturb the training
// engines (see backend.ts). What the model needs around it — class names, the component
// order and the per-window preparation — is in userDefinedMetadata.seislabel.
import { z } from 'zod';
import { layerShapes, paramShapes, type CnnArch, type ConvBlock } from './cnnArch.js';
import { checkFormat, MODEL_FORMAT, MODEL_VERSION, ProvenanceSchema, zodProblem, type ModelProvenance } from './modelDocument.js';

/** Name of the weights file model.json points to. */
export const WEIGHTS_FILE = 'weights.bin';

const SeislabelMeta = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  kind: z.literal('cnn'),
  classes: z.array(z.string().min(1)).min(2),
  input: z.object({
    channels: z.array(z.string()).min(1),
    length: z.number().int().min(1),
    layout: z.string(),
    preparation: z.string(),
  }),
  provenance: ProvenanceSchema,
});
export type CnnMeta = z.infer<typeof SeislabelMeta>;

const WeightSpec = z.object({ name: z.string(), shape: z.array(z.number().int().min(1)), dtype: z.literal('float32') });
const Layer = z.object({ class_name: z.string(), config: z.record(z.string(), z.unknown()) });
const ModelJson = z.object({
  format: z.literal('layers-model'),
  modelTopology: z.object({ class_name: z.literal('Sequential'), config: z.object({ layers: z.array(Layer).min(3) }) }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(WeightSpec) })).length(1),
  userDefinedMetadata: z.object({ seislabel: z.unknown() }),
});

const PREPARATION = 'per channel: resample to `length` samples by averaging each output sample\'s source interval, subtract the channel mean; then divide all channels by the largest absolute value of any of them';

/** model.json text and the weights bytes of a CNN with canonical parameters (paramShapes layout). */
export function tfjsLayersModel(arch: CnnArch, params: Float32Array[], o: { classes: string[]; provenance: ModelProvenance; generatedBy: string }): { modelJson: string; weights: Uint8Array } {
  if (o.classes.length !== arch.classes) throw new Error(`${o.classes.length} class names for a CNN of ${arch.classes} classes`);
  const shapes = paramShapes(arch);
  const layers: unknown[] = [];
  const specs: z.infer<typeof WeightSpec>[] = [];
  const tensors: Float32Array[] = [];
  layerShapes(arch).forEach((s, i) => {
    const b = arch.blocks[i]!;
    const name = `conv${i + 1}`;
    layers.push({
      class_name: 'Conv1D',
      config: {
        name, filters: b.filters, kernel_size: [b.kernel], strides: [1], padding: 'same', dilation_rate: [1], activation: 'relu', use_bias: true, trainable: true, dtype: 'float32',
        ...(i === 0 ? { batch_input_shape: [null, arch.length, arch.channels] } : {}),
      },
    });
    // Canonical [cout, cin, k] → Keras [k, cin, cout].
    specs.push({ name: `${name}/kernel`, shape: [b.kernel, s.cin, s.cout], dtype: 'float32' }, { name: `${name}/bias`, shape: [s.cout], dtype: 'float32' });
    tensors.push(permute(params[2 * i]!, shapes[2 * i]!, [2, 1, 0]), params[2 * i + 1]!);
    if (b.pool > 1) layers.push({ class_name: 'MaxPooling1D', config: { name: `pool${i + 1}`, pool_size: [b.pool], strides: [b.pool], padding: 'valid', trainable: true } });
  });
  const n = 2 * arch.blocks.length;
  layers.push({ class_name: 'GlobalAveragePooling1D', config: { name: 'pooled', trainable: true } });
  layers.push({ class_name: 'Dropout', config: { name: 'dropout', rate: arch.dropout, noise_shape: null, seed: null, trainable: true } });
  layers.push({ class_name: 'Dense', config: { name: 'classes', units: arch.classes, activation: 'softmax', use_bias: true, trainable: true } });
  specs.push({ name: 'classes/kernel', shape: [shapes[n]![1]!, arch.classes], dtype: 'float32' }, { name: 'classes/bias', shape: [arch.classes], dtype: 'float32' });
  tensors.push(permute(params[n]!, shapes[n]!, [1, 0]), params[n + 1]!);
  const meta: CnnMeta = {
    format: MODEL_FORMAT, version: MODEL_VERSION, kind: 'cnn', classes: o.classes,
    input: { channels: ['Z', 'N or 1', 'E or 2'], length: arch.length, layout: '[batch, length, channels] (channels last); an absent component is all zeros', preparation: PREPARATION },
    provenance: o.provenance,
  };
  const doc = {
    format: 'layers-model',
    generatedBy: o.generatedBy,
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'seislabel_cnn', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
    userDefinedMetadata: { seislabel: meta },
  };
  const weights = new Uint8Array(tensors.reduce((a, t) => a + t.byteLength, 0));
  let at = 0;
  for (const t of tensors) {
    weights.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), at);
    at += t.byteLength;
  }
  return { modelJson: JSON.stringify(doc, null, 1), weights };
}

/** Transposes a row-major tensor of `shape` by `perm`. */
function permute(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(src.length);
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let s = 0;
    for (let d = 0; d < perm.length; d++) s += idx[d]! * strides[perm[d]!]!;
    out[o] = src[s]!;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** A CNN read back from model.json + weights: architecture, canonical parameters and metadata. */
export interface ReadCnn {
  arch: CnnArch;
  params: Float32Array[];
  meta: CnnMeta;
  /** The weights file model.json names. */
  weightsPath: string;
}

/** The weights file a model.json names (read before the weights, to find them). */
export function weightsPathOf(data: unknown, file: string): string {
  const p = ModelJson.safeParse(data);
  if (!p.success) throw new Error(`${file}: not a TensorFlow.js layers model of Seislabel's CNN: ${zodProblem(p.error, data)}`);
  const paths = p.data.weightsManifest[0]!.paths;
  if (paths.length !== 1 || /[/\\]/.test(paths[0]!)) throw new Error(`${file}: field weightsManifest[0].paths must name one file beside model.json (value ${JSON.stringify(paths)})`);
  return paths[0]!;
}

/** Validates a model.json (any JSON value) and its weights; errors name the file and the field. */
export function readTfjsLayersModel(data: unknown, weights: Uint8Array, file: string): ReadCnn {
  const weightsPath = weightsPathOf(data, file);
  const doc = ModelJson.parse(data);
  const metaRaw = doc.userDefinedMetadata.seislabel;
  checkFormat(metaRaw, `${file} (userDefinedMetadata.seislabel)`);
  const mp = SeislabelMeta.safeParse(metaRaw);
  if (!mp.success) throw new Error(`${file}: userDefinedMetadata.seislabel ${zodProblem(mp.error, metaRaw)}`);
  const meta = mp.data;
  const layers = doc.modelTopology.config.layers;
  const bad = (i: number, what: string, v: unknown) => new Error(`${file}: field modelTopology.config.layers[${i}] ${what} (value ${JSON.stringify(v)?.slice(0, 60)}); Seislabel reads only the CNN it writes`);
  const num = (v: unknown) => (Array.isArray(v) ? v[0] : v) as unknown;
  const blocks: ConvBlock[] = [];
  let i = 0;
  let input: unknown = null;
  for (; layers[i]?.class_name === 'Conv1D'; i++) {
    const c = layers[i]!.config;
    if (i === 0) input = c.batch_input_shape;
    const filters = c.filters;
    const kernel = num(c.kernel_size);
    if (!Number.isInteger(filters) || (filters as number) < 1) throw bad(i, 'filters must be a positive integer', filters);
    if (!Number.isInteger(kernel) || (kernel as number) % 2 !== 1) throw bad(i, 'kernel_size must be odd', c.kernel_size);
    if (c.padding !== 'same' || c.activation !== 'relu' || (num(c.strides) ?? 1) !== 1 || (num(c.dilation_rate) ?? 1) !== 1) throw bad(i, 'must be a stride-1, same-padded ReLU convolution', { padding: c.padding, activation: c.activation });
    let pool = 1;
    if (layers[i + 1]?.class_name === 'MaxPooling1D') {
      const p = layers[i + 1]!.config;
      pool = num(p.pool_size) as number;
      if (!Number.isInteger(pool) || pool < 1 || num(p.strides) !== pool || p.padding !== 'valid') throw bad(i + 1, 'must pool with stride = size and valid padding', p);
      i++;
    }
    blocks.push({ filters: filters as number, kernel: kernel as number, pool });
  }
  if (!blocks.length) throw bad(0, 'must be a Conv1D', layers[0]?.class_name);
  if (!Array.isArray(input) || input.length !== 3 || input[1] !== meta.input.length || !Number.isInteger(input[2]) || (input[2] as number) < 1) {
    throw bad(0, `batch_input_shape must be [null, ${meta.input.length}, channels]`, input);
  }
  if (layers[i]?.class_name !== 'GlobalAveragePooling1D') throw bad(i, 'must be GlobalAveragePooling1D', layers[i]?.class_name);
  i++;
  let dropout = 0;
  if (layers[i]?.class_name === 'Dropout') {
    const r = layers[i]!.config.rate;
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) throw bad(i, 'rate must be in [0, 1)', r);
    dropout = r;
    i++;
  }
  const dense = layers[i];
  if (dense?.class_name !== 'Dense' || dense.config.activation !== 'softmax' || dense.config.units !== meta.classes.length) {
    throw bad(i, `must be a softmax Dense layer of ${meta.classes.length} units (one per class)`, dense?.class_name);
  }
  if (i !== layers.length - 1) throw bad(i + 1, 'is one layer too many', layers[i + 1]!.class_name);
  const arch: CnnArch = { channels: input[2] as number, length: meta.input.length, classes: meta.classes.length, blocks, dropout };
  let shapes: number[][];
  try {
    shapes = paramShapes(arch);
    layerShapes(arch);
  } catch (e) {
    throw new Error(`${file}: modelTopology: ${(e as Error).message}`, { cause: e });
  }
  // Expected Keras shapes in manifest order: conv kernel [k, cin, cout], bias, dense kernel [D, K], bias.
  const nConv = blocks.length;
  const kerasShapes = shapes.map((s, j) => (j < 2 * nConv && j % 2 === 0 ? [s[2]!, s[1]!, s[0]!] : j === 2 * nConv ? [s[1]!, s[0]!] : s));
  const specs = doc.weightsManifest[0]!.weights;
  if (specs.length !== kerasShapes.length) throw new Error(`${file}: field weightsManifest[0].weights lists ${specs.length} tensors, the topology needs ${kerasShapes.length}`);
  specs.forEach((s, j) => {
    if (s.shape.join(',') !== kerasShapes[j]!.join(',')) throw new Error(`${file}: field weightsManifest[0].weights[${j}].shape (${s.name}) is [${s.shape.join(', ')}], the topology needs [${kerasShapes[j]!.join(', ')}]`);
  });
  const total = kerasShapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  if (weights.byteLength !== total * 4) throw new Error(`${weightsPath}: ${weights.byteLength} bytes, model.json describes ${total} float32 values (${total * 4} bytes)`);
  // A copy into a fresh buffer: a Node Buffer's slice() is a view of a larger (pooled) one.
  const floats = new Float32Array(Uint8Array.from(weights).buffer);
  const bad32 = floats.findIndex((v) => !Number.isFinite(v));
  if (bad32 >= 0) throw new Error(`${weightsPath}: value ${bad32} is ${floats[bad32]} (weights must be finite)`);
  let at = 0;
  const params = kerasShapes.map((ks, j) => {
    const n = ks.reduce((x, y) => x * y, 1);
    const t = floats.slice(at, at + n);
    at += n;
    if (j < 2 * nConv && j % 2 === 0) return permute(t, ks, [2, 1, 0]);
    if (j === 2 * nConv) return permute(t, ks, [1, 0]);
    return t;
  });
  return { arch, params, meta, weightsPath };
}
