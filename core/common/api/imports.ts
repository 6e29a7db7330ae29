import { z } from 'zod';
import { method } from './define.js';
import { WindowingSchema } from './schemas.js';

export const importsApi = {
  'imports.start': method(
    'Import files (miniSEED, SAC, WAV or a windowed-array folder) as a background task; returns its task id.',
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      windowing: WindowingSchema.default({ mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }),
    }),
    z.object({ taskId: z.string() }),
  ),
  'imports.upload': method(
    'Store a file sent by the browser beside the project so it can be imported; returns its path.',
    z.object({ name: z.string().min(1).max(255), base64: z.string() }),
    z.object({ path: z.string() }),
  ),
};
