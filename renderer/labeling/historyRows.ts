// A window's history as one list: label events (with undo, listened, suggestion) and pick
// events, oldest first, in words a person reads. Pure, so it is tested without a browser.
import type { Output } from '../../core/common/api/index.js';

type LabelEvent = Output<'labels.history'>[number];
type PickEvent = Output<'picks.history'>[number];

export interface HistoryRow {
  key: string;
  kind: 'label' | 'undo' | 'pick';
  at: number;
  annotatorId: number;
  /** What happened, e.g. "earthquake", "unsure", "undid #12 (noise)", "P at 5.00 s", "S removed". */
  what: string;
  /** How it was judged: listened, the model's suggestion shown and taken. */
  notes: string[];
}

/** Label and pick events merged by time (label events first at equal times, each kind by id). */
export function historyRows(labels: LabelEvent[], picks: PickEvent[], className: (id: number) => string): HistoryRow[] {
  const verdict = (e: LabelEvent) => (e.kind === 'class' ? className(e.classId!) : e.kind);
  const byId = new Map(labels.map((e) => [e.id, e]));
  const rows: (HistoryRow & { order: number })[] = [
    ...labels.map((e) => {
      const undone = e.undoes === null ? undefined : byId.get(e.undoes);
      const notes: string[] = [];
      if (e.listened) notes.push('listened');
      if (e.suggestion) notes.push(`model suggested ${className(e.suggestion.classId)} (${Math.round(100 * e.suggestion.confidence)} %)${e.suggestion.accepted ? ', taken' : ''}`);
      return {
        key: `l${e.id}`, kind: e.kind === 'undo' ? 'undo' as const : 'label' as const, at: e.createdAt, annotatorId: e.annotatorId, order: e.id,
        what: e.kind === 'undo' ? `undid #${e.undoes}${undone ? ` (${verdict(undone)})` : ''}` : `#${e.id} ${verdict(e)}`,
        notes,
      };
    }),
    ...picks.map((p) => ({
      key: `p${p.id}`, kind: 'pick' as const, at: p.createdAt, annotatorId: p.annotatorId, order: 1e15 + p.id,
      what: p.offsetSeconds === null ? `${p.phase} pick removed` : `${p.phase} pick at ${p.offsetSeconds.toFixed(2)} s`,
      notes: p.uncertaintySeconds !== null ? [`± ${p.uncertaintySeconds.toFixed(2)} s`] : [],
    })),
  ];
  rows.sort((a, b) => a.at - b.at || a.order - b.order);
  return rows.map(({ order: _o, ...r }) => r);
}
