// The model as the labeling screen sees it: the newest version with its backend and
// held-out score, the training task while one runs, the retrain interval and the query
// strategies. Everything arrives through events; nothing here blocks labeling.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import type { ModelSummary } from '../lib/reasons.js';

type Task = Output<'tasks.get'>;
/** One entry of `al.strategies`. */
export type StrategyInfo = Output<'al.strategies'>[number];

interface ModelState {
  newest: ModelSummary | null;
  versions: number;
  /** The training task while it runs (or the last one, when it failed or was cancelled). */
  training: Task | null;
  retrainEvery: number | null;
  /** On a team host: whether this host trains the team's models, and which host does. */
  trainer: Output<'al.settings'>['trainer'];
  strategies: StrategyInfo[];
  /** Whether successive versions still change their predictions on unlabeled windows. */
  stopping: Output<'al.stoppingHint'> | null;
  /** Which model serves the queue (forest, CNN or their average) and why. */
  serving: Output<'models.serving'>;
  error: string | null;
  /** Loads the state and follows `models.changed` / `task.progress`; returns the unsubscribe. */
  watch(client: CoreClient): () => void;
  refresh(client: CoreClient): Promise<void>;
  setRetrainEvery(client: CoreClient, n: number): Promise<void>;
  /** Starts a training task now (the "train now" button): the feature model or the CNN. */
  train(client: CoreClient, kind?: 'forest' | 'cnn'): Promise<void>;
  /** Asks the running training task to stop; it ends as cancelled and stores no model. */
  cancelTraining(client: CoreClient): Promise<void>;
}

export const useModelStore = create<ModelState>((set, get) => ({
  newest: null,
  versions: 0,
  training: null,
  retrainEvery: null,
  trainer: null,
  strategies: [],
  stopping: null,
  serving: null,
  error: null,
  watch: (client) => {
    void get().refresh(client);
    void client.call('al.strategies').then((strategies) => set({ strategies })).catch(() => undefined);
    const offModels = client.on('models.changed', () => void get().refresh(client));
    const offTasks = client.on('task.progress', (t) => {
      if (t.kind !== 'train') return;
      // A finished task disappears from the status; a failed or cancelled one stays with its message.
      set({ training: t.status === 'done' ? null : t });
    });
    return () => {
      offModels();
      offTasks();
    };
  },
  refresh: async (client) => {
    try {
      // The settings too: on a team host the trainer may have changed since the last model.
      const [list, stopping, serving, settings] = await Promise.all([client.call('models.list'), client.call('al.stoppingHint'), client.call('models.serving'), client.call('al.settings', {})]);
      set({ newest: list[0] ?? null, versions: list.length, stopping, serving, retrainEvery: settings.retrainEvery, trainer: settings.trainer, error: null });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  setRetrainEvery: async (client, n) => {
    try {
      const s = await client.call('al.settings', { retrainEvery: n });
      set({ retrainEvery: s.retrainEvery, trainer: s.trainer, error: null });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  train: async (client, kind = 'forest') => {
    try {
      const { taskId } = await client.call('models.train', { kind });
      const t = await client.call('tasks.get', { id: taskId });
      if (t.status === 'running') set({ training: t, error: null });
      else if (t.status === 'failed') set({ training: t });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
  cancelTraining: async (client) => {
    const t = get().training;
    if (t?.status !== 'running') return;
    try {
      await client.call('tasks.cancel', { id: t.id });
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },
}));
