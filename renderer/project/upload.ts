// Files picked in the browser reach the host in chunks (the core cannot read the browser's
// disk, and the host bounds the size of a message); the import and model panels share this.
import type { CoreClient } from '../../core/common/api/client.js';
import { UPLOAD_CHUNK_BYTES } from '../../core/common/api/imports.js';

/** A slice of the file's bytes as base64 (the data-URL prefix removed). */
function readBase64(file: File, start: number, end: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).slice(String(r.result).indexOf(',') + 1));
    r.onerror = () => reject(new Error(`${file.name}: cannot be read by the browser`));
    r.readAsDataURL(file.slice(start, end));
  });
}

/** Uploads one file in chunks (the host bounds the size of a message); returns its path on the host. */
export async function uploadFile(client: CoreClient, file: File): Promise<string> {
  for (let offset = 0; ; offset += UPLOAD_CHUNK_BYTES) {
    const end = Math.min(file.size, offset + UPLOAD_CHUNK_BYTES);
    const last = end >= file.size;
    const { path } = await client.call('imports.upload', { name: file.name, base64: await readBase64(file, offset, end), offset, last });
    if (last) return path;
  }
}
