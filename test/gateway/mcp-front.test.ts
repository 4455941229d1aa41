import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';
import { digestOf } from '../../src/approvals/digest.js';
import type { Actor, AuditEvent } from '../../src/audit/types.js';
import { WardenError } from '../../src/errors.js';
import { registerMcpFront, type McpFront } from '../../src/gateway/mcp/front/index.js';
import { RequestStates } from '../../src/gateway/mcp/front/request-state.js';
import { buildServer } from '../../src/gateway/server.js';
import type { CallOptions, McpCaller, McpOutcome, ToolDefinition, ToolResult } from '../../src/gateway/mcp/types.js';
import type { AuditQuery } from '../../src/store/repos/audit-events.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { failure, textOf, ToolsOnlyCore } from './mcp-client-helpers.js';

/**
 * The MCP front (Warden as an MCP server at /mcp) with a fake pipeline behind it, driven by the
 * official clients of both spec eras: SDK v1 (2025-11-25, sessions) and SDK v2 (2026-07-28,
 * stateless). The fake core records who called and emulates approvals the way the real one
 * does: bound to agent and arguments, single use, held for `holdMs` on request.
 */
const ACTOR: Actor = { kind: 'system', id: 'test', name: 'mcp front test' };
const OWNER = 'mcp-front-tests@example.com';
const ALLOWED_ORIGIN = 'https://app.example.com';
const ISSUER = 'https://warden.example.com';

// -------------------------------------------------------------------------------------------------
// a fake pipeline

interface FakeApproval {
  id: string;
  agentId: string;
  digest: string;
  status: 'pending' | 'approved' | 'denied' | 'used';
  expiresAt: number;
}

const TOOLS: ToolDefinition[] = [
  { name: 'demo__echo', description: 'Echoes its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, annotations: { readOnlyHint: true } },
  { name: 'demo__delete', description: 'Deletes records (held for approval).', inputSchema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } } } } },
  { name: 'demo__forbidden', description: 'Always denied by policy.', inputSchema: { type: 'object', properties: {} } },
];

class FakeCore extends ToolsOnlyCore {
  calls: Array<{ caller: McpCaller; name: string; args: Record<string, unknown>; opts: CallOptions }> = [];
  lists: McpCaller[] = [];
  approvals = new Map<string, FakeApproval>();
  /** Held calls wait here until the test lets them go: 'timeout' ends the hold undecided. */
  private holds = new Map<string, Array<(how: 'decided' | 'timeout') => void>>();
  private listeners = new Set<() => void>();
  private seq = 0;
  extraTool: ToolDefinition | undefined;

  async listTools(caller: McpCaller): Promise<McpOutcome<ToolDefinition[]>> {
    this.lists.push(caller);
    return { kind: 'ok', value: this.extraTool ? [...TOOLS, this.extraTool] : TOOLS };
  }

