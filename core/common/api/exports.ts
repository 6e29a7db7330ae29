import { z } from 'zod';
import { method } from './define.js';

/** What an export holds. */
export const ExportKind = z.enum(['seisbench', 'mseed', 'mseed3', 'sac', 'labels-csv', 'labels-json', 'model']);

export const exportsApi = {
  'exports.start': method(
    'Export a training set (SeisBench waveforms.hdf5 + metadata.csv in a .tar, or the windows as miniSEED 2, miniSEED 3 or SAC files + index.csv in a .tar), the current labels (CSV), every label and pick event (JSON) or the trained model (feature model JSON; CNN as TensorFlow.js model.json + weights.bin in a .tar), as a background task whose result can be downloaded.',
    z.object({
      kind: ExportKind,
      classes: z.array(z.string().min(1)).optional(),
      minConfidence: z.number().min(0).max(1).optional(),
      seed: z.number().int().optional(),
      /** Training sets and labels CSV: only gold windows, or only windows a person judged (not labels imported or from a model). */
      only: z.enum(['gold', 'reviewed']).optional(),
      /** kind model: which model version (the newest when absent). */
      modelId: z.number().int().positive().optional(),
    }),
    z.object({ taskId: z.string() }),
  ),
  'exports.read': method(
    'A piece of a finished export (base64), to save it where the user chooses.',
    z.object({ downloadId: z.string().regex(/^[0-9a-f-]{36}$/), offset: z.number().int().min(0), length: z.number().int().min(1).max(4 * 1024 * 1024) }),
    z.object({ base64: z.string(), total: z.number(), fileName: z.string() }),
  ),
  'exports.forget': method('Delete a downloaded export from the host.', z.object({ downloadId: z.string().regex(/^[0-9a-f-]{36}$/) }), z.object({ ok: z.literal(true) })),
};

/** The result of an export task. */
export interface ExportResult {
  downloadId: string;
  fileName: string;
  bytes: number;
  rows: number;
}
