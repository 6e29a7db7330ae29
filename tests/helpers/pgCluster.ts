// A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, pg_ctl start on a
// free loopback port, a connection URL, and stop + remove at the end. The store contract and
// the team-server tests run against a real PostgreSQL, never an imitation; where the binaries
// are missing or the cluster cannot start, they skip with a console.warn saying why.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** Connection URL of the cluster's `postgres` database. */
  url: string;
  port: number;
  /** A fresh, empty database on the cluster; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown), keeping its data; `start` brings it back on the same port. */
  stop(): void;
  start(): void;
  /** Stops the server and deletes its folder. */
  destroy(): void;
}

/** The folder holding initdb/pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<newest>/bin. */
export function findPgBin(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Starts a cluster, or returns null (after a console.warn naming the reason) where it cannot.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startPgCluster(opts: { durable?: boolean } = {}): Promise<PgCluster | null> {
  const bin = findPgBin();
  if (!bin) {
    console.warn('SKIPPED: no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; install Debian\'s postgresql package to run the PostgreSQL tests');
    return null;
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
  };
  try {
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    const port = await freePort();
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // fsync off for tests: they check what a commit means, not the disk under it. Benches ask
    // for a durable cluster, to compare fairly with SQLite's synchronous=FULL.
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${opts.durable ? 'on' : 'off'} -c max_connections=300`;
    let running = false;
    const start = () => {
      run('pg_ctl', ['start', '-D', data, '-w', '-l', log, '-o', settings]);
      running = true;
    };
    const stop = () => {
      if (!running) return;
      running = false;
      const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'fast', '-w']] : [join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']];
      spawnSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
    };
    start();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let destroyed = false;
    const destroy = () => {
      if (destroyed) return;
      destroyed = true;
      stop();
      rmSync(dir, { recursive: true, force: true });
    };
    // A test process that dies without afterAll must not leave a server behind.
    process.once('exit', destroy);
    return {
      url,
      port,
      stop,
      start,
      destroy,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use lower-case letters, digits and _`);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`CREATE DATABASE ${name}`);
        } finally {
          await c.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
    };
  } catch (e) {
    const err = e as Error & { stderr?: Buffer };
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    console.warn(`SKIPPED: a PostgreSQL test cluster could not start as ${asRoot ? 'postgres' : userInfo().username} (${(err.stderr?.toString().trim() || err.message).split('\n')[0]}${tail ? `; log: ${tail}` : ''}); skipping the PostgreSQL tests`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** A cluster for this test file, destroyed after it; null where none can start. */
export async function pgClusterForFile(): Promise<PgCluster | null> {
  // Imported here so benches (plain tsx, no Vitest) can use startPgCluster.
  const { afterAll } = await import('vitest');
  const cluster = await startPgCluster();
  if (cluster) afterAll(() => cluster.destroy());
  return cluster;
}
