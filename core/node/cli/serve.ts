// `seislabel serve`: the browser mode. Opens the given project, else the last one, else
// the demo project, and serves the renderer on 127.0.0.1. Prints the owner's sign-in URL
// (the token in it is fresh each start, or $SEISLABEL_OWNER_TOKEN when set).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../../server/server.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { openOrCreateDemo } from '../demoProject.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Starts the browser-mode host and keeps running until the process is stopped. */
export async function serve(core: Core, args: string[], out: { log(s: string): void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean' },
      static: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'no-auth': { type: 'boolean' },
      db: { type: 'string' },
    },
  });
  const project = positionals[0];
  const dbUrl = values.db ?? (process.env.SEISLABEL_DB || undefined);
  if (dbUrl !== undefined) {
    // A team host: people, tokens and labels in PostgreSQL, the waveforms from this file.
    if (!project) throw new CoreError('invalid_input', 'serve --db needs the project file whose windows the team database holds (seislabel serve P.seislabel --db postgres://…)');
    const { TeamHost } = await import('../team/teamHost.js');
    const { dbUrl: checkUrl } = await import('./teamCmd.js');
    core.openProject(project);
    core.team = await TeamHost.start(core, checkUrl(dbUrl, values.db ? '--db' : 'SEISLABEL_DB'), (s) => out.log(s));
  } else if (project) core.openProject(project);
  else if (!values.demo && core.recentProjects()[0]) core.openProject(core.recentProjects()[0]!);
  else await openOrCreateDemo(core);
  const staticDir = values.static ?? join(repoRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) out.log(`note: the renderer is not built in ${staticDir} (run \`npm run build\`); serving the API only`);
  const envToken = process.env.SEISLABEL_OWNER_TOKEN;
  if (envToken !== undefined && envToken.length < 16) throw new CoreError('invalid_input', 'SEISLABEL_OWNER_TOKEN must be at least 16 characters');
  const s = await startServer({
    core,
    host: values.host,
    port: Number(values.port),
    staticDir,
    allowHosts: values['allow-host'],
    ownerToken: values['no-auth'] ? null : envToken,
  });
  out.log(`Seislabel (browser mode) on ${s.url}  —  project ${core.project?.path}${core.team ? `, team database ${core.team.store.where}` : ''}`);
  out.log(s.ownerToken === null ? 'authentication is off: every local client is the owner' : `Open this URL to sign in as the owner (keep it private):\n    ${s.ownerUrl}`);
  const stop = async () => {
    await s.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
