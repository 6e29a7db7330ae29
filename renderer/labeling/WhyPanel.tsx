// "Why this window": the query batch that chose it, as recorded by the core (`al.reasons`):
// strategy, score and the model version it was chosen from.
import { ago, modelLabel, scoreText, strategyWords } from '../lib/reasons.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useModelStore } from '../stores/useModelStore.js';

export function WhyPanel({ windowId }: { windowId: number | undefined }) {
  const reason = useLabelingStore((s) => (windowId === undefined ? undefined : s.reasons.get(windowId)));
  const mode = useLabelingStore((s) => s.mode);
  const strategies = useModelStore((s) => s.strategies);
  const scoreMeaning = reason ? strategies.find((s) => s.name === reason.strategy)?.score : undefined;
  return (
    <section aria-label="Why this window" data-testid="why" data-window-id={windowId ?? ''} data-strategy={reason?.strategy ?? ''} data-score={reason?.score ?? ''} data-model-id={reason?.modelId ?? ''}>
      <h3>Why this window</h3>
      {reason === undefined ? (
        <p className="muted">{windowId === undefined ? '' : 'looking it up…'}</p>
      ) : reason === null ? (
        <p className="muted" data-testid="why-text">
          {mode === 'order' ? 'Shown in project order; no query batch has chosen it.' : mode === 'queue' ? 'Not chosen by a query batch.' : 'In the review queue (see “Review” above).'}
        </p>
      ) : (
        <>
          <p data-testid="why-text">Chosen because {strategyWords(reason.strategy)}.</p>
          <dl className="facts">
            <dt>strategy</dt><dd data-testid="why-strategy">{reason.strategy}</dd>
            <dt>score</dt><dd data-testid="why-score" title={scoreMeaning}>{scoreText(reason.score)}</dd>
            <dt>model</dt><dd data-testid="why-model">{modelLabel(reason.modelId)}</dd>
            <dt>batch</dt><dd>#{reason.batchId}, {ago(reason.createdAt)}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
