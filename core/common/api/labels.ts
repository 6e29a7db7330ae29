import { z } from 'zod';
import { LABEL_VIEWS } from '../model.js';
import { Id, method } from './define.js';

/** A verdict given more than a day after its window was shown measures an idle screen, not labeling effort. */
export const MAX_TIME_TO_LABEL_MS = 86_400_000;
import { CurrentLabelSchema, LabelEventSchema, PhasePickSchema, PickEventSchema, SuggestionSchema } from './schemas.js';

export const labelsApi = {
  'labels.add': method(
    'Label a window with a class, or mark it unsure or skipped; with the model suggestion that was in view, if any.',
    z.object({
      windowId: Id,
      /** Only the owner names the annotator; everyone else labels as themselves (and may omit it). */
      annotatorId: Id.optional(),
      kind: z.enum(['class', 'unsure', 'skip']),
      classId: Id.nullable().optional(),
      listened: z.boolean().default(false),
      suggestion: SuggestionSchema.nullable().optional(),
      /** The labeling view the verdict was given in. */
      view: z.enum(LABEL_VIEWS).optional(),
      /** Milliseconds from the window being shown to this verdict, as the client measured it (at most a day). */
      timeToLabelMs: z.number().int().min(0).max(MAX_TIME_TO_LABEL_MS).optional(),
      /** The client's key for this verdict: a retry with the same key returns the first write instead of adding a vote. */
      idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'use 8–64 letters, digits, "_" or "-"').optional(),
    }),
    z.object({ event: LabelEventSchema, current: CurrentLabelSchema }),
  ),
  'labels.undo': method(
    "Undo the annotator's latest label that is still in effect.",
    z.object({ annotatorId: Id.optional() }),
    z.object({ undone: LabelEventSchema, windowId: z.number(), current: CurrentLabelSchema.nullable() }).nullable(),
  ),
  'labels.history': method('Every label event of a window, oldest first.', z.object({ windowId: Id }), z.array(LabelEventSchema)),
  'labels.mine': method(
    "The caller's own label events of a window (undo events included), oldest first: a person's history without anyone else's.",
    z.object({ windowId: Id, annotatorId: Id.optional() }),
    z.array(LabelEventSchema),
  ),
  'picks.set': method(
    "Place or move a phase onset (seconds after the window's first sample) in a window, or remove it (null); returns the window's picks.",
    z.object({
      windowId: Id,
      annotatorId: Id.optional(),
      phase: z.enum(['P', 'S']),
      offsetSeconds: z.number().finite().min(0).nullable(),
      uncertaintySeconds: z.number().finite().min(0).max(60).nullable().optional(),
    }),
    z.object({ picks: z.array(PhasePickSchema) }),
  ),
  'picks.history': method('Every pick event of a window, oldest first.', z.object({ windowId: Id }), z.array(PickEventSchema)),
};
