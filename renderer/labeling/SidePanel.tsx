// Beside the traces: the verdict buttons (each shows its hotkey, with a popover of the
// class's examples), what the window is, why it was queued, and the model's prediction.
import { useState, type ReactNode } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { ClassHelp } from './ClassHelp.js';
import { PredictionSlot } from './PredictionSlot.js';
import { WhyPanel } from './WhyPanel.js';

interface Props {
  client: CoreClient;
  window: WindowSummary | undefined;
  classes: ClassInfo[];
  /** `accepted`: the verdict is the model's suggestion, taken with its accept button. */
  onVerdict(kind: 'class' | 'unsure' | 'skip', classId?: number, accepted?: boolean): void;
  onEditClasses(): void;
  /** Gold mark and everyone's votes (only for those who may read them). */
  crowd?: ReactNode;
}

export function SidePanel({ client, window: w, classes, onVerdict, onEditClasses, crowd }: Props) {
  const [helpFor, setHelpFor] = useState<number | null>(null);
  const helpClass = classes.find((c) => c.id === helpFor);
  const current = w?.label;
  const currentName = !current ? 'not labeled' : current.kind === 'class' ? (classes.find((c) => c.id === current.classId)?.name ?? 'archived class') : current.kind;
  return (
    <aside className="side" aria-label="Window and verdict">
      <section className="verdicts" aria-label="Verdict">
        {classes.map((c) => (
          <div key={c.id} className="verdict-line">
            <button
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
            <button type="button" className="examples-button" aria-expanded={helpFor === c.id} onClick={() => setHelpFor(helpFor === c.id ? null : c.id)}
              title={`What “${c.name}” looks like: description and example windows`} aria-label={`Examples of ${c.name}`} data-testid={`examples-${c.name}`}>
              {c.exampleWindowIds.length > 0 ? `examples (${c.exampleWindowIds.length})` : 'examples'}
            </button>
          </div>
        ))}
        {helpClass && <ClassHelp client={client} cls={helpClass} windowId={w?.id} onClose={() => setHelpFor(null)} />}
        <div className="verdict-row">
          <button type="button" className="verdict" aria-pressed={current?.kind === 'unsure'} onClick={() => onVerdict('unsure')}><kbd>u</kbd> unsure</button>
          <button type="button" className="verdict" aria-pressed={current?.kind === 'skip'} onClick={() => onVerdict('skip')}><kbd>s</kbd> skip</button>
        </div>
        <p className="current-label" data-testid="current-label">
          now: <strong>{currentName}</strong>
          {current?.listened ? ' (listened)' : ''}
        </p>
        <button type="button" className="link edit-classes" onClick={onEditClasses} data-testid="edit-classes">edit classes…</button>
      </section>
      {crowd}
      {w && (
        <section aria-label="Window">
          <h3>Window #{w.id}</h3>
          <dl className="facts">
            <dt>station</dt><dd data-testid="station">{[w.network, w.station, w.location].filter(Boolean).join('.')}</dd>
            <dt>channels</dt><dd>{w.channels.map((c) => c || '—').join(' ')}</dd>
            <dt>start</dt><dd>{w.startTime === null ? 'no absolute time' : new Date(w.startTime).toISOString().replace('T', ' ').replace('Z', ' UTC')}</dd>
            <dt>rate</dt><dd>{w.samplingRate} Hz · {(w.nSamples / w.samplingRate).toFixed(1)} s</dd>
            <dt>picks</dt><dd data-testid="picks">{w.picks.length ? w.picks.map((p) => `${p.phase} ${p.offsetSeconds.toFixed(2)}${p.uncertaintySeconds ? ` ± ${p.uncertaintySeconds.toFixed(2)}` : ''} s`).join(', ') : 'none'}</dd>
            <dt>origin</dt><dd>{w.origin}</dd>
          </dl>
        </section>
      )}
      <WhyPanel windowId={w?.id} />
      {/* SLOT: the prediction / explanation component (see PredictionSlot.tsx). */}
      <PredictionSlot window={w} classes={classes} onAccept={(id) => onVerdict('class', id, true)} />
    </aside>
  );
}
