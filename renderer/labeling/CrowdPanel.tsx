// Beside the window for those who read the project: whether it is gold (and the owner's
// button to mark or unmark it, key g), its consensus and every person's own label of it.
// Volunteers never get this panel: they judge blind.
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import type { WindowVotes } from './useWindowVotes.js';

interface Props {
  window: WindowSummary;
  classes: ClassInfo[];
  votes: WindowVotes | null;
  /** The window's gold class, if it is gold. */
  gold: number | undefined;
  /** The class "mark as gold" would give, or null when there is none; undefined when the caller may not mark. */
  markAs: number | null | undefined;
  /** Marks the window gold with `markAs`, or unmarks it. */
  onToggleGold(): void;
  error: string | null;
}

const pct = (v: number) => `${Math.round(100 * v)} %`;

export function CrowdPanel({ window: w, classes, votes, gold, markAs, onToggleGold, error }: Props) {
  const name = (id: number | null) => (id === null ? '—' : (classes.find((c) => c.id === id)?.name ?? `class ${id}`));
  const verdict = (v: { kind: string; classId: number | null }) => (v.kind === 'class' ? name(v.classId) : v.kind);
  return (
    <section aria-label="Gold and votes" data-testid="crowd-panel" data-window-id={w.id}>
      <h3>Gold and votes</h3>
      <p data-testid="gold-status" data-gold={gold ?? ''}>
        {gold !== undefined ? <span className="gold-badge">★ gold: {name(gold)}</span> : <span className="muted">not a gold window</span>}
      </p>
      {markAs !== undefined && (gold !== undefined ? (
        <button type="button" onClick={onToggleGold} data-testid="gold-toggle" title="This window no longer anchors the consensus">
          unmark gold <kbd>g</kbd>
        </button>
      ) : (
        <button type="button" disabled={markAs === null} onClick={onToggleGold} data-testid="gold-toggle"
          title={markAs === null ? 'Label the window with a class first' : 'An expert label: it settles the consensus and measures each person against it'}>
          mark gold{markAs !== null ? `: ${name(markAs)}` : ''} <kbd>g</kbd>
        </button>
      ))}
      {votes && (
        <>
          <p data-testid="consensus-line">
            consensus: <strong>{votes.label ? verdict(votes.label) : 'none'}</strong>
            {votes.label && ` (${votes.label.method === 'gold' ? 'gold' : `${pct(votes.label.confidence)} of ${votes.label.votes} vote${votes.label.votes === 1 ? '' : 's'}, ${votes.label.method}`})`}
          </p>
          {votes.labels.length === 0 ? (
            <p className="muted">nobody labeled it yet</p>
          ) : (
            <ul className="votes" data-testid="votes">
              {votes.labels.map((v) => (
                <li key={v.annotatorId} data-testid="vote-row" data-annotator={v.name}>
                  {v.name}: <strong>{verdict(v)}</strong>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
