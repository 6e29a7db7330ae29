// One dispatcher for every transport: validates input against the contract, runs the
// handler, and turns every failure into `{ok:false, error:{code, message}}` — never a crash.
import { api, isMethodName, type ApiResult, type MethodName } from '../../common/api/index.js';
import { CoreError } from '../../common/errors.js';
import { InputError } from '../../common/types.js';
import type { Core } from '../core.js';
import { handlers } from './handlers.js';

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult>;

/** A dispatcher bound to a core. With `checkOutput`, handler results are validated too (tests). */
export function createDispatcher(core: Core, opts: { checkOutput?: boolean } = {}): Dispatch {
  return async (method, input) => {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method)}"` } };
    }
    const spec = api[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'invalid_input', message: `${method}: ${issues}` } };
    }
    try {
      const handler = handlers[method] as (i: unknown, c: Core) => unknown;
      const value = await handler(parsed.data, core);
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
