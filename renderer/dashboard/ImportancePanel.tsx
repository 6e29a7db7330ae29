// Global feature importance of a feature model: impurity decrease in the served forest and
// permutation importance on the held-out test windows, side by side.
import { useState } from 'react';
import { BarChart } from '../plots/BarChart.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { toCsv } from '../plots/stats.js';
import type { Importance } from './types.js';

export function ImportancePanel({ imp }: { imp: Importance }) {
  // A forest that spreads its decision over many redundant inputs (each feature also enters
  // above its station's floor and as its rank in the station) can shrug off shuffling any one
  // feature: then no held-out prediction changes and every permutation bar is 0, so the
  // ordering and the note fall back to impurity and say why.
  const flat = imp.baseline !== null && imp.features.every((f) => Math.abs(f.permutation ?? 0) < 1e-9);
  const [by, setBy] = useState<'permutation' | 'impurity'>(imp.baseline !== null && !flat ? 'permutation' : 'impurity');
  const [all, setAll] = useState(false);
  const labelOf = (name: string) => imp.features.find((f) => f.name === name)?.label ?? name;
  const sorted = [...imp.features].sort((a, b) => (by === 'impurity' ? b.impurity - a.impurity : (b.permutation ?? 0) - (a.permutation ?? 0)));
  const shown = all ? sorted : sorted.slice(0, 15);
  // Both on one axis: impurity sums to 1, permutation is a drop of macro-F1 (also 0…1).
  const series = [{ name: 'impurity decrease', colour: '#0072B2', values: shown.map((f) => f.impurity) }];
  if (imp.baseline !== null) series.push({ name: 'permutation: macro-F1 drop', colour: '#E69F00', values: shown.map((f) => f.permutation), errors: shown.map((f) => f.permutationStd) } as (typeof series)[number]);
  return (
    <PlotFrame
      title={`Feature importance (model #${imp.modelId})`}
      name={`model-${imp.modelId}-importance`}
      testId="plot-importance"
      csv={() => toCsv([['feature', 'impurity', 'permutation_mean', 'permutation_std'], ...sorted.map((f) => [f.name, f.impurity, f.permutation, f.permutationStd])])}
      controls={
        <span className="plot-controls">
          <label>order by <select value={by} onChange={(e) => setBy(e.target.value as typeof by)}><option value="permutation" disabled={imp.baseline === null}>permutation</option><option value="impurity">impurity</option></select></label>
          <label><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> all {imp.features.length}</label>
        </span>
      }
    >
      <BarChart labels={shown.map((f) => f.label)} details={shown.map((f) => `${f.name}: ${f.description}`)} series={series} xLabel="importance" testId="importance" />
      <p className="muted">{imp.note}</p>
      {flat && (
        <p className="muted" data-testid="importance-flat">
          Shuffling any one feature changed no prediction on the {imp.nTest} held-out windows: the model spreads its decision over many
          features that carry the same information, so the permutation bars are all 0 and the order is by impurity.
        </p>
      )}
      {imp.correlated.length > 0 && (
        <details>
          <summary>{imp.correlated.length} strongly correlated feature pair(s) share credit</summary>
          <ul>{imp.correlated.slice(0, 20).map((p) => <li key={`${p.a}-${p.b}`}>{labelOf(p.a)} ~ {labelOf(p.b)} (Spearman {p.r.toFixed(2)})</li>)}</ul>
        </details>
      )}
    </PlotFrame>
  );
}
