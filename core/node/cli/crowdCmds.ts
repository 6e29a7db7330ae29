// `seislabel import-labels`, `seislabel consensus` and `seislabel windows P --csv`: labels of
// many people in and out of a project, and the window ids outside labels are matched to.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { csvCell, windowTable } from '../exporters/windowTable.js';
import { importVotes } from '../importers/importVotes.js';
import type { ConsensusMethod } from '../store/consensus.js';

type Out = { log(s: string): void; err(s: string): void };

const cell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const need = (v: string | undefined, what: string, usage: string): string => {
  if (!v) throw new CoreError('invalid_input', `missing ${what} (usage: ${usage})`);
  return v;
};

export async function importLabelsCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const usage = 'seislabel import-labels P.seislabel FILE [--format csv|zooniverse] [--window-field NAME]';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'csv' }, 'window-field': { type: 'string' } } });
  const path = need(positionals[0], 'project file', usage);
  const file = need(positionals[1], 'labels file', usage);
  const format = values.format;
  if (format !== 'csv' && format !== 'zooniverse') throw new CoreError('invalid_input', `--format must be csv or zooniverse, got "${format}"`);
  await client.call('projects.open', { path });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CoreError('not_found', `cannot read ${file}: ${(e as Error).message}`);
  }
  const r = importVotes(core.requireProject(), text, file, { format, windowField: values['window-field'] });
  out.log(`imported ${r.votes} label(s) from ${file}${r.newAnnotators.length ? `; new annotators: ${r.newAnnotators.join(', ')}` : ''}`);
  if (r.skipped.length) out.log(`skipped ${r.skipped.length} row(s): ${r.skipped.slice(0, 5).map((s) => `line ${s.line} (${s.reason})`).join(', ')}${r.skipped.length > 5 ? ', …' : ''}`);
  return 0;
}

export async function consensusCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const usage = 'seislabel consensus P.seislabel [--method majority|dawid-skene] --out consensus.csv';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { method: { type: 'string' }, out: { type: 'string' } } });
  const path = need(positionals[0], 'project file', usage);
  const outFile = need(values.out, '--out', usage);
  const method = values.method;
  if (method !== undefined && method !== 'majority' && method !== 'dawid-skene') throw new CoreError('invalid_input', `--method must be majority or dawid-skene, got "${method}"`);
  await client.call('projects.open', { path, readonly: true });
  const store = core.requireProject();
  const names = new Map(store.listClasses().map((c) => [c.id, c.name]));
  const c = store.consensus(method as ConsensusMethod | undefined);
  const lines = ['window,label,confidence,votes,method'];
  for (const [windowId, l] of [...c.labels].sort((a, b) => a[0] - b[0])) {
    if (l.kind !== 'class' || !l.consensus) continue;
    lines.push([windowId, cell(names.get(l.classId!) ?? String(l.classId)), l.consensus.confidence.toFixed(4), l.consensus.votes, l.consensus.method].join(','));
  }
  writeFileSync(outFile, `${lines.join('\n')}\n`);
  out.log(`wrote the ${c.method} consensus of ${lines.length - 1} window(s) to ${outFile}`);
  return 0;
}

/** Every window with where it came from; a windowed set's windows carry their row `index` in the set. */
export async function windowsCsvCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const usage = 'seislabel windows P.seislabel --csv [--out FILE]';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { csv: { type: 'boolean' }, out: { type: 'string' } } });
  const path = need(positionals[0], 'project file', usage);
  if (!values.csv) throw new CoreError('invalid_input', `only --csv is supported (usage: ${usage})`);
  await client.call('projects.open', { path, readonly: true });
  const { head, rows } = windowTable(core.requireProject());
  const lines = [head.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  const text = `${lines.join('\n')}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    out.log(`wrote ${rows.length} window(s) to ${values.out}`);
  } else out.log(text.trimEnd());
  return 0;
}
