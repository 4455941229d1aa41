import { isUtf8 } from 'node:buffer';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  classifyInboundRequest,
  createMcpHandler,
  isInitializeRequest,
  isJsonContentType,
  parseJSONRPCMessage,
  type AuthInfo,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import type { AuditEventInput } from '../../../audit/types.js';
import { WardenError } from '../../../errors.js';
import { Authenticator, type Principal } from '../../../identity/authenticate.js';
import { parseTraceparent } from '../../../observability/otel.js';
import type { Services } from '../../../services.js';
import type { ControlMessage } from '../../../util/bus.js';
import { jsonDepthExceeds, toWardenError } from '../../errors.js';
import { agentActor } from '../../inspect.js';
import type { McpCore } from '../types.js';
import { bearerChallenge, MCP_PATH, OriginPolicy, PRM_PATH, protectedResourceMetadata } from './access.js';
import { JSONRPC, jsonRpcErrorBody } from './errors.js';
import { requestOrigin, sendWebResponse, toWebRequest } from './http.js';
import { RequestStates } from './request-state.js';
import { buildMcpServer, credentialBinding, IDENTITY_KEY, type RequestIdentity, type ServerDeps } from './server.js';
import { SessionTransport } from './session-transport.js';
import { SessionRegistry, type CloseReason, type LegacySession } from './sessions.js';

/**
 * The MCP front: Warden as an MCP server to agents at /mcp, speaking both spec eras over
 * streamable HTTP.
 *
 *   every request   Origin checked (403), then the credential (401 with a WWW-Authenticate that
 *                   points at the RFC 9728 metadata; 403 for a killed or quarantined agent), then
 *                   the body: size (413), media type (415), JSON (-32700), depth (-32600). All of
 *                   it again on every request of a session: nothing is trusted because a session
 *                   id was presented.
 *   2025-11-25      initialize opens a session (Mcp-Session-Id), one SDK server instance per
 *                   session, bound to the agent and credential that opened it; idle ones close;
 *                   GET opens the notification stream (tools/list_changed).
 *   2026-07-28      stateless: each request is served by a fresh instance (createMcpHandler,
 *                   legacy traffic routed away first); server/discover, Mcp-Method/Mcp-Name
 *                   checks and subscriptions/listen are the SDK's.
 *   kill switch     a kill, quarantine, decommission or revocation closes the agent's open
 *                   sessions and streams at once (the control bus), besides refusing its next request.
 *
 * The agent's credential never leaves this layer: it is not handed to the SDK (not even in
 * AuthInfo) and never sent upstream (the upstream layer holds the servers' own credentials).
 */

export interface McpFrontOptions {
  services: Services;
  core: McpCore;
  /** Overrides of warden.yaml's mcp.session_idle, mcp.max_sessions and mcp.max_sessions_per_agent (tests). */
  sessionIdleMs?: number;
  maxSessions?: number;
  maxSessionsPerAgent?: number;
  /** The page where a person decides an approval (2026-07-28 URL elicitation). */
  approvalUrl?: (base: string, approvalId: string) => string;
}

export interface McpFront {
  sessions: SessionRegistry;
  modern: McpHttpHandler;
  close(): Promise<void>;
}

/** Methods the front serves; others are answered "method not found" by the SDK and audited here. */
const KNOWN_METHODS = new Set([
  'initialize', 'ping', 'server/discover', 'subscriptions/listen', 'tools/list', 'tools/call', 'prompts/list', 'prompts/get',
  'resources/list', 'resources/read', 'resources/templates/list',
]);

// The admin API's record of the approval: what an approver reads before deciding (POST …/approve
// or …/deny, or `warden approvals approve ID`). Deployments with their own approval page set approvalUrl.
const DEFAULT_APPROVAL_URL = (base: string, id: string) => `${base}/admin/v1/approvals/${encodeURIComponent(id)}`;

/** Browsers on allowed origins may read these answers and send these headers. */
const CORS_EXPOSE = 'mcp-session-id, mcp-protocol-version, www-authenticate';
const CORS_ALLOW_HEADERS = 'authorization, content-type, accept, last-event-id, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, traceparent, x-warden-session, x-warden-user, x-warden-app';

/** A header as the web Headers of the request would give it (repeated ones joined), undefined when absent. */
function rawHeader(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
}

