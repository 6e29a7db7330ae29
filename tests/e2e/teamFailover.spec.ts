// A team server losing a host, as a volunteer's browser lives it: two `seislabel serve --db`
// processes on one real PostgreSQL behind a load balancer; the volunteer labels by keyboard
// in Chromium; the host serving her dies (SIGKILL) just after it stored a label whose answer
// never reached her page. The page says it is reconnecting, the balancer sends it to the
// other host, the label is sent again with its idempotency key, and she goes on labeling.
// In the team database: every label she gave, each exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import WebSocket from 'ws';
import { createClient } from '../../core/common/api/client.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { startPgCluster, type PgCluster } from '../helpers/pgCluster.js';
import { type Balancer, shareProject, startBalancer, startTeamHost, type TeamHostProcess } from '../helpers/teamHosts.js';
import { drawnVolunteerWindow } from './helpers.js';

const OWNER = 'owner-token-for-the-failover-e2e-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'seislabel-e2e-failover-'));
let cluster: PgCluster | null = null;
let balancer: Balancer | null = null;
const hosts: TeamHostProcess[] = [];

test.afterAll(() => {
  balancer?.close();
  for (const h of hosts) if (h.child.exitCode === null) h.child.kill('SIGKILL');
  cluster?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A project of 12 windows of 3 s at 50 Hz: a tone in noise whose pitch and size vary by window. */
function makeProject(path: string): void {
  const p = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'tremor' }, { name: 'noise' }]);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  for (let i = 0; i < 12; i++) {
    const data = Float32Array.from({ length: 150 }, (_, k) => (i + 1) * 100 * Math.sin((2 * Math.PI * (2 + i) * k) / 50) * Math.exp(-k / 60) + 20 * rand());
    p.insertWindow({ sourceId: null, origin: 'manual', network: 'XF', station: `V${i % 4}`, location: '', channels: ['HHZ'], startTime: 1_700_000_000_000 + i * 3000, samplingRate: 50, data: [data] });
  }
  p.close();
}

const drawnWindow = drawnVolunteerWindow;

test('a volunteer keeps labeling when the host serving her dies, and no label is lost or doubled', async ({ browser }) => {
  cluster = await startPgCluster();
  test.skip(!cluster, 'no PostgreSQL here (see the warning above): install Debian\'s postgresql package to run this test');
  const src = join(dir, 'team.seislabel');
  makeProject(src);
  const db = await cluster!.createDatabase('failover_e2e');
  // Each host machine has its own copy of the project file.
  const files = await shareProject(ProjectStore.open(src), src, db, ['c', 'd']);

  balancer = await startBalancer();
  const env = { home: join(dir, 'home'), ownerToken: OWNER };
  const [c, d] = await Promise.all(files.map((f) => startTeamHost(f, db, env, ['--allow-host', balancer!.front])));
  hosts.push(c!, d!);
  balancer.target = c!.port;

  // The owner invites Vera; her link goes through the balancer.
  const owner = createClient(await connectWebSocket(`ws://${balancer.front}/ws?token=${OWNER}`, WebSocket));
  const { token } = await owner.call('people.invite', { name: 'Vera', role: 'volunteer' });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  // The page's calls not answered yet, read off its WebSocket frames.
  const unanswered = new Set<number>();
  const sentMethods: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload)) as { id: number; method: string };
      unanswered.add(m.id);
      sentMethods.push(m.method);
    });
    ws.on('framereceived', (f) => {
      const m = JSON.parse(String(f.payload)) as { id?: number };
      if (m.id !== undefined) unanswered.delete(m.id);
    });
  });
  await page.goto(`http://${balancer.front}/?token=${token}&view=volunteer`);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Vera');

  const given: number[] = [];
  let id = await drawnWindow(page);
  for (const key of ['1', '3']) {
    await page.keyboard.press(key);
    given.push(id);
    id = await drawnWindow(page, id);
  }
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '2');

  // The next label reaches host C and is stored, but C's answer never reaches the page...
  const team = new pg.Client({ connectionString: db });
  team.on('error', () => {}); // the cluster stops at the end, maybe before this client
  await team.connect();
  const stored = async () => Number((await team.query("SELECT count(*) AS n FROM label_events e JOIN annotators a ON a.id = e.annotator_id WHERE a.name = 'Vera' AND e.kind = 'class'")).rows[0].n);
  await expect.poll(stored, { message: 'the first two labels stored' }).toBe(2);
  // Once the page has nothing in flight, C's replies stop reaching it.
  await expect.poll(() => unanswered.size, { message: 'the page to have no call in flight' }).toBe(0);
  balancer.dropReplies = true;
  const before = sentMethods.length;
  await page.keyboard.press('2');
  given.push(id);
  await expect.poll(() => sentMethods.slice(before), { message: 'the label sent' }).toContain('labels.add');
  await expect.poll(stored, { message: 'the third label stored by host C' }).toBe(3);
  // ...because C dies; the balancer now sends everyone to D.
  c!.child.kill('SIGKILL');
  balancer.target = d!.port;
  balancer.dropReplies = false;
  await expect(page.getByTestId('connection-status')).toContainText('reconnecting');
  await expect(page.getByTestId('connection-status')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '3');

  // She goes on through D.
  id = await drawnWindow(page, id);
  for (const key of ['3', '1']) {
    await page.keyboard.press(key);
    given.push(id);
    id = await drawnWindow(page, id);
  }
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '5');

  // Every label she gave is in the team database once, on the window she saw.
  // (The page counts an answer when it is given; its write may still be on the way.)
  const windowsLabeled = async () => ((await team.query("SELECT e.window_id FROM label_events e JOIN annotators a ON a.id = e.annotator_id WHERE a.name = 'Vera' AND e.kind = 'class' ORDER BY e.id")).rows as { window_id: string }[]).map((r) => Number(r.window_id));
  await expect.poll(windowsLabeled).toEqual(given);
  expect(new Set(given).size).toBe(5);
  await team.end();
  await context.close();
});
