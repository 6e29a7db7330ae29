// People, invite links and "who am I": the owner manages who may reach the project through
// the browser-mode host; every connection can ask who it is signed in as.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import type { Core } from '../core.js';
import { ownAnnotator } from './caller.js';

type Domain = 'people.list' | 'people.invite' | 'people.revoke' | 'session.whoami';
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

export const peopleHandlers: { [M in Domain]: H<M> } = {
  'people.list': (_i, core) => core.teamStore().listInvites(),
  'people.invite': ({ name, role, expiresInHours }, core) => core.teamStore().invite(name, role, expiresInHours),
  'people.revoke': async ({ id }, core) => {
    await core.teamStore().revoke(id);
    return { ok: true as const };
  },
  'session.whoami': async (_i, core, caller) => {
    const id = core.project ? ownAnnotator(caller) : null;
    const annotator = id === null ? null : ((await core.teamStore().listAnnotators()).find((a) => a.id === id) ?? null);
    return { role: caller.role, name: caller.name, personId: caller.personId, local: caller.local, annotator };
  },
};
