// One feature's distribution per class (and for the unlabeled windows): box plots and
// histograms of the share of each group per bin.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import { FEATURES } from '../../core/common/features/definitions.js';
import { Distribution } from '../plots/Distribution.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { toCsv } from '../plots/stats.js';

type Dist = Output<'insights.distribution'>;

export function DistributionPanel({ client, feature, onFeature }: { client: CoreClient; feature: string | null; onFeature(f: string): void }) {
  const [d, setD] = useState<Dist | null>(null);
  const [unlabeled, setUnlabeled] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const name = feature ?? FEATURES[0]!.name;
  useEffect(() => {
    let live = true;
    client.call('insights.distribution', { feature: name }).then((x) => { if (live) { setD(x); setError(null); } }).catch((e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [client, name]);
  const groups = d?.groups.filter((g) => unlabeled || g.classId !== null) ?? [];
  return (
    <PlotFrame
      title={d ? d.feature.label : name}
      name={`feature-${name}-per-class`}
      testId="plot-distribution"
      csv={() => toCsv([['group', name], ...groups.flatMap((g) => g.values.map((v) => [g.name, v]))])}
      controls={
        <span className="plot-controls">
          <select value={name} onChange={(e) => onFeature(e.target.value)} aria-label="feature" data-testid="distribution-feature">
            {FEATURES.map((f) => <option key={f.name} value={f.name}>{f.name}</option>)}
          </select>
          <label><input type="checkbox" checked={unlabeled} onChange={(e) => setUnlabeled(e.target.checked)} /> unlabeled</label>
        </span>
      }
    >
      {error && <p className="error">{error}</p>}
      {d && <p className="muted">{d.feature.description}</p>}
      {d && (groups.length ? <Distribution groups={groups} xLabel={d.feature.label} testId="distribution" /> : <p className="muted">No computed features yet: they are computed when a model is trained.</p>)}
      {d?.groups.some((g) => g.values.length < g.total) && <p className="muted">Large groups are shown by an even sample of their values.</p>}
    </PlotFrame>
  );
}
