import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AuditEvent, AuditEventInput } from '../../src/audit/types.js';
import { buildServer } from '../../src/gateway/server.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { OtlpSpanExporter, spanIdOf, traceOf } from '../../src/observability/otel.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

// ---- a Prometheus text parser: just enough to read samples by name and labels ----

type Samples = Map<string, number>;

function parseExposition(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of m[2]?.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[l[1]!] = l[2]!;
    out.set(key(m[1]!, labels), Number(m[3]));
  }
  return out;
}
function key(name: string, labels: Record<string, string> = {}): string {
  const l = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  return `${name}{${l}}`;
}
/** The sample, or 0 when absent (a counter that never moved is not exported with those labels). */
const val = (s: Samples, name: string, labels: Record<string, string> = {}) => s.get(key(name, labels)) ?? 0;

// ---- an OTLP/HTTP receiver ----

interface OtlpRequest { headers: http.IncomingHttpHeaders; body: any; raw: string }

async function startReceiver(): Promise<{ url: string; requests: OtlpRequest[]; close(): Promise<void> }> {
  const requests: OtlpRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let buf = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
      const raw = buf.toString('utf8');
      requests.push({ headers: req.headers, body: JSON.parse(raw), raw });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v1/traces`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** OTLP/JSON attributes ([{key, value: {stringValue|intValue|...}}]) as a plain object. */
function attrs(list: Array<{ key: string; value: any }>): Record<string, unknown> {
  const one = (v: any): unknown =>
    v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue ?? (v.arrayValue ? (v.arrayValue.values ?? []).map(one) : undefined);
  return Object.fromEntries(list.map((a) => [a.key, one(a.value)]));
}

interface Span { name: string; kind: number; traceId: string; spanId: string; parentSpanId?: string; start: number; end: number; status: any; attributes: Record<string, unknown>; resource: Record<string, unknown> }

function spansOf(requests: OtlpRequest[]): Span[] {
  const out: Span[] = [];
  for (const r of requests) {
    for (const rs of r.body.resourceSpans ?? []) {
      const resource = attrs(rs.resource?.attributes ?? []);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          out.push({
            name: s.name, kind: s.kind, traceId: s.traceId, spanId: s.spanId, ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            start: Number(BigInt(s.startTimeUnixNano) / 1_000_000n), end: Number(BigInt(s.endTimeUnixNano) / 1_000_000n),
            status: s.status ?? {}, attributes: attrs(s.attributes ?? []), resource,
          });
        }
      }
    }
  }
  return out;
}

// ---- events as the gateway records them ----

const agentActor = (name: string, id: string) => ({ kind: 'agent' as const, id, name, credentialId: 'key_01TEST' });
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CANARY = 'SECRET-CONTENT-CANARY-7731';

function llmRequest(over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    phase: 'llm.request', action: 'llm.chat', outcome: 'success', actor: agentActor('billing-bot', 'agt_billing'), agentId: 'agt_billing',
    sessionId: 'sess-1', traceId: TRACE, resource: { model: 'gpt-4o', provider: 'openai' },
    findings: [
      { detector: 'pii', kind: 'email', score: 0.9, triggered: true, severity: 'medium' },
      { detector: 'injection', kind: 'override', score: 0.1, triggered: false, severity: 'low' },
    ],
    decision: { effect: 'redact', rules: [{ id: 'redact-pii' }], policyVersion: 'sha256:abc' },
    result: { latencyMs: 12 },
    content: { parts: [{ source: 'user', text: `hello ${CANARY}` }] },
    ...over,
  };
}
function llmResponse(over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    phase: 'llm.response', action: 'llm.chat', outcome: 'success', actor: agentActor('billing-bot', 'agt_billing'), agentId: 'agt_billing',
    sessionId: 'sess-1', resource: { model: 'gpt-4o', provider: 'openai' },
    decision: { effect: 'allow', rules: [], policyVersion: 'sha256:abc' },
    result: { status: 200, latencyMs: 850, upstreamLatencyMs: 800, tokens: { input: 100, output: 40 }, costUsd: 0.0021 },
    ...over,
  };
}
function toolCall(over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    phase: 'tool.call', action: 'tool.call', outcome: 'denied', actor: agentActor('billing-bot', 'agt_billing'), agentId: 'agt_billing',
    sessionId: 'sess-1', resource: { server: 'files', tool: 'delete_file' },
    findings: [{ detector: 'exfil', kind: 'path_traversal', score: 1, triggered: true, severity: 'high' }],
    decision: { effect: 'deny', rules: [{ id: 'no-deletes', severity: 'high' }], policyVersion: 'sha256:abc' },
    result: { latencyMs: 3, error: 'policy.denied' },
    ...over,
  };
}

describe('Prometheus metrics and OTLP spans from audit events', () => {
  let w: TestWarden;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const scrape = async (): Promise<Samples> => {
    const res = await fetch(`${w.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };

  before(async () => {
    receiver = await startReceiver();
    w = await startWarden({
      yaml: `
audit:
  otlp:
    endpoint: ${receiver.url}
    headers: { x-collector-key: k-123 }
    service_name: warden-test
`,
    });
  });
  after(async () => {
    await w.close();
    await receiver.close();
  });

  it('serves /metrics unauthenticated, in its own registry, with process metrics under warden_', async () => {
    const s = await scrape();
    assert.equal(val(s, 'warden_build_info', { version: '0.1.0' }), 1);
    assert.ok(s.has(key('warden_process_cpu_user_seconds_total')), 'default process metrics are prefixed');
    assert.ok(s.has(key('warden_nodejs_eventloop_lag_seconds')));
    assert.equal(val(s, 'warden_audit_queue_depth'), 0);
    assert.equal(val(s, 'warden_audit_append_failures'), 0);
    assert.equal(val(s, 'warden_kill_switches_engaged'), 0);
    assert.ok(s.has(key('warden_exporter_queue_depth', { exporter: 'otlp' })));
  });

  it('counts admin changes by action and reads the kill switch state at scrape time', async () => {
    const before = await scrape();
    assert.equal((await w.admin('POST', '/teams', { name: 'payments' })).status, 201);
    assert.equal((await w.admin('POST', '/owners', { handle: 'alice@example.com', team: 'payments' })).status, 201);
    const a = await w.admin('POST', '/agents', { name: 'billing-bot', owner: 'alice@example.com', risk: 'high' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal((await w.admin('POST', '/kill', { scope: 'agent', target: 'billing-bot', reason: 'drill' })).status, 201);
    const s = await scrape();
    for (const action of ['team.create', 'owner.create', 'agent.create', 'kill.engage']) {
      assert.equal(val(s, 'warden_admin_changes_total', { action }) - val(before, 'warden_admin_changes_total', { action }), 1, action);
    }
    assert.equal(val(s, 'warden_kill_switches_engaged'), 1);
    assert.ok(val(s, 'warden_audit_events_total', { phase: 'admin' }) >= 4);
    // Admin events are not interactions: no request counted for them.
    assert.equal([...s.keys()].some((k) => k.startsWith('warden_requests_total{') && k.includes('phase=admin')), false);

    assert.equal((await w.admin('POST', '/revive', { scope: 'agent', target: 'billing-bot', reason: 'drill over' })).status, 200);
    assert.equal(val(await scrape(), 'warden_kill_switches_engaged'), 0);
  });

  it('derives request, finding, latency, token and cost metrics from llm and tool events', async () => {
    const before = await scrape();
    const audit = w.warden.services.audit;
    await audit.record(llmRequest());
    await audit.record(llmResponse());
    await audit.record(toolCall());
    await audit.record(toolCall({ outcome: 'success', decision: { effect: 'allow', rules: [], policyVersion: 'sha256:abc' }, findings: [], result: { latencyMs: 40, upstreamLatencyMs: 30 }, traceId: `00-${TRACE}-00f067aa0ba902b7-01`, resource: { server: 'files', tool: 'read_file' } }));
    await audit.record(llmRequest({ actor: { kind: 'system', id: 'warden' }, agentId: null, sessionId: null, traceId: 'not-a-w3c-id', decision: { effect: 'deny', rules: [{ id: 'unknown-caller' }], policyVersion: 'sha256:abc' }, outcome: 'denied', findings: [] }));
    const s = await scrape();
    const d = (name: string, labels: Record<string, string> = {}) => val(s, name, labels) - val(before, name, labels);

    const req = (phase: string, effect: string, outcome: string, agent = 'billing-bot') => d('warden_requests_total', { phase, effect, outcome, agent });
    assert.equal(req('llm.request', 'redact', 'success'), 1);
    assert.equal(req('llm.response', 'allow', 'success'), 1);
    assert.equal(req('tool.call', 'deny', 'denied'), 1);
    assert.equal(req('tool.call', 'allow', 'success'), 1);
    assert.equal(req('llm.request', 'deny', 'denied', '_none'), 1, 'events without an agent count under "_none"');

    assert.equal(d('warden_findings_total', { detector: 'pii', kind: 'email', severity: 'medium' }), 1);
    assert.equal(d('warden_findings_total', { detector: 'exfil', kind: 'path_traversal', severity: 'high' }), 1);
    assert.equal(d('warden_findings_total', { detector: 'injection', kind: 'override', severity: 'low' }), 0, 'untriggered findings are not counted');

    assert.equal(d('warden_request_duration_seconds_count', { phase: 'llm.response' }), 1);
    assert.ok(Math.abs(d('warden_request_duration_seconds_sum', { phase: 'llm.response' }) - 0.85) < 1e-9);
    assert.equal(d('warden_request_duration_seconds_bucket', { phase: 'llm.response', le: '0.5' }), 0);
    assert.equal(d('warden_request_duration_seconds_bucket', { phase: 'llm.response', le: '1' }), 1);
    assert.equal(d('warden_request_duration_seconds_count', { phase: 'tool.call' }), 2);
    assert.equal(d('warden_upstream_duration_seconds_count', { phase: 'llm.response' }), 1);
    assert.ok(Math.abs(d('warden_upstream_duration_seconds_sum', { phase: 'tool.call' }) - 0.03) < 1e-9);

    assert.equal(d('warden_tokens_total', { direction: 'input', agent: 'billing-bot' }), 100);
    assert.equal(d('warden_tokens_total', { direction: 'output', agent: 'billing-bot' }), 40);
    assert.ok(Math.abs(d('warden_cost_usd_total', { agent: 'billing-bot' }) - 0.0021) < 1e-12);
    assert.equal(d('warden_audit_events_total', { phase: 'llm.request' }), 2);
    assert.equal(d('warden_audit_events_total', { phase: 'tool.call' }), 2);
    assert.ok(val(s, 'warden_audit_write_lag_seconds') >= 0);
  });

  it('names an agent known only by id after an event that carried its name', async () => {
    const before = await scrape();
    await w.warden.services.audit.record(llmResponse({ actor: { kind: 'agent', id: 'agt_billing' }, result: { tokens: { input: 7 } } }));
    const s = await scrape();
    assert.equal(val(s, 'warden_tokens_total', { direction: 'input', agent: 'billing-bot' }) - val(before, 'warden_tokens_total', { direction: 'input', agent: 'billing-bot' }), 7);
    assert.equal(s.has(key('warden_tokens_total', { direction: 'input', agent: 'agt_billing' })), false);
  });

  it('exports GenAI spans over OTLP/HTTP with the collector headers, and never content', async () => {
    await w.warden.services.metrics.flush();
    const spans = spansOf(receiver.requests);
    assert.ok(receiver.requests.length >= 1);
    assert.equal(receiver.requests[0]!.headers['x-collector-key'], 'k-123');
    assert.match(receiver.requests[0]!.headers['content-type'] ?? '', /application\/json/);
    for (const r of receiver.requests) assert.equal(r.raw.includes(CANARY), false, 'content never reaches a span');
    assert.equal(spans.some((s) => s.attributes['warden.phase'] === 'admin'), false, 'admin events are not spans');

    const chat = spans.filter((s) => s.name === 'chat gpt-4o' && s.attributes['warden.agent.name'] === 'billing-bot');
    const req = chat.find((s) => s.attributes['warden.phase'] === 'llm.request')!;
    assert.ok(req, 'chat span for the request');
    assert.equal(req.kind, 3, 'CLIENT');
    assert.equal(req.traceId, TRACE, 'the caller\'s W3C trace id is kept');
    assert.equal(req.resource['service.name'], 'warden-test');
    assert.equal(req.end - req.start, 12, 'the span covers the latency and ends at the event time');
    assert.deepEqual(
      {
        op: req.attributes['gen_ai.operation.name'], provider: req.attributes['gen_ai.provider.name'], model: req.attributes['gen_ai.request.model'],
        conv: req.attributes['gen_ai.conversation.id'], agent: req.attributes['warden.agent.id'], effect: req.attributes['warden.decision.effect'],
        rules: req.attributes['warden.decision.rules'], policy: req.attributes['warden.policy.version'], kinds: req.attributes['warden.findings.kinds'],
      },
      { op: 'chat', provider: 'openai', model: 'gpt-4o', conv: 'sess-1', agent: 'agt_billing', effect: 'redact', rules: ['redact-pii'], policy: 'sha256:abc', kinds: ['pii/email'] },
    );
    assert.equal(typeof req.attributes['warden.audit.seq'], 'number');
    assert.equal(req.spanId, spanIdOf(String(req.attributes['warden.audit.event_id'])));

    const res = chat.find((s) => s.attributes['warden.phase'] === 'llm.response')!;
    assert.equal(res.attributes['gen_ai.usage.input_tokens'], 100);
    assert.equal(res.attributes['gen_ai.usage.output_tokens'], 40);
    assert.equal(res.attributes['warden.cost_usd'], 0.0021);
    assert.equal(res.end - res.start, 850);
    assert.equal(res.traceId, traceOf({ sessionId: 'sess-1', id: 'x' }).traceId, 'without a trace id, the session picks the trace');
    assert.equal(res.status.code ?? 0, 0, 'UNSET');

    const denied = spans.find((s) => s.name === 'execute_tool delete_file')!;
    assert.ok(denied);
    assert.equal(denied.kind, 1, 'INTERNAL');
    assert.equal(denied.status.code, 2, 'ERROR');
    assert.equal(denied.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(denied.attributes['gen_ai.tool.name'], 'delete_file');
    assert.equal(denied.attributes['error.type'], 'policy.denied');
    assert.equal(denied.attributes['warden.mcp.server'], 'files');
    assert.deepEqual(denied.attributes['warden.findings.kinds'], ['exfil/path_traversal']);

    const read = spans.find((s) => s.name === 'execute_tool read_file')!;
    assert.equal(read.traceId, TRACE);
    assert.equal(read.parentSpanId, '00f067aa0ba902b7', 'a traceparent makes the caller\'s span the parent');

    const anon = spans.find((s) => s.attributes['warden.decision.effect'] === 'deny' && s.name === 'chat gpt-4o')!;
    assert.match(anon.traceId, /^[0-9a-f]{32}$/, 'an opaque trace id is hashed into a W3C one');
    assert.equal(anon.traceId, traceOf({ traceId: 'not-a-w3c-id', id: 'x' }).traceId);
    assert.equal(anon.attributes['error.type'], 'warden.denied');
  });
});

describe('metrics options', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden({ yaml: 'metrics: { path: /internal/prom }' });
  });
  after(() => w.close());

  it('serves the configured path and no OTLP exporter without audit.otlp', async () => {
    assert.equal((await fetch(`${w.url}/metrics`)).status, 404);
    const res = await fetch(`${w.url}/internal/prom`);
    assert.equal(res.status, 200);
    assert.equal(w.warden.services.metrics.otlp, undefined);
    assert.equal((await res.text()).includes('exporter="otlp"'), false);
  });

  it('folds agents beyond the cap into "_other"', async () => {
    const m = createMetrics(w.warden.services, { maxAgents: 2 });
    try {
      for (const name of ['a1', 'a2', 'a3', 'a4', 'a1']) {
        await w.warden.services.audit.record(llmResponse({ actor: agentActor(name, `agt_${name}`), agentId: `agt_${name}`, result: { tokens: { output: 1 } } }));
      }
      const s = parseExposition(await m.registry!.metrics());
      assert.equal(val(s, 'warden_tokens_total', { direction: 'output', agent: 'a1' }), 2);
      assert.equal(val(s, 'warden_tokens_total', { direction: 'output', agent: 'a2' }), 1);
      assert.equal(val(s, 'warden_tokens_total', { direction: 'output', agent: '_other' }), 2);
      assert.equal(s.has(key('warden_tokens_total', { direction: 'output', agent: 'a3' })), false);
    } finally {
      await m.close();
    }
  });

  it('can require an admin token (any role) to scrape', async () => {
    const m = createMetrics(w.warden.services, { requireToken: true });
    const app = await buildServer({ services: w.warden.services, routes: [], version: 'test', logLevel: 'silent', plugins: [(a) => m.register(a)] });
    try {
      const none = await app.inject({ url: '/internal/prom' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'admin.missing_token');
      assert.equal((await app.inject({ url: '/internal/prom', headers: { authorization: 'Bearer wdna_nope' } })).statusCode, 401);
      const viewer = await w.admin('POST', '/admin-tokens', { name: 'scraper', role: 'viewer' });
      assert.equal(viewer.status, 201, JSON.stringify(viewer.body));
      const ok = await app.inject({ url: '/internal/prom', headers: { authorization: `Bearer ${viewer.body.secret}` } });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /warden_requests_total|warden_build_info/);
    } finally {
      await app.close();
      await m.close();
    }
  });

  it('is off when metrics.enabled is false', async () => {
    const off = await startWarden({ yaml: 'metrics: { enabled: false }' });
    try {
      assert.equal((await fetch(`${off.url}/metrics`)).status, 404);
      assert.equal(off.warden.services.metrics.registry, undefined);
    } finally {
      await off.close();
    }
  });
});