function header(req: FastifyRequest, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

export async function registerMcpFront(app: FastifyInstance, o: McpFrontOptions): Promise<McpFront> {
  const { services, core } = o;
  const cfg = services.config.mcp;
  const maxBytes = cfg.max_message_bytes;
  const origins = new OriginPolicy(cfg.allowed_origins, services.config.server.public_url);
  const publicBase = services.config.server.public_url?.replace(/\/+$/, '');
  const baseOf = (req: FastifyRequest) => publicBase ?? requestOrigin(req);
  const deps: ServerDeps = {
    core,
    states: new RequestStates(services.vault, services.clock, services.config.approvals.ttl),
    clock: services.clock,
    holdMs: cfg.approval_hold,
    approvalUrl: o.approvalUrl ?? DEFAULT_APPROVAL_URL,
  };
  const audit = (e: AuditEventInput) => services.audit.enqueue(e);

  // ---------------------------------------------------------------------------------------------
  // sessions (2025-11-25) and streams (2026-07-28) open on this instance

  const sessions = new SessionRegistry(
    { idleMs: o.sessionIdleMs ?? services.config.mcp.session_idle, max: o.maxSessions ?? services.config.mcp.max_sessions, maxPerAgent: o.maxSessionsPerAgent ?? services.config.mcp.max_sessions_per_agent },
    (s, reason) =>
      audit({
        phase: 'tool.call',
        action: 'mcp.session.close',
        outcome: 'success',
        actor: { kind: 'agent', id: s.agentId },
        agentId: s.agentId,
        sessionId: s.id,
        data: { era: 'legacy', reason, openMs: services.clock.now() - s.openedAt },
      }),
  );
  /** In-flight 2026-07-28 exchanges (subscriptions/listen streams among them), by agent, to cut on a kill. */
  const modernInFlight = new Map<string, Set<{ credentialId: string; abort: AbortController; listen: boolean }>>();

  const modern = createMcpHandler(() => buildMcpServer(deps, 'modern'), {
    legacy: 'reject',
    maxRequestBodySize: maxBytes,
    onerror: (e) => app.log.debug({ err: { message: e.message } }, 'mcp front (2026-07-28)'),
  });

  const cut = async (agentId: string, reason: CloseReason, which: (credentialId: string) => boolean = () => true) => {
    await Promise.all(sessions.ofAgent(agentId).filter((s) => which(s.credentialId)).map((s) => sessions.close(s.id, reason)));
    for (const f of modernInFlight.get(agentId) ?? []) if (which(f.credentialId)) f.abort.abort();
  };
  const agentsOpen = () => new Set([...sessions.all().map((s) => s.agentId), ...modernInFlight.keys()]);

  const onControl = async (m: ControlMessage) => {
    if (m.kind === 'kill.changed') {
      // The kill switch service reloads on the same message; read the store now so the order does not matter.
      await services.kill.reload();
      for (const agentId of agentsOpen()) {
        await cut(agentId, 'killed', (credentialId) => services.kill.check(agentId, credentialId) !== undefined);
      }
    } else if (m.kind === 'agent.changed' && agentsOpen().has(m.agentId)) {
      const agent = await services.agents.find(m.agentId);
      if (!agent || agent.status !== 'active') await cut(m.agentId, agent?.status === 'quarantined' ? 'quarantined' : 'decommissioned');
    } else if (m.kind === 'credential.changed' && agentsOpen().has(m.agentId)) {
      const c = await services.credentials.get(m.credentialId).catch(() => undefined);
      if (!c || c.state === 'revoked' || c.state === 'expired') await cut(m.agentId, 'revoked', (id) => id === m.credentialId);
    }
  };
  const unsubscribe = services.bus.subscribe((m) => {
    onControl(m).catch((e: unknown) => app.log.error({ err: { message: (e as Error).message } }, 'mcp front: closing sessions failed'));
  });

  // The catalog changed (approval, quarantine, upstream list_changed): every open session hears it.
  const stopCatalog = core.onCatalogChanged(() => {
    for (const s of sessions.all()) s.server.sendToolListChanged().catch(() => undefined);
    modern.notify.toolsChanged();
  });

  const sweeper = setInterval(() => void sessions.sweep(services.clock.now()), Math.max(1000, Math.min(60_000, Math.floor(sessions.limits.idleMs / 2))));
  sweeper.unref();

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearInterval(sweeper);
    unsubscribe();
    stopCatalog();
    for (const set of modernInFlight.values()) for (const f of set) f.abort.abort();
    await sessions.closeAll('shutdown');
    await modern.close();
  };
  // Before the server stops listening: open streams would otherwise hold the close up.
  app.addHook('preClose', close);

  // ---------------------------------------------------------------------------------------------
  // refusals answered here, before any MCP server instance sees the message

  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, code: number, e: WardenError, p: Principal | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    const method = methodOf(body);
    audit({
      phase: method === 'tools/list' ? 'tool.list' : 'tool.call',
      action: method === 'tools/list' ? 'mcp.tools.list' : method === 'tools/call' ? 'mcp.tools.call' : 'mcp.request',
      outcome: status === 401 || status === 403 ? 'denied' : 'failure',
      actor: p ? agentActor(p) : { kind: 'agent', id: null, ip: req.ip },
      ...(p ? { agentId: p.agent.id } : {}),
      result: { status, error: e.code },
      data: { code: e.code, httpMethod: req.method, ...(method ? { method: method.slice(0, 100) } : {}) },
    });
    return reply.code(status).headers({ 'content-type': 'application/json', ...headers }).send(jsonRpcErrorBody(code, e, idOf(body)));
  };

  const principals = new WeakMap<FastifyRequest, Principal>();
  /** Requests whose unknown method was already audited (the SDK's -32601 answer is not audited twice). */
  const unknownMethods = new WeakSet<FastifyRequest>();

  /** Origin, then credential: before the body is read, so a refused caller cannot make Warden buffer it. */
  const gate = async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = req.headers.origin;
    // Most agents send no Origin: the request's own origin is worked out only when one is sent.
    const why = origin === undefined ? undefined : origins.refuse(origin, requestOrigin(req));
    if (why) {
      return refuse(req, reply, 403, JSONRPC.TRANSPORT, new WardenError('mcp.origin_refused', 403, `Refused: ${why}.`, { hint: 'Browser clients must be served from an origin listed in mcp.allowed_origins.' }), undefined);
    }
    if (origin) void reply.headers({ 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS_EXPOSE, vary: 'Origin' });
    const bearer = Authenticator.bearer(req.headers);
    try {
      principals.set(req, await services.authenticator.authenticate(bearer, req.ip));
    } catch (e) {
      const err = toWardenError(e);
      const challenge: Record<string, string> = err.status === 401 ? { 'www-authenticate': bearerChallenge(baseOf(req), err, bearer !== undefined) } : {};
      const status = err.status === 401 || err.status === 403 ? err.status : err.status >= 500 ? err.status : 401;
      return refuse(req, reply, status, status >= 500 ? JSONRPC.INTERNAL_ERROR : JSONRPC.TRANSPORT, err, undefined, undefined, challenge);
    }
  };

  // ---------------------------------------------------------------------------------------------
  // routes

  await app.register(async (scope) => {
    // The body arrives as bytes: the front checks them itself (UTF-8, JSON, depth) so each
    // failure gets its JSON-RPC error, and parses once for the SDK.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error, req, reply) => {
      const e = toWardenError(error);
      if (e.status === 413) {
        return refuse(req, reply, 413, JSONRPC.TRANSPORT, new WardenError('mcp.too_large', 413, `The message is larger than ${maxBytes} bytes.`, { hint: 'Send a smaller message, or raise mcp.max_message_bytes.' }), principals.get(req));
      }
      if (e.status >= 500) req.log.error({ err: { message: (error as Error).message } }, 'mcp front failed');
      if (reply.raw.headersSent) {
        reply.raw.end();
        return;
      }
      return refuse(req, reply, e.status, e.status >= 500 ? JSONRPC.INTERNAL_ERROR : JSONRPC.INVALID_REQUEST, e, principals.get(req));
    });

    const metadata = async (req: FastifyRequest, reply: FastifyReply) =>
      reply.headers({ 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }).send(protectedResourceMetadata(baseOf(req), services.config.identity.issuer));
    scope.get(PRM_PATH, metadata);
    scope.get(`${PRM_PATH}${MCP_PATH}`, metadata);

    scope.route({ method: ['POST', 'GET', 'DELETE'], url: MCP_PATH, exposeHeadRoute: false, onRequest: gate, handler: serve });

    // CORS preflight: only for allowed origins (it carries no credential, so nothing more is checked).
    scope.options(MCP_PATH, async (req, reply) => {
      const why = origins.refuse(req.headers.origin, requestOrigin(req));
      if (why || !req.headers.origin) return reply.code(403).send();
      return reply
        .code(204)
        .headers({ 'access-control-allow-origin': req.headers.origin, 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': CORS_ALLOW_HEADERS, 'access-control-max-age': '600', vary: 'Origin' })
        .send();
    });
    scope.route({
      method: ['PUT', 'PATCH'],
      url: MCP_PATH,
      handler: async (req, reply) => refuse(req, reply, 405, JSONRPC.TRANSPORT, new WardenError('mcp.method_not_allowed', 405, `${req.method} is not served at ${MCP_PATH}.`, { hint: 'Use POST for messages, GET for the notification stream, DELETE to end a session.' }), undefined, undefined, { allow: 'GET, POST, DELETE' }),
    });
  });

  // ---------------------------------------------------------------------------------------------
  // one request

  async function serve(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const principal = principals.get(req);
    if (!principal) throw new WardenError('internal.no_principal', 500, 'The request was not authenticated.');
    let body: unknown;
    if (req.method === 'POST') {
      if (!isJsonContentType(header(req, 'content-type'))) {
        return refuse(req, reply, 415, JSONRPC.TRANSPORT, new WardenError('mcp.unsupported_media_type', 415, 'MCP messages are sent as application/json.', { hint: 'Set "Content-Type: application/json".' }), principal);
      }
      const raw = req.body as Buffer | undefined;
      const parsed = parseMessage(raw, services.config.limits.max_json_depth);
      if (parsed.error) return refuse(req, reply, 400, parsed.code, parsed.error, principal, parsed.value);
      body = parsed.value;
      const method = methodOf(body);
      // The SDK answers unknown methods (-32601); the attempt is recorded here, since the pipeline never sees it.
      if (method && idOf(body) !== null && !method.startsWith('notifications/') && !KNOWN_METHODS.has(method)) {
        unknownMethods.add(req);
        audit({ phase: 'tool.call', action: 'mcp.request', outcome: 'failure', actor: agentActor(principal), agentId: principal.agent.id, result: { status: 200, error: 'mcp.unknown_method' }, data: { code: 'mcp.unknown_method', method: method.slice(0, 100) } });
      }
    }
    const trace = parseTraceparent(header(req, 'traceparent'))?.traceId ?? '';
    const identity: RequestIdentity = {
      principal,
      user: principal.user ?? header(req, 'x-warden-user'),
      app: header(req, 'x-warden-app'),
      session: header(req, 'x-warden-session') || trace,
      // Worked out only when an approval link is made.
      get base() {
        return baseOf(req);
      },
    };
    // The SDK's AuthInfo carries who is calling, not the credential: the token field stays empty.
    const authInfo: AuthInfo = { token: '', clientId: principal.agent.id, scopes: [], extra: { [IDENTITY_KEY]: identity } };
    // The SDK's own routing decision (isLegacyRequest runs this same classification), from the parsed body and the raw headers.
    const legacy =
      req.method !== 'POST' ||
      claimlessLegacy(body, rawHeader(req, 'mcp-protocol-version')) ||
      classifyInboundRequest({
        httpMethod: 'POST',
        protocolVersionHeader: rawHeader(req, 'mcp-protocol-version'),
        mcpMethodHeader: rawHeader(req, 'mcp-method'),
        mcpNameHeader: rawHeader(req, 'mcp-name'),
        body,
      }).kind === 'legacy';
    if (legacy) return serveLegacy(req, reply, body, principal, authInfo);

    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
    const webReq = toWebRequest(req, abort.signal);
    const entry = { credentialId: principal.credential.id, abort, listen: methodOf(body) === 'subscriptions/listen' };
    let set = modernInFlight.get(principal.agent.id);
    if (entry.listen && set && [...set].filter((f) => f.listen).length >= sessions.limits.maxPerAgent) {
      // Listen streams stay open like sessions do: bounded per agent the same way.
      const e = new WardenError('mcp.too_many_streams', 503, `This agent has ${sessions.limits.maxPerAgent} open subscriptions/listen streams, the most allowed.`, { hint: 'Close streams the agent no longer uses.' });
      return refuse(req, reply, 503, JSONRPC.TRANSPORT, e, principal, body, { 'retry-after': '30' });
    }
    if (!set) modernInFlight.set(principal.agent.id, (set = new Set()));
    set.add(entry);
    try {
      const res = await modern.fetch(webReq, { parsedBody: body, authInfo });
      await auditRejection(req, res, principal, body, 'modern');
      await sendWebResponse(reply, res);
    } finally {
      set.delete(entry);
      if (set.size === 0 && modernInFlight.get(principal.agent.id) === set) modernInFlight.delete(principal.agent.id);
    }
  }

  /** The web Request the SDK transports take, for the exchanges that do not go the direct way. */
  const webRequest = (req: FastifyRequest, reply: FastifyReply): Request => {
    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
    return toWebRequest(req, abort.signal);
  };

  async function serveLegacy(req: FastifyRequest, reply: FastifyReply, body: unknown, principal: Principal, authInfo: AuthInfo): Promise<unknown> {
    const opening = req.method === 'POST' && (Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : methodOf(body) === 'initialize' && isInitializeRequest(body));
    if (opening) return openSession(req, reply, body, principal, authInfo);
    const sid = header(req, 'mcp-session-id');
    if (!sid) {
      return refuse(req, reply, 400, JSONRPC.TRANSPORT, new WardenError('mcp.session_required', 400, 'This request needs the Mcp-Session-Id header.', { hint: 'Send initialize first (2025-11-25), or use protocol version 2026-07-28, which has no sessions.' }), principal, body);
    }
    const s = sessions.get(sid);
    const foreign = s !== undefined && (s.agentId !== principal.agent.id || s.binding !== credentialBinding(principal));
    if (!s || foreign) {
      if (foreign) {
        audit({ phase: 'tool.call', action: 'mcp.session.refused', outcome: 'denied', actor: agentActor(principal), agentId: principal.agent.id, result: { status: 404, error: 'mcp.session_foreign' }, data: { code: 'mcp.session_foreign', owner: s!.agentId, ownerSessionHash: shortHash(sid) } });
      }
      // Another agent's session looks exactly like one that does not exist: its id is confirmed to no one.
      return refuse(req, reply, 404, JSONRPC.SESSION_NOT_FOUND, new WardenError('mcp.session_not_found', 404, 'Session not found.', { hint: 'Sessions end when idle, on DELETE, on a kill switch, and belong to the credential that opened them: initialize a new one.' }), principal, body);
    }
    s.credentialId = principal.credential.id;
    s.lastSeen = services.clock.now();
    s.active++;
    try {
      const answer = direct(req, reply, s, body, authInfo);
      if (answer) return await sendDirect(req, reply, s, await answer, principal, body);
      const res = await s.transport.web.handleRequest(webRequest(req, reply), { parsedBody: body, authInfo });
      await auditRejection(req, res, principal, body, 'legacy');
      await sendWebResponse(reply, res);
    } finally {
      s.active--;
      s.lastSeen = services.clock.now();
    }
  }

  /**
   * One request on an open session, taken the direct way (see SessionTransport) when the SDK
   * transport would have dispatched it as it is: a single request (not initialize: that opens a
   * session), an Accept header naming both JSON and SSE, a protocol version the server serves.
   * Undefined when it is left to the SDK transport, which answers the rest (406, 400...) itself.
   */
  function direct(req: FastifyRequest, reply: FastifyReply, s: LegacySession, body: unknown, authInfo: AuthInfo): Promise<JSONRPCMessage | undefined> | undefined {
    // The body passed parseJSONRPCMessage: a request is the message with a method and an id.
    if (req.method !== 'POST' || methodOf(body) === undefined || idOf(body) === null) return undefined;
    const accept = rawHeader(req, 'accept');
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
    if (!s.transport.acceptsVersion(rawHeader(req, 'mcp-protocol-version'))) return undefined;
    const taken = s.transport.dispatch(body as JSONRPCRequest, authInfo);
    if (!taken) return undefined;
    // Gone before the answer: it is dropped when it comes (the handler still runs to its end, as before).
    reply.raw.once('close', taken.abandon);
    return taken.answer;
  }

  /** The answer as the SDK transport writes it in JSON mode; a session closed under the request is "not found", as it would be for its next one. */
  async function sendDirect(req: FastifyRequest, reply: FastifyReply, s: LegacySession, answer: JSONRPCMessage | undefined, principal: Principal, body: unknown): Promise<void> {
    const headers: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
    headers['content-type'] = 'application/json';
    reply.hijack();
    const raw = reply.raw;
    if (!answer) {
      auditRefused(req, 404, principal, body, 'legacy', JSONRPC.SESSION_NOT_FOUND);
      raw.writeHead(404, headers);
      raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: JSONRPC.SESSION_NOT_FOUND, message: 'Session not found' }, id: null }));
      return;
    }
    headers['mcp-session-id'] = s.id;
    raw.writeHead(200, headers);
    raw.end(JSON.stringify(answer));
  }

  async function openSession(req: FastifyRequest, reply: FastifyReply, body: unknown, principal: Principal, authInfo: AuthInfo): Promise<unknown> {
    const full = sessions.refusal(principal.agent.id);
    if (full) {
      const e = new WardenError('mcp.too_many_sessions', 503, full === 'agent' ? `This agent has ${sessions.limits.maxPerAgent} open sessions, the most allowed.` : 'This Warden instance has as many open MCP sessions as it allows.', {
        hint: full === 'agent' ? 'Close sessions the agent no longer uses (DELETE /mcp), or wait for idle ones to expire.' : 'Retry later, or use protocol version 2026-07-28, which has no sessions.',
      });
      return refuse(req, reply, 503, JSONRPC.TRANSPORT, e, principal, body, { 'retry-after': '30' });
    }
    const server = buildMcpServer(deps, 'legacy');
    let session: LegacySession | undefined;
    const transport = new SessionTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: maxBytes,
      // One JSON answer per request instead of an SSE stream for each: the front sends nothing
      // before a result (upstream progress is not relayed), and notifications (list_changed)
      // travel on the session's GET stream either way.
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        const now = services.clock.now();
        session = { id, agentId: principal.agent.id, binding: credentialBinding(principal), credentialId: principal.credential.id, server, transport, openedAt: now, lastSeen: now, active: 1 };
        sessions.add(session);
        audit({ phase: 'tool.call', action: 'mcp.session.open', outcome: 'success', actor: agentActor(principal), agentId: principal.agent.id, sessionId: id, data: { era: 'legacy', protocolVersion: protocolVersionOf(body) } });
      },
      onsessionclosed: (id) => sessions.close(id, 'deleted'),
    });
    // However the transport ends (DELETE, close, shutdown), the registry forgets it.
    server.onclose = () => {
      if (session) sessions.forget(session.id);
    };
    await server.connect(transport);
    try {
      const res = await transport.web.handleRequest(webRequest(req, reply), { parsedBody: body, authInfo });
      await auditRejection(req, res, principal, body, 'legacy');
      await sendWebResponse(reply, res);
    } finally {
      if (session) {
        session.active--;
        session.lastSeen = services.clock.now();
      } else {
        await server.close().catch(() => undefined);
      }
    }
  }

  /** A message the SDK refused before dispatch (bad envelope, header/body mismatch, wrong session...) is audited like the front's own refusals. */
  async function auditRejection(req: FastifyRequest, res: Response, p: Principal, body: unknown, era: 'legacy' | 'modern'): Promise<void> {
    if (res.ok || res.status === 499 || unknownMethods.has(req) || !(res.headers.get('content-type') ?? '').includes('json')) return;
    let code: number | undefined;
    try {
      code = ((await res.clone().json()) as { error?: { code?: number } }).error?.code;
    } catch {
      // not a JSON-RPC body: the status says enough
    }
    auditRefused(req, res.status, p, body, era, code);
  }

  function auditRefused(req: FastifyRequest, status: number, p: Principal, body: unknown, era: 'legacy' | 'modern', code: number | undefined): void {
    const method = methodOf(body);
    audit({
      phase: method === 'tools/list' ? 'tool.list' : 'tool.call',
      action: 'mcp.request',
      outcome: status === 401 || status === 403 ? 'denied' : 'failure',
      actor: agentActor(p),
      agentId: p.agent.id,
      result: { status, error: 'mcp.rejected' },
      data: { code: 'mcp.rejected', era, httpMethod: req.method, ...(method ? { method: method.slice(0, 100) } : {}), ...(code !== undefined ? { jsonrpcCode: code } : {}) },
    });
  }

  return { sessions, modern, close };
}

