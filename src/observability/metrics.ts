import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEvent } from '../audit/types.js';
import { WardenError } from '../errors.js';
import { Authenticator } from '../identity/authenticate.js';
import { can } from '../identity/roles.js';
import type { Services } from '../services.js';
import { VERSION } from '../version.js';
import { OtlpSpanExporter, type OtlpStats } from './otel.js';

/** Prometheus metrics, derived from committed audit events and component stats; and OTLP spans. */
export interface Metrics {
  /** Registers GET {metrics.path} on the server (when metrics are enabled). */
  register(app: FastifyInstance): void;
  /** This instance's registry (undefined when metrics are disabled). */
  readonly registry: Registry | undefined;
  /** The OTLP span exporter (undefined unless audit.otlp is configured). */
  readonly otlp: OtlpSpanExporter | undefined;
  /** Exports the spans queued so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface MetricsOptions {
  /**
   * Require an admin token (any role, viewer and up) to scrape. Default: the configuration's
   * `metrics.require_token` if the schema has it, else false (Prometheus scrapers rarely send tokens).
   */
  requireToken?: boolean;
  /** Distinct agent label values at most; further agents count under "_other". */
  maxAgents?: number;
  /** Delay between OTLP batch exports (default 1 s). */
  otlpDelayMs?: number;
  /** How long one OTLP export may take, retries included (default 10 s). */
  otlpTimeoutMs?: number;
}

/** Label for events without an agent, and for agents beyond the cardinality cap. Agent names start with [a-z0-9], so neither can collide. */
export const NO_AGENT = '_none';
export const OTHER_AGENT = '_other';

/** Seconds; LLM calls are slow and tool calls can be slower, so the buckets reach two minutes. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The agent label: its name when known (from the event, or remembered from an earlier one),
 * else its id. Bounded: after `max` distinct values, new agents are folded into "_other", so a
 * flood of agents cannot grow the scrape (and Prometheus' memory) without limit.
 */
class AgentLabels {
  private readonly seen = new Set<string>();
  private readonly names = new Map<string, string>();
  constructor(private readonly max: number) {}

  of(e: AuditEvent): string {
    const id = e.agentId ?? (e.actor.kind === 'agent' ? e.actor.id : null);
    const name = e.actor.kind === 'agent' ? e.actor.name : undefined;
    if (id && name && !this.names.has(id) && this.names.size < this.max * 4) this.names.set(id, name);
    const value = name ?? (id ? (this.names.get(id) ?? id) : NO_AGENT);
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER_AGENT;
    this.seen.add(value);
    return value;
  }
}

function buildRegistry(services: Services, otlp: OtlpSpanExporter | undefined, maxAgents: number) {
  const registry = new Registry();
  const registers = [registry];
  // Process metrics (CPU, memory, event loop lag, GC) into this registry, not the global one:
  // several Warden instances in one process (tests) must not collide.
  collectDefaultMetrics({ register: registry, prefix: 'warden_' });

  new Gauge({ name: 'warden_build_info', help: 'Warden version (always 1).', labelNames: ['version'], registers }).set({ version: VERSION }, 1);

  const requests = new Counter({
    name: 'warden_requests_total',
    help: 'Agent interactions by phase, policy effect ("none" without a decision), outcome and agent (name, else id; "_none" without an agent, "_other" beyond the cap).',
    labelNames: ['phase', 'effect', 'outcome', 'agent'],
    registers,
  });
  const findings = new Counter({ name: 'warden_findings_total', help: 'Triggered detector findings.', labelNames: ['detector', 'kind', 'severity'], registers });
  const duration = new Histogram({ name: 'warden_request_duration_seconds', help: 'Time Warden spent on a phase, including the upstream.', labelNames: ['phase'], buckets: DURATION_BUCKETS, registers });
  const upstream = new Histogram({ name: 'warden_upstream_duration_seconds', help: 'Time the upstream (provider or MCP server) took.', labelNames: ['phase'], buckets: DURATION_BUCKETS, registers });
  const tokens = new Counter({ name: 'warden_tokens_total', help: 'LLM tokens by direction (input, output) and agent.', labelNames: ['direction', 'agent'], registers });
  const cost = new Counter({ name: 'warden_cost_usd_total', help: 'Estimated upstream cost in US dollars, by agent.', labelNames: ['agent'], registers });
  const admin = new Counter({ name: 'warden_admin_changes_total', help: 'Audited control-plane events by action (including refused ones).', labelNames: ['action'], registers });
  const events = new Counter({ name: 'warden_audit_events_total', help: 'Audit events committed to the log, by phase.', labelNames: ['phase'], registers });

  // Component state is read when Prometheus scrapes, so it costs nothing between scrapes.
  const audit = () => services.audit.stats();
  new Gauge({ name: 'warden_audit_write_lag_seconds', help: 'Time from record() to commit for the last audit batch.', registers, collect() { this.set(audit().lastLagMs / 1000); } });
  new Gauge({ name: 'warden_audit_queue_depth', help: 'Audit events waiting to be written.', registers, collect() { this.set(audit().queued); } });
  new Gauge({ name: 'warden_audit_append_failures', help: 'Consecutive failed audit batch writes (0 once a write succeeds).', registers, collect() { this.set(audit().failures); } });
  new Gauge({
    name: 'warden_exporter_queue_depth',
    help: 'Audit events (or spans, for otlp) accepted by an exporter and not yet delivered.',
    labelNames: ['exporter'],
    registers,
    collect() {
      this.reset();
      for (const x of services.exporters.exporters) this.set({ exporter: x.name }, x.queueDepth());
      if (otlp && !services.exporters.exporters.some((x) => x.name === otlp.name)) this.set({ exporter: otlp.name }, otlp.queueDepth());
    },
  });
  new Gauge({ name: 'warden_kill_switches_engaged', help: 'Kill switches engaged now (global, agent and key scopes).', registers, collect() { this.set(services.kill.active().length); } });
  if (otlp) {
    new Counter({
      name: 'warden_otlp_spans_total',
      help: 'Spans handed to the OTLP endpoint, by result (exported, failed, dropped when the queue was full).',
      labelNames: ['result'],
      registers,
      collect() {
        const s: OtlpStats = otlp.stats();
        this.reset();
        this.inc({ result: 'exported' }, s.exported);
        this.inc({ result: 'failed' }, s.failed);
        this.inc({ result: 'dropped' }, s.dropped);
      },
    });
  }

  const agents = new AgentLabels(maxAgents);
  const observe = (e: AuditEvent): void => {
    events.inc({ phase: e.phase });
    if (e.phase === 'admin') {
      admin.inc({ action: e.action });
      return;
    }
    const agent = agents.of(e);
    requests.inc({ phase: e.phase, effect: e.decision?.effect ?? 'none', outcome: e.outcome, agent });
    for (const f of e.findings ?? []) if (f.triggered) findings.inc({ detector: f.detector, kind: f.kind, severity: f.severity });
    const r = e.result;
    if (!r) return;
    if (isAmount(r.latencyMs)) duration.observe({ phase: e.phase }, r.latencyMs / 1000);
    if (isAmount(r.upstreamLatencyMs)) upstream.observe({ phase: e.phase }, r.upstreamLatencyMs / 1000);
    if (isAmount(r.tokens?.input) && r.tokens.input > 0) tokens.inc({ direction: 'input', agent }, r.tokens.input);
    if (isAmount(r.tokens?.output) && r.tokens.output > 0) tokens.inc({ direction: 'output', agent }, r.tokens.output);
    if (isAmount(r.costUsd) && r.costUsd > 0) cost.inc({ agent }, r.costUsd);
  };
  return { registry, observe };
}

