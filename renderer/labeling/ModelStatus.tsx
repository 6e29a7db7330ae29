// The model in one line: newest version, backend, held-out macro-F1, which model serves the
// queue (forest, CNN or their average, with the reason as tooltip), on a team host which host
// trains the team's models, training progress while a retrain runs (with a cancel button),
// the retrain interval (editable), and for the owner a check of the CNN on this computer's GPU.
// Training runs in the core's background; this only reports and steers it.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { ago, f1Text } from '../lib/reasons.js';
import { useModelStore } from '../stores/useModelStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { GpuCheckButton } from './GpuCheck.js';

const SERVING_NAMES = { forest: 'feature forest', cnn: 'CNN', ensemble: 'forest + CNN average' } as const;

export function ModelStatus({ client }: { client: CoreClient }) {
  const { newest, versions, training, retrainEvery, trainer, stopping, serving, error } = useModelStore();
  const owner = useSessionStore((s) => s.me?.role === 'owner');
  const last = stopping?.rounds.at(-1);
  const [every, setEvery] = useState('');
  const [kind, setKind] = useState<'forest' | 'cnn'>('forest');
  useEffect(() => setEvery(retrainEvery === null ? '' : String(retrainEvery)), [retrainEvery]);
  const commit = () => {
    const n = Math.round(Number(every));
    if (every.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 10_000 && n !== retrainEvery) void useModelStore.getState().setRetrainEvery(client, n);
    else setEvery(retrainEvery === null ? '' : String(retrainEvery));
  };
  const running = training?.status === 'running';
  const pct = running && training.total > 0 ? Math.round((100 * training.done) / training.total) : null;
  return (
    <div className="model-status" aria-label="Model status" data-testid="model-status" data-model-id={newest?.id ?? ''} data-macro-f1={newest?.macroF1 ?? ''}>
      {/* What the model is (may be cut short with an ellipsis on a narrow screen; each part
          has its full text as tooltip), then the controls, which always stay in view. */}
      <span className="status-info">
      {newest ? (
        <span title={`${versions} version(s); newest trained ${ago(newest.createdAt)} on ${newest.nTrain} labels in ${Math.round(newest.trainMs)} ms; accuracy ${newest.accuracy === null ? '—' : newest.accuracy.toFixed(2)}`}>
          model <strong data-testid="model-version">v{newest.id}</strong> · <span className="backend">{newest.backend}</span> · {newest.nTrain} labels ·{' '}
          <strong data-testid="model-f1">{f1Text(newest)}</strong>
        </span>
      ) : (
        <span data-testid="model-version">no model yet</span>
      )}
      {serving && (
        <span className="serving" data-testid="model-serving" data-kind={serving.kind} title={serving.reason}>
          queue served by <strong>{SERVING_NAMES[serving.kind]}</strong>
          {serving.scores && ` (held-out macro-F1 ${serving.scores[serving.kind].toFixed(2)} on ${serving.nTest} windows)`}
        </span>
      )}
      {trainer && (
        <span className="muted" data-testid="model-trainer" data-here={String(trainer.here)}
          title="With a team database one host trains the team's models at a time; every host serves the same versions">
          {trainer.here ? 'this host trains the team\u2019s models' : trainer.host ? `model trained by host ${trainer.host}` : 'no host trains the team\u2019s models right now'}
        </span>
      )}
      {last && (
        <span className={stopping!.stop ? 'stop-hint ok' : 'stop-hint'} data-testid="stop-hint" data-stop={String(stopping!.stop)}
          title={`${stopping!.reason}. Agreement of each model version with the one before on the unlabeled windows: ${stopping!.rounds.map((r) => `v${r.modelId} ${(100 * r.agreement).toFixed(0)} % (κ ${r.kappa.toFixed(2)})`).join(', ')}`}>
          {stopping!.stop ? 'predictions stable — more labels may not change the model' : `v${last.modelId} agrees with the previous version on ${(100 * last.agreement).toFixed(0)} % of unlabeled windows`}
        </span>
      )}
      {training?.status === 'cancelled' && <span className="muted" data-testid="model-training-cancelled">training cancelled — no model stored</span>}
      {training?.status === 'failed' && <span className="warn" data-testid="model-training-failed" title={training.message}>last training: {training.message}</span>}
      </span>
      {error && <span className="error" role="alert" title={error}>{error}</span>}
      <span className="status-controls">
      {running && (
        <span className="training" data-testid="model-training" role="status">
          training{pct !== null ? ` ${pct} %` : '…'} <progress max={100} value={pct ?? undefined} aria-label="training progress" /> <span className="training-message" title={training.message}>{training.message}</span>{' '}
          <button type="button" onClick={() => void useModelStore.getState().cancelTraining(client)} data-testid="cancel-training"
            title="Stop this training; the model in use stays as it is and nothing of the new one is stored">cancel</button>
        </span>
      )}
      <label title="Retrain in the background after every N new labels (0 = only when asked)">
        retrain every
        <input type="number" min={0} size={3} value={every} aria-label="retrain every N labels" data-testid="retrain-every"
          onChange={(e) => setEvery(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()} />
        labels
      </label>
      <select value={kind} onChange={(e) => setKind(e.target.value as 'forest' | 'cnn')} aria-label="model to train" data-testid="train-kind"
        title="The feature model trains in about a second and retrains automatically; the CNN learns from the waveforms and takes minutes">
        <option value="forest">feature model</option>
        <option value="cnn">CNN on waveforms</option>
      </select>
      <button type="button" onClick={() => void useModelStore.getState().train(client, kind)} disabled={running} data-testid="retrain-now">train now</button>
      {owner && <GpuCheckButton client={client} />}
      </span>
    </div>
  );
}
