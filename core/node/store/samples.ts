// Float32 sample blobs: stored little-endian as SQLite BLOBs. Reading copies once into an
// aligned Float32Array (Node buffers from SQLite need not be 4-byte aligned).

/** The bytes of a Float32Array, as a Buffer view for SQLite (no copy). */
export const f32ToBlob = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Several channels concatenated into one blob [channel][sample]. */
export function channelsToBlob(channels: Float32Array[]): Buffer {
  const n = channels[0]?.length ?? 0;
  const out = new Float32Array(n * channels.length);
  channels.forEach((c, i) => out.set(c, i * n));
  return f32ToBlob(out);
}

/** A blob read from SQLite as a Float32Array (one copy, aligned). */
export function blobToF32(b: Buffer | Uint8Array): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Splits a [channel][sample] array into per-channel views. */
export function splitChannels(all: Float32Array, nChannels: number): Float32Array[] {
  const n = all.length / nChannels;
  return Array.from({ length: nChannels }, (_, c) => all.subarray(c * n, (c + 1) * n));
}
