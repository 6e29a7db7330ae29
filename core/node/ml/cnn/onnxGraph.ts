// The CNN as an ONNX model (opset 17), built from its architecture and canonical parameters,
// for inference on ONNX Runtime (onnxEngine.ts). Same ops as the JS and tfjs engines:
// per block Conv1d ('same' zero padding, stride 1) → ReLU → MaxPool (size = stride, floor),
// then global average pool (the embedding), dense, softmax. Dropout is a training-time op
// and has no node here.
// The 1-D convolutions are written as 2-D ones on [N, C, 1, T] with 1 × k kernels (the same
// memory): ONNX Runtime's NCHWc layout optimisation rewrites 2-D Conv/MaxPool to its blocked
// AVX2/AVX-512 kernels and leaves 1-D Conv on im2col + GEMM. Measured with ORT 1.31 on the
// 2-core development machine, default blocks, 3 × 1250, batches of 32, one thread: 2-D form
// ≈ 2× the windows/s of the 1-D form (16–24 k vs 7–13 k windows per CPU second).
//
// Why a hand-written protobuf encoder: the graph needs six message types and three wire
// types (≈ 80 lines below). The npm packages that carry the ONNX schema are either on an old
// protobufjs major with no release since 2024 (onnx-proto) or a one-release pre-release
// sub-package of another project (onnx-buf); neither is worth a dependency for this.
import { embeddingSize, layerShapes, paramShapes, type CnnArch } from '../../../common/ml/cnnArch.js';

/** ONNX IR version 8 goes with opset 17 (ONNX 1.12), which every ONNX Runtime since 1.12 reads. */
const IR_VERSION = 8;
const OPSET = 17;
/** TensorProto.DataType.FLOAT. */
const FLOAT = 1;
/** AttributeProto.AttributeType INT and INTS. */
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** Names of the graph's input and outputs. */
export const onnxNames = { input: 'x', probs: 'probs', embedding: 'embedding' } as const;

/** Minimal protobuf writer: varints, length-delimited fields and nested messages. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly pending: number[] = [];
  private size = 0;

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.size += this.pending.length;
    this.pending.length = 0;
  }

  /** Unsigned varint; exact for every integer up to 2^53 (shapes and sizes never come near). */
  private varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`protobuf varint ${n} out of range`);
    while (n >= 0x80) {
      this.pending.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.pending.push(n);
  }

  private key(field: number, wire: 0 | 2): void {
    this.varint(field * 8 + wire);
  }

  /** int32/int64/enum field (wire type 0). */
  int(field: number, n: number): this {
    this.key(field, 0);
    this.varint(n);
    return this;
  }

  /** bytes field (wire type 2). */
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    this.flush();
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }

  /** string field, UTF-8. */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** Nested message field. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

// Field numbers from onnx.proto (ONNX 1.12).
const Model = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OpsetId = { domain: 1, version: 2 };
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const Attribute = { name: 1, i: 3, ints: 8, type: 20 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const ValueInfo = { name: 1, type: 2 };
const TypeP = { tensorType: 1 };
const TensorType = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dim = { value: 1, param: 2 };

interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes: a number is an INT, an array an INTS. */
  attrs?: Record<string, number | number[]>;
}

