// HDF5 access for SeisBench and STEAD/EQTransformer waveform files, through h5wasm (the HDF5
// C library compiled to WebAssembly: the same code runs in Node and in a browser, and needs
// no native build). This module knows the two ways traces are stored:
//  * SeisBench: `/data/bucketK` arrays of shape [N, ...trace dims], a trace named
//    `bucketK$i,:C,:W` (index into the first axis, then slices of the others);
//  * one dataset per trace, named by `trace_name`, anywhere in the file (STEAD's
//    `data/NAME`, EQTransformer's sample `earthquake/local/NAME`).
import { closeSync, openSync, readSync } from 'node:fs';
import type H5Wasm from 'h5wasm/node';
import { InputError } from '../../common/types.js';

type H5Lib = typeof H5Wasm;
export type H5File = InstanceType<H5Lib['File']>;
type H5Dataset = InstanceType<H5Lib['Dataset']>;
type H5Group = InstanceType<H5Lib['Group']>;

// Loaded on first use, so the rest of the importer (and the CLI) works where h5wasm is not installed.
let loaded: H5Lib | null = null;
const lib = (): H5Lib => {
  if (!loaded) throw new Error('h5wasm used before h5() loaded it');
  return loaded;
};

/** The h5wasm module, once its WebAssembly is compiled. */
export async function h5(): Promise<H5Lib> {
  if (!loaded) {
    try {
      const mod = (await import('h5wasm/node')).default;
      await mod.ready;
      loaded = mod;
    } catch (e) {
      throw new Error(`HDF5 support needs the h5wasm package (npm install): ${(e as Error).message}`, { cause: e });
    }
  }
  return loaded;
}

/** The first 8 bytes of a file (fewer when it is shorter). */
function head8(path: string): Uint8Array {
  const head = new Uint8Array(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/** True when the file at `path` starts with the HDF5 signature; false when unreadable. */
export function fileIsHdf5(path: string): boolean {
  try {
    return isHdf5(head8(path));
  } catch {
    return false;
  }
}

/** Opens an HDF5 file for reading; throws InputError naming the file when it is not HDF5. */
export async function openHdf5(path: string, name: string): Promise<H5File> {
  // Checked here because the HDF5 library answers a wrong file with pages of diagnostics on stderr.
  let head: Uint8Array;
  try {
    head = head8(path);
  } catch (e) {
    throw new InputError(name, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!isHdf5(head)) throw new InputError(name, 'is not an HDF5 file (no HDF5 signature at byte 0)');
  const h = await h5();
  const file = new h.File(path, 'r');
  if (file.file_id < 0n) throw new InputError(name, 'cannot be opened as HDF5');
  return file;
}

/** True when the first 8 bytes are the HDF5 signature (at offset 0; user blocks are rare here). */
export const isHdf5 = (bytes: Uint8Array): boolean =>
  bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a;

const scalar = (v: unknown): string | number | null => {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 1) return scalar((v as unknown as ArrayLike<number>)[0]);
  return null;
};

/**
 * The `data_format` of a SeisBench file: SeisBench writes it as a group of scalar datasets;
 * attributes on that group (or on the root) are read too. Empty when the file has none.
 */
export function readDataFormat(file: H5File): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const g = file.get('data_format');
  if (g instanceof lib().Group) {
    for (const key of g.keys()) {
      const item = g.get(key);
      const v = item instanceof lib().Dataset ? scalar(item.value) : null;
      if (v !== null) out[key] = v;
    }
    for (const [key, attr] of Object.entries(g.attrs)) {
      const v = scalar(attr.value);
      if (v !== null) out[key] ??= v;
    }
  }
  return out;
}

/** Attributes of a dataset as plain values (arrays joined with '|'). */
export function datasetAttrs(ds: H5Dataset): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, attr] of Object.entries(ds.attrs)) {
    const v = attr.value;
    const s = scalar(v);
    if (s !== null) out[key] = s;
    else if (ArrayBuffer.isView(v) || Array.isArray(v)) out[key] = Array.from(v as ArrayLike<number>, (x) => String(Number(x))).join('|');
  }
  return out;
}

