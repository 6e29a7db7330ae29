// What the labels cost and what they bought: each model version's held-out macro-F1 against
// the annotator-hours spent before it (time from window shown to verdict, summed), each
// person's hours and labels, and whether more labeling still pays — the stopping hint and the
// F1 gained per hour between the newest versions.
import type { Output } from '../../core/common/api/index.js';
import { CLASS_PALETTE } from '../../core/common/palette.js';
import { LineChart, type Series } from '../plots/LineChart.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { toCsv } from '../plots/stats.js';

type Cost = Output<'insights.labelCost'>;

const fmtHours = (h: number) => (h < 1 ? `${(h * 60).toFixed(1)} min` : `${h.toFixed(2)} h`);

export function CostPanel({ cost }: { cost: Cost }) {
  const kinds = [...new Set(cost.models.map((m) => m.kind))];
  const series: Series[] = kinds.map((k, i) => ({
    name: `${k} macro-F1`, colour: CLASS_PALETTE[(i * 2) % CLASS_PALETTE.length]!,
    points: cost.models.filter((m) => m.kind === k).map((m) => ({ x: m.hours, y: m.macroF1 })),
  }));
  const names = new Map(cost.people.map((p) => [p.annotatorId, p.name]));
  const untimed = cost.total.labels - cost.total.timedLabels;
  return (
    <div data-testid="cost-panel">
      <p data-testid="cost-total">
        <strong>{fmtHours(cost.total.hours)}</strong> of labeling in {cost.total.timedLabels} timed label(s)
        {untimed > 0 && <span className="muted"> · {untimed} label(s) without a time (imported, or given before times were recorded)</span>}
      </p>
      <p data-testid="cost-stopping" className={cost.stopping.stop ? 'warn' : 'muted'}>
        {cost.stopping.reason}
        {cost.f1PerHour !== null && <> · the last hours of labeling moved macro-F1 by <strong data-testid="f1-per-hour">{cost.f1PerHour >= 0 ? '+' : ''}{cost.f1PerHour.toFixed(3)}</strong> per hour</>}
      </p>
      {cost.models.length === 0 ? (
        <p className="muted" data-testid="cost-no-models">No model version has a held-out score yet.</p>
      ) : (
        <PlotFrame title="Model score against annotator-hours" name="f1-vs-hours" testId="plot-cost"
          csv={() => toCsv([
            ['model', 'kind', 'labels', 'macro_f1', 'hours_total', ...cost.people.map((p) => `hours_${p.name}`)],
            ...cost.models.map((m) => [m.modelId, m.kind, m.nTrain, m.macroF1, m.hours, ...cost.people.map((p) => m.perPerson.find((q) => q.annotatorId === p.annotatorId)?.hours ?? 0)]),
          ])}>
          <LineChart series={series} xLabel="annotator-hours spent before the model was trained" yLabel="held-out macro-F1" yDomain={[0, 1]} testId="cost-chart" />
        </PlotFrame>
      )}
      <table className="metrics" data-testid="cost-people">
        <thead><tr><th>person</th><th>labels</th><th>time labeling</th><th>median per label</th><th>share of the time</th></tr></thead>
        <tbody>
          {cost.people.map((p) => (
            <tr key={p.annotatorId} data-testid={`cost-${p.name}`}>
              <td>{names.get(p.annotatorId)}</td>
              <td>{p.labels}</td>
              <td data-testid="cost-hours">{p.timedLabels ? fmtHours(p.hours) : '—'}</td>
              <td>{p.medianSeconds === null ? '—' : `${p.medianSeconds.toFixed(1)} s`}</td>
              <td>{cost.total.hours > 0 ? `${Math.round((100 * p.hours) / cost.total.hours)} %` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
