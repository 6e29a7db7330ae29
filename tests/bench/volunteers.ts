// 200 volunteers on one project at once, as the crowd would meet the host: `seislabel serve`
// in its own process with authentication on, each volunteer with their own invite link and
// WebSocket, asking for their queue (leases, redundancy) and labeling for a fixed time.
// Writes are retried the way a flaky network makes a client retry: now and then an answer is
// "lost" and the same label is sent again, and now and then the socket drops right after a
// label was sent and the volunteer reconnects and sends it again — always with the same
// idempotency key. Afterwards the project file is read directly: every acknowledged label
// must be there (lost = 0) and no key may have two rows (duplicates = 0).
// Run alone: npx tsx tests/bench/run.ts --only volunteers [--seconds 10]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../core/common/api/client.js';
import { mulberry32 } from '../../core/common/ml/rng.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { client, inviteVolunteers, rssMb, startHostProcess, waitForHost } from './hostLoad.js';
import { quantile } from './stats.js';
import type { BenchSuite } from './types.js';

const VOLUNTEERS = 200;
const WINDOWS = 3000;
const VOTES_PER_WINDOW = 5;
const BATCH = 10;
/** Chance that a label's answer counts as lost (the volunteer sends it again on the same socket). */
const RESEND = 0.03;
/** Chance that the socket drops right after a label was sent (reconnect, send it again). */
const DROP = 0.005;

type Conn = Awaited<ReturnType<typeof client>>;

const suite: BenchSuite = async (opts = {}) => {
  const seconds = opts.seconds ?? 60;
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-volunteers-'));
  const project = join(dir, 'crowd.seislabel');
  // The project, its windows' features and the crowd settings, prepared in-process.
  const setup = new Core({ homeDir: join(dir, 'home') });
  const store = setup.createProject(project, [{ name: 'earthquake' }, { name: 'tremor' }, { name: 'noise' }]);
  const random = mulberry32(1);
  store.transaction(() => {
    for (let i = 0; i < WINDOWS; i++) {
      const data = Float32Array.from({ length: 200 }, () => random() - 0.5);
      store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: `S${i % 10}`, location: '', channels: ['HHZ'], startTime: i * 2000, samplingRate: 100, data: [data] });
    }
  });
  const classIds = store.listClasses().map((c) => c.id);
  const owner0 = createClient(inProcessTransport(setup));
  await owner0.call('consensus.settings', { votesPerWindow: VOTES_PER_WINDOW, leaseSeconds: 120 });
  await owner0.call('al.settings', { retrainEvery: 0 });
  await owner0.call('al.nextBatch', { strategy: 'random', batchSize: 1, seed: 0 }); // computes the features once
  await setup.close();

  const { port, token, child } = await startHostProcess(project, join(dir, 'home'));
  const url = (t: string) => `ws://127.0.0.1:${port}/ws?token=${t}`;
  try {
    await waitForHost(child, port);
    const owner = await client(url(token));
    const tokens = await inviteVolunteers(owner, VOLUNTEERS);

    const write: number[] = [];
    const batchMs: number[] = [];
    const acked = new Map<string, number>(); // idempotency key → volunteer index
    const errors = new Map<string, number>();
    let resent = 0;
    let dropped = 0;
    let emptyQueues = 0;
    let rss = 0;
    const noteError = (m: string) => errors.set(m.replace(/\d+/g, 'N'), (errors.get(m.replace(/\d+/g, 'N')) ?? 0) + 1);
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    const sampler = setInterval(() => (rss = Math.max(rss, rssMb(child.pid!))), 1000);

    const volunteer = async (k: number) => {
      const rng = mulberry32(1000 + k);
      let conn: Conn = await client(url(tokens[k]!));
      let queue: number[] = [];
      let n = 0;
      while (performance.now() < end) {
        if (queue.length === 0) {
          const s = performance.now();
          const r = await conn.call('al.nextBatch', { strategy: 'random', batchSize: BATCH, seed: k * 100_000 + n });
          batchMs.push(performance.now() - s);
          if (!r.ok) { noteError(r.error.message); continue; }
          queue = (r.value as { windowIds: number[] }).windowIds;
          if (queue.length === 0) {
            emptyQueues++;
            await new Promise((res) => setTimeout(res, 500));
            continue;
          }
        }
        const windowId = queue.shift()!;
        const key = `v${k}-${n++}-${randomBytes(6).toString('hex')}`;
        const input = { windowId, kind: 'class', classId: classIds[Math.floor(rng() * classIds.length)], listened: rng() < 0.5, view: 'volunteer', timeToLabelMs: Math.floor(500 + rng() * 5000), idempotencyKey: key };
        if (rng() < DROP) {
          // The socket drops with the label in flight: whether it was written is unknown, so it is sent again.
          conn.send('labels.add', input);
          conn.ws.terminate();
          dropped++;
          conn = await client(url(tokens[k]!));
        }
        const s = performance.now();
        let r = await conn.call('labels.add', input);
        write.push(performance.now() - s);
        if (r.ok && rng() < RESEND) {
          resent++;
          r = await conn.call('labels.add', input);
        }
        if (r.ok) acked.set(key, k);
        else noteError(r.error.message);
      }
      conn.ws.close();
    };
    await Promise.all(Array.from({ length: VOLUNTEERS }, (_, k) => volunteer(k)));
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    owner.ws.close();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));

    // What is in the file, read by a fresh handle after the host is gone.
    const after = ProjectStore.open(project, { readonly: true });
    const rows = after.db.prepare('SELECT idempotency_key AS key, count(*) AS n FROM label_events WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key').all() as { key: string; n: number }[];
    const maxJudged = after.db.prepare('SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM annotator_labels GROUP BY window_id)').pluck().get() as number;
    after.close();
    const stored = new Map(rows.map((r) => [r.key, r.n]));
    const lost = [...acked.keys()].filter((k) => !stored.has(k)).length;
    const duplicates = rows.reduce((s, r) => s + (r.n - 1), 0);
    const errorNote = errors.size ? [...errors].map(([m, c]) => `${c}× ${m}`).join('; ') : 'none';
    const who = `${VOLUNTEERS} volunteers, ${seconds} s`;
    return [
      { name: `${who}: labels/s acknowledged`, value: acked.size / elapsed, unit: 'labels/s', note: `${acked.size} labels; own invite + WebSocket each, auth on, synchronous=FULL; no think time` },
      { name: `${who}: label write p50`, value: quantile(write, 0.5), unit: 'ms', note: 'send to answer' },
      { name: `${who}: label write p99`, value: quantile(write, 0.99), unit: 'ms' },
      { name: `${who}: queue (al.nextBatch with leases) p50`, value: quantile(batchMs, 0.5), unit: 'ms', note: `p99 ${quantile(batchMs, 0.99).toFixed(0)} ms; ${batchMs.length} batches, ${emptyQueues} empty` },
      { name: `${who}: lost (acknowledged, not in the file)`, value: lost, unit: 'labels' },
      { name: `${who}: duplicates (rows beyond one per idempotency key)`, value: duplicates, unit: 'labels', note: `${resent} answers resent, ${dropped} sockets dropped mid-label and retried` },
      { name: `${who}: most people on one window`, value: maxJudged, unit: 'people', note: `votesPerWindow ${VOTES_PER_WINDOW}` },
      { name: `${who}: errors`, value: [...errors.values()].reduce((a, b) => a + b, 0), unit: 'calls', note: errorNote },
      { name: `${who}: host peak RSS`, value: rss, unit: 'MB' },
    ];
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