/** A parsed `bucket$i,:c,:n` trace name. */
export interface BucketAddress {
  bucket: string;
  index: number;
  /** [start, stop) per remaining axis; stop null = to the end. */
  slices: Array<[number, number | null]>;
}

/** Parses SeisBench's bucket addressing; null when the name is not of that form. */
export function parseBucketName(name: string): BucketAddress | null {
  const m = /^([^$]+)\$(\d+)((?:,\s*-?\d*:?-?\d*)*)$/.exec(name.trim());
  if (!m) return null;
  const slices = m[3]!.split(',').slice(1).map((part): [number, number | null] => {
    const p = part.trim();
    if (!p.includes(':')) return [Number(p), Number(p) + 1];
    const [a, b] = p.split(':');
    return [a ? Number(a) : 0, b ? Number(b) : null];
  });
  return { bucket: m[1]!, index: Number(m[2]), slices };
}

/** One trace as stored: values in file order and the shape of the trace's own axes. */
export interface RawTrace {
  values: ArrayLike<number>;
  shape: number[];
  attrs: Record<string, string | number>;
}

/** Finds and reads traces by name; remembers where each dataset lives. */
export class TraceReader {
  private index: Map<string, string> | null = null;

  constructor(
    private readonly file: H5File,
    private readonly name: string,
  ) {}

  /** Reads the trace `traceName`; throws InputError naming the file and the trace. */
  read(traceName: string): RawTrace {
    const addr = parseBucketName(traceName);
    if (addr) return this.readBucket(addr, traceName);
    const path = this.locate(traceName);
    if (!path) throw new InputError(this.name, `trace "${traceName}" (from the metadata) is not in the file`);
    const ds = this.file.get(path) as H5Dataset;
    return { values: ds.value as ArrayLike<number>, shape: ds.shape ?? [], attrs: datasetAttrs(ds) };
  }

  private readBucket(addr: BucketAddress, traceName: string): RawTrace {
    const ds = this.file.get(`data/${addr.bucket}`) ?? this.file.get(addr.bucket);
    if (!(ds instanceof lib().Dataset)) throw new InputError(this.name, `trace "${traceName}": no dataset data/${addr.bucket}`);
    const shape = ds.shape ?? [];
    if (addr.index >= (shape[0] ?? 0)) throw new InputError(this.name, `trace "${traceName}": index ${addr.index} is outside data/${addr.bucket} of shape [${shape.join(', ')}]`);
    const ranges: Array<[number, number]> = [[addr.index, addr.index + 1]];
    for (let axis = 1; axis < shape.length; axis++) {
      const [a, b] = addr.slices[axis - 1] ?? [0, null];
      const stop = Math.min(b ?? shape[axis]!, shape[axis]!);
      if (a < 0 || a >= stop) throw new InputError(this.name, `trace "${traceName}": slice ${a}:${b ?? ''} is empty or outside axis ${axis} (size ${shape[axis]})`);
      ranges.push([a, stop]);
    }
    const values = ds.slice(ranges) as ArrayLike<number>;
    return { values, shape: ranges.slice(1).map(([a, b]) => b - a), attrs: {} };
  }

  private locate(traceName: string): string | null {
    for (const guess of [`data/${traceName}`, traceName]) {
      if (this.file.get(guess) instanceof lib().Dataset) return guess;
    }
    if (!this.index) this.index = this.walk(this.file, '');
    return this.index.get(traceName) ?? null;
  }

  /** Every dataset in the file by its own name; groups are walked once, lazily. */
  private walk(group: H5Group, prefix: string, out = new Map<string, string>()): Map<string, string> {
    for (const key of group.keys()) {
      const path = prefix ? `${prefix}/${key}` : key;
      const item = group.get(key);
      if (item instanceof lib().Group) this.walk(item, path, out);
      else if (item instanceof lib().Dataset && !out.has(key)) out.set(key, path);
    }
    return out;
  }
}
