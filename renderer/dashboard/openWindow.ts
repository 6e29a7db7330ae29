// Opening a window on the labeling screen from a chart or list: the labeling store resumes
// at the remembered window when its screen mounts, in project order.
import { openInOrder } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';

/** Shows window `id` on the labeling screen. */
export function openWindow(id: number): void {
  const s = useSessionStore.getState();
  if (!s.project) return;
  openInOrder(s.project.path, id);
  s.setScreen('label');
}
