// Shapes of the records the API returns (mirrors core/common/model.ts).
import { z } from 'zod';

export const PhasePickSchema = z.object({ phase: z.string(), offsetSeconds: z.number(), annotatorId: z.number().optional(), uncertaintySeconds: z.number().optional() });

/** One pick event: a phase's onset set (or removed: offsetSeconds null) by an annotator. */
export const PickEventSchema = z.object({
  id: z.number(),
  windowId: z.number(),
  annotatorId: z.number(),
  phase: z.string(),
  offsetSeconds: z.number().nullable(),
  uncertaintySeconds: z.number().nullable(),
  createdAt: z.number(),
});

export const ClassSchema = z.object({
  id: z.number(),
  name: z.string(),
  hotkey: z.string().nullable(),
  colour: z.string(),
  description: z.string(),
  position: z.number(),
  exampleWindowIds: z.array(z.number()),
});

export const NewClassSchema = z.object({
  name: z.string().min(1).max(80),
  hotkey: z.string().max(1).nullable().optional(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4').optional(),
  description: z.string().max(2000).optional(),
});

export const AnnotatorSchema = z.object({ id: z.number(), name: z.string(), kind: z.enum(['human', 'import', 'model']) });

export const CurrentLabelSchema = z.object({
  kind: z.enum(['class', 'unsure', 'skip']),
  classId: z.number().nullable(),
  annotatorId: z.number(),
  eventId: z.number(),
  listened: z.boolean(),
  consensus: z.object({ confidence: z.number(), votes: z.number(), method: z.enum(['majority', 'dawid-skene', 'gold']) }).optional(),
});

/** The model's suggestion shown beside a window when it was labeled. */
export const SuggestionSchema = z.object({
  classId: z.number().int().positive(),
  /** The model's probability of that class, 0–1. */
  confidence: z.number().min(0).max(1),
  modelId: z.number().int().positive(),
  /** True when the verdict was the accept key (Enter) on this suggestion. */
  accepted: z.boolean(),
});

export const LabelEventSchema = z.object({
  id: z.number(),
  windowId: z.number(),
  annotatorId: z.number(),
  kind: z.enum(['class', 'unsure', 'skip', 'undo']),
  classId: z.number().nullable(),
  listened: z.boolean(),
  undoes: z.number().nullable(),
  createdAt: z.number(),
  suggestion: SuggestionSchema.nullable(),
  provenance: z.object({
    personId: z.number().nullable(),
    role: z.enum(['owner', 'analyst', 'volunteer', 'reviewer']),
    view: z.enum(['full', 'volunteer']).nullable(),
    shownAt: z.number().nullable(),
    timeToLabelMs: z.number().nullable(),
    queryBatchId: z.number().nullable(),
    queryStrategy: z.string().nullable(),
    queryModelId: z.number().nullable(),
  }).nullable(),
});

export const SourceSchema = z.object({
  id: z.number(),
  path: z.string(),
  name: z.string(),
  format: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  importedAt: z.number(),
  warnings: z.array(z.string()),
  discontinuities: z.number(),
  complete: z.boolean(),
});

export const StreamSchema = z.object({
  id: z.number(),
  sourceId: z.number(),
  streamId: z.string(),
  samplingRate: z.number(),
  startTime: z.number().nullable(),
  nSamples: z.number(),
});

export const WindowSummarySchema = z.object({
  id: z.number(),
  sourceId: z.number().nullable(),
  origin: z.string(),
  network: z.string(),
  station: z.string(),
  location: z.string(),
  channels: z.array(z.string()),
  startTime: z.number().nullable(),
  samplingRate: z.number(),
  nSamples: z.number(),
  groupKey: z.string(),
  picks: z.array(PhasePickSchema),
  meta: z.record(z.string(), z.union([z.string(), z.number()])),
  label: CurrentLabelSchema.nullable(),
});

export const ProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number(),
  isDemo: z.boolean(),
});

/** How continuous streams are cut into windows. */
export const WindowingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.literal('fixed'),
    lengthSeconds: z.number().positive().max(3600),
    stepSeconds: z.number().positive().max(3600),
  }),
  z.object({
    mode: z.literal('trigger'),
    staSeconds: z.number().positive().default(0.5),
    ltaSeconds: z.number().positive().default(10),
    on: z.number().positive().default(3.5),
    off: z.number().positive().default(1.5),
    preSeconds: z.number().nonnegative().default(5),
    lengthSeconds: z.number().positive().max(3600).default(30),
    bandHz: z.tuple([z.number().positive(), z.number().positive()]).optional(),
  }),
]);

/** Why a stream group got no (or odd) windows, with a length that would fit (core/common/windowPlan.ts). */
export const WindowNoticeSchema = z.object({
  kind: z.enum(['too-short', 'few-samples', 'too-long', 'too-many', 'no-windows']),
  group: z.string(),
  message: z.string(),
  proposal: z.object({ lengthSeconds: z.number(), stepSeconds: z.number() }).optional(),
});

export const TaskSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  message: z.string(),
  errors: z.array(z.object({ file: z.string(), message: z.string() })),
  result: z.unknown().optional(),
});
