// Beside the map: what the colours mean, clusters and how stable they are, the group chosen
// with the lasso, and the exports. The stability numbers come with a sentence on purpose:
// a map or a clustering is one run, and the next run will differ.
import { FEATURES } from '../../core/common/features/index.js';
import { featureTitle } from '../../core/common/ml/explainText.js';
import type { Colouring } from './mapColours.js';
import { useMapStore } from './useMapStore.js';

interface Props {
  colouring: Colouring;
  canPredict: boolean;
  onCluster(k: number, space: 'map' | 'input'): void;
  onSuggest(space: 'map' | 'input'): void;
  onStability(): void;
  onLabelGroup(): void;
  onQueue(): void;
  onExport(kind: 'png' | 'svg' | 'csv'): void;
  busy: boolean;
}

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

export function MapSide({ colouring, canPredict, onCluster, onSuggest, onStability, onLabelGroup, onQueue, onExport, busy }: Props) {
  const s = useMapStore();
  const hasMap = s.windowIds.length > 0 && !!s.info;
  const form = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    onCluster(Number(f.get('k')), f.get('space') as 'map' | 'input');
  };
  return (
    <aside className="map-side" aria-label="Map settings">
      <section>
        <label className="field-inline">
          colour by
          <select value={s.colourBy} onChange={(e) => s.set({ colourBy: e.target.value as typeof s.colourBy })} data-testid="map-colour-by">
            <option value="label">label</option>
            <option value="prediction" disabled={!canPredict}>prediction</option>
            <option value="uncertainty" disabled={!canPredict}>uncertainty (entropy)</option>
            <option value="cluster">cluster</option>
            <option value="station">station</option>
            <option value="feature">feature…</option>
          </select>
        </label>
        {s.colourBy === 'feature' && (
          <select value={s.feature} onChange={(e) => s.set({ feature: e.target.value })} aria-label="feature" data-testid="map-feature">
            {FEATURES.map((f) => <option key={f.name} value={f.name} title={f.description}>{featureTitle(f.name, f.unit)}</option>)}
          </select>
        )}
        <ul className="legend" data-testid="map-legend" data-kind={colouring.kind}>
          {colouring.legend.map((e) => (
            <li key={e.name} data-testid={`legend-${e.name}`} data-count={e.count} data-colour={e.colour}>
              <i style={{ background: e.colour }} /> {e.name} <span className="muted">{e.count}</span>
            </li>
          ))}
          {colouring.range && (
            <li className="ramp-row">
              <span>{colouring.range.lo}</span>
              <span className="ramp" style={{ background: `linear-gradient(to right, ${colouring.palette.filter((_, i) => i % 8 === 0).join(',')})` }} />
              <span>{colouring.range.hi}</span>
            </li>
          )}
        </ul>
      </section>

      <section aria-label="Selection">
        <h3>Group</h3>
        <div className="row">
          <button type="button" aria-pressed={s.mode === 'lasso'} onClick={() => s.set({ mode: s.mode === 'lasso' ? 'panZoom' : 'lasso' })} data-testid="map-mode-lasso" title="Draw around points to choose a group (or hold Shift while dragging)">
            lasso
          </button>
          <span><strong data-testid="map-selected-count">{s.selected.length}</strong> selected</span>
          {s.selected.length > 0 && <button type="button" className="link" onClick={() => s.set({ selected: [] })}>clear</button>}
        </div>
        <div className="row">
          <button type="button" disabled={!s.selected.length || busy} onClick={onLabelGroup} data-testid="map-label-group">Label group…</button>
          <button type="button" disabled={!s.selected.length || busy} onClick={onQueue} data-testid="map-queue">Queue for labeling next</button>
        </div>
      </section>

      <section aria-label="Clusters">
        <h3>Clusters (k-means)</h3>
        <form className="row" onSubmit={form}>
          <label>k <input name="k" type="number" min={2} max={50} defaultValue={s.suggest?.k ?? 4} key={s.suggest?.k ?? 0} style={{ width: '4em' }} data-testid="map-k" /></label>
          <select name="space" defaultValue="map" aria-label="cluster on">
            <option value="map">on the map</option>
            <option value="input">on the input rows</option>
          </select>
          <button type="submit" disabled={!hasMap || busy} data-testid="map-cluster">Cluster</button>
          <button type="button" disabled={!hasMap || busy} onClick={() => onSuggest('map')} title="Mean silhouette for k = 2…10 (higher = better separated)">Suggest k</button>
        </form>
        {s.suggest && (
          <p className="muted" data-testid="map-suggest">
            silhouette by k: {s.suggest.scores.map((x) => `${x.k}: ${x.silhouette.toFixed(2)}`).join(' · ')} → suggested k = <strong>{s.suggest.k}</strong>
          </p>
        )}
        {s.clusters && (
          <p data-testid="map-cluster-stats">
            silhouette <strong>{s.clusters.silhouette.toFixed(2)}</strong> · agreement between {s.clusters.stability.seeds.length} seeds (adjusted Rand index){' '}
            <strong data-testid="map-cluster-ari">{s.clusters.stability.meanAri.toFixed(2)}</strong>
            <span className="muted"> (1 = identical clusters, 0 = chance; range {Math.min(...s.clusters.stability.pairwise).toFixed(2)}–{Math.max(...s.clusters.stability.pairwise).toFixed(2)})</span>
          </p>
        )}
      </section>

      <section aria-label="Stability">
        <h3>How stable is this map?</h3>
        <button type="button" disabled={!hasMap || busy} onClick={onStability} data-testid="map-stability">Recompute with 2 other seeds and compare</button>
        {s.stability && (
          <p data-testid="map-stability-result">
            runs with seeds {s.stability.seeds.join(', ')} share <strong data-testid="map-overlap">{pct(s.stability.meanOverlap)}</strong> of each window's {s.stability.neighbours} nearest neighbours on average
            (chance: {pct(s.stability.chance)}; pairs: {s.stability.pairwise.map(pct).join(', ')}).
          </p>
        )}
        <p className="note" role="note">
          UMAP, t-SNE and k-means give different results from run to run. A seed makes one run repeatable, not true: trust shapes and groups that come back across seeds, not the exact layout of one map.
        </p>
      </section>

      <section aria-label="Export">
        <h3>Export</h3>
        <div className="row">
          <button type="button" disabled={!hasMap} onClick={() => onExport('png')} data-testid="map-export-png">PNG</button>
          <button type="button" disabled={!hasMap} onClick={() => onExport('svg')} data-testid="map-export-svg">SVG</button>
          <button type="button" disabled={!hasMap} onClick={() => onExport('csv')} data-testid="map-export-csv">CSV</button>
        </div>
      </section>
    </aside>
  );
}
