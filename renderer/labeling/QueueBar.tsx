// Where the next windows come from: the active-learning queue (strategy, batch size, seed;
// each strategy's one-line description as its tooltip) or every window in project order.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { mayCall } from '../../core/common/api/index.js';
import { isReviewMode, type QueueSettings } from '../lib/queue.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { modelLabel } from '../lib/reasons.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useModelStore } from '../stores/useModelStore.js';

export function QueueBar({ client }: { client: CoreClient }) {
  const mode = useLabelingStore((s) => s.mode);
  const settings = useLabelingStore((s) => s.settings);
  const batch = useLabelingStore((s) => s.batch);
  const fetching = useLabelingStore((s) => s.fetching);
  const queueError = useLabelingStore((s) => s.queueError);
  const reviewSummary = useLabelingStore((s) => s.reviewSummary);
  const role = useSessionStore((s) => s.me?.role) ?? 'volunteer';
  // Review queues are for those who read everyone's labels and may label (an expert correcting).
  const canReview = mayCall(role, 'review.contested') && mayCall(role, 'labels.add');
  const strategies = useModelStore((s) => s.strategies);
  const [draft, setDraft] = useState<QueueSettings>(settings);
  useEffect(() => setDraft(settings), [settings]);
  const described = strategies.find((s) => s.name === draft.strategy);
  const start = (next: QueueSettings) => useLabelingStore.getState().newQueue(client, next);
  const valid = Number.isInteger(draft.batchSize) && draft.batchSize >= 1 && draft.batchSize <= 1000 && Number.isInteger(draft.seed) && draft.seed >= 0;

  const statusText = mode === 'order'
    ? 'every window, in project order'
    : isReviewMode(mode)
      ? (fetching ? (mode === 'issues' ? 'looking for probable label errors…' : 'finding contested windows…') : reviewSummary)
    : fetching
      ? 'choosing windows…'
      : batch
        ? `batch #${batch.batchId}: ${batch.size} window(s) by ${batch.strategy}${batch.strategy !== batch.requested ? ` (asked for ${batch.requested})` : ''}, model ${modelLabel(batch.modelId)}`
        : '';
  return (
    <div className="queue-bar" role="toolbar" aria-label="Which windows come next" data-testid="queue-bar" data-mode={mode}>
      <span className="segmented" role="group" aria-label="Order of windows">
        <button type="button" aria-pressed={mode === 'queue'} onClick={() => useLabelingStore.getState().setMode(client, 'queue')} data-testid="mode-queue"
          title="Label the windows the model learns most from, chosen batch by batch">
          active learning
        </button>
        <button type="button" aria-pressed={mode === 'order'} onClick={() => useLabelingStore.getState().setMode(client, 'order')} data-testid="mode-order"
          title="Browse every window in project order">
          all windows in order
        </button>
        {canReview && (
          <>
            <button type="button" aria-pressed={mode === 'contested'} onClick={() => useLabelingStore.getState().setMode(client, 'contested')} data-testid="mode-contested"
              title="Review the windows people disagree on most (an expert's label settles them)">
              contested
            </button>
            <button type="button" aria-pressed={mode === 'issues'} onClick={() => useLabelingStore.getState().setMode(client, 'issues')} data-testid="mode-issues"
              title="Review the windows whose label is probably wrong (confident learning on out-of-fold predictions), most suspicious first">
              probable label errors
            </button>
          </>
        )}
      </span>
      {isReviewMode(mode) ? (
        <button type="button" disabled={fetching} onClick={() => useLabelingStore.getState().reloadReview(client)} data-testid="review-reload"
          title="Build the list again from the labels as they are now">
          reload list
        </button>
      ) : (<>
      <label title={described?.description}>
        strategy
        <select
          value={draft.strategy}
          data-testid="strategy"
          title={described?.description}
          onChange={(e) => {
            const next = { ...draft, strategy: e.target.value };
            setDraft(next);
            if (valid) start(next);
          }}
        >
          {strategies.filter((s) => s.name !== 'coldStart').map((s) => (
            <option key={s.name} value={s.name} title={`${s.description} Score: ${s.score}.`}>{s.name}</option>
          ))}
        </select>
      </label>
      <label>
        batch
        <input type="number" min={1} max={1000} size={4} value={draft.batchSize} data-testid="batch-size" aria-label="batch size"
          onChange={(e) => setDraft({ ...draft, batchSize: Math.round(Number(e.target.value)) })} />
      </label>
      <label title="Strategies with a random part (random, clusters, cold start) give the same batch for the same seed">
        seed
        <input type="number" min={0} size={4} value={draft.seed} data-testid="seed" aria-label="seed"
          onChange={(e) => setDraft({ ...draft, seed: Math.round(Number(e.target.value)) })} />
      </label>
      <button type="button" disabled={!valid} onClick={() => start(draft)} data-testid="new-batch" title="Start a fresh queue with these settings">
        new batch
      </button>
      </>)}
      <span className="queue-status muted" data-testid="queue-status" aria-live="polite" title={statusText}>
        {statusText}
      </span>
      {mode === 'queue' && batch?.note && <span className="queue-note" data-testid="queue-note" title={batch.note}>{batch.note}</span>}
      {queueError && <span className="error" role="alert">{queueError}</span>}
    </div>
  );
}
