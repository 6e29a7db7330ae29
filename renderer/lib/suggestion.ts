// The model's suggested class for a window: the most probable class of the newest model,
// offered only when it is a class the annotator can still choose.
import type { LabelSuggestion } from '../../core/common/model.js';

/** A suggestion as shown beside a window. */
export interface Suggestion {
  classId: number;
  /** The model's probability of that class. */
  confidence: number;
  modelId: number;
}

/**
 * The suggestion from one window's probabilities (aligned with `classIds`), or null when
 * there are none or the most probable class is not among the active classes (archived
 * since the model was trained). Ties go to the first class, as the model's own argmax does.
 */
export function suggestionOf(probs: readonly number[] | null, classIds: readonly number[], modelId: number | null, active: ReadonlySet<number>): Suggestion | null {
  if (!probs || modelId === null || probs.length !== classIds.length || !probs.length) return null;
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
  const classId = classIds[best]!;
  return active.has(classId) && Number.isFinite(probs[best]) ? { classId, confidence: probs[best]!, modelId } : null;
}

/**
 * What a verdict records about the suggestion in view: none when none was shown for this
 * window; otherwise the suggestion, accepted only when the accept key (or button) gave it.
 */
export function provenance(shown: { windowId: number; suggestion: Suggestion } | null, windowId: number, accepted: boolean): LabelSuggestion | null {
  if (!shown || shown.windowId !== windowId) return null;
  return { ...shown.suggestion, accepted };
}
