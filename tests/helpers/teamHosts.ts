// Team-server test rigs, for Vitest and Playwright alike: real `seislabel serve FILE --db URL`
// processes, each with its own copy of the project file as on its own machine, and a load
// balancer in front of several hosts (a TCP proxy whose target can be switched, and which can
// swallow the hosts' replies to make a call "in flight" on purpose).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect as tcpConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PgTeamStore } from '../../core/node/pgstore/pgTeamStore.js';
import { pushProject } from '../../core/node/pgstore/transfer.js';
import type { ProjectStore } from '../../core/node/store/project.js';
import { repoRoot } from './data.js';
import { openWs, rpc } from './hostClient.js';

export const OWNER = 'owner-token-for-team-tests-0123456789';

export interface TeamHostProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  ws: string;
  port: number;
  /** Everything the host printed so far. */
  output: () => string;
}

/** Starts `seislabel serve FILE --port 0 --db DB`; resolves once it prints its address. */
export function startTeamHost(file: string, db: string, env: { home: string; ownerToken: string; onSpawn?: (c: ChildProcessWithoutNullStreams) => void }, extra: string[] = []): Promise<TeamHostProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), 'serve', file, '--port', '0', '--db', db, ...extra], {
    env: { ...process.env, SEISLABEL_HOME: env.home, SEISLABEL_OWNER_TOKEN: env.ownerToken },
  });
  env.onSpawn?.(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (out += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ child, url: m[1]!, ws: `ws://127.0.0.1:${m[2]}/ws`, port: Number(m[2]), output: () => out });
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`serve exited with ${code}: ${out}`));
    });
  });
}

export interface Balancer {
  /** host:port of the front door. */
  front: string;
  /** Sends new connections to this port. */
  target: number;
  /** While true, whatever the hosts send back is dropped (the hosts still receive every call). */
  dropReplies: boolean;
  close(): void;
}

/** A TCP load balancer on a free loopback port. */
export async function startBalancer(target = 0): Promise<Balancer> {
  const open = new Set<Socket>();
  const b: Balancer = { front: '', target, dropReplies: false, close: () => {} };
  const server: Server = createServer((c) => {
    const up = tcpConnect(b.target, '127.0.0.1');
    open.add(c).add(up);
    c.on('data', (d) => up.write(d));
    up.on('data', (d) => {
      if (!b.dropReplies) c.write(d);
    });
    const end = () => {
      c.destroy();
      up.destroy();
      open.delete(c);
      open.delete(up);
    };
    c.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  b.front = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  b.close = () => {
    for (const s of open) s.destroy();
    server.close();
  };
  return b;
}

export type Host = TeamHostProcess;

/**
 * Hosts and sockets of one test file, killed when the file ends (`afterAll` is the test
 * runner's hook: hooks registered inside a running test are not kept) or when its process
 * exits whatever way.
 */
export function teamHosts(dir: string, afterAll: (fn: () => void) => void) {
  const children: ChildProcessWithoutNullStreams[] = [];
  const sockets: { terminate(): void }[] = [];
  const killAll = () => {
    for (const w of sockets) w.terminate();
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  afterAll(killAll);
  process.once('exit', killAll);

  /** Starts `seislabel serve FILE --db URL` with the shared owner token; resolves once it prints its address. */
  const startHost = (file: string, db: string, extra: string[] = []): Promise<Host> =>
    startTeamHost(file, db, { home: join(dir, 'home'), ownerToken: OWNER, onSpawn: (c) => children.push(c) }, extra);

  /** A signed-in WebSocket protocol client of a host. */
  const connect = async (url: string, token: string) => {
    const ws = await openWs(`${url}?token=${token}`);
    if (typeof ws === 'number') throw new Error(`WebSocket refused with ${ws}`);
    sockets.push(ws);
    return { ws, ...rpc(ws) };
  };

  return { startHost, connect, track: (s: { terminate(): void }) => sockets.push(s) };
}

/** Waits until `check` holds, polling; fails naming `what` after `ms`. */
export const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * Pushes an open project (file `src`) to a team database, closes it, and gives each named host
 * its own copy of the file beside it, as on its own machine; returns the copies' paths.
 */
export async function shareProject(p: ProjectStore, src: string, db: string, hosts: string[]): Promise<string[]> {
  const store = await PgTeamStore.connect(db);
  try {
    await pushProject(p.db, store, src);
  } finally {
    await store.close();
  }
  p.close();
  return hosts.map((name) => {
    const file = join(dirname(src), `${name}.seislabel`);
    copyFileSync(src, file);
    return file;
  });
}

/** The value of a protocol call's result; a failed call throws with its error. */
export async function valueOf<T>(p: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}
