// Correlation heatmap of all features, Pearson (linear) or Spearman (monotone) on all or
// only labeled windows. Correlated features share credit in every importance score.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import { Heatmap } from '../plots/Heatmap.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { divergingColour, toCsv } from '../plots/stats.js';

type Correlation = Output<'insights.correlation'>;

export function CorrelationPanel({ client, onPick }: { client: CoreClient; onPick(feature: string): void }) {
  const [method, setMethod] = useState<'pearson' | 'spearman'>('spearman');
  const [scope, setScope] = useState<'all' | 'labeled'>('all');
  const [c, setC] = useState<Correlation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.call('insights.correlation', { method, scope }).then((x) => live && setC(x)).catch((e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [client, method, scope]);
  if (error) return <p className="error">{error}</p>;
  if (!c) return <p className="muted">computing…</p>;
  if (c.n < 2) return <p className="muted">Features are computed when a model is trained: label a few windows of two classes first.</p>;
  const labels = c.features.map((f) => f.label);
  return (
    <PlotFrame
      title={`${method === 'pearson' ? 'Pearson' : 'Spearman'} correlation on ${c.n} ${scope === 'labeled' ? 'labeled ' : ''}windows${c.sampled ? ' (sample)' : ''}`}
      name={`feature-correlation-${method}-${scope}`}
      testId="plot-correlation"
      csv={() => toCsv([['feature', ...c.features.map((f) => f.name)], ...c.matrix.map((row, i) => [c.features[i]!.name, ...row])])}
      controls={
        <span className="plot-controls">
          <span role="radiogroup" aria-label="correlation">
            {(['pearson', 'spearman'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={method === m} onClick={() => setMethod(m)} data-testid={`corr-${m}`}>{m === 'pearson' ? 'Pearson' : 'Spearman'}</button>
            ))}
          </span>
          <select value={scope} onChange={(e) => setScope(e.target.value as typeof scope)} aria-label="windows"><option value="all">all windows</option><option value="labeled">labeled windows</option></select>
        </span>
      }
    >
      <div className="scroll-x">
        <Heatmap
          rows={labels}
          cols={labels}
          values={c.matrix}
          cell={11}
          labelWidth={170}
          colour={(v) => divergingColour(v)}
          tooltip={(v, i, j) => `${c.features[i]!.label} ~ ${c.features[j]!.label}: ${v === null ? 'undefined (constant feature)' : v.toFixed(2)}`}
          onCellClick={(i) => onPick(c.features[i]!.name)}
          testId="correlation"
        />
      </div>
      <p className="muted">Red: rise together, blue: one rises as the other falls, grey: a constant feature. Features that move together share credit in importance scores and explanations.</p>
    </PlotFrame>
  );
}
