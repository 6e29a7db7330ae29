// Beside the window on the labeling screen: what the newest feature model predicts and why,
// in plain words ("Predicted earthquake (0.86): very high STA/LTA max (+0.21), …").
import { useEffect, useState } from 'react';
import '../plots/plots.css';
import type { Output } from '../../core/common/api/index.js';
import type { WindowSummary } from '../../core/common/model.js';
import { useSessionStore } from '../stores/useSessionStore.js';

type Explanation = NonNullable<Output<'insights.explain'>>;

// Arrow keys move through windows faster than an explanation is worth fetching.
const SETTLE_MS = 120;

export function PredictionPanel({ window: w }: { window: WindowSummary | undefined }) {
  const client = useSessionStore((s) => s.client);
  const [e, setE] = useState<Explanation | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const [modelVersion, setModelVersion] = useState(0);
  const id = w?.id;

  useEffect(() => client?.on('models.changed', () => setModelVersion((v) => v + 1)), [client]);
  useEffect(() => {
    if (!client || id === undefined) return;
    let live = true;
    const t = setTimeout(() => {
      client.call('insights.explain', { windowId: id, top: 4 })
        .then((x) => { if (live) { setE(x); setError(null); } })
        .catch((err: Error) => live && setError(err.message));
    }, SETTLE_MS);
    return () => { live = false; clearTimeout(t); };
  }, [client, id, modelVersion]);

  return (
    <section aria-label="Model prediction" data-testid="prediction" data-window-id={id ?? ''}>
      <h3>Model prediction</h3>
      {error && <p className="error">{error}</p>}
      {e === null && <p className="muted">no model yet — train one after a few labels per class</p>}
      {e && (
        <>
          <div className="probs">
            {e.classes.map((c, k) => (
              <div key={c.id} className="prob-row" title={`${c.name}: ${e.probs[k]!.toFixed(3)}`}>
                <span>{c.name}</span>
                <span className="prob-bar"><span style={{ width: `${e.probs[k]! * 100}%`, background: c.colour }} /></span>
                <span data-testid={`prob-${c.name}`}>{e.probs[k]!.toFixed(2)}</span>
              </div>
            ))}
          </div>
          <p className="explanation" data-testid="explanation-headline">{e.headline}</p>
          <details data-testid="explanation-details">
            <summary>why, feature by feature</summary>
            <p className="muted">
              Each feature's push on “{e.classes[e.predicted]!.name}”, starting from {e.bias[e.predicted]!.toFixed(2)} before any feature is looked at (model #{e.modelId}).
            </p>
            <ul className="reasons">
              {(all ? e.items : e.items.slice(0, 8)).map((it) => (
                <li key={it.name} title={`${it.description}${it.unit ? ` [${it.unit}]` : ''} — value ${it.value === null ? 'missing' : it.value.toPrecision(3)}, higher than ${(it.rank * 100).toFixed(0)} % of training windows`}>
                  <span className={it.contribution >= 0 ? 'push-up' : 'push-down'}>{it.contribution >= 0 ? '▲' : '▼'}</span> {it.phrase}
                  <div className="muted small">{it.description}</div>
                </li>
              ))}
            </ul>
            <button type="button" className="link" onClick={() => setAll(!all)}>{all ? 'fewer' : `all ${e.items.length} features`}</button>
            <p className="muted small">{e.note}</p>
          </details>
        </>
      )}
    </section>
  );
}
