// Beside the traces: what the window is, why it was queued, what the model thinks, and the
// verdict buttons (each shows its hotkey).
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';

interface Props {
  window: WindowSummary | undefined;
  classes: ClassInfo[];
  onVerdict(kind: 'class' | 'unsure' | 'skip', classId?: number): void;
}

export function SidePanel({ window: w, classes, onVerdict }: Props) {
  const current = w?.label;
  const currentName = !current ? 'not labeled' : current.kind === 'class' ? (classes.find((c) => c.id === current.classId)?.name ?? 'archived class') : current.kind;
  return (
    <aside className="side" aria-label="Window and verdict">
      <section className="verdicts" aria-label="Verdict">
        {classes.map((c) => (
          <button
            key={c.id}
            type="button"
            className="verdict"
            style={{ borderLeftColor: c.colour }}
            title={c.description || c.name}
            aria-pressed={current?.kind === 'class' && current.classId === c.id}
            onClick={() => onVerdict('class', c.id)}
            data-testid={`class-${c.name}`}
          >
            {c.hotkey && <kbd>{c.hotkey}</kbd>} {c.name}
          </button>
        ))}
        <div className="verdict-row">
          <button type="button" className="verdict" aria-pressed={current?.kind === 'unsure'} onClick={() => onVerdict('unsure')}><kbd>u</kbd> unsure</button>
          <button type="button" className="verdict" aria-pressed={current?.kind === 'skip'} onClick={() => onVerdict('skip')}><kbd>s</kbd> skip</button>
        </div>
        <p className="current-label" data-testid="current-label">
          now: <strong>{currentName}</strong>
          {current?.listened ? ' (listened)' : ''}
        </p>
      </section>
      {w && (
        <section aria-label="Window">
          <h3>Window #{w.id}</h3>
          <dl className="facts">
            <dt>station</dt><dd data-testid="station">{[w.network, w.station, w.location].filter(Boolean).join('.')}</dd>
            <dt>channels</dt><dd>{w.channels.map((c) => c || '—').join(' ')}</dd>
            <dt>start</dt><dd>{w.startTime === null ? 'no absolute time' : new Date(w.startTime).toISOString().replace('T', ' ').replace('Z', ' UTC')}</dd>
            <dt>rate</dt><dd>{w.samplingRate} Hz · {(w.nSamples / w.samplingRate).toFixed(1)} s</dd>
            <dt>picks</dt><dd>{w.picks.length ? w.picks.map((p) => `${p.phase} ${p.offsetSeconds.toFixed(2)} s`).join(', ') : 'none'}</dd>
            <dt>origin</dt><dd>{w.origin}</dd>
          </dl>
        </section>
      )}
      <section aria-label="Why this window" data-testid="why">
        <h3>Why this window</h3>
        <dl className="facts">
          <dt>strategy</dt><dd>in order (no query batch yet)</dd>
          <dt>score</dt><dd>—</dd>
          <dt>model</dt><dd>—</dd>
        </dl>
      </section>
      <section aria-label="Model prediction" data-testid="prediction">
        <h3>Model prediction</h3>
        <p className="muted">no model yet — train one after a few labels per class</p>
      </section>
    </aside>
  );
}
