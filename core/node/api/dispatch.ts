// One dispatcher for every transport: checks that the caller's role may call the method,
// validates input against the contract, keeps server paths to the local owner, runs the
// handler with the caller, and turns every failure into `{ok:false, error:{code, message}}`
// — never a crash.
import { resolve } from 'node:path';
import { access, api, isMethodName, type ApiResult, type Caller, type MethodName } from '../../common/api/index.js';
import { CoreError } from '../../common/errors.js';
import { InputError } from '../../common/types.js';
import type { Core } from '../core.js';
import { handlers } from './handlers.js';
import { isInside } from './paths.js';
import { teamRefusal } from '../team/refusals.js';

/** Runs one call for an authenticated caller (the transport decides who that is). */
export type Dispatch = (method: string, input: unknown, caller: Caller) => Promise<ApiResult>;

const fail = (code: CoreError['code'], message: string): ApiResult => ({ ok: false, error: { code, message } });

/** A dispatcher bound to a core. With `checkOutput`, handler results are validated too (tests). */
export function createDispatcher(core: Core, opts: { checkOutput?: boolean } = {}): Dispatch {
  return async (method, input, caller) => {
    if (typeof method !== 'string' || !isMethodName(method)) return fail('unknown_method', `unknown method "${String(method)}"`);
    // A transport that forgot to authenticate gets nothing, rather than a crash or the owner's rights.
    if (!caller || typeof caller.role !== 'string') return fail('unauthenticated', `${method}: no authenticated caller`);
    const rule = access[method];
    if (!rule.roles.includes(caller.role)) return fail('forbidden', `${method}: not allowed for the ${caller.role} role`);
    const localOwner = caller.role === 'owner' && caller.local;
    if (rule.localOnly && !localOwner) return fail('forbidden', `${method} names files on the host: only the owner at the host machine may call it`);
    const refused = core.team ? teamRefusal(method) : null;
    if (refused) return fail('forbidden', `${method}: this host serves a team database (${core.team!.store.where}); ${refused}`);
    const spec = api[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return fail('invalid_input', `${method}: ${issues}`);
    }
    try {
      if (rule.paths && !localOwner) {
        // Away from the host machine only uploaded files may be named, never the host's disk.
        const named = (rule.paths as (i: unknown) => string[])(parsed.data);
        const uploads = named.length ? resolve(core.uploadsDir()) : '';
        // resolve(p) is what the file system will open (relative to the working folder).
        const outside = named.find((p) => !isInside(uploads, resolve(p)));
        if (outside !== undefined) return fail('forbidden', `${method}: "${outside}" is a path on the host; only the owner at the host machine may name one (upload the file instead)`);
      }
      const handler = handlers[method] as (i: unknown, c: Core, caller: Caller) => unknown;
      const value = await handler(parsed.data, core, caller);
      if (opts.checkOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) throw new Error(`${method} returned a value outside its contract: ${out.error.message}`);
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toError(e) };
    }
  };
}

function toError(e: unknown): { code: CoreError['code']; message: string } {
  if (e instanceof CoreError) return { code: e.code, message: e.message };
  if (e instanceof InputError) return { code: 'bad_file', message: e.message };
  return { code: 'internal', message: (e as Error)?.message ?? String(e) };
}

export type { MethodName };
