// The browser-mode host under load, with authentication on, as volunteers meet it: the host
// runs as its own process (`seislabel serve` with a fixed owner token), 50 invited
// volunteers label over their own WebSockets, one client floods writes while another
// labels at its own pace, and one client stops reading its answers.
// Run alone: npx tsx tests/bench/run.ts --only hostLoad
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { WsIn } from '../../core/common/api/wsTransport.js';
import { Core } from '../../core/node/core.js';
import { repoRoot } from '../helpers/data.js';
import { quantile } from './stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const CLIENTS = 50;
const LABELS_EACH = 40;
const FLOOD = 5000;
const WINDOWS = 2000;

type Result = Extract<WsIn, { id: number }>['result'];

export const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });

export const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** A protocol client that times each call from send to answer. */
export async function client(url: string): Promise<{ ws: WebSocket; call(method: string, input?: unknown): Promise<Result>; send(method: string, input?: unknown): void; answers(): number }> {
  const ws = new WebSocket(url);
  await new Promise((res, rej) => ws.once('open', res).once('error', rej));
  let next = 1;
  let answered = 0;
  const pending = new Map<number, (r: Result) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as WsIn;
    if (!('id' in m)) return;
    answered++;
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  });
  // A host that goes away (killed, restarted) answers nothing more: its calls fail, unacknowledged.
  ws.on('close', () => {
    for (const r of pending.values()) r({ ok: false, error: { code: 'unavailable', message: 'connection closed before the answer' } });
    pending.clear();
  });
  ws.on('error', () => {});
  return {
    ws,
    call: (method, input = {}) =>
      new Promise((res) => {
        if (ws.readyState !== ws.OPEN) return res({ ok: false, error: { code: 'unavailable', message: 'not connected' } });
        const id = next++;
        pending.set(id, res);
        ws.send(JSON.stringify({ id, method, input }));
      }),
    send: (method, input = {}) => ws.send(JSON.stringify({ id: next++, method, input })),
    answers: () => answered,
  };
}

/** `seislabel serve PROJECT` in its own process on a free port, with a fresh owner token. */
export async function startHostProcess(project: string, home: string): Promise<{ port: number; token: string; child: ChildProcess }> {
  const port = await freePort();
  const token = randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, [join(repoRoot, 'core', 'node', 'cli', 'bin.js'), 'serve', project, '--port', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, SEISLABEL_HOME: home, SEISLABEL_OWNER_TOKEN: token },
    stdio: 'ignore',
  });
  return { port, token, child };
}

