// The volunteers' field guide: where a person stands (tutorial, practice on gold windows),
// the expert's class of a gold window after they labeled it, and the owner's settings.
import { z } from 'zod';
import { Id, method } from './define.js';

export const GuideSettingsSchema = z.object({ goldFeedback: z.boolean(), practiceWindows: z.number().int().min(0).max(50) });

const Status = z.object({
  tutorialDone: z.boolean(),
  practiceAssigned: z.boolean(),
  practice: z.array(z.object({ windowId: z.number(), labeled: z.boolean() })),
  goldFeedback: z.boolean(),
});

/** Only the owner names the annotator; everyone else is themselves (and may omit it). */
const Who = { annotatorId: Id.optional() };

export const guideApi = {
  'guide.status': method("Where a person stands in the field guide: tutorial done, their practice windows and which they labeled, and whether gold feedback is on.", z.object(Who), Status),
  'guide.finishTutorial': method('Record that a person went through the tutorial.', z.object(Who), Status),
  'guide.practice': method(
    "Hand a person their practice windows (gold windows they have not labeled, every class in turn), once; later calls return the same.",
    z.object({ ...Who, seed: z.number().int().nonnegative().optional() }),
    Status,
  ),
  'guide.feedback': method(
    "The expert's class of a gold window the person labeled — for a practice window, or any gold window when gold feedback is on; otherwise null.",
    z.object({ ...Who, windowId: Id }),
    z.object({ windowId: z.number(), expertClassId: z.number(), practice: z.boolean() }).nullable(),
  ),
  'guide.settings': method(
    'Whether volunteers hear the expert class after labeling a gold window outside practice, and how many practice windows a new volunteer gets; changes only what is given.',
    z.object({ goldFeedback: z.boolean().optional(), practiceWindows: z.number().int().min(0).max(50).optional() }),
    GuideSettingsSchema,
  ),
};
