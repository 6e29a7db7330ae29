// Where an invited volunteer stands in the field guide: the tutorial first (what each class
// looks and sounds like), then practice on gold windows with the expert's answer after each,
// then labeling. The core remembers the steps, so another device or a reload resumes them.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';

export type GuideStatus = Output<'guide.status'>;
export type GuideStage = 'loading' | 'tutorial' | 'practice' | 'labeling';

interface GuideState {
  status: GuideStatus | null;
  stage: GuideStage;
  /** The tutorial was opened again from the labeling view (it then returns there). */
  revisiting: boolean;
  error: string | null;
  load(client: CoreClient): Promise<void>;
  /** Leaves the tutorial: recorded as done, practice windows handed out, practice begins. */
  startPractice(client: CoreClient): Promise<void>;
  finishPractice(): void;
  openTutorial(): void;
  closeTutorial(): void;
}

/** The step a status calls for: tutorial, practice while a practice window is unlabeled, else labeling. */
export function stageOf(s: GuideStatus): GuideStage {
  if (!s.tutorialDone) return 'tutorial';
  if (!s.practiceAssigned || s.practice.some((p) => !p.labeled)) return 'practice';
  return 'labeling';
}

export const useGuideStore = create<GuideState>((set) => ({
  status: null,
  stage: 'loading',
  revisiting: false,
  error: null,
  load: async (client) => {
    try {
      const status = await client.call('guide.status', {});
      set({ status, stage: stageOf(status), error: null });
    } catch (e) {
      // The guide must never lock a volunteer out of labeling.
      set({ stage: 'labeling', error: `the field guide is not available: ${(e as Error).message}` });
    }
  },
  startPractice: async (client) => {
    try {
      await client.call('guide.finishTutorial', {});
      const status = await client.call('guide.practice', {});
      set({ status, stage: stageOf(status), error: null });
    } catch (e) {
      set({ error: `cannot start the practice: ${(e as Error).message}` });
    }
  },
  finishPractice: () => set({ stage: 'labeling' }),
  openTutorial: () => set({ stage: 'tutorial', revisiting: true }),
  // The tutorial is opened again only from the labeling view, so it returns there.
  closeTutorial: () => set({ stage: 'labeling', revisiting: false }),
}));
