// Cutting continuous traces into stored windows: used by an import (for the files just read,
// or the streams a crashed import left without windows) and by `windows cut`. The cut runs in
// the parse worker; here each chunk is written in its own short transaction, skipping windows
// the source already has, so a repeated or resumed cut never stores a window twice.
import { basename } from 'node:path';
import type { Trace } from '../../common/types.js';
import type { Windowing } from '../../common/windowingModes.js';
import { groupComponents } from '../../common/windowing.js';
import { groupName, type WindowNotice } from '../../common/windowPlan.js';
import { windowKey } from '../store/windows.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled } from '../tasks.js';
import type { ParsePool } from './parsePool.js';

/** A trace to cut, with the source it came from. */
export interface CutItem {
  trace: Trace;
  sourceId: number;
  /** Path or name of the source file: traces without absolute time only group within one file name pattern. */
  file: string;
}

/** What a cut did for one source. */
export interface SourceCut {
  created: number;
  skipped: number;
  notices: WindowNotice[];
}

export interface CutOptions {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
}

/** Cuts `items` into windows by `windowing` and stores them; returns what happened per source. */
export async function cutAndStore(store: ProjectStore, pool: ParsePool, items: CutItem[], windowing: Windowing, opts: CutOptions = {}): Promise<Map<number, SourceCut>> {
  const result = new Map<number, SourceCut>();
  const of = (id: number): SourceCut => {
    let r = result.get(id);
    if (!r) result.set(id, (r = { created: 0, skipped: 0, notices: [] }));
    return r;
  };
  for (const it of items) of(it.sourceId);
  if (windowing.mode === 'none' || items.length === 0) return result;
  const itemOf = new Map(items.map((it) => [it.trace, it]));
  // Components of one instrument in separate files share windows; files without absolute
  // time only join when their names differ just by the channel code.
  const groups = groupComponents(items.map((it) => it.trace), (t) => basename(itemOf.get(t)!.file).split(t.channel).join(''));
  const owners = groups.map((g) => itemOf.get(g.traces[0]![0]!)!.sourceId);
  const members = groups.map((g) => [...new Set(g.traces.flat().map((t) => itemOf.get(t)!.sourceId))]);
  const keys = new Map<number, Set<string>>();
  const keysOf = (id: number): Set<string> => {
    let k = keys.get(id);
    if (!k) keys.set(id, (k = store.windowKeys(id)));
    return k;
  };
  const origin = windowing.mode === 'trigger' ? 'trigger' : 'fixed';
  const perGroup = groups.map(() => 0);
  let total = 0;
  let done = 0;
  let cutOk: boolean[] = [];
  for await (const event of pool.cut(groups, windowing)) {
    if (opts.signal) throwIfCancelled(opts.signal);
    if (event.type === 'plans') {
      event.plans.forEach((p, g) => {
        for (const id of members[g]!) of(id).notices.push(...p.notices);
      });
      cutOk = event.plans.map((p) => p.cut);
      total = event.plans.reduce((a, p) => a + p.count, 0);
      continue;
    }
    if (event.type !== 'windows') continue;
    const owner = owners[event.group]!;
    const known = keysOf(owner);
    const r = of(owner);
    store.transaction(() => {
      for (const w of event.windows) {
        const key = windowKey(w.startTime, w.data[0]?.length ?? 0, w.channels, w.meta);
        perGroup[event.group]!++;
        if (known.has(key)) {
          r.skipped++;
          continue;
        }
        store.insertWindow({ ...w, sourceId: owner, origin });
        known.add(key);
        r.created++;
      }
    });
    done += event.windows.length;
    opts.progress?.(done, Math.max(total, done), `cutting windows: ${done} of ${Math.max(total, done)}`);
  }
  // A group whose settings were accepted but gave no window is said so, never left silent.
  groups.forEach((g, i) => {
    if (!cutOk[i] || perGroup[i]! > 0) return;
    const name = groupName(g);
    const message = windowing.mode === 'trigger'
      ? `${name}: no STA/LTA trigger fired, so no window was cut; try a lower "on" threshold or fixed windows`
      : `${name}: no window covers the data completely (gaps shorter than the window everywhere), so no window was cut`;
    for (const id of members[i]!) of(id).notices.push({ kind: 'no-windows', group: name, message });
  });
  return result;
}
