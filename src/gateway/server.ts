import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { WardenError } from '../errors.js';
import { Authenticator, type Principal } from '../identity/authenticate.js';
import type { Services } from '../services.js';
import { matchesAny } from '../util/glob.js';
import { openApiDocument } from './admin/openapi.js';
import { ADMIN_PREFIX, registerAdminRoutes } from './admin/register.js';
import type { AdminRoute } from './admin/route.js';
import { jsonDepthExceeds, toWardenError } from './errors.js';

export interface ServerOptions {
  services: Services;
  routes: AdminRoute[];
  version: string;
  /** Extra route registrations (token exchange, later the LLM and MCP fronts). */
  plugins?: Array<(app: FastifyInstance) => void | Promise<void>>;
  logLevel?: string;
  /** Where log lines go (default stdout); tests capture them to prove no secret is logged. */
  logStream?: NodeJS.WritableStream;
}

/**
 * Request ids: this process's prefix (start time and a random part, so ids stay distinct across
 * restarts and instances) and a counter; cheaper per request than a clock read and a random draw.
 */
const REQ_PREFIX = `req_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
let reqCount = 0;
const nextRequestId = () => `${REQ_PREFIX}${(++reqCount).toString(36)}`;

type LogArgs = Parameters<FastifyBaseLogger['info']>;
type ChildOpts = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

/**
 * A request's logger (req.log), made into the logger's child (with the request id bound) only
 * when something is logged: request logging is off, so most requests log nothing, and making a
 * child for each cost more than the rest of fastify's per-request setup.
 */
class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Record<string, unknown>,
    private readonly opts: ChildOpts,
  ) {}
  private get log(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.opts));
  }
  get level(): string {
    return this.made?.level ?? this.opts.level ?? this.parent.level;
  }
  set level(v: string) {
    this.log.level = v;
  }
  isLevelEnabled(level: string): boolean {
    return (this.log as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled(level);
  }
  fatal(...a: LogArgs): void {
    this.log.fatal(...a);
  }
  error(...a: LogArgs): void {
    this.log.error(...a);
  }
  warn(...a: LogArgs): void {
    this.log.warn(...a);
  }
  info(...a: LogArgs): void {
    this.log.info(...a);
  }
  debug(...a: LogArgs): void {
    this.log.debug(...a);
  }
  trace(...a: LogArgs): void {
    this.log.trace(...a);
  }
  silent(...a: LogArgs): void {
    this.log.silent(...a);
  }
  child(bindings: Record<string, unknown>, opts?: ChildOpts): FastifyBaseLogger {
    return this.log.child(bindings, opts);
  }
}

/** OpenAI-style error body for agent-facing endpoints, so SDKs raise their normal exceptions. */
function agentError(e: WardenError) {
  return { error: { message: e.message, type: e.status === 401 ? 'authentication_error' : e.status === 403 ? 'permission_error' : 'invalid_request_error', code: e.code, param: null, hint: e.hint } };
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const limits = services.config.limits;
  const app = Fastify({
    bodyLimit: limits.max_body_bytes,
    trustProxy: services.config.server.trust_proxy,
    // Per-request log lines would cost on the hot path and could carry URLs; the audit trail records requests.
    logController: new LogController({ disableRequestLogging: true }),
    logger: { level: opts.logLevel ?? services.config.log.level, ...(opts.logStream ? { stream: opts.logStream } : {}) },
    serverFactory: (handler) => http.createServer({ maxHeaderSize: limits.max_header_bytes }, handler),
    requestIdHeader: false,
    genReqId: nextRequestId,
    childLoggerFactory: (logger, bindings, opts) => new LazyChildLogger(logger, bindings, opts) as unknown as FastifyBaseLogger,
  });

  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: limits.max_body_bytes }, (req, raw, done) => {
    // Checked, not decoded leniently: bad bytes would otherwise become U+FFFD and a request would
    // be answered that its sender never wrote.
    if (!isUtf8(raw as Buffer)) {
      return done(new WardenError('request.invalid_utf8', 400, 'The body is not valid UTF-8.', { hint: 'Send the JSON body encoded as UTF-8.' }), undefined);
    }
    defaultJson(req, (raw as Buffer).toString('utf8'), (err, value) => {
      if (err) return done(err, undefined);
      if (jsonDepthExceeds(value, limits.max_json_depth)) {
        return done(new WardenError('request.too_deep', 400, `The JSON body nests deeper than ${limits.max_json_depth} levels.`, { hint: 'Flatten the body, or raise limits.max_json_depth.' }), undefined);
      }
      done(null, value);
    });
  });

  app.setErrorHandler((error, req, reply) => {
    const e = toWardenError(error);
    if (e.status >= 500) req.log.error({ err: { message: (error as Error).message, code: (error as { code?: string }).code }, reqId: req.id }, 'request failed');
    const body = req.url.startsWith('/v1/') ? agentError(e) : { error: e.toJSON(), request_id: req.id };
    void reply.code(e.status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new WardenError('route.not_found', 404, `No route ${req.method} ${req.url.split('?')[0]}.`, { hint: req.url.startsWith(ADMIN_PREFIX) ? `See ${ADMIN_PREFIX}/openapi.json.` : undefined });
    void reply.code(404).send(req.url.startsWith('/v1/') ? agentError(e) : { error: e.toJSON() });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(services.store.db);
      return { status: 'ready', store: services.store.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'store.unreachable', message: 'The store does not answer.' } });
    }
  });

  const doc = openApiDocument(opts.routes, opts.version);
  app.get(`${ADMIN_PREFIX}/openapi.json`, async () => doc);
  registerAdminRoutes(app, services, opts.routes);

  const authenticate = (req: FastifyRequest): Promise<Principal> =>
    services.authenticator.authenticate(Authenticator.bearer(req.headers), req.ip);

  // Lets an agent (or its operator) check what a credential resolves to.
  app.get('/v1/whoami', async (req) => {
    const p = await authenticate(req);
    return {
      agent: { id: p.agent.id, name: p.agent.name, status: p.agent.status, risk: p.agent.risk, environment: p.agent.environment },
      credential: { id: p.credential.id, kind: p.credential.kind, expires_at: p.credential.expiresAt, scopes: p.credential.scopes },
      user: p.user,
    };
  });

  // The models this agent may use: configured aliases within its grants and its key's scopes.
  app.get('/v1/models', async (req) => {
    const p = await authenticate(req);
    const data = Object.keys(services.config.models)
      .filter((m) => matchesAny(p.agent.grants.models, m))
      .filter((m) => p.credential.scopes.models.length === 0 || matchesAny(p.credential.scopes.models, m))
      .map((id) => ({ id, object: 'model', created: 0, owned_by: services.config.models[id]!.provider }));
    return { object: 'list', data };
  });

  for (const plugin of opts.plugins ?? []) await plugin(app);
  return app;
}
