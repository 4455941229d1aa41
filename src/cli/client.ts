import { WardenError } from '../errors.js';

export interface ClientOptions {
  url: string;
  token: string | undefined;
}

/** The CLI's only way to change anything: the same admin API the console uses. */
export class AdminClient {
  constructor(private readonly opts: ClientOptions) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>): Promise<T> {
    if (!this.opts.token) {
      throw new WardenError('cli.missing_token', 401, 'No admin token.', { hint: 'Set WARDEN_ADMIN_TOKEN or pass --token (the first `warden serve` prints one; `warden admin bootstrap --recover` makes another).' });
    }
    const url = new URL(`/admin/v1${path}`, this.opts.url);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.opts.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new WardenError('cli.unreachable', 503, `Cannot reach Warden at ${this.opts.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}.`, {
        hint: 'Start it with `warden serve`, or point --url / WARDEN_URL at it.',
      });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new WardenError('cli.bad_response', 502, `Warden answered ${res.status} with a body that is not JSON.`);
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; hint?: string; details?: Record<string, unknown> } }).error ?? {};
      throw new WardenError(err.code ?? 'cli.http_error', res.status, err.message ?? `HTTP ${res.status}`, { hint: err.hint, details: err.details });
    }
    return json as T;
  }
}
