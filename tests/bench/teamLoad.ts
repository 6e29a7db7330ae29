// The team server under load: volunteers with their own invite links label over WebSocket
// on loopback (auth on), as fast as answers come, against (1) one SQLite host and (2) two
// hosts on one PostgreSQL, spread over both as a load balancer would; then (3) the two
// PostgreSQL hosts again with one killed (SIGKILL) halfway: its volunteers reconnect to the
// other host and resend what was not acknowledged, with the same client key. Every label
// carries a client key, so what is stored can be checked against what was acknowledged:
// lost = acknowledged but not stored, duplicates = stored rows beyond one per key.
// Run alone: npx tsx tests/bench/run.ts --only teamLoad [--seconds 10]
// Volunteers per host: SEISLABEL_BENCH_VOLUNTEERS (default 500).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../../core/node/core.js';
import { PgTeamStore } from '../../core/node/pgstore/pgTeamStore.js';
import { pushProject } from '../../core/node/pgstore/transfer.js';
import { repoRoot } from '../helpers/data.js';
import { startPgCluster } from '../helpers/pgCluster.js';
import { client, freePort } from './hostLoad.js';
import { quantile } from './stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const SECONDS = Number(process.env.SEISLABEL_BENCH_SECONDS ?? 60);
const PER_HOST = Number(process.env.SEISLABEL_BENCH_VOLUNTEERS ?? 500);
const WINDOWS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Host { child: ChildProcess; port: number }

async function startHost(project: string, home: string, token: string, db?: string): Promise<Host> {
  const port = await freePort();
  // SEISLABEL_BENCH_HOST_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the hosts.
  const nodeArgs = (process.env.SEISLABEL_BENCH_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'core', 'node', 'cli', 'bin.js'), 'serve', project, '--port', String(port), ...(db ? ['--db', db] : [])], {
    cwd: repoRoot,
    env: { ...process.env, SEISLABEL_HOME: home, SEISLABEL_OWNER_TOKEN: token },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`a host exited with code ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) return { child, port };
    if (i > 600) throw new Error('a host did not start');
    await sleep(100);
  }
}

const stop = async (h: Host, signal: NodeJS.Signals = 'SIGTERM') => {
  if (h.child.exitCode !== null || h.child.signalCode !== null) return;
  h.child.kill(signal);
  await new Promise((r) => h.child.once('exit', r));
};

interface LoadResult { acked: Set<string>; latencies: number[]; errors: number; retried: number; seconds: number }

/**
 * Volunteers label for SECONDS; volunteer k starts on host k mod n. A call that fails
 * because its host is gone is resent, same key, to the next host that answers.
 */
async function load(ports: number[], tokens: string[], windowIds: number[], classId: number, onHalfway?: () => Promise<void>): Promise<LoadResult> {
  const url = (port: number, t: string) => `ws://127.0.0.1:${port}/ws?token=${t}`;
  const res: LoadResult = { acked: new Set(), latencies: [], errors: 0, retried: 0, seconds: 0 };
  // A refused connection (503 while a burst of sign-ins queues) is tried again, as a browser would.
  const connectOnce = async (port: number, t: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await client(url(port, t));
      } catch (e) {
        if (attempt > 50) throw e;
        await sleep(200);
      }
    }
  };
  const conns = await Promise.all(tokens.map((t, k) => connectOnce(ports[k % ports.length]!, t)));
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const half = onHalfway ? sleep(SECONDS * 500).then(onHalfway) : Promise.resolve();
  await Promise.all(conns.map(async (first, k) => {
    let c = first;
    let hostIdx = k % ports.length;
    let i = 0;
    let retry: Record<string, unknown> | null = null;
    while (performance.now() < end) {
      const label: Record<string, unknown> = retry ?? { windowId: windowIds[(k * 7919 + i * 13) % windowIds.length], kind: 'class', classId, idempotencyKey: `volunteer-${k}-${i}` };
      const s = performance.now();
      const r = await c.call('labels.add', label);
      if (r.ok) {
        res.latencies.push(performance.now() - s);
        res.acked.add(label.idempotencyKey as string);
        retry = null;
        i++;
        continue;
      }
      if (r.error.code !== 'unavailable') {
        res.errors++;
        retry = null;
        i++;
        continue;
      }
      // The host (or its database) is away: resend the same label, to another host if this one is gone.
      retry = label;
      res.retried++;
      if (c.ws.readyState !== c.ws.OPEN) {
        for (;;) {
          hostIdx = (hostIdx + 1) % ports.length;
          try {
            c = await client(url(ports[hostIdx]!, tokens[k]!));
            break;
          } catch {
            await sleep(100);
          }
        }
      } else await sleep(50);
    }
    c.ws.close();
  }));
  await half;
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

/** Acknowledged keys missing from the store, and rows beyond one per key. */
function check(stored: string[], r: LoadResult): { lost: number; duplicates: number } {
  const keys = new Set(stored);
  let lost = 0;
  for (const k of r.acked) if (!keys.has(k)) lost++;
  return { lost, duplicates: stored.length - keys.size };
}

