// Always-visible progress: where the annotator is, labeled / not yet labeled, and a
// stacked bar per class.
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import type { QueueMode } from '../lib/queue.js';
import { progressOf } from '../stores/useLabelingStore.js';

/** Where the annotator is: in project order, the active-learning queue or a review queue. */
export interface Position {
  mode: QueueMode;
  cursor: number;
  length: number;
}

export function ProgressBar({ windows, classes, position }: { windows: WindowSummary[]; classes: ClassInfo[]; position: Position }) {
  const p = progressOf(windows);
  const total = Math.max(1, windows.length);
  const parts = [
    ...classes.map((c) => ({ key: `c${c.id}`, name: c.name, colour: c.colour, n: p.perClass.get(c.id) ?? 0 })),
    { key: 'unsure', name: 'unsure', colour: '#999999', n: p.unsure },
    { key: 'skip', name: 'skip', colour: '#cccccc', n: p.skip },
  ];
  return (
    <div className="progress" data-testid="progress">
      <span className="progress-text">
        {position.mode === 'queue' ? 'queued window ' : position.mode === 'order' ? 'window ' : 'reviewed window '}
        <strong data-testid="position">{Math.min(position.cursor + 1, position.length)}</strong> of {position.length}
        {position.mode === 'queue' ? ` in the queue (${windows.length} in all)` : position.mode === 'order' ? '' : ` in the ${position.mode === 'contested' ? 'contested' : 'label error'} review`} · labeled <strong data-testid="labeled-count">{p.labeled}</strong> · not labeled{' '}
        <strong data-testid="queued-count">{p.queued}</strong>
      </span>
      <div className="progress-bar" role="img" aria-label={`${p.labeled} of ${windows.length} labeled`}>
        {parts.map((x) => x.n > 0 && <span key={x.key} style={{ width: `${(100 * x.n) / total}%`, background: x.colour }} />)}
      </div>
      <span className="per-class">
        {parts.map((x) => (
          <span key={x.key} className="chip" data-testid={`count-${x.name}`} data-count={x.n}>
            <i style={{ background: x.colour }} />
            {x.name} {x.n}
          </span>
        ))}
      </span>
    </div>
  );
}
