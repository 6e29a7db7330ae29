// Keeps the labeling store in step with the core while a labeling view (full or volunteer)
// is open: loads the project's windows (resuming where the annotator stopped), then applies
// labels and new windows as the core reports them, and re-chooses a query batch that was
// picked from a model older than the newest.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';

/** Loads and follows the project for this annotator; true until the first load ends. */
export function useLabelingSession(client: CoreClient, projectPath: string, annotatorId: number): boolean {
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    setLoading(true);
    const s = useLabelingStore.getState;
    void s().load(client, projectPath, annotatorId).finally(() => setLoading(false));
    const offLabels = client.on('labels.changed', (e) => s().applyRemote(e.windowId, e.current));
    const offWindows = client.on('windows.changed', () => void s().load(client, projectPath, annotatorId));
    const offModels = client.on('models.changed', () => s().onModelChanged(client));
    return () => {
      offLabels();
      offWindows();
      offModels();
    };
  }, [client, projectPath, annotatorId]);
  return loading;
}
