// A minimal ustar writer, for handing a folder of exported files (a SeisBench training set:
// waveforms.hdf5 + metadata.csv) to a browser as one download. Tar rather than zip: it needs
// no compression library, and `tar -xf` reads it on Linux, macOS and Windows 10+.
import { closeSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 512;

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const put = (s: string, at: number, len: number) => h.write(s.slice(0, len), at, len, 'latin1');
  const octal = (v: number, len: number) => `${v.toString(8).padStart(len - 1, '0')}\0`;
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** Writes the files directly inside `dir` into a tar archive at `out` under `prefix/`. */
export function tarFolder(dir: string, prefix: string, out: string): number {
  const fd = openSync(out, 'w');
  let bytes = 0;
  const write = (b: Buffer) => {
    writeSync(fd, b);
    bytes += b.length;
  };
  try {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (!st.isFile()) continue;
      const entry = `${prefix}/${name}`;
      if (Buffer.byteLength(entry, 'latin1') > 100) throw new RangeError(`file name too long for tar: ${entry}`);
      write(header(entry, st.size, st.mtimeMs));
      const data = readFileSync(path);
      write(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) write(Buffer.alloc(pad, 0));
    }
    write(Buffer.alloc(2 * BLOCK, 0));
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** Reads a tar archive made by tarFolder: file name → contents. */
export function untar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let o = 0; o + BLOCK <= buf.length; ) {
    const name = buf.toString('latin1', o, o + 100).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(buf.toString('latin1', o + 124, o + 136).replace(/\0.*$/s, '').trim(), 8);
    out.set(name, buf.subarray(o + BLOCK, o + BLOCK + size));
    o += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
