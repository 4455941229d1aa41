import type { AuditEventInput } from '../../audit/types.js';
import { approvalErrors } from '../../approvals/errors.js';
import { digestOf } from '../../approvals/digest.js';
import type { Approval } from '../../approvals/types.js';
import type { CachedSuite } from '../../detect/cache.js';
import { isWardenError, WardenError } from '../../errors.js';
import { auditDecision } from '../../policy/engine.js';
import type { PolicyInput, PolicyPhase } from '../../policy/input.js';
import { recordedInput } from '../../policy/record.js';
import type { Services } from '../../services.js';
import { agentActor, contentRedacted, inspect, rewriteBody, type Attribution, type BodyPath, type Checked, type InspectDeps, type TextPart } from '../inspect.js';
import type { SessionTaint } from '../session-taint.js';
import { onceSoon } from '../../util/once-soon.js';
import type {
  CallOptions,
  CatalogTool,
  McpCaller,
  McpCore,
  McpOutcome,
  PromptDefinition,
  ResourceDefinition,
  ToolDefinition,
  ToolResult,
  UpstreamSet,
} from './types.js';

/**
 * The one pipeline, MCP side (DESIGN.md): the front has authenticated the agent and parsed the
 * JSON-RPC; here every list, call and result is decided with the same inspect → decide step as
 * the LLM side, then enforced (hidden, refused, held for a person, redacted), forwarded with the
 * server's own credentials, and recorded. The front only translates eras.
 *
 *   tools/list   each approved tool of the catalog passes phase tool.list (grants, rules); the
 *                rest are hidden. Quarantined tools never reach the decision: they do not exist
 *                for agents until an admin approves them.
 *   tools/call   phase tool.call over the arguments (grants, CEL, detectors); require_approval
 *                becomes an approval bound to {agent, server, tool, digest of the arguments,
 *                policy version}; then the upstream call; then phase tool.result over what came
 *                back (injection detection, redaction). A result from untrusted content taints
 *                the session, with its provenance, for the LLM side too.
 */

/** What the pipeline needs of the tool catalog (catalog/ implements it). */
export interface CatalogView {
  tools(): CatalogTool[];
  resolveTool(exposed: string): CatalogTool | undefined;
  prompts(): Array<{ server: string; exposed: string; definition: PromptDefinition }>;
  resolvePrompt(exposed: string): { server: string; exposed: string; definition: PromptDefinition } | undefined;
  resources(): Array<{ server: string; definition: ResourceDefinition }>;
  resolveResource(uri: string): { server: string; definition: ResourceDefinition } | undefined;
  onChange(listener: () => void): () => void;
}

export interface McpPipelineDeps {
  services: Services;
  upstreams: UpstreamSet;
  catalog: CatalogView;
  /** The detector suite behind a cache (shared with the LLM side). */
  detectors: CachedSuite;
  taint: SessionTaint;
}

/** String leaves of arguments or results looked at, at most (a call with more is inspected on its first ones and the whole as JSON). */
const MAX_LEAVES = 512;

const ok = <T>(value: T): McpOutcome<T> => ({ kind: 'ok', value });
const fail = <T>(error: WardenError): McpOutcome<T> => ({ kind: 'error', error });

export class McpPipeline implements McpCore {
  private readonly inspectDeps: InspectDeps;
  /** Tool calls in progress: with none other, an event is written at once; else the log may gather. */
  private inFlight = 0;

  constructor(private readonly deps: McpPipelineDeps) {
    this.inspectDeps = { policy: deps.services.policy, detectors: deps.detectors, taint: deps.taint };
  }

  onCatalogChanged(listener: () => void): () => void {
    return this.deps.catalog.onChange(listener);
  }

  // -------------------------------------------------------------------------------------------
  // tools