describe('OTLP export when the collector is down', () => {
  let w: TestWarden;
  let dead: string;
  before(async () => {
    // A port nothing listens on: bind, note it, close.
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    dead = `http://127.0.0.1:${(s.address() as { port: number }).port}/v1/traces`;
    await new Promise<void>((r) => s.close(() => r()));
    w = await startWarden();
  });
  after(() => w.close());

  it('never blocks requests, and counts the failed spans', async () => {
    // The same services, configured for a dead collector, with a short export deadline so the test is quick.
    const services = w.warden.services;
    const m = createMetrics({ ...services, config: { ...services.config, audit: { ...services.config.audit, otlp: { endpoint: dead, headers: {}, service_name: 'warden' } } } }, { otlpTimeoutMs: 300 });
    try {
      const started = Date.now();
      for (let i = 0; i < 20; i++) await services.audit.record(toolCall({ sessionId: `s${i}` }));
      assert.ok(Date.now() - started < 2000, 'recording does not wait on the collector');
      await m.flush();
      assert.equal(m.otlp!.stats().failed, 20);
      assert.equal(m.otlp!.queueDepth(), 0);
      const s = parseExposition(await m.registry!.metrics());
      assert.equal(val(s, 'warden_otlp_spans_total', { result: 'failed' }), 20);
      assert.equal(val(s, 'warden_otlp_spans_total', { result: 'exported' }), 0);
    } finally {
      await m.close();
    }
  });
});

