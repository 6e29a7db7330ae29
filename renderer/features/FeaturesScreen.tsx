// The feature views: how the window features correlate (Pearson or Spearman), how one
// feature is distributed per class, and which features separate the classes or the
// k-means clusters most. Clicking a feature anywhere shows its distribution.
import { useEffect, useState } from 'react';
import '../plots/plots.css';
import type { Output } from '../../core/common/api/index.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { CorrelationPanel } from './CorrelationPanel.js';
import { DistributionPanel } from './DistributionPanel.js';
import { SeparationPanel } from './SeparationPanel.js';

type Separation = Output<'insights.separation'>;

export function FeaturesScreen() {
  const client = useSessionStore((s) => s.client)!;
  const [feature, setFeature] = useState<string | null>(null);
  const [sep, setSep] = useState<Separation | null>(null);
  // The best separating feature is the natural first distribution to look at.
  useEffect(() => {
    if (feature === null && sep?.ranking[0]) setFeature(sep.ranking[0].name);
  }, [feature, sep]);
  return (
    <main className="dashboard" data-testid="features">
      <div className="dashboard-grid">
        <section className="card"><h2>Which features separate the groups</h2><SeparationPanel client={client} onResult={setSep} onPick={setFeature} /></section>
        <section className="card"><h2>Distribution per class</h2><DistributionPanel client={client} feature={feature} onFeature={setFeature} /></section>
        <section className="card wide"><h2>Correlation between features</h2><CorrelationPanel client={client} onPick={setFeature} /></section>
      </div>
    </main>
  );
}
