// Events flow from the core to clients (the opposite way to method calls).
import { z } from 'zod';
import { CurrentLabelSchema, PhasePickSchema, TaskSchema } from './schemas.js';

export const events = {
  'task.progress': TaskSchema,
  /**
   * A window's project label changed because annotator `by` labeled or undid; `own` is that
   * person's own label now. Volunteers receive only their own changes, with `current` = `own`.
   */
  'labels.changed': z.object({ windowId: z.number(), current: CurrentLabelSchema.nullable(), by: z.number().optional(), own: CurrentLabelSchema.nullable().optional() }),
  'windows.changed': z.object({ total: z.number() }),
  /** A window's picks changed (set through any connection or, on a team database, any host); `picks` are its picks now. */
  'picks.changed': z.object({ windowId: z.number(), picks: z.array(PhasePickSchema) }),
  'project.changed': z.object({ path: z.string().nullable() }),
  'models.changed': z.object({ modelId: z.number() }),
  /** A refining map: base64 float32 x, y per point; window ids come with the first snapshot. */
  'map.progress': z.object({ taskId: z.string(), done: z.number(), total: z.number(), coords: z.string(), windowIds: z.array(z.number()).optional() }),
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
