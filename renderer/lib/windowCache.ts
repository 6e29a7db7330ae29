// Windows with their samples, fetched ahead of the cursor: by the time the annotator
// presses a key the next windows are already decoded (and pre-drawn by the trace stack).
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';
import type { WindowSummary } from '../../core/common/model.js';

/** A window with its raw samples, one Float32Array per channel. */
export interface LoadedWindow {
  summary: WindowSummary;
  data: Float32Array[];
}

const LIMIT = 24;

/** A small LRU of window fetches (promises, so concurrent asks share one request). */
export class WindowCache {
  private readonly entries = new Map<number, Promise<LoadedWindow>>();
  private readonly ready = new Map<number, LoadedWindow>();

  constructor(private readonly client: CoreClient) {}

  /** The window, fetched once. */
  get(id: number): Promise<LoadedWindow> {
    let p = this.entries.get(id);
    if (p) {
      this.entries.delete(id);
      this.entries.set(id, p);
      return p;
    }
    p = this.client.call('windows.get', { id }).then((w) => {
      const { samples, ...summary } = w;
      const loaded = { summary, data: samples.map(base64ToF32) };
      this.ready.set(id, loaded);
      return loaded;
    });
    p.catch(() => this.entries.delete(id));
    this.entries.set(id, p);
    while (this.entries.size > LIMIT) {
      const old = this.entries.keys().next().value!;
      this.entries.delete(old);
      this.ready.delete(old);
    }
    return p;
  }

  /** Puts a window's new picks into its cached copy, so a later draw shows them. */
  setPicks(id: number, picks: WindowSummary['picks']): void {
    const w = this.ready.get(id);
    if (w) w.summary = { ...w.summary, picks };
  }

  /** The window if it has already arrived (no waiting). */
  peek(id: number): LoadedWindow | undefined {
    return this.ready.get(id);
  }
}