describe('OtlpSpanExporter', () => {
  const event = (i: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
    ...llmResponse(), content: undefined, id: `evt_${i}`, seq: i, ts: 1_700_000_000_000 + i, prevHash: '0', hash: '1', ...over,
  });

  it('holds at most maxQueue spans, dropping and counting the rest, and skips admin events', async () => {
    const held: Array<(r: { code: number }) => void> = [];
    const seen: string[] = [];
    const fake = {
      export(spans: Array<{ name: string }>, done: (r: { code: number }) => void) {
        seen.push(...spans.map((s) => s.name));
        held.push(done);
      },
      shutdown: async () => {},
    };
    const x = new OtlpSpanExporter({ endpoint: 'http://unused', headers: {}, serviceName: 'w', version: 't', maxQueue: 3, scheduledDelayMillis: 60_000, exporter: fake });
    x.handle(event(1, { phase: 'admin', action: 'agent.create' }));
    for (let i = 2; i <= 6; i++) x.handle(event(i));
    assert.equal(x.queueDepth(), 3);
    assert.equal(x.stats().dropped, 2);
    const flushed = x.flush();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['chat gpt-4o', 'chat gpt-4o', 'chat gpt-4o']);
    for (const done of held) done({ code: 0 });
    await flushed;
    assert.equal(x.queueDepth(), 0);
    assert.equal(x.stats().exported, 3);
    await x.close();
  });
});
