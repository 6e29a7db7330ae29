// The model's prediction and its explanation, beside the verdict buttons: the side panel
// keeps this name and props; the content lives with the model dashboard.
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { PredictionPanel } from '../dashboard/PredictionPanel.js';

/** Props the side panel passes: the window on screen and the active classes. */
export interface PredictionSlotProps {
  window: WindowSummary | undefined;
  classes: ClassInfo[];
}

export function PredictionSlot({ window: w }: PredictionSlotProps) {
  return <PredictionPanel window={w} />;
}