/** A request the SDK's classification is asked for once per protocol-version header value: it needs no envelope and is no initialize. */
const CLASSIFY_PROBE = { jsonrpc: '2.0', id: 0, method: 'ping' };
/** Protocol-version header values (as sent; '\u0000' for none) and whether such a request is legacy. Bounded: the header is the agent's. */
const legacyByHeader = new Map<string, boolean>();

/**
 * True when the SDK's classification of this POSTed message is certainly "legacy", told without
 * running it (its checks of the body against the response schemas cost more than the rest of
 * routing): a single request (validated by parseMessage), not initialize, whose params carry no
 * `_meta` at all (so no 2026-07-28 envelope claim). For such a request the SDK decides by the
 * protocol-version header alone, which is asked of classifyInboundRequest once per header
 * value. False means "ask classifyInboundRequest".
 */
function claimlessLegacy(body: unknown, versionHeader: string | undefined): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const m = body as { method?: unknown; id?: unknown; params?: unknown };
  if (typeof m.method !== 'string' || m.method === 'initialize' || idOf(body) === null) return false;
  if (m.params !== undefined && (m.params === null || typeof m.params !== 'object' || Array.isArray(m.params) || '_meta' in m.params)) return false;
  const key = versionHeader ?? '\u0000';
  let legacy = legacyByHeader.get(key);
  if (legacy === undefined) {
    legacy = classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader: versionHeader, body: CLASSIFY_PROBE }).kind === 'legacy';
    if (legacyByHeader.size < 64) legacyByHeader.set(key, legacy);
  }
  return legacy;
}

