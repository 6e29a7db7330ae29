// Every window with where it came from, as table rows: the columns `seislabel windows --csv`
// prints and `seislabel predict` puts before its predictions, so outside tools can join them.
import type { ProjectStore } from '../store/project.js';

export const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Header and one row per window (in id order) of the windows' source metadata; a windowed set's row is `index`. */
export function windowTable(store: ProjectStore): { head: string[]; ids: number[]; rows: unknown[][] } {
  const sources = new Map(store.listSources().map((s) => [s.id, s]));
  const all = [];
  for (let offset = 0; ; offset += 1000) {
    const page = store.listWindows({ offset, limit: 1000 }).windows;
    all.push(...page);
    if (page.length < 1000) break;
  }
  // Metadata keys vary by source; each becomes a column.
  const keys = [...new Set(all.flatMap((w) => Object.keys(w.meta).filter((k) => k !== 'row')))].sort();
  const head = ['window', 'source', 'source_file', 'format', 'origin', 'index', 'network', 'station', 'location', 'channels', 'start_time', 'sampling_rate', 'n_samples', 'group', ...keys];
  const rows = all.map((w) => {
    const s = w.sourceId === null ? undefined : sources.get(w.sourceId);
    return [
      w.id, w.sourceId, s?.name, s?.format, w.origin, w.meta.row, w.network, w.station, w.location, w.channels.join(' '),
      w.startTime === null ? '' : new Date(w.startTime).toISOString(), w.samplingRate, w.nSamples, w.groupKey, ...keys.map((k) => w.meta[k]),
    ];
  });
  return { head, ids: all.map((w) => w.id), rows };
}
