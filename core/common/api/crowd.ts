// Many people labeling one project: the consensus of their labels, gold windows, how well
// they agree, and the windows an expert should look at again.
import { z } from 'zod';
import { Empty, Id, method, Ok } from './define.js';

const Method = z.enum(['majority', 'dawid-skene']);
const Matrix = z.array(z.array(z.number()));
/** A number that may be undefined (NaN) travels as null. */
const Num = z.number().nullable();

export const CrowdSettingsSchema = z.object({
  method: Method, votesPerWindow: z.number().int().min(1), retireAgreeing: z.number().int().min(1).nullable(), goldShare: z.number().min(0).max(1), leaseSeconds: z.number().int(),
});

export const crowdApi = {
  'consensus.get': method(
    "A window's consensus label with its confidence and method, the gold label if any, and every person's own current label of it.",
    z.object({ windowId: Id }),
    z.object({
      windowId: z.number(),
      label: z.object({ kind: z.enum(['class', 'unsure', 'skip']), classId: z.number().nullable(), confidence: z.number(), votes: z.number(), method: z.enum(['majority', 'dawid-skene', 'gold']) }).nullable(),
      gold: z.number().nullable(),
      retired: z.boolean(),
      labels: z.array(z.object({ annotatorId: z.number(), name: z.string(), kind: z.enum(['class', 'unsure', 'skip']), classId: z.number().nullable(), eventId: z.number() })),
    }),
  ),
  'consensus.settings': method(
    'How labels become the consensus (majority or Dawid–Skene), how many people should judge each window, when a window retires, the share of gold windows in volunteers\' queues and how long a handed-out window stays reserved; changes only what is given.',
    z.object({
      method: Method.optional(), votesPerWindow: z.number().int().min(1).max(1000).optional(), retireAgreeing: z.number().int().min(1).max(1000).nullable().optional(),
      /** Share (0–1) of each volunteer's queue made of gold windows they have not judged. */
      goldShare: z.number().min(0).max(1).optional(),
      /** Seconds a window handed to a person stays reserved for them. */
      leaseSeconds: z.number().int().min(10).max(86_400).optional(),
    }),
    CrowdSettingsSchema,
  ),
  'gold.set': method(
    "Mark a window as gold with the expert's class (it anchors the consensus), or unmark it with classId null.",
    z.object({ windowId: Id, classId: Id.nullable() }),
    Ok,
  ),
  'gold.list': method('The gold windows and their expert class.', Empty, z.array(z.object({ windowId: z.number(), classId: z.number() }))),
  'agreement.summary': method(
    "How well people agree: Cohen's kappa per pair, Fleiss' kappa overall and per class, Krippendorff's alpha, each person against the consensus and gold, flagged people and labels per hour.",
    z.object({ method: Method.optional(), minShared: z.number().int().min(1).default(1) }),
    z.object({
      method: Method,
      classes: z.array(z.object({ classId: z.number(), name: z.string() })),
      votes: z.number(),
      windows: z.number(),
      fleiss: z.object({ kappa: Num, perClass: z.array(Num), observed: Num, expected: Num, windows: z.number() }),
      krippendorffAlpha: Num,
      pairs: z.array(z.object({ annotatorA: z.number(), annotatorB: z.number(), shared: z.number(), observed: Num, kappa: Num })),
      annotators: z.array(z.object({
        annotatorId: z.number(),
        name: z.string(),
        votes: z.number(),
        /** Rows: consensus class, columns: the class the person gave (class order as in `classes`). */
        vsConsensus: z.object({ compared: z.number(), agreement: Num, kappa: Num, confusion: Matrix }),
        vsGold: z.object({ compared: z.number(), agreement: Num, kappa: Num, confusion: Matrix }),
        /** Labels look random or contrary (kappa against the others' majority below 0.1 over ≥ 20 votes). */
        flagged: z.boolean(),
        reliability: Num,
        labelsPerHour: Num,
      })),
      /** Each person's progress: verdicts given, gold windows judged and right (unsure or skip on gold counts as not right), windows held now. */
      progress: z.array(z.object({
        annotatorId: z.number(), name: z.string(), labels: z.number(), goldSeen: z.number(), goldCorrect: z.number(), goldAccuracy: Num, inFlight: z.number(),
      })),
    }),
  ),
  'review.contested': method(
    'The windows whose consensus is most in doubt (highest posterior entropy among windows with several votes), for an expert to settle.',
    z.object({ limit: z.number().int().min(1).max(10_000).default(50), minVotes: z.number().int().min(2).default(2) }),
    z.array(z.object({ windowId: z.number(), classId: z.number(), entropy: z.number(), confidence: z.number(), votes: z.number() })),
  ),
  'review.labelIssues': method(
    "Windows whose consensus label is probably wrong (confident learning on out-of-fold probabilities of the feature model), most suspicious first.",
    z.object({ limit: z.number().int().min(1).max(10_000).default(50), folds: z.number().int().min(2).max(20).default(5), seed: z.number().int().nonnegative().default(0) }),
    z.object({
      labeled: z.number(),
      issues: z.array(z.object({ windowId: z.number(), classId: z.number(), likelyClassId: z.number(), selfConfidence: z.number() })),
    }),
  ),
};
