import { z } from 'zod';
import { method } from './define.js';
import { WindowingSchema } from './schemas.js';

/** FDSN codes: letters, digits, wildcards * and ?, lists with commas; "--" is the empty location. */
const Code = z.string().max(64).regex(/^[\w*?,-]*$/, 'letters, digits, * ? , and - only');

const Query = z.object({
  /** A data-centre name (IRIS, GFZ, ORFEUS, ETH, INGV, RESIF, NCEDC, SCEDC…) or a base URL (owner at the host only). */
  service: z.string().min(1).max(500),
  network: Code.min(1),
  station: Code.min(1),
  /** Empty asks for the blank location code; * for any. */
  location: Code.default('*'),
  channel: Code.min(1),
  /** ISO times, UTC when no zone is given. */
  start: z.string().min(1).max(40),
  end: z.string().min(1).max(40),
});

export const FdsnChannelSchema = z.object({
  network: z.string(),
  station: z.string(),
  location: z.string(),
  channel: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  elevation: z.number().nullable(),
  depth: z.number().nullable(),
  sampleRate: z.number().nullable(),
  start: z.number(),
  end: z.number().nullable(),
});

export const fetchApi = {
  'fetch.stations': method(
    'List the channels an FDSN data centre holds for network, station, location and channel codes over a time range (fdsnws-station).',
    Query.extend({ timeoutSeconds: z.number().min(1).max(600).default(60) }),
    z.array(FdsnChannelSchema),
  ),
  'fetch.start': method(
    'Fetch miniSEED from an FDSN data centre (fdsnws-dataselect) in chunks, cached beside the project, and import it as a background task; returns its task id.',
    Query.extend({
      windowing: WindowingSchema.default({ mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }),
      /** Length of one request per channel: shorter means finer progress, resume and retries. */
      chunkSeconds: z.number().int().min(60).max(7 * 86400).default(3600),
      /** Per request, headers and body together. */
      timeoutSeconds: z.number().min(0.1).max(3600).default(60),
      /** Cache folder on the host (owner at the host only); default: beside the project. */
      cacheDir: z.string().min(1).optional(),
    }),
    z.object({ taskId: z.string() }),
  ),
};
