// `seislabel fetch`: waveforms from an FDSN data centre into a project, printing each step
// and each failed request as it happens (a long fetch must not look frozen).
import type { CoreClient } from '../../common/api/client.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import type { FetchImportResult } from '../fdsn/fetchTask.js';
import { DATA_CENTRES } from '../fdsn/services.js';
import { parseWindowingArgs, WINDOWING_HELP } from './windowingArgs.js';

type Out = { log(s: string): void; err(s: string): void };

export const FETCH_USAGE = 'seislabel fetch P.seislabel --service NAME|URL --network N --station S [--location L] --channel C --start ISO --end ISO [--cache DIR] [--chunk SECONDS] [--timeout SECONDS] [--window 30 --step 15]';

export const FETCH_HELP = `${FETCH_USAGE}
  Data centres by name: ${Object.keys(DATA_CENTRES).join(', ')}; or any FDSN base URL.
  Codes take FDSN wildcards (* ?) and lists (a,b); --location "" (or --) is the blank location.
  Requests go one per channel and --chunk seconds (default 3600) into --cache (default: beside
  the project); a re-run skips what is cached. --timeout is per request (default 60 s).
${WINDOWING_HELP}`;

const OPTIONS = ['service', 'network', 'station', 'location', 'channel', 'start', 'end', 'cache', 'chunk', 'timeout'] as const;
type Option = (typeof OPTIONS)[number];

/** Takes the fetch options out of the arguments; what is left is windowing and the project. */
function splitArgs(args: string[]): { opts: Partial<Record<Option, string>>; rest: string[] } {
  const opts: Partial<Record<Option, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(2, eq) : a.slice(2)) as Option;
    if (!a.startsWith('--') || !OPTIONS.includes(name)) {
      rest.push(a);
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new CoreError('invalid_input', `--${name} needs a value (usage: ${FETCH_USAGE})`);
    opts[name] = value;
  }
  return { opts, rest };
}

const seconds = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new CoreError('invalid_input', `--${name} must be a positive number of seconds, got "${v}"`);
  return x;
};

export async function fetchCommand(core: Core, client: CoreClient, args: string[], out: Out): Promise<number> {
  const { opts, rest } = splitArgs(args);
  const { windowing, files } = parseWindowingArgs(rest);
  const project = files[0];
  if (!project || files.length > 1) throw new CoreError('invalid_input', `${project ? `unexpected argument "${files[1]}"` : 'missing project file'} (usage: ${FETCH_USAGE})`);
  const missing = (['service', 'network', 'station', 'channel', 'start', 'end'] as const).filter((k) => !opts[k]);
  if (missing.length) throw new CoreError('invalid_input', `missing ${missing.map((m) => `--${m}`).join(', ')} (usage: ${FETCH_USAGE})`);
  await client.call('projects.open', { path: project });
  let last = '';
  const off = client.on('task.progress', (t) => {
    if (t.kind !== 'fetch' || t.message === last || t.status !== 'running') return;
    last = t.message;
    out.log(t.total ? `[${t.done}/${t.total}] ${t.message}` : t.message);
  });
  let failures = 0;
  const offErr = client.on('task.progress', (t) => {
    for (const e of t.errors.slice(failures)) out.err(`failed: ${e.message}`);
    failures = t.errors.length;
  });
  try {
    const { taskId } = await client.call('fetch.start', {
      service: opts.service!, network: opts.network!, station: opts.station!, channel: opts.channel!, start: opts.start!, end: opts.end!,
      location: opts.location === '--' ? '' : (opts.location ?? '*'),
      windowing,
      ...(opts.cache ? { cacheDir: opts.cache } : {}),
      ...(opts.chunk ? { chunkSeconds: Math.round(seconds('chunk', opts.chunk)!) } : {}),
      ...(opts.timeout ? { timeoutSeconds: seconds('timeout', opts.timeout) } : {}),
    });
    const task = await core.tasks.wait(taskId);
    const r = task.result as FetchImportResult | undefined;
    if (r) {
      out.log(`${r.service}: ${r.requests} request(s), ${r.downloaded} downloaded (${r.bytes} bytes), ${r.fromCache} from the cache, ${r.failures.length} failed; ${r.planNote}`);
      for (const f of r.import?.imported ?? []) out.log(`imported ${f.file}: ${f.streams} stream(s), ${f.windows} window(s)`);
    }
    if (task.status !== 'done') {
      out.err(`fetch ${task.status}: ${task.message}`);
      return 1;
    }
    return task.errors.length ? 1 : 0;
  } finally {
    off();
    offErr();
  }
}
