import { z } from 'zod';
import { method } from './define.js';
import { WindowingSchema } from './schemas.js';

/** Largest chunk of an upload, in bytes (base64 makes it a third larger on the wire). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export const importsApi = {
  'imports.start': method(
    'Import files (miniSEED, SAC, WAV or a windowed-array folder) as a background task; returns its task id.',
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      windowing: WindowingSchema.default({ mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }),
      /** Windowed-array sets: import their labels as events of the `import` annotator (false = an unlabeled pool). */
      importLabels: z.boolean().default(true),
    }),
    z.object({ taskId: z.string() }),
  ),
  'imports.upload': method(
    'Store a file sent by the browser beside the project so it can be imported, in chunks of up to 4 MiB sent in order; returns its path.',
    z.object({
      name: z.string().min(1).max(255),
      /** One chunk: at most UPLOAD_CHUNK_BYTES bytes, so a message stays under the host's size limit. */
      base64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
      /** Where this chunk starts in the file: 0 for the first (which starts the file afresh). */
      offset: z.number().int().nonnegative().default(0),
      /** Whether this is the file's last chunk (the file appears under its name only then). */
      last: z.boolean().default(true),
    }),
    z.object({ path: z.string(), received: z.number() }),
  ),
};
