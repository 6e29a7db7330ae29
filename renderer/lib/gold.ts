// Which class "mark as gold" gives a window: the expert's own label when they gave one
// (they may just have corrected the crowd, and the consensus may still say otherwise),
// else the project's label shown on screen. Pure, so it is tested without a browser.
import type { CurrentLabel } from '../../core/common/model.js';

/** One person's own label of a window, as `consensus.get` lists them. */
export interface OwnVote {
  annotatorId: number;
  kind: 'class' | 'unsure' | 'skip';
  classId: number | null;
}

/** The class to mark a window gold with, or null when neither the expert's label nor the project's names a class. */
export function goldClassFor(votes: OwnVote[] | null, expertId: number, shown: CurrentLabel | null | undefined): number | null {
  const own = votes?.find((v) => v.annotatorId === expertId);
  if (own) return own.kind === 'class' ? own.classId : null;
  return shown?.kind === 'class' ? shown.classId : null;
}
