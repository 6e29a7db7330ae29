// Clients for invited people on a test project: each call is made as that person, the way the
// host would pass on a caller it authenticated from their token.
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import type { Caller, Role } from '../../core/common/api/roles.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import type { Core } from '../../core/node/core.js';
import { tokenOwner } from '../../core/node/store/people.js';

/** Invites `name` with `role` through the owner's client and returns a client acting as them. */
export async function invitePerson(core: Core, owner: CoreClient, name: string, role: Exclude<Role, 'owner'>): Promise<{ client: CoreClient; annotatorId: number; personId: number }> {
  const { token } = await owner.call('people.invite', { name, role });
  const t = tokenOwner(core.requireProject().db, token)!;
  const caller: Caller = { role, personId: t.personId, annotatorId: t.annotatorId, name, local: false };
  return { client: createClient(inProcessTransport(core, { checkOutput: true, caller })), annotatorId: t.annotatorId, personId: t.personId };
}
