import { z } from 'zod';
import { method } from './define.js';
import { WindowingSchema } from './schemas.js';

export const importsApi = {
  'imports.start': method(
    'Import files (miniSEED 2/3, SAC, WAV, SeisBench/STEAD HDF5 or a windowed-array folder) as a background task; returns its task id.',
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      windowing: WindowingSchema.default({ mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }),
      /** Windowed-array sets: import their labels as events of the `import` annotator (false = an unlabeled pool). */
      importLabels: z.boolean().default(true),
      /** SeisBench/STEAD datasets: the metadata column whose values become classes (absent = unlabeled). */
      labelColumn: z.string().min(1).optional(),
    }),
    z.object({ taskId: z.string() }),
  ),
  'imports.upload': method(
    'Store a file sent by the browser beside the project so it can be imported; returns its path.',
    z.object({ name: z.string().min(1).max(255), base64: z.string() }),
    z.object({ path: z.string() }),
  ),
};
