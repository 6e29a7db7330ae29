// `seislabel team push P.seislabel URL` and `seislabel team pull URL OUT.seislabel --from P.seislabel`:
// a project's team tables (people, labels with history and provenance, picks, gold windows,
// consensus settings, models) into a PostgreSQL team database and back to a single file.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError } from '../../common/errors.js';
import { PgTeamStore } from '../pgstore/pgTeamStore.js';
import { pullProject, pushProject, type TransferCounts } from '../pgstore/transfer.js';
import { openDatabase } from '../store/db.js';

type Out = { log(s: string): void; err(s: string): void };

export const TEAM_HELP = `Usage:
  seislabel team push P.seislabel postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE
      copy the project's people, labels, picks, gold windows, settings and models into an empty team database
  seislabel team pull postgres://… OUT.seislabel --from P.seislabel
      write OUT.seislabel: a copy of P.seislabel (its waveforms and features) with the team database's labels, people and models`;

/** Checks that a string is a PostgreSQL URL before anything connects to it. */
export function dbUrl(url: string | undefined, what: string): string {
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new CoreError('invalid_input', `${what}: expected a PostgreSQL URL (postgres://user@host:port/database), got ${JSON.stringify(url ?? '')}`);
  return url;
}

const summary = (c: TransferCounts) =>
  `${c.label_events ?? 0} label event(s), ${c.annotator_labels ?? 0} current label(s), ${c.people ?? 0} people with ${c.access_tokens ?? 0} invite link(s), ${c.pick_events ?? 0} pick(s), ${c.gold_windows ?? 0} gold window(s), ${c.models ?? 0} model(s), ${c.windows ?? 0} window(s)`;

export async function teamCommand(args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'push') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    if (positionals.length !== 2) throw new CoreError('invalid_input', `team push takes a project file and a database URL\n${TEAM_HELP}`);
    const path = resolve(positionals[0]!);
    const url = dbUrl(positionals[1], 'team push');
    const db = openDatabase(path, { readonly: true });
    try {
      const store = await PgTeamStore.connect(url);
      try {
        const counts = await pushProject(db, store, path);
        out.log(`pushed ${path} to ${store.where}: ${summary(counts)}`);
      } finally {
        await store.close();
      }
    } finally {
      db.close();
    }
    return 0;
  }
  if (sub === 'pull') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { from: { type: 'string' } } });
    if (positionals.length !== 2 || !values.from) throw new CoreError('invalid_input', `team pull takes a database URL, an output file and --from PROJECT (the waveforms stay in the project file)\n${TEAM_HELP}`);
    const url = dbUrl(positionals[0], 'team pull');
    const outFile = resolve(positionals[1]!);
    const store = await PgTeamStore.connect(url);
    try {
      const counts = await pullProject(store, resolve(values.from), outFile);
      out.log(`pulled ${store.where} into ${outFile}: ${summary(counts)}`);
    } finally {
      await store.close();
    }
    return 0;
  }
  out.log(TEAM_HELP);
  return sub === '--help' || sub === 'help' ? 0 : 2;
}
