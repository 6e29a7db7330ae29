// The building blocks of the API contract: each method is declared once with zod schemas
// for input and output, and every host and client is typed from those declarations.
import { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/** One API method: a line of documentation (reused as tooltip/CLI help) and its schemas. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  doc: string;
  input: I;
  output: O;
}

/** Declares a method. */
export const method = <I extends z.ZodType, O extends z.ZodType>(doc: string, input: I, output: O): MethodSpec<I, O> => ({ doc, input, output });

/** What every transport returns for a call. */
export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export const Id = z.number().int().positive();
export const Empty = z.object({}).strict().optional().default({});
export const Ok = z.object({ ok: z.literal(true) });