type Parsed = { value: unknown; error?: undefined } | { error: WardenError; code: number; value?: unknown };

/** One JSON-RPC message (or batch) from the body bytes, each failure with its own JSON-RPC code. */
function parseMessage(raw: Buffer | undefined, maxDepth: number): Parsed {
  if (!raw || raw.length === 0) return { code: JSONRPC.PARSE_ERROR, error: new WardenError('mcp.parse_error', 400, 'Parse error: the body is empty.', { hint: 'Send one JSON-RPC message as the body.' }) };
  if (!isUtf8(raw)) return { code: JSONRPC.PARSE_ERROR, error: new WardenError('mcp.parse_error', 400, 'Parse error: the body is not valid UTF-8.', { hint: 'Send the JSON-RPC message encoded as UTF-8.' }) };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    // The parser's message can quote the body: not repeated.
    return { code: JSONRPC.PARSE_ERROR, error: new WardenError('mcp.parse_error', 400, 'Parse error: the body is not valid JSON.', { hint: 'Send one JSON-RPC 2.0 message as a JSON object.' }) };
  }
  if (jsonDepthExceeds(value, maxDepth)) {
    return { code: JSONRPC.INVALID_REQUEST, error: new WardenError('request.too_deep', 400, `Invalid request: the message nests deeper than ${maxDepth} levels.`, { hint: 'Flatten the arguments, or raise limits.max_json_depth.' }) };
  }
  const messages = Array.isArray(value) ? value : [value];
  try {
    if (messages.length === 0) throw new Error('empty batch');
    for (const m of messages) parseJSONRPCMessage(m);
  } catch {
    // The value goes along so that an id it carries is echoed in the error.
    return { code: JSONRPC.INVALID_REQUEST, value, error: new WardenError('mcp.invalid_request', 400, 'Invalid request: the body is not a JSON-RPC 2.0 message.', { hint: 'Send {"jsonrpc":"2.0","id":1,"method":"…","params":{…}}.' }) };
  }
  return { value };
}

function methodOf(body: unknown): string | undefined {
  const m = body && typeof body === 'object' && !Array.isArray(body) ? (body as { method?: unknown }).method : undefined;
  return typeof m === 'string' ? m : undefined;
}

function idOf(body: unknown): string | number | null {
  const id = body && typeof body === 'object' && !Array.isArray(body) ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function protocolVersionOf(body: unknown): string {
  const v = (body as { params?: { protocolVersion?: unknown } } | undefined)?.params?.protocolVersion;
  return typeof v === 'string' ? v.slice(0, 40) : '';
}

/** Enough of a session id to correlate events, not enough to use it. */
function shortHash(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 16);
}
