import { z } from 'zod';
import { Id, method } from './define.js';
import { WindowSummarySchema } from './schemas.js';

export const streamsApi = {
  'streams.envelope': method(
    "Min/max envelope of a stream's samples between two times (seconds after its first sample), one pair per pixel column.",
    z.object({
      streamId: Id,
      startSeconds: z.number(),
      endSeconds: z.number(),
      width: z.number().int().positive().max(16_384),
    }),
    z.object({
      streamId: z.number(),
      startSeconds: z.number(),
      endSeconds: z.number(),
      samplingRate: z.number(),
      /** Base64 little-endian float32, `width` values each; NaN where the range lies outside the stream. */
      min: z.string(),
      max: z.string(),
    }),
  ),
  'windows.create': method(
    'Cut a new window from continuous streams between two times (seconds after the first stream\'s first sample).',
    z.object({
      streamIds: z.array(Id).min(1).max(12),
      startSeconds: z.number().nonnegative(),
      endSeconds: z.number().positive(),
    }),
    WindowSummarySchema,
  ),
};