/** Waits until a host started as a child process answers /api/health. */
export async function waitForHost(child: ChildProcess, port: number): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the host exited with code ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return;
    if (i > 600) throw new Error('the host did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Invites `n` volunteers through the owner's connection; their tokens, in order. */
export async function inviteVolunteers(owner: Awaited<ReturnType<typeof client>>, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await owner.call('people.invite', { name: `volunteer-${i}`, role: 'volunteer' });
    if (!r.ok) throw new Error(r.error.message);
    tokens.push((r.value as { token: string }).token);
  }
  return tokens;
}

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-host-'));
  const project = join(dir, 'load.seislabel');
  const setup = new Core({ homeDir: join(dir, 'home') });
  const store = setup.createProject(project, [{ name: 'earthquake' }, { name: 'noise' }]);
  store.transaction(() => {
    for (let i = 0; i < WINDOWS; i++) store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['Z'], startTime: i * 1000, samplingRate: 100, data: [new Float32Array(3000)] });
  });
  const windowIds = store.listWindows({ limit: WINDOWS }).windows.map((w) => w.id);
  const classId = store.listClasses()[0]!.id;
  await setup.close();

  const { port, token, child } = await startHostProcess(project, join(dir, 'home'));
  const ws = (t: string) => `ws://127.0.0.1:${port}/ws?token=${t}`;
  const figures: BenchFigure[] = [];
  try {
    await waitForHost(child, port);
    const owner = await client(ws(token));

    // 50 volunteers, each with an invite link, label 40 windows each as fast as answers come.
    const tokens = await inviteVolunteers(owner, CLIENTS);
    const volunteers = await Promise.all(tokens.map((t) => client(ws(t))));
    const latencies: number[] = [];
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      volunteers.map(async (v, k) => {
        for (let i = 0; i < LABELS_EACH; i++) {
          const s = performance.now();
          const r = await v.call('labels.add', { windowId: windowIds[(k * LABELS_EACH + i) % WINDOWS], kind: 'class', classId });
          latencies.push(performance.now() - s);
          if (!r.ok) failed++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const people = (await owner.call('annotators.list')) as { ok: true; value: { id: number; name: string }[] };
    const volunteerIds = new Set(people.value.filter((a) => a.name.startsWith('volunteer-')).map((a) => a.id));
    let stored = 0;
    for (let off = 0; off < WINDOWS; off += 500) {
      const page = (await owner.call('windows.list', { offset: off, limit: 500 })) as { ok: true; value: { windows: { id: number }[] } };
      for (const w of page.value.windows) {
        const h = (await owner.call('labels.history', { windowId: w.id })) as { ok: true; value: { annotatorId: number }[] };
        stored += h.value.filter((e) => volunteerIds.has(e.annotatorId)).length;
      }
    }
    const sent = CLIENTS * LABELS_EACH;
    figures.push(
      { name: `${CLIENTS} volunteers labeling over WebSocket (auth on): labels/s`, value: sent / seconds, unit: 'labels/s', note: 'synchronous=FULL: every label durable' },
      { name: `${CLIENTS} volunteers: label round trip p50`, value: quantile(latencies, 0.5), unit: 'ms' },
      { name: `${CLIENTS} volunteers: label round trip p99`, value: quantile(latencies, 0.99), unit: 'ms' },
      { name: `${CLIENTS} volunteers: labels lost (sent − stored, errors ${failed})`, value: sent - failed - stored, unit: 'labels' },
    );
    for (const v of volunteers) v.ws.close();

    // One client floods label writes; another labels one at a time meanwhile.
    const flood = await client(ws(token));
    const quiet = await client(ws(token));
    const ann = (await owner.call('annotators.ensure', { name: 'flood' })) as { ok: true; value: { id: number } };
    for (let i = 0; i < FLOOD; i++) flood.send('labels.add', { windowId: windowIds[i % WINDOWS], annotatorId: ann.value.id, kind: 'skip' });
    const quietLat: number[] = [];
    const f0 = performance.now();
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      await quiet.call('labels.add', { windowId: windowIds[i], annotatorId: ann.value.id, kind: 'unsure' });
      quietLat.push(performance.now() - s);
    }
    const floodAtQuietEnd = flood.answers();
    while (flood.answers() < FLOOD) await new Promise((r) => setTimeout(r, 20));
    const floodS = (performance.now() - f0) / 1000;
    figures.push(
      { name: `quiet client's label p50 while another floods ${FLOOD} writes`, value: quantile(quietLat, 0.5), unit: 'ms' },
      { name: `quiet client's label p99 while another floods ${FLOOD} writes`, value: quantile(quietLat, 0.99), unit: 'ms', note: 'target < 50 ms' },
      { name: 'flood writes answered before the quiet client finished 100 labels', value: floodAtQuietEnd, unit: 'calls', note: `of ${FLOOD}; the rest after (${(FLOOD / floodS).toFixed(0)} writes/s overall)` },
    );
    flood.ws.close();
    quiet.ws.close();

    // A client that asks for windows and never reads: the host's memory must not follow.
    const rss0 = rssMb(child.pid!);
    const slow = await client(ws(token));
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 20_000; i++) slow.send('windows.get', { id: windowIds[i % WINDOWS] });
    await new Promise((r) => setTimeout(r, 3000));
    figures.push({ name: 'host RSS growth while a client asks for 20k windows and never reads', value: rssMb(child.pid!) - rss0, unit: 'MB', note: 'answers would total ~330 MB; the host stops serving it and cuts it off' });
    slow.ws.terminate();
    owner.ws.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

export default suite;
