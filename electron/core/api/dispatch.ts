// Generic boundary: validates a call against the contract, runs its handler, shapes errors.
import { z } from 'zod';
import { contract, isMethod, type ApiErrorShape, type CallContext, type Handlers } from '../../../shared/contract/api';
import { closedRefusal } from '../../../shared/close';
import { ApiError } from '../../../shared/contract/errors';
import { lockRefusal } from '../store/period-locks';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

function describeZod(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
}

export async function dispatch(handlers: Handlers, method: string, payload: unknown, ctx: CallContext): Promise<DispatchResult> {
  if (!isMethod(method)) return { ok: false, error: { code: 'invalid_request', message: `Unknown method "${method}"` } };
  const parsed = contract[method].req.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'invalid_request', message: `${method}: ${describeZod(parsed.error)}` } };
  try {
    const handler = handlers[method] as (req: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

function toApiError(err: unknown): ApiErrorShape {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  // A write the database refused because its period was closed meanwhile (migration 008).
  const lock = lockRefusal(err);
  if (lock) return { code: 'period_closed', message: closedRefusal(lock, 'this change') };
  const e = err as { name?: string; message?: string; constructor?: { name?: string } };
  const name = e?.constructor?.name ?? e?.name ?? '';
  const message = e?.message ?? String(err);
  if (name === 'ImportError') return { code: 'import_error', message };
  if (name === 'RatingError') return { code: 'rating_error', message };
  return { code: 'internal', message };
}