  async callTool(caller: McpCaller, name: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<McpOutcome<ToolResult>> {
    this.calls.push({ caller, name, args, opts });
    const text = (s: string): McpOutcome<ToolResult> => ({ kind: 'ok', value: { content: [{ type: 'text', text: s }] } });
    if (name === 'demo__echo') return text(`echo: ${String(args.text)}`);
    if (name === 'demo__forbidden') return { kind: 'error', error: new WardenError('policy.denied', 403, 'Denied by rule no-forbidden.', { hint: 'Ask the policy owner.', details: { rule: 'no-forbidden' } }) };
    if (name !== 'demo__delete') return { kind: 'error', error: new WardenError('mcp.unknown_tool', 404, `No tool "${name}" is available.`, { hint: 'tools/list shows the tools.' }) };
    const agentId = caller.principal.agent.id;
    const digest = digestOf({ name, args });
    const run = (a: FakeApproval) => {
      a.status = 'used';
      return text(`deleted ${(args.ids as string[] | undefined)?.length ?? 0}`);
    };
    if (opts.approvalId) {
      const a = this.approvals.get(opts.approvalId);
      const refuse = (code: string, msg: string) => ({ kind: 'error' as const, error: new WardenError(code, code === 'approval.not_found' ? 404 : 403, msg, { details: { approvalId: opts.approvalId, expiresAt: a?.expiresAt } }) });
      if (!a || a.agentId !== agentId) return refuse('approval.not_found', `No approval ${opts.approvalId}.`);
      if (a.digest !== digest) return refuse('approval.mismatch', 'The arguments changed.');
      if (a.status === 'used') return refuse('approval.used', `Approval ${a.id} was already used.`);
      if (a.status === 'denied') return refuse('approval.denied', `Approval ${a.id} was denied.`);
      if (a.status === 'pending') return refuse('approval.pending', `Approval ${a.id} is still waiting.`);
      return run(a);
    }
    const a: FakeApproval = { id: `apr_${++this.seq}`, agentId, digest, status: 'pending', expiresAt: Date.now() + 600_000 };
    this.approvals.set(a.id, a);
    if (opts.holdMs && opts.holdMs > 0) {
      await new Promise<'decided' | 'timeout'>((resolve) => this.holds.set(a.id, [...(this.holds.get(a.id) ?? []), resolve]));
      if (a.status === 'approved') return run(a);
    }
    return { kind: 'approval', approval: { id: a.id, expiresAt: a.expiresAt, message: 'Deleting records needs a person.', rule: 'hold-deletes' } };
  }

  decide(id: string, status: 'approved' | 'denied'): void {
    this.approvals.get(id)!.status = status;
    for (const r of this.holds.get(id) ?? []) r('decided');
    this.holds.delete(id);
  }

  /** Ends every hold undecided, as the real core does when holdMs runs out. */
  timeOut(): void {
    for (const [id, rs] of this.holds) {
      for (const r of rs) r('timeout');
      this.holds.delete(id);
    }
  }

  held(): string[] {
    return [...this.holds.keys()];
  }

  onCatalogChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  changeCatalog(): void {
    for (const l of this.listeners) l();
  }
}

// -------------------------------------------------------------------------------------------------
// harness: a real Warden's services, and a server built the way app.ts builds its own, with the front registered

interface Agent {
  id: string;
  key: string;
  credentialId: string;
}

interface Harness {
  w: TestWarden;
  core: FakeCore;
  front: McpFront;
  server: FastifyInstance;
  url: string;
  newAgent(name: string): Promise<Agent>;
  legacy(key: string, headers?: Record<string, string>): Promise<{ client: ClientV1; transport: HttpV1; changed(): Promise<void> }>;
  modern(key: string, o?: { headers?: Record<string, string>; onElicit?: (params: any) => Promise<any>; manual?: boolean }): Promise<ClientV2>;
  /** POSTs one raw message to /mcp. */
  post(key: string | undefined, body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  events(q?: AuditQuery): Promise<AuditEvent[]>;
  until(what: string, pred: () => boolean | Promise<boolean>): Promise<void>;
  close(): Promise<void>;
}

async function startHarness(): Promise<Harness> {
  const w = await startWarden({
    yaml: `
mcp:
  allowed_origins: ["${ALLOWED_ORIGIN}"]
  approval_hold: 20s
  max_message_bytes: 4096
identity:
  issuer: "${ISSUER}"
`,
  });
  const { services } = w.warden;
  await services.directory.createOwner({ handle: OWNER, displayName: 'MCP front tests' }, ACTOR);
  const core = new FakeCore();
  let front: McpFront | undefined;
  const server = await buildServer({
    services,
    routes: [],
    version: 'test',
    logLevel: 'silent',
    plugins: [
      async (app) => {
        front = await registerMcpFront(app, { services, core, maxSessionsPerAgent: 3 });
      },
    ],
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const opened: Array<{ close(): Promise<void> }> = [];

  const until = async (what: string, pred: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await pred()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };

  return {
    w,
    core,
    front: front!,
    server,
    url,
    until,
    async newAgent(name) {
      const agent = await services.agents.create({ name, owner: OWNER, purpose: 'MCP front tests', risk: 'low', grants: { servers: ['demo'] } }, ACTOR);
      const { key, credential } = await services.credentials.issue(agent.id, { name: 'test' }, ACTOR);
      return { id: agent.id, key, credentialId: credential.id };
    },
    async legacy(key, headers = {}) {
      const client = new ClientV1({ name: 'legacy-agent', version: '1.0.0' });
      let waiting: (() => void) | undefined;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => waiting?.());
      const transport = new HttpV1(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}`, ...headers } } });
      await client.connect(transport);
      opened.push(client);
      return { client, transport, changed: () => new Promise<void>((r) => (waiting = r)) };
    },
    async modern(key, o = {}) {
      const client = new ClientV2(
        { name: 'modern-agent', version: '1.0.0' },
        {
          versionNegotiation: { mode: { pin: '2026-07-28' } },
          capabilities: o.onElicit ? { elicitation: { url: {}, form: {} } } : {},
          ...(o.manual ? { inputRequired: { autoFulfill: false } } : {}),
        } as never,
      );
      if (o.onElicit) client.setRequestHandler('elicitation/create' as never, (async (req: any) => o.onElicit!(req.params)) as never);
      const transport = new HttpV2(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}`, ...(o.headers ?? {}) } } });
      await client.connect(transport);
      opened.push(client);
      return client;
    },
    async post(key, body, headers = {}) {
      const res = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // SSE: the first data line
        const line = text.split('\n').find((l) => l.startsWith('data: '));
        if (line) parsed = JSON.parse(line.slice(6));
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async events(q = {}) {
      await services.audit.flush();
      return services.audit.query({ limit: 5000, order: 'asc', ...q });
    },
    async close() {
      for (const c of opened) await c.close().catch(() => undefined);
      await server.close();
      await w.close();
    },
  };
}


