import { z } from 'zod';
import { Id, method } from './define.js';
import { WindowingSchema, WindowNoticeSchema, WindowSummarySchema } from './schemas.js';

/** The result of a `windows.cut` task. */
export const WindowsCutResultSchema = z.object({ created: z.number(), skipped: z.number(), notices: z.array(WindowNoticeSchema) });
export type WindowsCutResult = z.output<typeof WindowsCutResultSchema>;

export const windowsApi = {
  'windows.list': method(
    'Windows of the project with their current labels, in order.',
    z.object({
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(100_000).default(1000),
      labeled: z.boolean().optional(),
      sourceId: Id.optional(),
    }),
    z.object({ total: z.number(), windows: z.array(WindowSummarySchema) }),
  ),
  'windows.get': method(
    'One window with its samples (base64 of little-endian float32, one string per channel).',
    z.object({ id: Id }),
    WindowSummarySchema.extend({ samples: z.array(z.string()) }),
  ),
  'windows.cut': method(
    'Cut the imported continuous streams into windows (fixed length and step, or around STA/LTA triggers) as a background task; windows already there are kept, not doubled. The task\'s result is a WindowsCutResult.',
    z.object({ windowing: WindowingSchema, sourceIds: z.array(Id).optional() }),
    z.object({ taskId: z.string() }),
  ),
};