function isAmount(v: number | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Builds the metrics (when `metrics.enabled`) and the OTLP span export (when `audit.otlp` is
 * set), both fed by the audit log's committed events: the audit event is the one record of an
 * interaction, so dashboards, traces and the audit trail cannot disagree.
 *
 * Access: `/metrics` is served without authentication by default, as Prometheus expects. It
 * carries only counts and label values that are enums, detector names, admin actions and agent
 * names or ids: never content, users, keys or secrets. Deployments that treat agent names as
 * sensitive can require an admin token (`requireToken`) or keep the port off public networks.
 */
export function createMetrics(services: Services, opts: MetricsOptions = {}): Metrics {
  const cfg = services.config;
  const otlpCfg = cfg.audit.otlp;
  const otlp = otlpCfg
    ? new OtlpSpanExporter({
        endpoint: otlpCfg.endpoint,
        headers: otlpCfg.headers,
        serviceName: otlpCfg.service_name,
        version: VERSION,
        ...(opts.otlpDelayMs !== undefined ? { scheduledDelayMillis: opts.otlpDelayMs } : {}),
        ...(opts.otlpTimeoutMs !== undefined ? { timeoutMillis: opts.otlpTimeoutMs } : {}),
      })
    : undefined;
  const built = cfg.metrics.enabled ? buildRegistry(services, otlp, opts.maxAgents ?? 1000) : undefined;
  const requireToken = opts.requireToken ?? (cfg.metrics as { require_token?: boolean }).require_token === true;

  const unsubscribe =
    built || otlp
      ? services.audit.subscribe((e) => {
          built?.observe(e);
          otlp?.handle(e);
        })
      : () => {};

  let closed = false;
  return {
    registry: built?.registry,
    otlp,
    register(app) {
      if (!built) return;
      const { registry } = built;
      app.get(cfg.metrics.path, async (req, reply) => {
        if (requireToken) {
          const secret = Authenticator.bearer(req.headers);
          if (!secret) {
            void reply.header('www-authenticate', 'Bearer realm="warden-metrics"');
            throw new WardenError('admin.missing_token', 401, 'Metrics need an admin token.', { hint: 'Configure the scraper with "authorization: Bearer wdna_…" (any role, e.g. viewer).' });
          }
          const admin = await services.adminTokens.verify(secret);
          if (!can(admin.role, 'inventory.read')) throw new WardenError('admin.forbidden', 403, `Role "${admin.role}" may not read metrics.`);
        }
        const text = await registry.metrics();
        return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(text);
      });
    },
    async flush() {
      await otlp?.flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      // Events still queued in the audit log get their spans before the exporter shuts down.
      if (otlp) await services.audit.flush().catch(() => {});
      unsubscribe();
      await otlp?.close();
      built?.registry.clear();
    },
  };
}