// -------------------------------------------------------------------------------------------------

describe('MCP front (/mcp), both spec eras, with the official clients', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('2025-11-25: a session lists and calls, the pipeline sees who is calling', async () => {
    const a = await h.newAgent('legacy-lister');
    const { client, transport } = await h.legacy(a.key, { 'x-warden-user': 'alice@example.com', 'x-warden-app': 'desk' });
    const tools = (await client.listTools()).tools;
    assert.deepEqual(tools.map((t) => t.name), ['demo__echo', 'demo__delete', 'demo__forbidden']);
    // Definitions pass through as the pipeline gave them.
    assert.deepEqual(tools[0]!.inputSchema, TOOLS[0]!.inputSchema);
    assert.equal(tools[0]!.annotations?.readOnlyHint, true);
    const r = await client.callTool({ name: 'demo__echo', arguments: { text: 'hi' } });
    assert.equal(textOf(r), 'echo: hi');
    const call = h.core.calls.at(-1)!;
    assert.equal(call.caller.era, 'legacy');
    assert.equal(call.caller.principal.agent.id, a.id);
    assert.equal(call.caller.session, transport.sessionId);
    assert.ok(call.caller.session.length > 20);
    assert.equal(call.caller.protocolVersion, '2025-11-25');
    assert.equal(call.caller.user, 'alice@example.com');
    assert.equal(call.caller.app, 'desk');
    const opened = (await h.events({ agentId: a.id })).find((e) => e.action === 'mcp.session.open');
    assert.equal(opened?.sessionId, transport.sessionId);
  });

  it('2026-07-28: stateless requests list and call; the session is x-warden-session, else the trace id', async () => {
    const a = await h.newAgent('modern-lister');
    const client = await h.modern(a.key, { headers: { 'x-warden-session': 'conv-42' } });
    const tools = (await client.listTools()).tools;
    assert.deepEqual(tools.map((t) => t.name), ['demo__echo', 'demo__delete', 'demo__forbidden']);
    assert.equal(textOf(await client.callTool({ name: 'demo__echo', arguments: { text: 'yo' } })), 'echo: yo');
    const call = h.core.calls.at(-1)!;
    assert.equal(call.caller.era, 'modern');
    assert.equal(call.caller.protocolVersion, '2026-07-28');
    assert.equal(call.caller.session, 'conv-42');
    const traced = await h.modern(a.key, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    await traced.callTool({ name: 'demo__echo', arguments: { text: 'x' } });
    assert.equal(h.core.calls.at(-1)!.caller.session, '4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('refuses a missing or bad credential with 401, a WWW-Authenticate challenge and the RFC 9728 document', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const none = await h.post(undefined, init);
    assert.equal(none.status, 401);
    assert.equal(none.body.jsonrpc, '2.0');
    assert.equal(none.body.error.data.code, 'auth.missing_credential');
    const challenge = none.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"$/);
    const bad = await h.post('wdn_not_a_real_key_at_all_0000000000', init);
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const doc = (await (await fetch(`${h.url}/.well-known/oauth-protected-resource`)).json()) as any;
    assert.equal(doc.resource, `${h.url}/mcp`);
    assert.deepEqual(doc.authorization_servers, [ISSUER]);
    assert.deepEqual(doc.bearer_methods_supported, ['header']);
    // The path-suffixed form (RFC 9728 §3.1) serves the same document.
    assert.deepEqual(await (await fetch(`${h.url}/.well-known/oauth-protected-resource/mcp`)).json(), doc);
    const refused = (await h.events({ action: 'mcp.request' as never })).filter((e) => e.result?.error === 'auth.missing_credential');
    assert.ok(refused.length >= 1, 'the refusal is audited');
    assert.equal(refused.at(-1)!.outcome, 'denied');
  });

  it('refuses a browser origin that is not allowed (403), and lets allowed and absent origins through', async () => {
    const a = await h.newAgent('browser-agent');
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'b', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } } };
    const modernHeaders = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' };
    const evil = await h.post(a.key, list, { ...modernHeaders, origin: 'http://evil.example' });
    assert.equal(evil.status, 403);
    assert.equal(evil.body.error.data.code, 'mcp.origin_refused');
    // DNS rebinding: the attacker's name resolves here, so Origin and Host agree; still refused.
    const rebound = await h.post(a.key, list, { ...modernHeaders, origin: 'http://evil.example', host: 'evil.example' });
    assert.equal(rebound.status, 403);
    const opaque = await h.post(a.key, list, { ...modernHeaders, origin: 'null' });
    assert.equal(opaque.status, 403);
    const allowed = await h.post(a.key, list, { ...modernHeaders, origin: ALLOWED_ORIGIN });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.equal(allowed.body.result.tools.length, 3);
    const noOrigin = await h.post(a.key, list, modernHeaders);
    assert.equal(noOrigin.status, 200);
    const ev = (await h.events({ action: 'mcp.request' as never })).find((e) => e.result?.error === 'mcp.origin_refused');
    assert.ok(ev, 'the refused origin is audited');
  });

  it("refuses another agent's (or another key's) use of a session, as if it did not exist", async () => {
    const owner = await h.newAgent('session-owner');
    const thief = await h.newAgent('session-thief');
    const { client, transport } = await h.legacy(owner.key);
    const sid = transport.sessionId!;
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'demo__echo', arguments: { text: 'stolen' } } };
    const headers = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
    const stolen = await h.post(thief.key, call, headers);
    assert.equal(stolen.status, 404);
    assert.equal(stolen.body.error.code, -32001);
    assert.equal(stolen.body.error.data.code, 'mcp.session_not_found');
    // A second key of the same agent is another credential: refused too.
    const { key: second } = await h.w.warden.services.credentials.issue(owner.id, { name: 'second' }, ACTOR);
    assert.equal((await h.post(second, call, headers)).status, 404);
    assert.ok(!h.core.calls.some((c) => c.args.text === 'stolen'), 'the pipeline never saw the call');
    // The owner carries on.
    assert.equal(textOf(await client.callTool({ name: 'demo__echo', arguments: { text: 'mine' } })), 'echo: mine');
    const ev = (await h.events({ agentId: thief.id })).find((e) => e.action === 'mcp.session.refused');
    assert.equal(ev?.outcome, 'denied');
    assert.ok(!JSON.stringify(ev).includes(sid), 'the session id is not written into the refusal');
  });

  it('the kill switch cuts an agent mid-session: its session closes and its next call is refused', async () => {
    const a = await h.newAgent('doomed');
    const { client, transport } = await h.legacy(a.key);
    await client.callTool({ name: 'demo__echo', arguments: { text: 'before' } });
    const sid = transport.sessionId!;
    assert.ok(h.front.sessions.get(sid), 'the session is open');
    await h.w.warden.services.kill.engage('agent', a.id, 'test', ACTOR);
    await h.until('the session is closed', () => h.front.sessions.get(sid) === undefined);
    const refused = await failure(() => client.callTool({ name: 'demo__echo', arguments: { text: 'after' } }));
    assert.ok(refused.message.length > 0);
    assert.ok(!h.core.calls.some((c) => c.args.text === 'after'));
    const raw = await h.post(a.key, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': sid });
    assert.equal(raw.status, 403);
    assert.equal(raw.body.error.data.code, 'auth.killed');
    const closed = (await h.events({ agentId: a.id })).find((e) => e.action === 'mcp.session.close');
    assert.equal(closed?.data?.reason, 'killed');
  });

  it('2025-11-25: a request on a session is answered as the SDK transport answers it, whichever way it is taken', async () => {
    const a = await h.newAgent('direct-way');
    const { transport } = await h.legacy(a.key);
    const sid = transport.sessionId!;
    const call = { jsonrpc: '2.0', id: 41, method: 'tools/call', params: { name: 'demo__echo', arguments: { text: 'direct' } } };
    // The common request: one JSON answer, with the session id (and CORS headers for an allowed origin).
    const ok = await h.post(a.key, call, { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25', origin: ALLOWED_ORIGIN });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(ok.headers.get('mcp-session-id'), sid);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.deepEqual(ok.body, { jsonrpc: '2.0', id: 41, result: { content: [{ type: 'text', text: 'echo: direct' }] } });
    // What the SDK transport refuses, it still refuses: an unknown protocol version, an Accept without SSE.
    const version = await h.post(a.key, { ...call, id: 42 }, { 'mcp-session-id': sid, 'mcp-protocol-version': '1999-01-01' });
    assert.equal(version.status, 400);
    const accept = await h.post(a.key, { ...call, id: 43 }, { 'mcp-session-id': sid, accept: 'application/json' });
    assert.equal(accept.status, 406);
    // The era is the SDK's decision: a 2026-07-28 version header on a request without the envelope is refused, each time.
    for (const id of [44, 45]) {
      const unclaimed = await h.post(a.key, { ...call, id }, { 'mcp-session-id': sid, 'mcp-protocol-version': '2026-07-28' });
      assert.equal(unclaimed.status, 400, JSON.stringify(unclaimed.body));
    }
    assert.equal(h.core.calls.filter((c) => c.caller.principal.agent.id === a.id && c.args.text === 'direct').length, 1, 'the refused requests never reached the pipeline');
    // A notification is accepted without an answer body.
    const note = await h.post(a.key, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } }, { 'mcp-session-id': sid });
    assert.equal(note.status, 202);
  });

  it('2025-11-25: a call in flight when its session is closed (kill switch) is answered "session not found" at once, not left hanging', async () => {
    const a = await h.newAgent('cut-mid-call');
    const { client, transport } = await h.legacy(a.key);
    const sid = transport.sessionId!;
    const before = h.core.held().length;
    const pending = failure(() => client.callTool({ name: 'demo__delete', arguments: { ids: ['cut-1'] } }));
    await h.until('the call is held', () => h.core.held().length > before);
    await h.w.warden.services.kill.engage('agent', a.id, 'test', ACTOR);
    await h.until('the session is closed', () => h.front.sessions.get(sid) === undefined);
    const err = await pending;
    assert.match(String(err.message), /404|not found/i);
    const ev = (await h.events({ agentId: a.id })).find((e) => e.action === 'mcp.request' && e.data?.jsonrpcCode === -32001);
    assert.equal(ev?.result?.status, 404);
    // The held call's hold ends (the fake core's, as the real one's would time out).
    h.core.timeOut();
  });

  it('a quarantined agent loses its open sessions too', async () => {
    const a = await h.newAgent('quarantined');
    const { transport } = await h.legacy(a.key);
    const sid = transport.sessionId!;
    await h.w.warden.services.agents.quarantine(a.id, 'suspicious', ACTOR);
    await h.until('the session is closed', () => h.front.sessions.get(sid) === undefined);
  });

  it('2025-11-25 approval: the call is held, a person approves, the held call answers', async () => {
    const a = await h.newAgent('legacy-approver');
    const { client } = await h.legacy(a.key);
    const pending = client.callTool({ name: 'demo__delete', arguments: { ids: ['o-1'] } });
    await h.until('the call is held', () => h.core.held().length > 0);
    const held = h.core.calls.at(-1)!;
    assert.equal(held.opts.holdMs, 20_000, 'the configured hold is passed to the pipeline');
    h.core.decide(h.core.held()[0]!, 'approved');
    assert.equal(textOf(await pending), 'deleted 1');
  });

  it('2025-11-25 approval: undecided in time, the agent gets the approval id, and its retry with _meta runs once', async () => {
    const a = await h.newAgent('legacy-retrier');
    const { client } = await h.legacy(a.key);
    const pending = failure(() => client.callTool({ name: 'demo__delete', arguments: { ids: ['o-2'] } }));
    await h.until('the call is held', () => h.core.held().length > 0);
    h.core.timeOut();
    const err = await pending;
    assert.equal(err.code, -32004);
    assert.equal(err.data.code, 'policy.approval_required');
    const id = err.data.approval_id as string;
    assert.match(id, /^apr_/);
    assert.ok(err.data.expires_at);
    assert.equal(err.data.rule, 'hold-deletes');
    h.core.decide(id, 'approved');
    const r = await client.callTool({ name: 'demo__delete', arguments: { ids: ['o-2'] }, _meta: { 'warden/approval': id } });
    assert.equal(textOf(r), 'deleted 1');
    assert.equal(h.core.calls.at(-1)!.opts.approvalId, id);
    const again = await failure(() => client.callTool({ name: 'demo__delete', arguments: { ids: ['o-2'] }, _meta: { 'warden/approval': id } }));
    assert.equal(again.code, -32003);
    assert.equal(again.data.code, 'approval.used');
  });

  it('maps pipeline refusals to JSON-RPC errors with Warden data', async () => {
    const a = await h.newAgent('refused');
    const { client } = await h.legacy(a.key);
    const denied = await failure(() => client.callTool({ name: 'demo__forbidden', arguments: {} }));
    assert.equal(denied.code, -32003);
    assert.deepEqual(denied.data, { code: 'policy.denied', hint: 'Ask the policy owner.', rule: 'no-forbidden' });
    const unknown = await failure(() => client.callTool({ name: 'demo__nope', arguments: {} }));
    assert.equal(unknown.code, -32602);
    assert.equal(unknown.data.code, 'mcp.unknown_tool');
    const modern = await h.modern(a.key);
    const denied2 = await failure(() => modern.callTool({ name: 'demo__forbidden', arguments: {} }));
    assert.equal(denied2.code, -32003);
    assert.equal(denied2.data.code, 'policy.denied');
  });

  it('2026-07-28 approval: input_required with a link for a person, then the retry with requestState runs', async () => {
    const a = await h.newAgent('modern-approver');
    const asked: any[] = [];
    const client = await h.modern(a.key, {
      onElicit: async (params) => {
        asked.push(params);
        const id = [...h.core.approvals.values()].find((x) => x.agentId === a.id && x.status === 'pending')!.id;
        h.core.decide(id, 'approved');
        return { action: 'accept' };
      },
    });
    const r = await client.callTool({ name: 'demo__delete', arguments: { ids: ['c-1'] } });
    assert.equal(textOf(r), 'deleted 1');
    assert.equal(asked.length, 1);
    assert.equal(asked[0].mode, 'url');
    const approvalId = h.core.calls.at(-1)!.opts.approvalId!;
    assert.match(approvalId, /^apr_/);
    assert.ok(asked[0].url.includes(approvalId), 'the link names the approval');
    assert.match(asked[0].message, /approval/);
  });

  it('2026-07-28 approval: a retried state while still pending asks again; a declined prompt ends with the approval id', async () => {
    const a = await h.newAgent('modern-patient');
    let rounds = 0;
    const client = await h.modern(a.key, {
      onElicit: async () => {
        rounds++;
        const id = [...h.core.approvals.values()].find((x) => x.agentId === a.id && x.status === 'pending')!.id;
        if (rounds === 2) h.core.decide(id, 'approved');
        return { action: 'accept' };
      },
    });
    assert.equal(textOf(await client.callTool({ name: 'demo__delete', arguments: { ids: ['p-1'] } })), 'deleted 1');
    assert.equal(rounds, 2);
    const b = await h.newAgent('modern-decliner');
    const decliner = await h.modern(b.key, { onElicit: async () => ({ action: 'decline' }) });
    const err = await failure(() => decliner.callTool({ name: 'demo__delete', arguments: { ids: ['p-2'] } }));
    assert.equal(err.code, -32004);
    assert.match(err.data.approval_id, /^apr_/);
  });

  it('2026-07-28: a client that cannot show a link gets the approval id to retry with', async () => {
    const a = await h.newAgent('modern-nolink');
    const client = await h.modern(a.key);
    const err = await failure(() => client.callTool({ name: 'demo__delete', arguments: { ids: ['n-1'] } }));
    assert.equal(err.code, -32004);
    const id = err.data.approval_id as string;
    h.core.decide(id, 'approved');
    const r = await client.callTool({ name: 'demo__delete', arguments: { ids: ['n-1'] }, _meta: { 'warden/approval': id } });
    assert.equal(textOf(r), 'deleted 1');
  });

  it('2026-07-28 requestState: tampered, for other arguments, for another agent, or replayed, is refused', async () => {
    const a = await h.newAgent('modern-manual');
    const other = await h.newAgent('modern-other');
    const client = await h.modern(a.key, { manual: true, onElicit: async () => ({ action: 'accept' }) });
    const first: any = await client.callTool({ name: 'demo__delete', arguments: { ids: ['m-1'] } }, { allowInputRequired: true } as never);
    assert.equal(first.resultType, 'input_required', JSON.stringify(first));
    const state: string = first.requestState;
    assert.ok(state && first.inputRequests.warden_approval, JSON.stringify(first));
    const accepted = { warden_approval: { action: 'accept' } };
    const retry = (c: ClientV2, args: Record<string, unknown>, requestState: string) =>
      c.callTool({ name: 'demo__delete', arguments: args, requestState, inputResponses: accepted } as never, { allowInputRequired: true } as never);

    // One character changed in the payload: the MAC no longer matches.
    const [v, body, mac] = state.split('.');
    const flipped = body!.slice(0, 10) + (body![10] === 'A' ? 'B' : 'A') + body!.slice(11);
    const tampered = await failure(() => retry(client, { ids: ['m-1'] }, [v, flipped, mac].join('.')));
    assert.equal(tampered.code, -32602);
    assert.equal(tampered.data.code, 'mcp.request_state_invalid');
    const garbage = await failure(() => retry(client, { ids: ['m-1'] }, 'not-a-state'));
    assert.equal(garbage.data.code, 'mcp.request_state_invalid');

    const changed = await failure(() => retry(client, { ids: ['m-1', 'm-2'] }, state));
    assert.equal(changed.code, -32602);
    assert.equal(changed.data.code, 'mcp.request_state_mismatch');

    const otherClient = await h.modern(other.key, { manual: true, onElicit: async () => ({ action: 'accept' }) });
    const foreign = await failure(() => retry(otherClient, { ids: ['m-1'] }, state));
    assert.equal(foreign.code, -32003);
    assert.equal(foreign.data.code, 'mcp.request_state_foreign');

    // Approved: the retry runs once; the same state again is refused (the approval is used up).
    const id = [...h.core.approvals.values()].find((x) => x.agentId === a.id)!.id;
    h.core.decide(id, 'approved');
    const ran: any = await retry(client, { ids: ['m-1'] }, state);
    assert.equal(textOf(ran), 'deleted 1');
    const replay = await failure(() => retry(client, { ids: ['m-1'] }, state));
    assert.equal(replay.code, -32003);
    assert.equal(replay.data.code, 'approval.used');
    assert.equal(h.core.calls.filter((c) => c.caller.principal.agent.id === a.id && c.opts.approvalId === id).length, 2);
  });

  it('answers malformed JSON, non-messages, unknown methods, bad params and oversized bodies with JSON-RPC errors', async () => {
    const a = await h.newAgent('sloppy');
    const parse = await h.post(a.key, '{"jsonrpc":"2.0","id":1,"method":');
    assert.equal(parse.status, 400);
    assert.equal(parse.body.error.code, -32700);
    assert.equal(parse.body.id, null);
    const notMessage = await h.post(a.key, '"hello"');
    assert.equal(notMessage.status, 400);
    assert.equal(notMessage.body.error.code, -32600);
    const noMethod = await h.post(a.key, { jsonrpc: '2.0', id: 9, params: {} });
    assert.equal(noMethod.status, 400);
    assert.equal(noMethod.body.error.code, -32600);
    assert.equal(noMethod.body.id, 9);
    const emptyBatch = await h.post(a.key, '[]');
    assert.equal(emptyBatch.body.error.code, -32600);
    const tooBig = await h.post(a.key, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'demo__echo', arguments: { text: 'x'.repeat(5000) } } });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, -32000);
    assert.equal(tooBig.body.error.data.code, 'mcp.too_large');
    const wrongType = await h.post(a.key, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.error.data.code, 'mcp.unsupported_media_type');
    const deep = await h.post(a.key, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { a: JSON.parse('['.repeat(80) + ']'.repeat(80)) } }));
    assert.equal(deep.status, 400);
    assert.equal(deep.body.error.code, -32600);

    // In a 2025-11-25 session: unknown method, bad params.
    const { transport } = await h.legacy(a.key);
    const sh = { 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-11-25' };
    const unknown = await h.post(a.key, { jsonrpc: '2.0', id: 4, method: 'tools/frobnicate', params: {} }, sh);
    assert.equal(unknown.body.error.code, -32601);
    assert.equal(unknown.body.id, 4);
    const badParams = await h.post(a.key, { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { arguments: {} } }, sh);
    assert.equal(badParams.body.error.code, -32602);
    const noSession = await h.post(a.key, { jsonrpc: '2.0', id: 6, method: 'tools/list', params: {} });
    assert.equal(noSession.status, 400);
    assert.equal(noSession.body.error.data.code, 'mcp.session_required');

    // 2026-07-28: unknown method; and Mcp-Method / Mcp-Name disagreeing with the body (-32020, per the spec).
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const mh = { 'mcp-protocol-version': '2026-07-28' };
    const unknown2 = await h.post(a.key, { jsonrpc: '2.0', id: 7, method: 'tools/frobnicate', params: { _meta: meta } }, { ...mh, 'mcp-method': 'tools/frobnicate' });
    assert.equal(unknown2.body.error.code, -32601);
    const callBody = { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'demo__echo', arguments: { text: 'h' }, _meta: meta } };
    const wrongMethod = await h.post(a.key, callBody, { ...mh, 'mcp-method': 'tools/list', 'mcp-name': 'demo__echo' });
    assert.equal(wrongMethod.status, 400);
    assert.equal(wrongMethod.body.error.code, -32020);
    const wrongName = await h.post(a.key, callBody, { ...mh, 'mcp-method': 'tools/call', 'mcp-name': 'demo__forbidden' });
    assert.equal(wrongName.status, 400);
    assert.equal(wrongName.body.error.code, -32020);
    const right = await h.post(a.key, callBody, { ...mh, 'mcp-method': 'tools/call', 'mcp-name': 'demo__echo' });
    assert.equal(right.status, 200);
    assert.equal(right.body.result.content[0].text, 'echo: h');
    assert.ok(!h.core.calls.some((c) => c.caller.principal.agent.id === a.id && c.args.text === 'x'.repeat(5000)));

    const events = await h.events({ agentId: a.id });
    for (const code of ['mcp.parse_error', 'mcp.too_large', 'mcp.unknown_method', 'mcp.rejected']) {
      assert.ok(events.some((e) => e.result?.error === code), `an event for ${code}`);
    }
  });

  it('tools/list_changed reaches an open 2025-11-25 session', async () => {
    const a = await h.newAgent('listener');
    const s = await h.legacy(a.key);
    // The notification stream (GET) opens after initialization; wait for the session to hold it.
    await h.until('the GET stream is open', () => (h.front.sessions.get(s.transport.sessionId!)?.active ?? 0) > 0);
    const changed = s.changed();
    h.core.extraTool = { name: 'demo__new', inputSchema: { type: 'object', properties: {} } };
    h.core.changeCatalog();
    await changed;
    assert.ok((await s.client.listTools()).tools.some((t) => t.name === 'demo__new'));
    h.core.extraTool = undefined;
  });

  it('2026-07-28: tools/list_changed reaches a subscriptions/listen stream, and a kill ends the stream', async () => {
    const a = await h.newAgent('modern-listener');
    const client = await h.modern(a.key);
    let heard = 0;
    client.setNotificationHandler('notifications/tools/list_changed' as never, (() => {
      heard++;
    }) as never);
    const sub = await client.listen({ toolsListChanged: true });
    assert.equal(sub.honoredFilter.toolsListChanged, true);
    h.core.changeCatalog();
    await h.until('the change is heard', () => heard > 0);
    let ended: string | undefined;
    void sub.closed.then((how) => (ended = how));
    await h.w.warden.services.kill.engage('agent', a.id, 'test', ACTOR);
    await h.until('the server ends the stream', () => ended !== undefined);
    assert.notEqual(ended, 'local');
    const refused = await failure(() => client.listTools());
    assert.ok(refused.message.length > 0);
  });

  it('DELETE ends a session; sessions are bounded per agent and close when idle', async () => {
    const a = await h.newAgent('many-sessions');
    const s1 = await h.legacy(a.key);
    const sid = s1.transport.sessionId!;
    await s1.transport.terminateSession();
    assert.equal(h.front.sessions.get(sid), undefined);
    const open = [await h.legacy(a.key), await h.legacy(a.key), await h.legacy(a.key)];
    const fourth = await failure(() => h.legacy(a.key));
    assert.match(fourth.message, /503|sessions/i);
    // Idle: nothing in flight, last seen long ago.
    const ids = open.map((o) => o.transport.sessionId!);
    for (const o of open) await o.client.close();
    await h.until('the clients are gone', () => ids.every((id) => h.front.sessions.get(id)?.active === 0));
    const closed = await h.front.sessions.sweep(Date.now() + 31 * 60_000);
    assert.ok(closed >= 3, `closed ${closed}`);
    await h.legacy(a.key);
  });

  it('never lets the agent credential reach the pipeline, the audit trail or the logs', async () => {
    const a = await h.newAgent('tidy');
    const { client } = await h.legacy(a.key);
    await client.callTool({ name: 'demo__echo', arguments: { text: 't' } });
    const modern = await h.modern(a.key);
    await modern.callTool({ name: 'demo__echo', arguments: { text: 't' } });
    await h.post(a.key, '{bad json');
    assert.ok(!JSON.stringify(h.core.calls.map((c) => ({ ...c, caller: { ...c.caller, principal: undefined } }))).includes(a.key));
    assert.ok(!JSON.stringify(await h.events()).includes(a.key));
    assert.ok(!h.w.logs.join('').includes(a.key));
  });
});

