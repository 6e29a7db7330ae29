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
    ...(r.leftOut.length ? [['left out of macro average (no held-out windows)', r.leftOut.map((k) => d.classes[k]?.name ?? k).join('|'), '', '', '', '', '']] : []),
    ['accuracy', r.accuracy, '', '', '', r.n, r.n],
  ]);
}

/** Which classes the macro averages leave out and why, or null when every class was scored. */
export function leftOutText(d: Dashboard): string | null {
  const r = d.report;
  if (!r || !r.leftOut.length) return null;
  const names = r.leftOut.map((k) => `“${d.classes[k]?.name ?? `class ${k}`}”`).join(', ');
  return `${names} ${r.leftOut.length > 1 ? 'have' : 'has'} no held-out windows in this split, so ${r.leftOut.length > 1 ? 'they are' : 'it is'} left out of the macro averages (a score of 0 would describe the split, not the model).`;
}

/** How the macro-F1 varies over repeated grouped splits, and how often each class was missing from the test side. */
export function repeatsText(d: Dashboard): string | null {
  const x = d.repeats;
  const b = d.model.macroF1Spread;
  if (b?.method === 'bootstrap') {
    return `The model is fitted once; resampling its held-out groups ${b.n} times puts macro-F1 between ${fmt(b.lo)} and ${fmt(b.hi)} in 90 % of draws (sd ${fmt(b.sd)}).`;
  }
  if (!x || x.macroF1.n < 2) return null;
  const f = x.macroF1;
  const missing = d.classes.flatMap((c, k) => {
    const n = x.leftOut.filter((l) => l.includes(k)).length;
    return n ? [`“${c.name}” had no held-out windows in ${n} of them`] : [];
  });
  return `Over ${f.n} grouped splits with seeds ${x.seeds.join(', ')} (${Math.min(...x.nTest)}–${Math.max(...x.nTest)} held-out windows each): macro-F1 ${fmt(f.mean)} ± ${fmt(f.sd)}, from ${fmt(f.min)} to ${fmt(f.max)}${missing.length ? `; ${missing.join(', ')}` : ''}.`;
}

export function MetricsTable({ d }: { d: Dashboard }) {
  const r = d.report;
  if (!r) return <p className="muted" data-testid="metrics-none">{d.note}</p>;
  const leftOut = leftOutText(d);
  const repeats = repeatsText(d);
  return (
    <div>
      <table className="metrics" data-testid="metrics-table">
        <thead>
          <tr><th>class</th>{METRICS.map((m) => <th key={m}>{HEAD[m]}</th>)}<th>support</th></tr>
        </thead>
        <tbody>
          {d.classes.map((c, k) => (
            <tr key={c.id} className={r.leftOut.includes(k) ? 'left-out' : undefined} title={r.leftOut.includes(k) ? 'no held-out windows: not in the macro averages' : undefined}>
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
      {leftOut && <p className="warn" data-testid="metrics-left-out">{leftOut}</p>}
      <p className="muted">{d.note}. Accuracy alone hides rare classes: read the per-class rows.</p>
      {repeats && <p className="muted" data-testid="metrics-repeats">{repeats}</p>}
      <button type="button" onClick={() => saveCsv(metricsCsv(d), `model-${d.model.id}-metrics`)} data-testid="metrics-csv">CSV</button>
    </div>
  );
}
