// `seislabel simulate`: how many labels each query strategy needs on a labeled set.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CoreError } from '../../common/errors.js';
import { simulate, type SimResult } from '../../common/ml/simulate.js';
import { STRATEGIES, type StrategyName } from '../../common/ml/strategies.js';
import { loadLabeledSet } from '../ml/labeledSet.js';
import { simModel } from '../ml/simModels.js';

export const SIMULATE_HELP = `  seislabel simulate --data DIR --strategy NAME|all --model forest --seeds 10 \\
      --initial 6 --batch 6 --budget 120 --test-fraction 0.3 --group-by COLUMN --start app|random --out FILE.json
    (--start app: the first batch is chosen as the app chooses it before any model, cold start
     for strategies that need predictions; --start random: every strategy starts from one random draw)
    (--strategy also takes a comma-separated list, e.g. random,hybrid)
    strategies: ${STRATEGIES.map((s) => s.name).join(', ')}`;

/** Runs the simulation command; prints a table and writes JSON. */
export async function simulateCommand(args: string[], out: { log(s: string): void }): Promise<number> {
  const s = { type: 'string' } as const;
  const { values } = parseArgs({ args, options: { data: s, strategy: { ...s, default: 'all' }, model: { ...s, default: 'forest' }, seeds: { ...s, default: '10' }, initial: { ...s, default: '6' }, batch: { ...s, default: '6' }, budget: { ...s, default: '120' }, 'test-fraction': { ...s, default: '0.3' }, 'group-by': s, out: s, 'base-seed': { ...s, default: '0' }, start: { ...s, default: 'app' } } });
  if (!values.data) throw new CoreError('invalid_input', 'missing --data DIR (a windowed-array folder)');
  const int = (name: string, v: string, min = 1) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new CoreError('invalid_input', `--${name} must be an integer ≥ ${min}, got "${v}"`);
    return x;
  };
  const tf = Number(values['test-fraction']);
  if (!(tf > 0 && tf < 1)) throw new CoreError('invalid_input', `--test-fraction must be between 0 and 1, got "${values['test-fraction']}"`);
  if (values.start !== 'app' && values.start !== 'random') throw new CoreError('invalid_input', `--start must be app or random, got "${values.start}"`);
  const start = values.start;
  const names = values.strategy === 'all' ? STRATEGIES.map((x) => x.name) : (values.strategy!.split(',').map((x) => x.trim()) as StrategyName[]);
  for (const n of names) if (!STRATEGIES.some((x) => x.name === n)) throw new CoreError('invalid_input', `unknown strategy "${n}" (known: ${STRATEGIES.map((x) => x.name).join(', ')}, all)`);
  const ls = loadLabeledSet(values.data, values['group-by']);
  const model = simModel(values.model!, ls);
  out.log(`${ls.name}: ${ls.rows.length} labeled windows, classes ${ls.classes.join(' / ')}, ${new Set(ls.groups).size} groups`);
  const results: SimResult[] = [];
  for (const strategy of names) {
    results.push(await simulate({ classes: ls.classes, y: ls.y, groups: ls.groups, features: ls.features }, model, {
      strategy, seeds: int('seeds', values.seeds!), initial: int('initial', values.initial!), batch: int('batch', values.batch!), budget: int('budget', values.budget!),
      testFraction: tf, baseSeed: int('base-seed', values['base-seed']!, 0), start,
    }));
  }
  out.log(formatTable(results));
  for (const n of new Set(results.flatMap((r) => r.notes))) out.log(`note: ${n}`);
  if (values.out) {
    const strip = (r: SimResult) => ({ ...r, curve: r.curve.map(({ labels, macroF1, accuracy, macroF1Std }) => ({ labels, macroF1, accuracy, macroF1Std })) });
    writeFileSync(values.out, JSON.stringify(names.length === 1 && values.strategy !== 'all' ? strip(results[0]!) : { results: results.map(strip) }, null, 2));
    out.log(`wrote ${values.out}`);
  }
  return 0;
}

/** The readable table: macro-F1 at each label count per strategy, and labels to 95 %/98 %. */
export function formatTable(results: SimResult[]): string {
  const steps = results[0]!.curve.map((p) => p.labels);
  const shown = steps.filter((_, i) => i % Math.max(1, Math.ceil(steps.length / 10)) === 0 || i === steps.length - 1);
  const head = ['strategy'.padEnd(16), ...shown.map((n) => String(n).padStart(6)), '  full', ' to95', ' to98', '  ±sd'].join(' ');
  const lines = [`macro-F1 (mean over ${results[0]!.seeds} seeds, model ${results[0]!.model}) by number of labels`, head];
  for (const r of results) {
    const cells = shown.map((n) => r.curve.find((p) => p.labels === n)!.macroF1.toFixed(3).padStart(6));
    // The spread over seeds: how much one run's curve can differ from the mean shown.
    const sd = r.curve.reduce((a, p) => a + p.macroF1Std, 0) / r.curve.length;
    lines.push([r.strategy.padEnd(16), ...cells, r.fullPoolMacroF1.toFixed(3).padStart(6), String(r.labelsTo95 ?? '-').padStart(5), String(r.labelsTo98 ?? '-').padStart(5), sd.toFixed(3).padStart(5)].join(' '));
  }
  lines.push('±sd: standard deviation of macro-F1 over seeds, averaged along the curve (results vary with the draw of labels and the test split).');
  return lines.join('\n');
}