  async listTools(caller: McpCaller): Promise<McpOutcome<ToolDefinition[]>> {
    const started = performance.now();
    const att = attribution(caller);
    const now = this.deps.services.clock.now();
    const shown: ToolDefinition[] = [];
    const hidden: string[] = [];
    for (const t of this.deps.catalog.tools()) {
      if (t.status !== 'approved') continue;
      const c = inspect(this.inspectDeps, this.subject('tool.list', att, t, now), []);
      if (c.decision.effect === 'deny') {
        hidden.push(`${t.server}/${t.tool}`);
        continue;
      }
      shown.push({ ...t.definition, name: t.exposed });
    }
    this.deps.services.audit.enqueue({
      phase: 'tool.list',
      action: 'mcp.tools.list',
      outcome: 'success',
      actor: agentActor(att.principal, att),
      agentId: att.principal.agent.id,
      sessionId: att.session || null,
      result: { latencyMs: ms(started) },
      data: { era: caller.era, hidden: hidden.length, hiddenTools: hidden.slice(0, 100), shown: shown.length },
    }, { handOver: true, soon: this.inFlight === 0 });
    return ok(shown);
  }

  async callTool(caller: McpCaller, exposed: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<McpOutcome<ToolResult>> {
    this.inFlight++;
    try {
      return await this.call(caller, exposed, args, opts);
    } finally {
      this.inFlight--;
    }
  }

  private async call(caller: McpCaller, exposed: string, args: Record<string, unknown>, opts: CallOptions): Promise<McpOutcome<ToolResult>> {
    const started = performance.now();
    const att = attribution(caller);
    const { services, taint } = this.deps;
    const now = services.clock.now();
    const tool = this.deps.catalog.resolveTool(exposed);
    if (!tool || tool.status !== 'approved') {
      const error = tool ? toolHidden(tool) : unknownTool(exposed);
      this.recordRefused(att, caller, exposed, tool, error, started);
      return fail(error);
    }
    const origin = `${tool.server}/${tool.tool}`;
    taint.count(att.session, 'tool_calls', now);

    // tool.call: grants, rules, detectors over the arguments
    const argParts = leaves(args, ['arguments'], 'tool_args');
    const checked = inspect(this.inspectDeps, { ...this.subject('tool.call', att, tool, now), request: { arguments: args } }, argParts);
    // A monitor rule that answered an alert by holding the session (require_approval_session)
    // puts every call of that session before a person until the alert is resolved.
    const sessionHeld = att.session !== '' && checked.decision.effect !== 'deny' && services.monitor.isSessionHeld(att.session);
    if (checked.decision.effect === 'require_approval' || sessionHeld) {
      const held = await this.approval(att, tool, args, checked, opts, sessionHeld);
      if (held.kind !== 'ok') {
        this.record('tool.call', 'denied', att, caller, tool, checked, started, { status: 403, error: held.kind === 'error' ? held.error.code : 'policy.approval_required' }, held.kind === 'approval' ? { approvalId: held.approval.id } : undefined);
        return held;
      }
    } else if (checked.refusal) {
      this.record('tool.call', 'denied', att, caller, tool, checked, started, { status: checked.refusal.error.status, error: checked.refusal.error.code });
      return fail(checked.refusal.error);
    }
    const sent = checked.redactions.length ? rewriteBody({ arguments: args }, checked.redactions).arguments : args;
    // The call's event is built while the server works on the call (it is written with the
    // result's event anyway): at the next turn of the event loop, once the request is on its
    // way, or before any other event of this call, whichever comes first.
    const decidedMs = ms(started);
    const recordCall = onceSoon(() =>
      this.record('tool.call', 'success', att, caller, tool, checked, started, { latencyMs: decidedMs }, checked.redactions.length ? { redactedArguments: checked.redactions.length } : undefined),
    );
    // Policies count what the session has touched (`session.counters.private_data > 0`).
    for (const l of tool.labels) taint.count(att.session, l, now);

    // forward, with the server's own credentials (the upstream layer holds them; the agent's never go)
    const upstream = this.deps.upstreams.get(tool.server);
    const sentAt = performance.now();
    let result: ToolResult;
    try {
      if (!upstream) throw new WardenError('mcp.upstream_unavailable', 503, `The server "${tool.server}" is not configured on this instance.`, { hint: 'Check mcp_servers in warden.yaml.' });
      result = await upstream.callTool(tool.tool, sent, { ...(opts.signal ? { signal: opts.signal } : {}), timeoutMs: this.timeoutOf(tool.server) });
    } catch (e) {
      recordCall();
      const error = isWardenError(e) ? e : new WardenError('mcp.upstream_error', 502, `The server "${tool.server}" failed the call.`, { hint: 'Check the server; the audit trail has the cause.' });
      this.recordFailure(att, caller, tool, error, started);
      return fail(error);
    }
    recordCall();
    const upstreamMs = ms(sentAt);

    // tool.result: what came back is untrusted when the tool or its server says so
    const untrusted = tool.labels.includes('untrusted_content') || tool.trust === 'untrusted';
    if (tool.labels.includes('untrusted_content')) taint.taint(att.session, { source: 'tool_result', detector: '', kind: 'untrusted_content', origin, at: services.clock.now() });
    const resultParts = parts(result);
    const rchecked = inspect(this.inspectDeps, { ...this.subject('tool.result', att, tool, services.clock.now(), untrusted), approvalHint: 'A tool result cannot wait for a person: the call already ran. Ask the policy owner.' }, resultParts);
    if (rchecked.refusal) {
      this.record('tool.result', 'denied', att, caller, tool, rchecked, started, { status: rchecked.refusal.error.status, error: rchecked.refusal.error.code, upstreamLatencyMs: upstreamMs });
      return fail(rchecked.refusal.error);
    }
    const out = rchecked.redactions.length ? rewriteBody(result, rchecked.redactions) : result;
    // Its event is built once the answer is on its way (the next turn of the event loop, before
    // any further request is read): nothing it records changes in between.
    const r = { upstreamLatencyMs: upstreamMs, latencyMs: ms(started) };
    const d = rchecked.redactions.length ? { isError: result.isError === true, redactedParts: rchecked.redactions.length } : { isError: result.isError === true };
    setImmediate(() => this.record('tool.result', 'success', att, caller, tool, rchecked, started, r, d));
    return ok(out);
  }

  // -------------------------------------------------------------------------------------------
  // prompts and resources: listed by grants on their server, content inspected as tool results are

  async listPrompts(caller: McpCaller): Promise<McpOutcome<PromptDefinition[]>> {
    const att = attribution(caller);
    return ok(this.deps.catalog.prompts().filter((p) => this.serverGranted(att, p.server)).map((p) => ({ ...p.definition, name: p.exposed })));
  }

  async getPrompt(caller: McpCaller, exposed: string, args: Record<string, string>): Promise<McpOutcome<Record<string, unknown>>> {
    const att = attribution(caller);
    const p = this.deps.catalog.resolvePrompt(exposed);
    if (!p || !this.serverGranted(att, p.server)) return fail(new WardenError('mcp.unknown_prompt', 404, `No prompt "${exposed}" is available to this agent.`, { hint: 'prompts/list shows the prompts this agent may use.' }));
    return this.fetchContent(att, p.server, `prompt ${p.definition.name}`, (u, signal) => u.getPrompt(p.definition.name, args, { signal }));
  }

  async listResources(caller: McpCaller): Promise<McpOutcome<ResourceDefinition[]>> {
    const att = attribution(caller);
    return ok(this.deps.catalog.resources().filter((r) => this.serverGranted(att, r.server)).map((r) => r.definition));
  }

  async readResource(caller: McpCaller, uri: string): Promise<McpOutcome<Record<string, unknown>>> {
    const att = attribution(caller);
    const r = this.deps.catalog.resolveResource(uri);
    if (!r || !this.serverGranted(att, r.server)) return fail(new WardenError('mcp.unknown_resource', 404, 'No such resource is available to this agent.', { hint: 'resources/list shows the resources this agent may read.' }));
    return this.fetchContent(att, r.server, `resource ${uri.slice(0, 200)}`, (u, signal) => u.readResource(uri, { signal }));
  }

  /**
   * Prompts and resources carry text into the model's context like tool results do: inspected
   * as untrusted when their server is, under phase tool.result with the server as resource.
   */
  private async fetchContent(att: Attribution, server: string, what: string, get: (u: NonNullable<ReturnType<UpstreamSet['get']>>, signal: AbortSignal) => Promise<Record<string, unknown>>): Promise<McpOutcome<Record<string, unknown>>> {
    const started = performance.now();
    const upstream = this.deps.upstreams.get(server);
    if (!upstream) return fail(new WardenError('mcp.upstream_unavailable', 503, `The server "${server}" is not configured on this instance.`, { hint: 'Check mcp_servers in warden.yaml.' }));
    let value: Record<string, unknown>;
    try {
      value = await get(upstream, AbortSignal.timeout(this.timeoutOf(server)));
    } catch (e) {
      return fail(isWardenError(e) ? e : new WardenError('mcp.upstream_error', 502, `The server "${server}" failed to answer.`, { hint: 'Check the server.' }));
    }
    const now = this.deps.services.clock.now();
    const texts = leaves(value, [], 'tool_result');
    const untrusted = upstream.trust === 'untrusted';
    const checked = inspect(this.inspectDeps, { phase: 'tool.result', att, resource: { kind: 'tool', server, trust: upstream.trust, tool: '' }, origin: server, untrusted: () => untrusted, now }, texts);
    const outcome: AuditEventInput['outcome'] = checked.refusal ? 'denied' : 'success';
    this.deps.services.audit.enqueue({
      phase: 'tool.result',
      action: what.startsWith('prompt') ? 'mcp.prompts.get' : 'mcp.resources.read',
      outcome,
      actor: agentActor(att.principal, att),
      agentId: att.principal.agent.id,
      sessionId: att.session || null,
      resource: { server },
      findings: checked.findings,
      decision: auditDecision(checked.decision),
      result: { latencyMs: ms(started) },
      content: { parts: contentRedacted(checked) },
      data: { what },
    });
    if (checked.refusal) return fail(checked.refusal.error);
    return ok(checked.redactions.length ? rewriteBody(value, checked.redactions) : value);
  }

  // -------------------------------------------------------------------------------------------
  // approval

  /**
   * A call the policy holds for a person. With an approval id (the agent's retry), the approval
   * must be for this agent, these exact arguments and this policy version, and is used up. Without
   * one, an approval is asked for (or the open one for the same call found); a 2025-era front
   * may hold the call open for a while (holdMs), after which the agent gets the approval id.
   */
  private async approval(att: Attribution, tool: CatalogTool, args: Record<string, unknown>, checked: Checked, opts: CallOptions, sessionHeld = false): Promise<McpOutcome<null>> {
    const approvals = this.deps.services.approvals;
    const a = att.principal.agent;
    const digest = digestOf({ server: tool.server, tool: tool.tool, arguments: args });
    const actor = agentActor(att.principal, att);
    const use = (id: string) => approvals.consume({ id, agentId: a.id, digest, policyVersion: checked.decision.policyVersion, actor, sessionId: att.session || null, phase: 'tool.call' });
    try {
      if (opts.approvalId) {
        await use(opts.approvalId);
        return ok(null);
      }
      const top = checked.decision.effect === 'require_approval' ? checked.decision.rules[0] : undefined;
      const rule = top?.id ?? (sessionHeld ? 'monitor.session_held' : 'policy');
      const message = top?.message ?? (sessionHeld ? 'A monitor alert holds this session: every tool call waits for a person until the alert is resolved.' : '');
      let ap: Approval = await approvals.request({ agentId: a.id, agentName: a.name, phase: 'tool.call', resource: { server: tool.server, tool: tool.tool }, digest, policyVersion: checked.decision.policyVersion, rule, message, actor, sessionId: att.session || null });
      if (ap.status === 'pending' && opts.holdMs && opts.holdMs > 0) ap = await approvals.waitFor(ap.id, opts.holdMs, opts.signal);
      if (ap.status === 'approved') {
        await use(ap.id);
        return ok(null);
      }
      if (ap.status === 'denied') return fail(approvalErrors.denied(ap));
      if (ap.status === 'expired') return fail(approvalErrors.expiredUse(ap));
      return { kind: 'approval', approval: { id: ap.id, expiresAt: ap.expiresAt, message: ap.message, ...(ap.rule ? { rule: ap.rule } : {}) } };
    } catch (e) {
      return fail(isWardenError(e) ? e : new WardenError('approval.unavailable', 503, 'The approval could not be checked.', { hint: 'Try again.' }));
    }
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  private subject(phase: PolicyPhase, att: Attribution, tool: CatalogTool, now: number, untrusted = false) {
    return {
      phase,
      att,
      resource: resourceOf(tool),
      origin: `${tool.server}/${tool.tool}`,
      untrusted: () => untrusted,
      now,
    };
  }

  /** Prompts and resources have no grants of their own: the agent must be granted their server, or a tool on it. */
  private serverGranted(att: Attribution, server: string): boolean {
    const g = att.principal.agent.grants;
    return g.servers.some((s) => s === server || s === '*') || g.tools.some((t) => t.startsWith(`${server}/`) || t === '*');
  }

  private timeoutOf(server: string): number {
    return this.deps.services.config.mcp_servers.find((s) => s.name === server)?.timeout ?? 60_000;
  }

  /**
   * The event of one phase of a call. Handed over to the audit log (nothing here changes it, or
   * what it references, afterwards), so its encoding and hashing happen in the log's writer, off
   * the call's path; the objects built here list their members in canonical (sorted) order, so
   * the encoder copies none of them.
   */
  private record(
    phase: PolicyPhase,
    outcome: AuditEventInput['outcome'],
    att: Attribution,
    caller: McpCaller,
    tool: CatalogTool,
    checked: Checked,
    started: number,
    r?: { error?: string; status?: number; upstreamLatencyMs?: number; latencyMs?: number },
    d?: { approvalId?: string; isError?: boolean; redactedArguments?: number; redactedParts?: number },
  ): void {
    const result: NonNullable<AuditEventInput['result']> = {};
    if (r?.error !== undefined) result.error = r.error;
    result.latencyMs = r?.latencyMs ?? ms(started);
    if (r?.status !== undefined) result.status = r.status;
    if (r?.upstreamLatencyMs !== undefined) result.upstreamLatencyMs = r.upstreamLatencyMs;
    const data: Record<string, unknown> = {};
    if (d?.approvalId !== undefined) data.approvalId = d.approvalId;
    data.era = caller.era;
    data.hash = tool.hash;
    if (d?.isError !== undefined) data.isError = d.isError;
    data.policyInput = recordedInput(checked.input);
    if (d?.redactedArguments !== undefined) data.redactedArguments = d.redactedArguments;
    if (d?.redactedParts !== undefined) data.redactedParts = d.redactedParts;
    // A copy: the catalog's tool objects are not the log's.
    data.toolLabels = tool.labels.slice();
    // The events of a forwarded call are not hurried: the writer gathers them for a few
    // milliseconds and writes the events of several calls at once. Written as soon as the answer
    // was sent, they held up the agent's next request, which arrives while the writer still
    // runs; written while the server works on the call, they held up its answer.
    const forwarded = (phase === 'tool.call' && outcome === 'success') || phase === 'tool.result';
    const soon = forwarded ? false : this.inFlight <= 1;
    this.deps.services.audit.enqueue(
      {
        phase,
        action: phase === 'tool.result' ? 'mcp.tools.result' : 'mcp.tools.call',
        outcome,
        actor: agentActor(att.principal, att),
        agentId: att.principal.agent.id,
        sessionId: att.session || null,
        traceId: att.trace || null,
        resource: { server: tool.server, tool: tool.tool },
        findings: checked.findings,
        decision: auditDecision(checked.decision),
        result,
        content: { parts: contentRedacted(checked) },
        data,
      },
      { handOver: true, soon },
    );
  }

  private recordFailure(att: Attribution, caller: McpCaller, tool: CatalogTool, error: WardenError, started: number): void {
    this.deps.services.audit.enqueue({
      phase: 'tool.call',
      action: 'mcp.tools.call',
      outcome: 'failure',
      actor: agentActor(att.principal, att),
      agentId: att.principal.agent.id,
      sessionId: att.session || null,
      resource: { server: tool.server, tool: tool.tool },
      result: { error: error.code, latencyMs: ms(started), status: error.status },
      data: { code: error.code, era: caller.era },
    }, { handOver: true, soon: this.inFlight <= 1 });
  }

  private recordRefused(att: Attribution, caller: McpCaller, exposed: string, tool: CatalogTool | undefined, error: WardenError, started: number): void {
    this.deps.services.audit.enqueue({
      phase: 'tool.call',
      action: 'mcp.tools.call',
      outcome: 'denied',
      actor: agentActor(att.principal, att),
      agentId: att.principal.agent.id,
      sessionId: att.session || null,
      resource: tool ? { server: tool.server, tool: tool.tool } : {},
      result: { error: error.code, latencyMs: ms(started), status: error.status },
      data: tool ? { code: error.code, era: caller.era, hash: tool.hash, status: tool.status } : { code: error.code, era: caller.era, name: exposed.slice(0, 200) },
    }, { handOver: true, soon: this.inFlight <= 1 });
  }
}

function attribution(c: McpCaller): Attribution {
  return { principal: c.principal, user: c.principal.user ?? c.user, app: c.app, session: c.session, trace: '' };
}

/** What policies see of a tool, built once per catalog entry (entries are replaced, never changed, when the catalog changes). */
const resources = new WeakMap<CatalogTool, Partial<PolicyInput['resource']>>();

function resourceOf(tool: CatalogTool): Partial<PolicyInput['resource']> {
  let r = resources.get(tool);
  if (!r) {
    // Annotations in canonical order: they go into every audit event's recorded policy input.
    const a = tool.definition.annotations ?? {};
    const annotations: Record<string, unknown> = {};
    for (const k of Object.keys(a).sort()) annotations[k] = a[k];
    r = { kind: 'tool', server: tool.server, tool: tool.tool, trust: tool.trust, annotations, labels: [...tool.labels] };
    resources.set(tool, r);
  }
  return r;
}

function unknownTool(exposed: string): WardenError {
  return new WardenError('mcp.unknown_tool', 404, `No tool "${exposed.slice(0, 200)}" is available.`, { hint: 'tools/list shows the tools this agent may call (names are server__tool).' });
}

/** A quarantined or rejected tool: the agent learns it cannot be called; the operator learns why from the audit event. */
function toolHidden(tool: CatalogTool): WardenError {
  return new WardenError(
    tool.status === 'rejected' ? 'mcp.tool_rejected' : 'mcp.tool_quarantined',
    403,
    tool.status === 'rejected' ? `The tool "${tool.exposed}" was rejected by an administrator.` : `The tool "${tool.exposed}" is quarantined: its definition is new or changed and waits for an administrator's review.`,
    { hint: `An administrator reviews it with \`warden mcp tools show ${tool.server}/${tool.tool}\` and \`warden mcp tools approve ${tool.server}/${tool.tool}\`.` },
  );
}

/** The texts of a tool result with where each sits, for inspection and redaction. */
function parts(result: ToolResult): TextPart[] {
  const out: TextPart[] = [];
  result.content.forEach((c, i) => {
    if (out.length >= MAX_LEAVES) return;
    if (c.type === 'text' && typeof c.text === 'string') out.push({ source: 'tool_result', text: c.text, path: ['content', i, 'text'] });
    else if (c.type === 'resource' && c.resource && typeof (c.resource as { text?: unknown }).text === 'string') out.push({ source: 'tool_result', text: (c.resource as { text: string }).text, path: ['content', i, 'resource', 'text'] });
    else if (c.type === 'resource_link') {
      for (const k of ['uri', 'name', 'description'] as const) if (typeof c[k] === 'string') out.push({ source: 'tool_result', text: c[k] as string, path: ['content', i, k] });
    }
  });
  if (result.structuredContent) out.push(...leaves(result.structuredContent, ['structuredContent'], 'tool_result', MAX_LEAVES - out.length));
  return out;
}

/** Every string in a JSON value (keys too, as text to inspect but not to rewrite), depth-first, bounded. */
function leaves(value: unknown, base: BodyPath, source: TextPart['source'], max = MAX_LEAVES): TextPart[] {
  const out: TextPart[] = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    if (out.length >= max) return;
    if (typeof v === 'string') {
      if (v.length > 0) out.push({ source, text: v, path: [...path] });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, k]);
    }
  };
  walk(value, [...base]);
  return out;
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 1000) / 1000;
}
