// The model status on a team database, in the browser: the owner's page on host B says which
// host trains the team's models, shows the model that host trained as soon as it is stored,
// and, once that host is killed, says that B trains now and shows B's own model.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { startPgCluster, type PgCluster } from '../helpers/pgCluster.js';
import { shareProject, startTeamHost, type TeamHostProcess as Host } from '../helpers/teamHosts.js';

const OWNER = 'owner-token-for-team-e2e-0123456789';
const signedOut = { storageState: { cookies: [], origins: [] } };


let cluster: PgCluster | null = null;
const children: ChildProcessWithoutNullStreams[] = [];
const clients: { close(): void }[] = [];
test.beforeAll(async () => { cluster = await startPgCluster(); });
test.afterAll(() => {
  for (const c of clients) c.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  cluster?.destroy();
});

const startHost = (file: string, db: string, home: string): Promise<Host> =>
  startTeamHost(file, db, { home, ownerToken: OWNER, onSpawn: (c) => children.push(c) });

async function client(h: Host): Promise<CoreClient> {
  const t = await connectWebSocket(`ws://127.0.0.1:${h.port}/ws?token=${OWNER}`, WebSocket);
  clients.push(t);
  return createClient(t);
}

test('the model status names the team\'s trainer and follows its models, and the takeover', async ({ browser }) => {
  test.skip(!cluster, 'PostgreSQL could not start here (see the warning above)');
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-e2e-team-'));
  const src = join(dir, 'team.seislabel');
  const p = ProjectStore.create(src, [{ name: 'earthquake' }, { name: 'noise' }]);
  fillDemo(p, { count: 24 });
  p.setMeta('retrain_every', '4');
  const ids = p.windowIds();
  const cls = p.listClasses().map((c) => c.id);
  const url = await cluster!.createDatabase('e2e_team_models');
  await shareProject(p, src, url, ['a', 'b']);
  const a = await startHost(join(dir, 'a.seislabel'), url, join(dir, 'home-a'));
  const apiA = await client(a);
  await expect.poll(async () => (await apiA.call('al.settings', {})).trainer?.here).toBe(true);
  const b = await startHost(join(dir, 'b.seislabel'), url, join(dir, 'home-b'));
  const apiB = await client(b);

  // The owner opens host B through its link.
  const page = await (await browser.newContext(signedOut)).newPage();
  await page.goto(`${b.url}/?token=${OWNER}`);
  const trainer = page.getByTestId('model-trainer');
  await expect(trainer).toHaveText(`model trained by host ${(await apiB.call('al.settings', {})).trainer!.host}`);
  await expect(trainer).toContainText(`pid ${a.child.pid}`);
  await expect(page.getByTestId('model-version')).toHaveText('no model yet');

  // Four labels through host A: A trains, and B's page shows that model at once.
  const lee = await apiA.call('annotators.ensure', { name: 'Lee' });
  for (let i = 0; i < 4; i++) await apiA.call('labels.add', { windowId: ids[i]!, annotatorId: lee.id, kind: 'class', classId: cls[i % 2]!, idempotencyKey: `lee-key-${i}` });
  await expect.poll(async () => (await apiA.call('models.list')).length).toBe(1);
  await expect(page.getByTestId('model-version')).toHaveText(`v${(await apiA.call('models.list'))[0]!.id}`);

  // A dies; B takes over, trains on the next labels, and its page says so.
  a.child.kill('SIGKILL');
  await expect.poll(async () => (await apiB.call('al.settings', {})).trainer?.here, { timeout: 15_000 }).toBe(true);
  for (let i = 4; i < 8; i++) await apiB.call('labels.add', { windowId: ids[i]!, annotatorId: lee.id, kind: 'class', classId: cls[i % 2]!, idempotencyKey: `lee-key-${i}` });
  await expect.poll(async () => (await apiB.call('models.list')).length, { timeout: 15_000 }).toBe(2);
  await expect(page.getByTestId('model-version')).toHaveText(`v${(await apiB.call('models.list'))[0]!.id}`);
  await expect(trainer).toHaveText('this host trains the team’s models');
  await expect(trainer).toHaveAttribute('data-here', 'true');
});
