// The model's suggestion (Enter accepts it), its prediction and explanation, beside the
// verdict buttons: the side panel keeps this name and props; the explanation lives with
// the model dashboard.
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { PredictionPanel } from '../dashboard/PredictionPanel.js';
import { SuggestionBox } from './SuggestionBox.js';

/** Props the side panel passes: the window on screen and the active classes. */
export interface PredictionSlotProps {
  window: WindowSummary | undefined;
  classes: ClassInfo[];
  /** Labels the window with the suggested class, recorded as an accepted suggestion. */
  onAccept(classId: number): void;
}

export function PredictionSlot({ window: w, classes, onAccept }: PredictionSlotProps) {
  return (
    <>
      <SuggestionBox window={w} classes={classes} onAccept={onAccept} />
      <PredictionPanel window={w} />
    </>
  );
}