describe('requestState sealing', () => {
  const keys = { systemSecret: async () => Buffer.alloc(32, 7) };
  const clock = { now: () => 1_000_000 };
  const expected = { agentId: 'agt_1', binding: 'key:k1', tool: 'demo__delete', argsDigest: 'd1' };

  it('refuses an expired approval and accepts a fresh one', async () => {
    const states = new RequestStates(keys, clock as never, 600_000);
    const fresh = await states.mint({ approvalId: 'apr_1', exp: 2_000_000, ...expected });
    assert.equal((await states.verify(fresh, expected)).approvalId, 'apr_1');
    const stale = await states.mint({ approvalId: 'apr_2', exp: 999_999, ...expected });
    await assert.rejects(() => states.verify(stale, expected), (e: WardenError) => e.code === 'mcp.request_state_expired');
  });

  it('refuses a state sealed under another key', async () => {
    const mine = new RequestStates(keys, clock as never, 600_000);
    const theirs = new RequestStates({ systemSecret: async () => Buffer.alloc(32, 9) }, clock as never, 600_000);
    const s = await theirs.mint({ approvalId: 'apr_3', exp: 2_000_000, ...expected });
    await assert.rejects(() => mine.verify(s, expected), (e: WardenError) => e.code === 'mcp.request_state_invalid');
  });
});
