// Loss curves of one model (networks), the project's learning curve (macro-F1 of every model
// version against its number of labels) and simulated strategy comparisons.
import { CLASS_PALETTE } from '../../core/common/palette.js';
import { LineChart, type Series } from '../plots/LineChart.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { toCsv } from '../plots/stats.js';
import type { Dashboard, ModelSummary, Simulation } from './types.js';

/** Training and validation loss per epoch, when the model trains in epochs. */
export function LossCurves({ d }: { d: Dashboard }) {
  const c = d.curves;
  if (!c) return <p className="muted" data-testid="loss-none">The {d.model.kind === 'forest' ? 'feature model' : `${d.model.kind} model`} trains in one step (no epochs), so it has no loss curve.</p>;
  const series: Series[] = [{ name: 'training loss', colour: CLASS_PALETTE[0], points: c.map((p) => ({ x: p.epoch, y: p.loss })) }];
  const val = c.filter((p) => p.valLoss !== null);
  if (val.length) series.push({ name: 'validation loss', colour: CLASS_PALETTE[1], points: val.map((p) => ({ x: p.epoch, y: p.valLoss! })) });
  return (
    <PlotFrame title="Loss curves" name={`model-${d.model.id}-loss`} testId="plot-loss" csv={() => toCsv([['epoch', 'loss', 'val_loss'], ...c.map((p) => [p.epoch, p.loss, p.valLoss])])}>
      <LineChart series={series} xLabel="epoch" yLabel="loss" testId="loss" />
      <p className="muted">Validation loss rising while training loss falls means over-fitting; both high means under-fitting.</p>
    </PlotFrame>
  );
}

/** Macro-F1 on held-out windows of each model version against the labels it was trained on. */
export function LearningCurve({ models }: { models: ModelSummary[] }) {
  const scored = models.filter((m) => m.macroF1 !== null).sort((a, b) => a.id - b.id);
  if (!scored.length) return <p className="muted" data-testid="learning-none">No model version has a held-out score yet (needs 20 labels in 5 groups).</p>;
  const kinds = [...new Set(scored.map((m) => m.kind))];
  const splits = Math.max(0, ...scored.map((m) => (m.macroF1Spread?.method === 'splits' ? m.macroF1Spread.n : 0)));
  const bootstrap = Math.max(0, ...scored.map((m) => (m.macroF1Spread?.method === 'bootstrap' ? m.macroF1Spread.n : 0)));
  const single = [...new Set(scored.filter((m) => !m.macroF1Spread).map((m) => m.kind))];
  const series: Series[] = kinds.flatMap((k, i) => {
    const ms = scored.filter((m) => m.kind === k);
    return [
      {
        name: `${k} macro-F1`,
        colour: CLASS_PALETTE[i * 2 % CLASS_PALETTE.length]!,
        points: ms.map((m) => ({ x: m.nTrain, y: m.macroF1!, lo: m.macroF1Spread?.lo, hi: m.macroF1Spread?.hi })),
      },
      { name: `${k} accuracy`, colour: CLASS_PALETTE[(i * 2 + 1) % CLASS_PALETTE.length]!, dashed: true, points: ms.map((m) => ({ x: m.nTrain, y: m.accuracy! })) },
    ];
  });
  return (
    <PlotFrame title="Learning curve of this project" name="learning-curve" testId="plot-learning"
      csv={() => toCsv([
        ['model', 'kind', 'backend', 'labels', 'macro_f1', 'macro_f1_low', 'macro_f1_high', 'macro_f1_sd', 'range_from', 'range_n', 'accuracy', 'created'],
        ...scored.map((m) => {
          const s = m.macroF1Spread;
          return [m.id, m.kind, m.backend, m.nTrain, m.macroF1, s?.lo ?? '', s?.hi ?? '', s?.sd ?? '', s?.method ?? 'one split', s?.n ?? 1, m.accuracy, new Date(m.createdAt).toISOString()];
        }),
      ])}>
      <LineChart series={series} xLabel="labels the model was trained on" yLabel="held-out score" yDomain={[0, 1]} testId="learning" />
      <p className="muted" data-testid="learning-note">
        One point per model version, scored on its own held-out groups, so points are not on one fixed test set.
        {splits > 1 && ` Feature models: bars and band span the lowest to highest macro-F1 over ${splits} grouped splits with different seeds.`}
        {bootstrap > 0 && ` Networks (fitted once): bars span the 5th to 95th percentile of macro-F1 over ${bootstrap} resamples of their test groups.`}
        {(splits > 1 || bootstrap > 0) && ' Where a range is wide, the held-out windows are too few for one number to be trusted.'}
        {single.length > 0 && ` ${single.join(', ')} versions without a range were scored on one split only.`}
      </p>
    </PlotFrame>
  );
}

const STRATEGY_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000'];

/** Strategies against random: mean macro-F1 over seeds with its spread. */
export function SimulationChart({ sim }: { sim: Simulation }) {
  const series: Series[] = sim.results.map((r, i) => ({
    name: r.strategy,
    colour: r.strategy === 'random' ? '#777777' : STRATEGY_COLOURS[i % STRATEGY_COLOURS.length]!,
    dashed: r.strategy === 'random',
    points: r.curve.map((p) => ({ x: p.labels, y: p.macroF1, spread: p.macroF1Std })),
  }));
  const first = sim.results[0]!;
  return (
    <PlotFrame title={`Strategies against random — ${sim.source}`} name="strategy-simulation" testId="plot-simulation"
      csv={() => toCsv([['strategy', 'labels', 'macro_f1', 'macro_f1_std', 'accuracy'], ...sim.results.flatMap((r) => r.curve.map((p) => [r.strategy, p.labels, p.macroF1, p.macroF1Std, p.accuracy]))])}>
      <LineChart series={series} xLabel="labels revealed" yLabel="macro-F1 on held-out groups" yDomain={[0, 1]} testId="simulation" />
      <table className="metrics">
        <thead><tr><th>strategy</th><th>labels to 95 %</th><th>labels to 98 %</th><th>all labels</th></tr></thead>
        <tbody>
          {sim.results.map((r) => (
            <tr key={r.strategy}><th>{r.strategy}</th><td>{r.labelsTo95 ?? '—'}</td><td>{r.labelsTo98 ?? '—'}</td><td>{r.fullPoolMacroF1.toFixed(3)}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Model {first.model}, {first.seeds} seed(s), classes {first.classes.join(' / ')}; bands show ± one standard deviation over seeds.
        {[...new Set(sim.results.flatMap((r) => r.notes))].map((n) => ` ${n}.`)}
      </p>
    </PlotFrame>
  );
}
