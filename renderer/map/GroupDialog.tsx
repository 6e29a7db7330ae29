// Confirming a label for a whole group chosen on the map: how many windows, six of them to
// look at (spread evenly over the group, so the same group always shows the same six), and
// the classes to choose from. Nothing is written until a class is clicked.
import type { ClassInfo } from '../../core/common/model.js';
import type { WindowCache } from '../lib/windowCache.js';
import { WaveThumb } from './WaveThumb.js';

/** Up to `count` window ids spread evenly over the group. */
export function sampleOf(ids: number[], count = 6): number[] {
  if (ids.length <= count) return ids;
  return Array.from({ length: count }, (_, i) => ids[Math.floor(((i + 0.5) * ids.length) / count)]!);
}

interface Props {
  windowIds: number[];
  classes: ClassInfo[];
  cache: WindowCache;
  busy: boolean;
  onLabel(kind: 'class' | 'unsure' | 'skip', classId?: number): void;
  onCancel(): void;
}

export function GroupDialog({ windowIds, classes, cache, busy, onLabel, onCancel }: Props) {
  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="group-title" data-testid="group-dialog">
        <h2 id="group-title">Label <span data-testid="group-count">{windowIds.length}</span> window{windowIds.length === 1 ? '' : 's'} together?</h2>
        <p className="muted">A sample of the group — check that these really belong together before labeling all of them.</p>
        <div className="thumbs">
          {sampleOf(windowIds).map((id) => <WaveThumb key={id} cache={cache} windowId={id} />)}
        </div>
        <div className="buttons">
          {classes.map((c) => (
            <button key={c.id} type="button" disabled={busy} style={{ borderLeft: `6px solid ${c.colour}` }} onClick={() => onLabel('class', c.id)} data-testid={`group-class-${c.name}`}>
              {c.name}
            </button>
          ))}
          <button type="button" disabled={busy} onClick={() => onLabel('unsure')}>unsure</button>
          <button type="button" disabled={busy} onClick={onCancel} autoFocus>Cancel</button>
        </div>
      </div>
    </div>
  );
}
