// The model's suggested class for the window on screen, with its confidence and the Enter
// key that accepts it. Only the full labeling view shows it: volunteers judge blind. What
// is drawn here is what `shown` holds, so a label can only record a suggestion that was
// actually on screen.
import { useEffect } from 'react';
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { useSuggestionStore } from '../stores/useSuggestionStore.js';

// Suggestions are fetched for the window on screen and a few ahead, so none lags a keypress.
const AHEAD = 6;

interface Props {
  window: WindowSummary | undefined;
  classes: ClassInfo[];
  onAccept(classId: number): void;
}

export function SuggestionBox({ window: w, classes, onAccept }: Props) {
  const client = useSessionStore((s) => s.client)!;
  const order = useLabelingStore((s) => s.order);
  const cursor = useLabelingStore((s) => s.cursor);
  const id = w?.id;
  const suggestion = useSuggestionStore((s) => (id === undefined ? undefined : s.byWindow.get(id)));
  const activeKey = classes.map((c) => c.id).join(',');

  // A newer model or a changed class list makes every suggestion stale.
  useEffect(() => {
    useSuggestionStore.getState().reset();
    return client.on('models.changed', () => useSuggestionStore.getState().reset());
  }, [client, activeKey]);

  useEffect(() => {
    const ids = [...(id === undefined ? [] : [id]), ...order.slice(cursor + 1, cursor + AHEAD)];
    useSuggestionStore.getState().load(client, ids, activeKey ? activeKey.split(',').map(Number) : []);
  });

  useEffect(() => {
    if (id === undefined) return;
    useSuggestionStore.getState().setShown(id, suggestion ?? null);
    return () => useSuggestionStore.getState().clearShown(id);
  }, [id, suggestion]);

  if (!w) return null;
  const cls = suggestion ? classes.find((c) => c.id === suggestion.classId) : undefined;
  return (
    <section className="suggestion" aria-label="Model suggestion" data-testid="suggestion" data-window-id={w.id}
      data-class-id={cls?.id ?? ''} data-confidence={suggestion?.confidence ?? ''}>
      {suggestion && cls ? (
        <button type="button" className="suggestion-accept" style={{ borderLeftColor: cls.colour }} onClick={() => onAccept(cls.id)} data-testid="suggestion-accept"
          title={`Model v${suggestion.modelId} suggests “${cls.name}” with probability ${suggestion.confidence.toFixed(3)}. Enter labels the window “${cls.name}”; the label records that the suggestion was accepted.`}>
          <span className="muted">model suggests</span> <strong data-testid="suggestion-class">{cls.name}</strong>{' '}
          <span data-testid="suggestion-confidence">{Math.round(suggestion.confidence * 100)} %</span> <kbd>Enter</kbd>
        </button>
      ) : (
        <p className="muted" data-testid="suggestion-none">{suggestion === undefined ? 'model suggestion…' : 'no model suggestion for this window'}</p>
      )}
    </section>
  );
}
