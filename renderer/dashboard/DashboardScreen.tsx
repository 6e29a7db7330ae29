// The model dashboard: which model version (and backend) produced the numbers, its per-class
// scores and confusion matrix on held-out windows, loss curves, feature importance, the
// project's learning curve, what the labels cost in annotator-hours against the score they
// bought (with the stopping hint), and strategy comparisons.
import { useCallback, useEffect, useState } from 'react';
import '../plots/plots.css';
import type { Output } from '../../core/common/api/index.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { ConfusionPanel } from './ConfusionPanel.js';
import { CostPanel } from './CostPanel.js';
import { LearningCurve, LossCurves } from './CurvePanels.js';
import { ImportancePanel } from './ImportancePanel.js';
import { MetricsTable } from './MetricsTable.js';
import { SimulationPanel } from './SimulationPanel.js';
import type { Dashboard, Importance, ModelSummary } from './types.js';

export function DashboardScreen() {
  const client = useSessionStore((s) => s.client)!;
  const [models, setModels] = useState<ModelSummary[] | null>(null);
  const [modelId, setModelId] = useState<number | null>(null);
  const [d, setD] = useState<Dashboard | null>(null);
  const [imp, setImp] = useState<Importance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cost, setCost] = useState<Output<'insights.labelCost'> | null>(null);

  const loadModels = useCallback(() => client.call('models.list').then(setModels).catch((e: Error) => setError(e.message)), [client]);
  useEffect(() => {
    void loadModels();
    return client.on('models.changed', () => void loadModels());
  }, [client, loadModels]);
  // The cost view follows new model versions, and new labels at most every two seconds (a crowd labels fast).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => void client.call('insights.labelCost').then(setCost).catch((e: Error) => setError(e.message));
    const soon = () => { timer ??= setTimeout(() => { timer = null; load(); }, 2000); };
    load();
    const offModels = client.on('models.changed', load);
    const offLabels = client.on('labels.changed', soon);
    return () => { offModels(); offLabels(); if (timer) clearTimeout(timer); };
  }, [client]);

  const shownId = modelId ?? models?.[0]?.id ?? null;
  useEffect(() => {
    if (shownId === null) return;
    let live = true;
    setBusy(true);
    setImp(null);
    client.call('insights.dashboard', { modelId: shownId })
      .then(async (dash) => {
        if (!live) return;
        setD(dash);
        setError(null);
        if (dash?.model.kind === 'forest') {
          const i = await client.call('insights.importance', { modelId: shownId });
          if (live) setImp(i);
        }
      })
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setBusy(false));
    return () => { live = false; };
  }, [client, shownId]);

  if (models && models.length === 0) {
    return (
      <main className="dashboard empty" data-testid="dashboard">
        <p>No model yet. Label windows of at least two classes; the model trains in the background (or press “retrain” on the labeling screen).</p>
        <SimulationPanel client={client} />
      </main>
    );
  }
  return (
    <main className="dashboard" data-testid="dashboard" aria-busy={busy}>
      <header className="dashboard-head">
        <label>
          model version{' '}
          <select value={shownId ?? ''} onChange={(e) => setModelId(Number(e.target.value))} data-testid="model-select">
            {models?.map((m, i) => <option key={m.id} value={m.id}>#{m.id} {m.kind}, {m.nTrain} labels{i === 0 ? ' (newest)' : ''}</option>)}
          </select>
        </label>
        {d && (
          <span className="model-facts" data-testid="model-facts">
            {d.model.kind} model #{d.model.id} · backend <strong>{d.model.backend}</strong> · {d.model.nTrain} labels · seed {d.model.seed} ·
            trained {new Date(d.model.createdAt).toLocaleString()} in {(d.model.trainMs / 1000).toFixed(1)} s
          </span>
        )}
        {busy && <span className="muted">computing…</span>}
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {d && (
        <div className="dashboard-grid">
          <section className="card"><h2>Scores on held-out windows</h2><MetricsTable d={d} /></section>
          <section className="card"><h2>Confusions</h2><ConfusionPanel d={d} /></section>
          <section className="card"><h2>Training</h2><LossCurves d={d} /></section>
          <section className="card"><h2>Learning curve</h2>{models && <LearningCurve models={models} />}</section>
          <section className="card"><h2>Cost of the labels</h2>{cost ? <CostPanel cost={cost} /> : <p className="muted">computing…</p>}</section>
          <section className="card wide"><h2>Which features matter</h2>{imp ? <ImportancePanel imp={imp} /> : <p className="muted">{d.model.kind === 'forest' ? 'computing importance…' : 'feature importance is available for feature models'}</p>}</section>
          <section className="card wide"><h2>Active learning against random</h2><SimulationPanel client={client} /></section>
        </div>
      )}
    </main>
  );
}
