// Per-class precision, recall, F1 and Jaccard with support, and the overall accuracy and
// macro averages, of one model on its held-out test windows.
import { toCsv } from '../plots/stats.js';
import { saveCsv } from '../plots/exportPlot.js';
import type { Dashboard } from './types.js';

const METRICS = ['precision', 'recall', 'f1', 'jaccard'] as const;
const HEAD: Record<(typeof METRICS)[number], string> = { precision: 'precision', recall: 'recall', f1: 'F1', jaccard: 'Jaccard' };
const fmt = (v: number) => v.toFixed(3);

/** The metrics table as CSV rows. */
export function metricsCsv(d: Dashboard): string {
  const r = d.report!;
  return toCsv([
    ['class', ...METRICS, 'support', 'predicted'],
    ...d.classes.map((c, k) => [c.name, ...METRICS.map((m) => r.perClass[k]![m]), r.perClass[k]!.support, r.perClass[k]!.predicted]),
    ['macro average', ...METRICS.map((m) => r.macro[m]), r.n, r.n],
    ['accuracy', r.accuracy, '', '', '', r.n, r.n],
  ]);
}

export function MetricsTable({ d }: { d: Dashboard }) {
  const r = d.report;
  if (!r) return <p className="muted" data-testid="metrics-none">{d.note}</p>;
  return (
    <div>
      <table className="metrics" data-testid="metrics-table">
        <thead>
          <tr><th>class</th>{METRICS.map((m) => <th key={m}>{HEAD[m]}</th>)}<th>support</th></tr>
        </thead>
        <tbody>
          {d.classes.map((c, k) => (
            <tr key={c.id}>
              <th><i style={{ background: c.colour }} /> {c.name}</th>
              {METRICS.map((m) => <td key={m} data-testid={`m-${c.name}-${m}`}>{fmt(r.perClass[k]![m])}</td>)}
              <td data-testid={`m-${c.name}-support`}>{r.perClass[k]!.support}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th>macro average</th>{METRICS.map((m) => <td key={m} data-testid={`m-macro-${m}`}>{fmt(r.macro[m])}</td>)}<td>{r.n}</td></tr>
          <tr><th>accuracy</th><td data-testid="m-accuracy">{fmt(r.accuracy)}</td><td colSpan={4} className="muted">weighted F1 {fmt(r.weightedF1)}</td></tr>
        </tfoot>
      </table>
      <p className="muted">{d.note}. Accuracy alone hides rare classes: read the per-class rows.</p>
      <button type="button" onClick={() => saveCsv(metricsCsv(d), `model-${d.model.id}-metrics`)} data-testid="metrics-csv">CSV</button>
    </div>
  );
}
