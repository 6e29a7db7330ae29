// Real `seislabel serve FILE --db URL` processes for the team-server tests, each with its own
// copy of the project file as on its own machine. Hooks registered inside a running test are
// not kept, so every host and socket is tracked here and killed when the file ends, or when
// its process exits whatever way.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { repoRoot } from './data.js';
import { openWs, rpc } from './hostClient.js';

export const OWNER = 'owner-token-for-team-tests-0123456789';
const bin = join(repoRoot, 'core/node/cli/bin.js');

export interface Host { child: ChildProcessWithoutNullStreams; url: string; ws: string; output: () => string }

export function teamHosts(dir: string) {
  const children: ChildProcessWithoutNullStreams[] = [];
  const sockets: { terminate(): void }[] = [];
  const killAll = () => {
    for (const w of sockets) w.terminate();
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  afterAll(killAll);
  process.once('exit', killAll);

  /** Starts `seislabel serve FILE --db URL`; resolves once it prints its address. */
  const startHost = (file: string, db: string, extra: string[] = []): Promise<Host> => {
    const child = spawn(process.execPath, [bin, 'serve', file, '--port', '0', '--db', db, ...extra], {
      env: { ...process.env, SEISLABEL_HOME: join(dir, 'home'), SEISLABEL_OWNER_TOKEN: OWNER },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (out += String(d)));
    children.push(child);
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve({ child, url: m[1]!, ws: `ws://127.0.0.1:${m[2]}/ws`, output: () => out });
        }
      }, 20);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`serve exited with ${code}: ${out}`));
      });
    });
  };

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