const figuresOf = (what: string, r: LoadResult, c: { lost: number; duplicates: number }, note?: string): BenchFigure[] => [
  { name: `${what}: labels/s`, value: r.acked.size / r.seconds, unit: 'labels/s', note: note ?? `${r.acked.size} acknowledged in ${r.seconds.toFixed(0)} s, ${r.errors} refused` },
  { name: `${what}: write p50`, value: quantile(r.latencies, 0.5), unit: 'ms' },
  { name: `${what}: write p99`, value: quantile(r.latencies, 0.99), unit: 'ms' },
  { name: `${what}: lost (acknowledged, not stored)`, value: c.lost, unit: 'labels' },
  { name: `${what}: duplicates`, value: c.duplicates, unit: 'labels' },
];

async function invite(port: number, token: string, n: number, prefix: string): Promise<string[]> {
  const owner = await client(`ws://127.0.0.1:${port}/ws?token=${token}`);
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await owner.call('people.invite', { name: `${prefix}-${i}`, role: 'volunteer' });
    if (!r.ok) throw new Error(r.error.message);
    tokens.push((r.value as { token: string }).token);
  }
  await new Promise((r) => { owner.ws.once('close', r); owner.ws.close(); });
  return tokens;
}

const suite: BenchSuite = async () => {
  const cluster = await startPgCluster({ durable: true });
  if (!cluster) return [{ name: 'team server on PostgreSQL', value: NaN, unit: '', note: 'skipped: no PostgreSQL cluster could start (see the warning above)' }];
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-team-'));
  const home = join(dir, 'home');
  const token = randomBytes(32).toString('base64url');
  const figures: BenchFigure[] = [];
  const hosts: Host[] = [];
  try {
    const src = join(dir, 'team.seislabel');
    const setup = new Core({ homeDir: home });
    const store = setup.createProject(src, [{ name: 'earthquake' }, { name: 'noise' }]);
    store.transaction(() => {
      for (let i = 0; i < WINDOWS; i++) store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['Z'], startTime: i * 10, samplingRate: 100, data: [new Float32Array(1000)] });
    });
    // Retraining after every 10 labels would put feature extraction and forests on the same
    // two cores as the hosts: measured here is the label path (hostLoad keeps the default).
    store.setMeta('retrain_every', '0');
    const windowIds = store.listWindows({ limit: WINDOWS }).windows.map((w) => w.id);
    const classId = store.listClasses()[0]!.id;
    await setup.close();
    const total = 2 * PER_HOST;

    // (1) One SQLite host with all the volunteers.
    const single = join(dir, 'single.seislabel');
    copyFileSync(src, single);
    const s = await startHost(single, home, token);
    hosts.push(s);
    const sr = await load([s.port], await invite(s.port, token, total, 'v'), windowIds, classId);
    await stop(s);
    const db = new Database(single, { readonly: true });
    const sqliteKeys = db.prepare('SELECT idempotency_key FROM label_events WHERE idempotency_key IS NOT NULL').pluck().all() as string[];
    db.close();
    figures.push(...figuresOf(`1 SQLite host, ${total} volunteers`, sr, check(sqliteKeys, sr), `${sr.acked.size} acknowledged in ${sr.seconds.toFixed(0)} s; synchronous=FULL`));

    // (2) Two hosts on one PostgreSQL, each with its own copy of the project file.
    const run = async (name: string, kill: boolean): Promise<void> => {
      const url = await cluster.createDatabase(name);
      const team = await PgTeamStore.connect(url);
      const p = new Database(src, { readonly: true });
      await pushProject(p as never, team, src);
      p.close();
      const files = ['a', 'b'].map((x) => join(dir, `${name}-${x}.seislabel`));
      for (const f of files) copyFileSync(src, f);
      const [a, b] = await Promise.all(files.map((f) => startHost(f, home, token, url)));
      hosts.push(a!, b!);
      const tokens = await invite(a!.port, token, total, 'v');
      const r = await load([a!.port, b!.port], tokens, windowIds, classId, kill ? () => stop(b!, 'SIGKILL') : undefined);
      await Promise.all([stop(a!), stop(b!)]);
      const keys = ((await team.pool.query('SELECT idempotency_key FROM label_events WHERE idempotency_key IS NOT NULL')).rows as { idempotency_key: string }[]).map((x) => x.idempotency_key);
      await team.close();
      const c = check(keys, r);
      if (!kill) figures.push(...figuresOf(`2 hosts on PostgreSQL, ${PER_HOST} volunteers each`, r, c, `${r.acked.size} acknowledged in ${r.seconds.toFixed(0)} s; fsync on, synchronous_commit on`));
      else {
        figures.push(
          { name: 'kill one of 2 PostgreSQL hosts halfway: labels/s', value: r.acked.size / r.seconds, unit: 'labels/s', note: `${r.acked.size} acknowledged; ${r.retried} calls resent after the kill` },
          { name: 'kill one host: lost acknowledged labels', value: c.lost, unit: 'labels' },
          { name: 'kill one host: duplicates after resending', value: c.duplicates, unit: 'labels' },
        );
      }
    };
    await run('bench_two_hosts', false);
    await run('bench_kill_host', true);
  } finally {
    for (const h of hosts) await stop(h, 'SIGKILL');
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

export default suite;

