// Team-server test rigs: `seislabel serve FILE --db URL` as a child process, and a load
// balancer in front of several hosts (a TCP proxy whose target can be switched, and which can
// swallow the hosts' replies to make a call "in flight" on purpose).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, connect as tcpConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './data.js';

export interface TeamHostProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  ws: string;
  port: number;
  /** Everything the host printed so far. */
  output: () => string;
}

/** Starts `seislabel serve FILE --port 0 --db DB`; resolves once it prints its address. */
export function startTeamHost(file: string, db: string, env: { home: string; ownerToken: string }, extra: string[] = []): Promise<TeamHostProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), 'serve', file, '--port', '0', '--db', db, ...extra], {
    env: { ...process.env, SEISLABEL_HOME: env.home, SEISLABEL_OWNER_TOKEN: env.ownerToken },
  });
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
