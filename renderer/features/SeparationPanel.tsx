// Features ranked by how well they separate the labeled classes, or the k-means clusters of
// all windows (the unsupervised view: what differs between the groups the data falls into).
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import { BarChart } from '../plots/BarChart.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { toCsv } from '../plots/stats.js';

type Separation = Output<'insights.separation'>;

interface Props { client: CoreClient; onResult(s: Separation | null): void; onPick(feature: string): void }

export function SeparationPanel({ client, onResult, onPick }: Props) {
  const [by, setBy] = useState<'class' | 'cluster'>('class');
  const [k, setK] = useState(4);
  const [seed, setSeed] = useState(0);
  const [s, setS] = useState<Separation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    client.call('insights.separation', { by, k, seed })
      .then((x) => { if (live) { setS(x); onResult(x); } })
      .catch((e: Error) => { if (live) { setS(null); setError(e.message); } });
    return () => { live = false; };
  }, [client, by, k, seed, onResult]);
  const top = s?.ranking.slice(0, 15) ?? [];
  return (
    <PlotFrame
      title={`Top features by separation of ${by === 'class' ? 'classes' : `${k} clusters`}`}
      name={`feature-separation-${by}`}
      testId="plot-separation"
      csv={() => toCsv([['feature', 'anova_f', 'eta_squared', 'mutual_information_bits', 'n'], ...(s?.ranking ?? []).map((r) => [r.name, r.f, r.etaSquared, r.mutualInformation, r.n])])}
      controls={
        <span className="plot-controls">
          <select value={by} onChange={(e) => setBy(e.target.value as typeof by)} aria-label="separate" data-testid="separation-by"><option value="class">labeled classes</option><option value="cluster">k-means clusters</option></select>
          {by === 'cluster' && (
            <>
              <label>k <input type="number" min={2} max={20} value={k} onChange={(e) => setK(Math.max(2, Math.min(20, Number(e.target.value) || 2)))} style={{ width: '4em' }} /></label>
              <label>seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Number(e.target.value) || 0))} style={{ width: '4em' }} /></label>
            </>
          )}
        </span>
      }
    >
      {error && <p className="muted">{error}</p>}
      {s && (
        <>
          <p className="muted">{s.groups.map((g) => `${g.name}: ${g.count}`).join(' · ')} — {s.note}</p>
          <BarChart
            labels={top.map((r) => r.label)}
            details={top.map((r) => `${r.name}: ${r.description} — ANOVA F ${r.f >= 1e300 ? '∞' : r.f.toFixed(1)}`)}
            series={[{ name: 'η² (share of variance between groups)', colour: '#009E73', values: top.map((r) => r.etaSquared) }, { name: 'mutual information (bits)', colour: '#CC79A7', values: top.map((r) => r.mutualInformation) }]}
            xLabel="separation"
            testId="separation"
          />
          <ol className="pick-list">
            {top.slice(0, 8).map((r) => <li key={r.name}><button type="button" className="link" onClick={() => onPick(r.name)} title={r.description}>{r.label}</button></li>)}
          </ol>
          <p className="muted">η² looks at class means (ANOVA); mutual information also sees a class that sits in both tails of another. Correlated features rank together.</p>
        </>
      )}
    </PlotFrame>
  );
}
