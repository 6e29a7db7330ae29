// The labels CSV: one row per labeled window with its current label, where it came from, the
// model suggestion the annotator had in view (empty when none was shown) and the provenance
// of the label event behind it: role, view, when shown and labeled, and the query batch that
// chose the window (empty for imported labels and labels older than provenance).
import type { LabelEventInfo } from '../../common/model.js';
import type { ProjectStore } from '../store/project.js';
import { onlyWindows, type ExportOnly } from './exportSelection.js';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Role, view, shown and labeled time, time to label and the choosing batch of one event (empty cells when unknown). */
function provenanceCells(e: LabelEventInfo | undefined, iso: (t: number | null | undefined) => string): unknown[] {
  const p = e?.provenance;
  return [p?.role, p?.view, iso(p?.shownAt), iso(e?.createdAt), p?.timeToLabelMs, p?.queryStrategy, p?.queryBatchId, p?.queryModelId];
}

/** The current labels of a project as CSV text; `only` keeps gold windows, or those a person judged. */
export function labelsCsv(store: ProjectStore, opts: { only?: ExportOnly } = {}): { text: string; rows: number } {
  const only = opts.only ? onlyWindows(store, opts.only) : null;
  const gold = store.goldWindows();
  const classes = new Map(store.listClasses().map((c) => [c.id, c.name]));
  const annotators = new Map(store.listAnnotators().map((a) => [a.id, a.name]));
  const labels = store.allCurrentLabels();
  const suggestions = store.currentSuggestions();
  const header = ['window_id', 'label', 'annotator', 'listened', 'network', 'station', 'location', 'channels', 'start_time_utc', 'sampling_rate_hz', 'n_samples', 'group', 'source',
    'suggested_label', 'suggestion_confidence', 'suggestion_model', 'suggestion_accepted', 'gold',
    'role', 'view', 'shown_at_utc', 'labeled_at_utc', 'time_to_label_ms', 'query_strategy', 'query_batch', 'query_model'];
  const events = store.eventsById([...labels.values()].map((l) => l.eventId));
  const iso = (t: number | null | undefined) => (t == null ? '' : new Date(t).toISOString());
  const sources = new Map(store.listSources().map((s) => [s.id, s.name]));
  const lines = [header.join(',')];
  let rows = 0;
  const page = 5000;
  for (let offset = 0; ; offset += page) {
    const { windows } = store.listWindows({ offset, limit: page, labeled: true });
    for (const w of windows) {
      if (only && !only.has(w.id)) continue;
      const l = labels.get(w.id)!;
      const name = l.kind === 'class' ? (classes.get(l.classId!) ?? `class ${l.classId}`) : l.kind;
      const sug = suggestions.get(w.id);
      lines.push([w.id, name, annotators.get(l.annotatorId) ?? l.annotatorId, l.listened ? 1 : 0, w.network, w.station, w.location, w.channels.join('|'),
        w.startTime === null ? '' : new Date(w.startTime).toISOString(), w.samplingRate, w.nSamples, w.groupKey, w.sourceId === null ? '' : sources.get(w.sourceId),
        sug ? (classes.get(sug.classId) ?? `class ${sug.classId}`) : '', sug?.confidence, sug?.modelId, sug ? (sug.accepted ? 1 : 0) : '', gold.has(w.id) ? 1 : 0,
        ...provenanceCells(events.get(l.eventId), iso)].map(cell).join(','));
      rows++;
    }
    if (windows.length < page) break;
  }
  return { text: `${lines.join('\n')}\n`, rows };
}
