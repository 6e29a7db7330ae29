// Label writes from many connections share one transaction. Each label is durable when it is
// acknowledged (synchronous=FULL), and that fsync, not the work of a label, is what limited a
// host serving a crowd: 200 volunteers' labels were committed one by one, each waiting for the
// disk. Writes arriving within a couple of milliseconds now commit together (as PostgreSQL's
// commit_delay groups commits); every caller is still answered only after the commit, and a
// label that fails (a bad window, a reused key) is rolled back alone, to its savepoint.
import type { ProjectStore } from '../store/project.js';

interface Pending {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** Writes queued for one project, committed together. */
export class GroupCommit {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `delayMs`: how long the first write waits for company; `max`: a group this large commits at once. */
  constructor(private readonly store: ProjectStore, private readonly delayMs = 2, private readonly max = 256) {}

  /** Runs `fn` inside the next group's transaction; resolves with its result once that is committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  /** Commits what is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const group = this.pending.splice(0);
    if (!group.length) return;
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.store.transaction(() => {
        for (const p of group) {
          // Each write runs in its own savepoint (its db.transaction nests): a failure undoes it alone.
          try {
            results.push({ ok: true, value: this.store.transaction(p.run) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (e) {
      // The commit itself failed (disk full, file gone): nothing of the group was written.
      for (const p of group) p.reject(e);
      return;
    }
    group.forEach((p, i) => {
      const r = results[i]!;
      if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }
}

const groups = new WeakMap<ProjectStore, GroupCommit>();

/** The group commit of a project's label writes. */
export function groupCommitOf(store: ProjectStore): GroupCommit {
  let g = groups.get(store);
  if (!g) groups.set(store, (g = new GroupCommit(store)));
  return g;
}
