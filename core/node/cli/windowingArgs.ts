// Parses the windowing options shared by `import` (and later commands).
import { parseArgs } from 'node:util';
import { WindowingSchema } from '../../common/api/schemas.js';
import { CoreError } from '../../common/errors.js';
import type { Windowing } from '../importers/importFiles.js';

export const WINDOWING_HELP = `Windowing (continuous files): --window S --step S cut fixed windows (default 30 s every 15 s);
  --trigger cuts windows around classic STA/LTA detections; --no-windows keeps only the streams.
Windowed-array folders keep their windows; --no-labels imports them as an unlabeled pool.
SeisBench/STEAD HDF5 (waveforms*.hdf5 + metadata*.csv, or a folder of chunks): one window per trace;
  --label-column NAME makes that metadata column the class (without it they import unlabeled).`;

/** Windowing settings and the remaining positional arguments. */
export function parseWindowingArgs(args: string[]): { windowing: Windowing; files: string[]; importLabels: boolean; labelColumn?: string } {
  const num = { type: 'string' } as const;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { window: num, step: num, trigger: { type: 'boolean' }, 'no-windows': { type: 'boolean' }, 'no-labels': { type: 'boolean' }, 'label-column': { type: 'string' }, sta: num, lta: num, on: num, off: num, pre: num, length: num },
  });
  const n = (name: keyof typeof values, v: string | boolean | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new CoreError('invalid_input', `--${name} must be a positive number, got "${String(v)}"`);
    return x;
  };
  let raw: unknown;
  if (values['no-windows']) raw = { mode: 'none' };
  else if (values.trigger) {
    raw = { mode: 'trigger', staSeconds: n('sta', values.sta), ltaSeconds: n('lta', values.lta), on: n('on', values.on), off: n('off', values.off), preSeconds: values.pre === undefined ? undefined : Number(values.pre), lengthSeconds: n('length', values.length) };
  } else {
    const length = n('window', values.window) ?? 30;
    raw = { mode: 'fixed', lengthSeconds: length, stepSeconds: n('step', values.step) ?? length / 2 };
  }
  const parsed = WindowingSchema.safeParse(raw);
  if (!parsed.success) throw new CoreError('invalid_input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { windowing: parsed.data, files: positionals, importLabels: !values['no-labels'], labelColumn: values['label-column'] };
}
