// The audit trail of the window on screen: every label event (who, when, what, listened,
// suggestion; undo events too) and pick event, oldest first. Those who read the project see
// everyone's; anyone else (a volunteer) only their own label events — nobody else's labels.
import { useEffect, useMemo, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import type { ClassInfo } from '../../core/common/model.js';
import { historyRows } from './historyRows.js';

interface Props {
  client: CoreClient;
  windowId: number;
  classes: ClassInfo[];
  /** true: everyone's events (labels.history, picks.history); false: the caller's own (labels.mine). */
  everyone: boolean;
  annotatorId: number;
  /** Changes when the window's picks change, so the list follows them. */
  picksKey?: string;
}

const fmtTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

export function HistoryPanel({ client, windowId, classes, everyone, annotatorId, picksKey }: Props) {
  const [labels, setLabels] = useState<Output<'labels.history'>>([]);
  const [picks, setPicks] = useState<Output<'picks.history'>>([]);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // Read only while open: a closed panel costs the host nothing per window shown.
  const [open, setOpen] = useState(false);
  const [loadedFor, setLoadedFor] = useState<number | null>(null);

  useEffect(() => client.on('labels.changed', (e) => e.windowId === windowId && setVersion((v) => v + 1)), [client, windowId]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    const load = everyone
      ? Promise.all([client.call('labels.history', { windowId }), client.call('picks.history', { windowId }), client.call('annotators.list')])
      : Promise.all([client.call('labels.mine', { windowId }), Promise.resolve([]), Promise.resolve([])]);
    load
      .then(([l, p, a]) => {
        if (!live) return;
        setLabels(l);
        setPicks(p);
        setNames(new Map(a.map((x) => [x.id, x.name])));
        setLoadedFor(windowId);
        setError(null);
      })
      .catch((e: Error) => live && setError(`cannot read the history of window #${windowId}: ${e.message}`));
    return () => {
      live = false;
    };
  }, [client, windowId, everyone, annotatorId, version, picksKey, open]);

  // Never the previous window's events while this one's are on their way.
  const shown = open && loadedFor === windowId;
  const rows = useMemo(
    () => (shown ? historyRows(labels, picks, (id) => classes.find((c) => c.id === id)?.name ?? `class ${id}`) : []),
    [shown, labels, picks, classes],
  );
  const who = (id: number) => (everyone ? (names.get(id) ?? `annotator ${id}`) : 'you');
  return (
    // Opening it reads the history afresh (picks placed elsewhere send no event).
    <details className="history" data-testid="history" data-window-id={windowId} data-count={shown ? rows.length : ''}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(now);
        if (now) setVersion((v) => v + 1);
      }}>
      <summary>History of window #{windowId}{shown ? ` (${rows.length} event${rows.length === 1 ? '' : 's'}${everyone ? '' : ', yours'})` : ''}</summary>
      {!shown ? (
        <p className="muted">reading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ol className="history-list">
          {rows.map((r) => (
            <li key={r.key} data-testid="history-row" data-kind={r.kind} className={r.kind}>
              <span className="muted">{fmtTime(r.at)}</span> <strong>{who(r.annotatorId)}</strong>: {r.what}
              {r.notes.length > 0 && <span className="muted"> · {r.notes.join(' · ')}</span>}
            </li>
          ))}
        </ol>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </details>
  );
}
