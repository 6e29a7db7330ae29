// Background tasks: progress reported as `task.progress` events, cancellable through an
// AbortSignal that the work checks between steps.
import { randomUUID } from 'node:crypto';
import { CoreError } from '../common/errors.js';

export type TaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** What the API shows of a task. */
export interface TaskInfo {
  id: string;
  kind: string;
  title: string;
  status: TaskStatus;
  done: number;
  total: number;
  message: string;
  errors: { file: string; message: string }[];
  result?: unknown;
}

/** Handed to the work: report progress, record per-item errors, check for cancel. */
export interface TaskContext {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  error(file: string, message: string): void;
}

export class TaskManager {
  private readonly tasks = new Map<string, { info: TaskInfo; abort: AbortController; promise: Promise<void> }>();

  constructor(private readonly emit: (info: TaskInfo) => void) {}

  /** Starts work in the background and returns its id at once. */
  start(kind: string, title: string, work: (ctx: TaskContext) => Promise<unknown>): TaskInfo {
    const info: TaskInfo = { id: randomUUID(), kind, title, status: 'running', done: 0, total: 0, message: 'starting', errors: [] };
    const abort = new AbortController();
    let lastEmit = 0;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const ctx: TaskContext = {
      signal: abort.signal,
      progress: (done, total, message) => {
        info.done = done;
        info.total = total;
        if (message !== undefined) info.message = message;
        const now = Date.now();
        // At most ~20 events a second: progress must not flood a WebSocket. A report that
        // falls inside the window is sent at its end (the latest one wins), so a screen never
        // keeps showing a step the work has already left.
        if (now - lastEmit > 50 || done === total) {
          lastEmit = now;
          if (trailing) clearTimeout(trailing);
          trailing = undefined;
          this.emit({ ...info });
        } else if (!trailing) {
          trailing = setTimeout(() => {
            trailing = undefined;
            if (info.status !== 'running') return;
            lastEmit = Date.now();
            this.emit({ ...info });
          }, 50 - (now - lastEmit) + 1);
          trailing.unref?.();
        }
      },
      error: (file, message) => {
        info.errors.push({ file, message });
        this.emit({ ...info });
      },
    };
    const promise = (async () => {
      try {
        info.result = await work(ctx);
        info.status = abort.signal.aborted ? 'cancelled' : 'done';
        info.message = abort.signal.aborted ? 'cancelled' : info.errors.length ? `finished with ${info.errors.length} error(s)` : 'finished';
      } catch (e) {
        const cancelled = abort.signal.aborted || (e instanceof CoreError && e.code === 'cancelled');
        info.status = cancelled ? 'cancelled' : 'failed';
        info.message = cancelled ? 'cancelled' : (e as Error).message;
      }
      if (trailing) clearTimeout(trailing);
      this.emit({ ...info });
    })();
    this.tasks.set(info.id, { info, abort, promise });
    this.emit({ ...info });
    return { ...info };
  }

  /** A task's current state. */
  get(id: string): TaskInfo {
    const t = this.tasks.get(id);
    if (!t) throw new CoreError('not_found', `no task with id ${id}`);
    return { ...t.info };
  }

  /** All tasks, newest first. */
  list(): TaskInfo[] {
    return [...this.tasks.values()].map((t) => ({ ...t.info })).reverse();
  }

  /** Asks a task to stop; it ends as `cancelled` at its next check. */
  cancel(id: string): void {
    const t = this.tasks.get(id);
    if (!t) throw new CoreError('not_found', `no task with id ${id}`);
    t.abort.abort();
  }

  /** Resolves when the task has ended (for the CLI and tests). */
  async wait(id: string): Promise<TaskInfo> {
    const t = this.tasks.get(id);
    if (!t) throw new CoreError('not_found', `no task with id ${id}`);
    await t.promise;
    return { ...t.info };
  }
}

/** Throws a `cancelled` error when the task was asked to stop. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CoreError('cancelled', 'cancelled by the user');
}

/** Lets the event loop breathe between chunks of synchronous work. */
export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
