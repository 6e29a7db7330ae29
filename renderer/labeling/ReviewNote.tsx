// In a review queue: why the window on screen is there (how divided its votes are, or which
// class the out-of-fold model expects instead of its label), and the newest model's own
// prediction beside it, so the expert sees the crowd and the model side by side.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { ClassInfo } from '../../core/common/model.js';
import type { ReviewNote as Note } from '../lib/queue.js';

interface Guess {
  modelId: number;
  classId: number;
  probability: number;
}

/** The newest model's most probable class for a window; null when there is no model (or no prediction). */
function useModelGuess(client: CoreClient, windowId: number): { guess: Guess | null | undefined; error: string | null } {
  const [guess, setGuess] = useState<Guess | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => client.on('models.changed', () => setVersion((v) => v + 1)), [client]);
  useEffect(() => {
    let live = true;
    setGuess(undefined);
    client
      .call('predictions.forWindows', { windowIds: [windowId] })
      .then(({ modelId, classIds, probs }) => {
        if (!live) return;
        const p = probs[0];
        if (modelId === null || !p) return setGuess(null);
        let best = 0;
        for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
        setGuess({ modelId, classId: classIds[best]!, probability: p[best]! });
        setError(null);
      })
      .catch((e: Error) => live && setError(`cannot read the model's prediction: ${e.message}`));
    return () => {
      live = false;
    };
  }, [client, windowId, version]);
  return { guess, error };
}

const pct = (v: number) => `${Math.round(100 * v)} %`;

export function ReviewNote({ client, windowId, note, classes, of }: { client: CoreClient; windowId: number; note: Note; classes: ClassInfo[]; of: number }) {
  const { guess, error } = useModelGuess(client, windowId);
  const name = (id: number) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;
  return (
    <section aria-label="Review" className="review-note" data-testid="review-note" data-kind={note.kind} data-window-id={windowId}>
      <h3>Review · {note.rank} of {of}</h3>
      {note.kind === 'contested' ? (
        <p data-testid="review-why">
          Contested: the consensus says <strong>{name(note.classId)}</strong> with only {pct(note.confidence)} of {note.votes} votes.
        </p>
      ) : (
        <p data-testid="review-why">
          Probably mislabeled: labeled <strong>{name(note.classId)}</strong>, but a model that never saw this label gives that class {pct(note.selfConfidence)} and
          expects <strong>{name(note.likelyClassId)}</strong>.
        </p>
      )}
      <p data-testid="model-guess" data-class-id={guess?.classId ?? ''}>
        model:{' '}
        {guess === undefined ? <span className="muted">…</span> : guess === null ? <span className="muted">no model yet</span> : (
          <><strong>{name(guess.classId)}</strong> ({pct(guess.probability)}, model #{guess.modelId})</>
        )}
      </p>
      <p className="muted">Your label is a new label event beside the others; nobody's label is changed.</p>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