/** A float tensor's name, shape and values (little-endian raw data, as ONNX requires). */
function writeTensor(w: ProtoWriter, name: string, dims: number[], values: Float32Array): void {
  for (const d of dims) w.int(Tensor.dims, d);
  w.int(Tensor.dataType, FLOAT);
  w.string(Tensor.name, name);
  // Node on every platform we ship to is little-endian, so the array's bytes are ONNX's.
  w.bytes(Tensor.rawData, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** A float tensor value's name and shape; a string dimension is symbolic (the batch size). */
function writeValueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(ValueInfo.name, name);
  w.message(ValueInfo.type, (t) =>
    t.message(TypeP.tensorType, (tt) => {
      tt.int(TensorType.elemType, FLOAT);
      tt.message(TensorType.shape, (s) => {
        for (const d of dims) s.message(Shape.dim, (dw) => (typeof d === 'number' ? dw.int(Dim.value, d) : dw.string(Dim.param, d)));
      });
    }),
  );
}

function writeNode(w: ProtoWriter, n: OnnxNode, index: number): void {
  for (const i of n.inputs) w.string(Node.input, i);
  for (const o of n.outputs) w.string(Node.output, o);
  w.string(Node.name, `${n.op.toLowerCase()}${index}`);
  w.string(Node.opType, n.op);
  for (const [name, value] of Object.entries(n.attrs ?? {})) {
    w.message(Node.attribute, (a) => {
      a.string(Attribute.name, name);
      if (typeof value === 'number') {
        a.int(Attribute.type, ATTR_INT).int(Attribute.i, value);
      } else {
        a.int(Attribute.type, ATTR_INTS);
        for (const v of value) a.int(Attribute.ints, v);
      }
    });
  }
}

/**
 * Serialised ONNX model of the CNN with the given canonical parameters (paramShapes order).
 * Input `x` is [N, channels, 1, length]: the windows as they are stored, concatenated.
 * Outputs `probs` [N, classes] and `embedding` [N, D], the globally pooled last-block
 * activations.
 */
export function cnnOnnxModel(arch: CnnArch, params: Float32Array[]): Uint8Array {
  const shapes = paramShapes(arch);
  if (params.length !== shapes.length) throw new Error(`ONNX export: ${params.length} parameter arrays, the architecture has ${shapes.length}`);
  shapes.forEach((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    if (params[i]!.length !== n) throw new Error(`ONNX export: parameter ${i} holds ${params[i]!.length} values, shape [${s.join(', ')}] needs ${n}`);
  });
  const nodes: OnnxNode[] = [];
  let h: string = onnxNames.input;
  layerShapes(arch).forEach((_, i) => {
    const b = arch.blocks[i]!;
    const pad = (b.kernel - 1) / 2;
    nodes.push({ op: 'Conv', inputs: [h, `w${i}`, `b${i}`], outputs: [`conv${i}`], attrs: { kernel_shape: [1, b.kernel], pads: [0, pad, 0, pad], strides: [1, 1] } });
    nodes.push({ op: 'Relu', inputs: [`conv${i}`], outputs: [`relu${i}`] });
    h = `relu${i}`;
    if (b.pool > 1) {
      nodes.push({ op: 'MaxPool', inputs: [h], outputs: [`pool${i}`], attrs: { kernel_shape: [1, b.pool], strides: [1, b.pool] } });
      h = `pool${i}`;
    }
  });
  const nc = arch.blocks.length;
  nodes.push({ op: 'GlobalAveragePool', inputs: [h], outputs: ['gap'] });
  nodes.push({ op: 'Flatten', inputs: ['gap'], outputs: [onnxNames.embedding], attrs: { axis: 1 } });
  nodes.push({ op: 'Gemm', inputs: [onnxNames.embedding, 'wd', 'bd'], outputs: ['logits'], attrs: { transB: 1 } });
  nodes.push({ op: 'Softmax', inputs: ['logits'], outputs: [onnxNames.probs], attrs: { axis: 1 } });
  const names = [...arch.blocks.flatMap((_, i) => [`w${i}`, `b${i}`]), 'wd', 'bd'];

  const w = new ProtoWriter();
  w.int(Model.irVersion, IR_VERSION);
  w.string(Model.producerName, 'seislabel');
  w.message(Model.opsetImport, (o) => o.string(OpsetId.domain, '').int(OpsetId.version, OPSET));
  w.message(Model.graph, (g) => {
    nodes.forEach((n, i) => g.message(Graph.node, (nw) => writeNode(nw, n, i)));
    g.string(Graph.name, `seislabel-cnn-${nc}-blocks`);
    names.forEach((name, i) => {
      const s = shapes[i]!;
      // Conv weights [cout, cin, k] become [cout, cin, 1, k].
      const dims = s.length === 3 ? [s[0]!, s[1]!, 1, s[2]!] : s;
      g.message(Graph.initializer, (t) => writeTensor(t, name, dims, params[i]!));
    });
    g.message(Graph.input, (v) => writeValueInfo(v, onnxNames.input, ['N', arch.channels, 1, arch.length]));
    g.message(Graph.output, (v) => writeValueInfo(v, onnxNames.probs, ['N', arch.classes]));
    g.message(Graph.output, (v) => writeValueInfo(v, onnxNames.embedding, ['N', embeddingSize(arch)]));
  });
  return w.finish();
}
