// Background retraining: after every N new labels (a project setting) the feature model is
// retrained in a task; labeling never waits for it, and only one training runs at a time.
import type { Core } from '../core.js';
import type { ModelRecord } from '../store/models.js';
import { trainForest } from './projectModels.js';
import { trainCnn } from './projectCnn.js';

export const DEFAULT_RETRAIN_EVERY = 10;

/** The project's retrain interval (labels); 0 means only on request. */
export function retrainEvery(core: Core): number {
  const v = core.project?.getMeta('retrain_every');
  return v === null || v === undefined ? DEFAULT_RETRAIN_EVERY : Number(v);
}

export class Retrainer {
  private running: string | null = null;
  private sinceLast = 0;
  /** Other team hosts' training requests, answered by the model of the training running or next. */
  private requests: string[] = [];

  constructor(private readonly core: Core) {}

  /**
   * Starts a training task now (or returns the one running). On a team host that does not
   * train, asks the team's trainer instead (`request` is such a request, received).
   */
  train(seed = 0, kind: 'forest' | 'cnn' = 'forest', request?: string): string {
    const team = this.core.team;
    if (team && !team.status.trainer) return team.requestTraining(kind, seed);
    if (request) this.requests.push(request);
    if (this.running) return this.running;
    const store = this.core.requireProject();
    this.sinceLast = 0;
    const title = kind === 'cnn' ? 'Train the CNN on waveforms' : 'Train the feature model';
    const save = team?.modelSaver(() => this.requests.splice(0));
    const task = this.core.tasks.start('train', title, async (ctx) => {
      try {
        const m: ModelRecord = kind === 'cnn' ? await trainCnn(store, ctx, seed, undefined, save) : await trainForest(store, ctx, seed, save);
        this.core.emit('models.changed', { modelId: m.id });
        return { modelId: m.id };
      } catch (e) {
        const req = this.requests.splice(0);
        if (team && req.length) await team.store.announce({ t: 'trainFailed', req, message: (e as Error).message }).catch(() => {});
        throw e;
      } finally {
        this.running = null;
        // A request that came after the model was stored still wants one.
        if (this.requests.length) this.train(seed, kind);
      }
    });
    this.running = task.id;
    return task.id;
  }

  /** Counts a new label and retrains when the interval is reached (on a team host, only the trainer does). */
  noteLabel(): void {
    const every = retrainEvery(this.core);
    this.sinceLast++;
    const team = this.core.team;
    if (team && !team.status.trainer) return;
    if (every > 0 && this.sinceLast >= every && !this.running) {
      try {
        this.train();
      } catch {
        // Not enough classes labeled yet: try again after the next labels.
      }
    }
  }

  /** Forgets the count (a project was opened). */
  reset(): void {
    this.sinceLast = 0;
  }
}
