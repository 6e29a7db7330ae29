// A project for tests of many people through the API: noisy windows at four stations, two
// classes, the owner's client, and a client for each invited person acting as themselves.
import { join } from 'node:path';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import type { Caller, Role } from '../../core/common/api/roles.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { tokenOwner } from '../../core/node/store/people.js';

export interface Person {
  client: CoreClient;
  annotatorId: number;
  caller: Caller;
}

/** Creates DIR/NAME with `windows` windows; close the returned core when the test ends. */
export async function crowdProject(dir: string, name: string, windows: number) {
  const core = new Core();
  const owner = createClient(inProcessTransport(core, { checkOutput: true }));
  await owner.call('projects.create', { path: join(dir, name), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
  const store = core.requireProject();
  const ids: number[] = [];
  for (let i = 0; i < windows; i++) {
    const data = Float32Array.from({ length: 400 }, (_, j) => Math.sin(j * (0.05 + i * 0.01)) + ((j * 7919 + i * 104729) % 97) / 97);
    ids.push(store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: `S${i % 4}`, location: '', channels: ['HHZ'], startTime: Date.UTC(2020, 0, 1, 0, i), samplingRate: 100, data: [data], groupKey: `g${i % 6}` }));
  }
  const [eq, noise] = store.listClasses().map((k) => k.id) as [number, number];
  /** Invites NAME with ROLE and returns a client that calls as them. */
  const person = async (name: string, role: Exclude<Role, 'owner'>): Promise<Person> => {
    const { token } = await owner.call('people.invite', { name, role });
    const t = tokenOwner(store.db, token)!;
    const caller: Caller = { role, personId: t.personId, annotatorId: t.annotatorId, name, local: false };
    return { client: createClient(inProcessTransport(core, { checkOutput: true, caller })), annotatorId: t.annotatorId, caller };
  };
  return { core, owner, store, ids, eq, noise, person };
}
