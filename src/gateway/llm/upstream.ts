import { Agent, type Dispatcher } from 'undici';
import type { WardenConfig } from '../../config/schema.js';
import { notFound, WardenError } from '../../errors.js';
import type { Vault } from '../../vault/vault.js';
import { Attempt, type Cancel } from './cancel.js';
import type { WireFormat } from './types.js';

/**
 * Routing and sending upstream. A model alias (warden.yaml `models:`) names a provider and the
 * provider's model, with an optional fallback order of other aliases. The provider's secret is
 * read from the vault at send time (the vault caches it briefly) and put in the header the
 * provider expects; the agent's own credential never leaves Warden. Connections are pooled per
 * provider origin by one undici agent.
 */
export interface Route {
  alias: string;
  provider: WardenConfig['providers'][number];
  model: string;
}

/** Which provider kinds can serve a wire format without translation. */
const KIND_OF: Record<WireFormat, 'openai' | 'anthropic'> = {
  'openai.chat': 'openai',
  'openai.responses': 'openai',
  'openai.embeddings': 'openai',
  'anthropic.messages': 'anthropic',
};

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/** The provider's request ids, passed on so an agent can quote them to the provider; nothing else of its headers is. */
const PROVIDER_HEADERS = ['x-request-id', 'request-id', 'openai-processing-ms'];

export function providerHeaders(h: UpstreamResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of PROVIDER_HEADERS) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export class Upstream {
  private readonly dispatcher: Agent;
  /** Where each provider's paths go, worked out once per provider and path. */
  private readonly targets = new WeakMap<Route['provider'], Map<string, { origin: string; path: string }>>();

  constructor(
    private readonly config: WardenConfig,
    private readonly vault: Vault,
    opts: { connections?: number } = {},
  ) {
    // Streams hold a connection for their whole length: the pool must not cap concurrent streams low.
    this.dispatcher = new Agent({ connections: opts.connections ?? 8192, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** The routes to try for an alias, in order: the alias, then its fallbacks that serve the same wire format. */
  routes(alias: string, format: WireFormat): Route[] {
    const first = this.config.models[alias];
    if (!first) {
      throw notFound('model.not_found', `The model "${alias}" is not configured.`, 'Ask GET /v1/models for the models this agent may use.');
    }
    const out: Route[] = [];
    for (const name of [alias, ...first.fallback]) {
      const m = this.config.models[name];
      const provider = m ? this.config.providers.find((p) => p.name === m.provider) : undefined;
      if (!m || !provider || provider.kind !== KIND_OF[format]) continue;
      out.push({ alias: name, provider, model: m.model });
    }
    if (out.length === 0) {
      throw new WardenError('model.wrong_format', 400, `The model "${alias}" is served by a ${this.config.providers.find((p) => p.name === first.provider)?.kind ?? 'different'} provider, which does not speak this API.`, {
        hint: KIND_OF[format] === 'anthropic' ? 'Call it with an OpenAI-compatible SDK, or pick an Anthropic model.' : 'Call it with the Anthropic SDK (/v1/messages), or pick an OpenAI-compatible model.',
      });
    }
    return out;
  }

  /**
   * Sends a JSON body to a route. Network failures become upstream.unreachable (502), timeouts
   * upstream.timeout (504); the provider's timeout covers the whole answer, body included.
   * `cancel` aborts it (the agent left).
   */
  async send(route: Route, path: string, body: Record<string, unknown>, cancel: Cancel): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (route.provider.secret) {
      const secret = await this.vault.resolve(route.provider.secret);
      if (route.provider.kind === 'anthropic') {
        headers['x-api-key'] = secret;
        headers['anthropic-version'] = '2023-06-01';
      } else headers.authorization = `Bearer ${secret}`;
    } else if (route.provider.kind === 'anthropic') headers['anthropic-version'] = '2023-06-01';
    const target = this.target(route.provider, path);
    const attempt = new Attempt(cancel, route.provider.timeout);
    try {
      const r = await this.dispatcher.request({
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers,
        body: JSON.stringify(body.model === route.model ? body : { ...body, model: route.model }),
        signal: attempt,
        headersTimeout: route.provider.timeout,
        bodyTimeout: route.provider.timeout,
      });
      // The attempt holds a timer until the answer is read to its end (or given up).
      if (r.body.closed) attempt.end();
      else r.body.once('close', () => attempt.end());
      return { status: r.statusCode, headers: r.headers, body: r.body };
    } catch (e) {
      attempt.end();
      if (attempt.timedOut) throw new WardenError('upstream.timeout', 504, `The provider "${route.provider.name}" did not answer within ${route.provider.timeout} ms.`, { hint: 'Try again, or raise the provider\'s timeout in warden.yaml.' });
      if (cancel.aborted) throw new WardenError('request.aborted', 499, 'The client went away.');
      // The cause can carry the URL and never the secret; keep only its code.
      throw new WardenError('upstream.unreachable', 502, `The provider "${route.provider.name}" could not be reached (${(e as { code?: string }).code ?? 'connection failed'}).`, { hint: 'Check the provider\'s base_url and that it is up; Warden tries the model\'s fallbacks first.' });
    }
  }

  private target(provider: Route['provider'], path: string): { origin: string; path: string } {
    let byPath = this.targets.get(provider);
    if (!byPath) this.targets.set(provider, (byPath = new Map()));
    let t = byPath.get(path);
    if (!t) {
      const url = new URL(provider.base_url.replace(/\/+$/, '') + path.replace(/^\/v1/, hasVersion(provider.base_url) ? '' : '/v1'));
      t = { origin: url.origin, path: url.pathname + url.search };
      byPath.set(path, t);
    }
    return t;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/**
 * Reading an answer's body failed after its headers came: the same codes as `send` (a body
 * timeout is upstream.timeout, the agent leaving is request.aborted); anything else means the
 * provider dropped the connection mid-answer (upstream.reset, 502). Only the error's code and
 * name are read, never its message (it can carry the URL).
 */
export function bodyReadError(e: unknown, route: Route): WardenError {
  if (e instanceof WardenError) return e;
  const { code, name } = (e ?? {}) as { code?: string; name?: string };
  if (code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError') {
    return new WardenError('upstream.timeout', 504, `The provider "${route.provider.name}" stopped sending its answer for ${route.provider.timeout} ms.`, { hint: 'Try again, or raise the provider\'s timeout in warden.yaml.' });
  }
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED') return new WardenError('request.aborted', 499, 'The client went away.');
  return new WardenError('upstream.reset', 502, `The provider "${route.provider.name}" dropped the connection before its answer was complete.`, { hint: 'Try again; if it persists, check the provider.' });
}

/** A base URL that already ends in a version segment ("…/v1") gets the path without its own. */
function hasVersion(base: string): boolean {
  return /\/v\d+[a-z]*\/?$/.test(base);
}
