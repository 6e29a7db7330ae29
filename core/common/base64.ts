// Samples travel as base64 of little-endian float32: ~4/3 of the binary size, against ~3x
// for JSON numbers, and decoded without parsing numbers.

/** Base64 of a Float32Array's bytes. */
export function f32ToBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}

/** A Float32Array from base64 of its little-endian bytes. */
export function base64ToF32(b64: string): Float32Array {
  const s = atob(b64);
  const out = new Float32Array(s.length / 4);
  const bytes = new Uint8Array(out.buffer);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return out;
}

/** The bytes that base64 encodes. */
export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
