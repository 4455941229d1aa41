/**
 * One error type for everything Warden refuses. `code` is stable (clients and tests
 * match on it), `status` is the HTTP status that fits, `hint` tells the caller what to do.
 * Messages must never contain secret material: callers pass identifiers, not values.
 */
export class WardenError extends Error {
  readonly code: string;
  readonly status: number;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    opts: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'WardenError';
    this.code = code;
    this.status = status;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    const out: { code: string; message: string; hint?: string; details?: Record<string, unknown> } = {
      code: this.code,
      message: this.message,
    };
    if (this.hint) out.hint = this.hint;
    if (this.details) out.details = this.details;
    return out;
  }
}

export const badRequest = (code: string, message: string, hint?: string, details?: Record<string, unknown>) =>
  new WardenError(code, 400, message, { hint, details });
export const unauthorized = (code: string, message: string, hint?: string) => new WardenError(code, 401, message, { hint });
export const forbidden = (code: string, message: string, hint?: string) => new WardenError(code, 403, message, { hint });
export const notFound = (code: string, message: string, hint?: string) => new WardenError(code, 404, message, { hint });
export const conflict = (code: string, message: string, hint?: string) => new WardenError(code, 409, message, { hint });
export const unavailable = (code: string, message: string, hint?: string) => new WardenError(code, 503, message, { hint });

export function isWardenError(e: unknown): e is WardenError {
  return e instanceof WardenError;
}
