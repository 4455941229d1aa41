import type { FastifyReply, FastifyRequest } from 'fastify';
import { createParser } from 'eventsource-parser';
import type { AuditEventInput } from '../../audit/types.js';
import type { CachedSuite } from '../../detect/cache.js';
import { isWardenError, WardenError } from '../../errors.js';
import { Authenticator, type Principal } from '../../identity/authenticate.js';
import { auditDecision } from '../../policy/engine.js';
import type { PolicyPhase } from '../../policy/input.js';
import { recordedInput } from '../../policy/record.js';
import { scrubValue } from '../../policy/scrub.js';
import { approvalRequired } from '../../approvals/errors.js';
import { digestOf } from '../../approvals/digest.js';
import { APPROVAL_HEADER } from '../../approvals/types.js';
import { parseTraceparent } from '../../observability/otel.js';
import type { Services } from '../../services.js';
import { matchesAny } from '../../util/glob.js';
import { agentActor, contentRedacted, inspect, type Attribution, type Checked } from '../inspect.js';
import type { SessionTaint } from '../session-taint.js';
import { adapterFor } from './adapters/index.js';
import { Cancel } from './cancel.js';
import { StreamShape } from './stream-shape.js';
import { quotaError, type QuotaService } from './quotas.js';
import { rewriteBody, type LlmAdapter, type ParsedRequest, type Refusal, type TextPart, type WireFormat } from './types.js';
import { bodyReadError, providerHeaders, type Route, type Upstream, type UpstreamResponse } from './upstream.js';
import { onceSoon } from '../../util/once-soon.js';

/**
 * The one pipeline, LLM side (DESIGN.md): authenticate → attribute → quotas → inspect every
 * part with its source → decide → enforce → forward → inspect the output, tool calls included →
 * enforce → record. Written once; the adapters only translate between wire formats and these
 * steps.
 *
 * Streams are forwarded event by event, never buffered whole. The output is inspected over a
 * sliding window every INSPECT_EVERY characters and once more before the upstream's final
 * event is passed on, so a stream whose output is denied ends with the provider's error event
 * instead of its normal end.
 */
export interface LlmPipelineDeps {
  services: Services;
  upstream: Upstream;
  /** The detector suite behind a cache: a conversation's earlier turns are not scanned again. */
  detectors: CachedSuite;
  quotas: QuotaService;
  taint: SessionTaint;
}

/** Characters of new output between two inspections of a stream. */
const INSPECT_EVERY = 256;
/** Characters of the latest output a stream inspection reads (a secret or a link spans less). */
const WINDOW = 2048;
/** The largest non-streamed answer read from a provider. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Events queued for the audit log beyond which gated requests are refused (the log cannot keep up or the store is down). */
const AUDIT_BACKLOG_LIMIT = 100_000;
/**
 * What starts the output detectors deny: links and images (exfiltration), URLs and data: URIs,
 * and the prefixes of common credentials. Once one appears in output not yet inspected, events
 * are held back (at most INSPECT_EVERY characters) until an inspection has passed them, so a
 * denied link or key does not reach the agent ahead of the verdict; ordinary text streams on
 * undelayed.
 */
const SUSPECT = /!\[|\]\(|:\/\/|data:|sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abpr]-|-----BEGIN|eyJ|AIza|glpat-|hf_|npm_|wdn_/;
/** Bytes of a stream's first chunk parsed ahead of the rest (see stream()). */
const FIRST_SLICE = 4096;
/** Characters before an event's text also searched, so a marker split across two events is seen (longer than any marker). */
const SUSPECT_OVERLAP = 16;
/** Characters of a stream's output kept in memory: the inspection window and some slack (see stream()). */
const KEEP = 2 * WINDOW;

/** The audit action of each wire format. */
const ACTION: Record<WireFormat, string> = {
  'openai.chat': 'llm.chat',
  'openai.responses': 'llm.responses',
  'openai.embeddings': 'llm.embeddings',
  'anthropic.messages': 'llm.messages',
};

/** Sources whose text is untrusted content: a detector firing there taints the session. */
const UNTRUSTED = new Set(['tool_result', 'document']);

function header(req: FastifyRequest, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}


export class LlmPipeline {
  /**
   * Requests being handled. With none but the current one, the audit log is told to write the
   * request's events now, in time the process would spend idle (see EnqueueOptions.soon).
   */
  private inFlight = 0;

  constructor(private readonly deps: LlmPipelineDeps) {}

  async handle(format: WireFormat, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    this.inFlight++;
    try {
      await this.run(format, req, reply);
    } finally {
      this.inFlight--;
    }
  }

  private async run(format: WireFormat, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { services } = this.deps;
    const adapter = adapterFor(format);
    const started = performance.now();
    let att: Attribution | undefined;
    let parsed: ParsedRequest | undefined;
    let principal: Principal | undefined;
    /** Records the forwarded request's event (once); set when the request is forwarded. */
    let recordRequest: (() => void) | undefined;
    try {
      // authenticate
      principal = await services.authenticator.authenticate(Authenticator.bearer(req.headers), req.ip);
      parsed = adapter.parseRequest(req.body);
      // attribute
      // The W3C trace id names the session when nothing else does.
      const trace = parseTraceparent(header(req, 'traceparent'))?.traceId ?? '';
      att = { principal, user: principal.user ?? (header(req, 'x-warden-user') || parsed.user || ''), app: header(req, 'x-warden-app'), session: header(req, 'x-warden-session') || trace, trace };
      const scopes = principal.credential.scopes.models;
      if (scopes.length > 0 && !matchesAny(scopes, parsed.model)) {
        throw new WardenError('key.scope_denied', 403, `This key may not use the model "${parsed.model}".`, { hint: 'Use a key whose scopes include it, or widen the key\'s scopes.' });
      }
      const routes = this.deps.upstream.routes(parsed.model, format);
      // quotas
      const now = services.clock.now();
      const admitted = this.deps.quotas.admit({ agentId: principal.agent.id, agentName: principal.agent.name, teamId: principal.agent.teamId, model: parsed.model, now });
      if (!admitted.ok) throw quotaError(admitted);
      if (services.audit.stats().queued > AUDIT_BACKLOG_LIMIT) {
        throw new WardenError('audit.unavailable', 503, 'The audit log is not keeping up, so requests are refused until it does.', { hint: 'Check the store; requests resume on their own.' });
      }
      // inspect, decide, enforce (request)
      const checked = this.inspect('llm.request', parsed.parts, att, parsed, routes[0]!, now);
      // A monitor alert that holds the session (require_approval_session) holds every request in it, as it holds tool calls.
      const sessionHeld = att.session !== '' && checked.decision.effect !== 'deny' && services.monitor.isSessionHeld(att.session);
      if (checked.decision.effect === 'require_approval' || sessionHeld) await this.approval(req, att, parsed, checked, sessionHeld);
      if (checked.refusal) {
        this.record('llm.request', 'denied', att, parsed, routes[0]!, checked, started, { status: checked.refusal.error.status });
        return this.refuse(reply, adapter, checked.refusal);
      }
      let body = checked.redactions.length ? rewriteBody(parsed.body, checked.redactions) : parsed.body;
      // Chat streams report usage only when asked; budgets need it, and the SDKs read the extra chunk.
      if (format === 'openai.chat' && parsed.stream) body = { ...body, stream_options: { ...(body.stream_options as object | undefined), include_usage: true } };
      // The request's event is built while the provider works on it (it is written with the
      // answer's anyway): at the next turn of the event loop, once the request is on its way, or
      // before any other event of this request, whichever comes first. Its latency is the decision's.
      const decidedAt = performance.now();
      const requestAtt = att;
      const requestParsed = parsed;
      recordRequest = onceSoon(() => this.record('llm.request', 'success', requestAtt, requestParsed, routes[0]!, checked, started, {}, undefined, decidedAt));
      // forward, with fallbacks while nothing has reached the agent
      const cancel = new Cancel();
      // The response's 'close' says the agent left: the request's fires as soon as its body is
      // read (Node ≥ 16), long before this line, so listening there never noticed a disconnect.
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) cancel.abort();
      });
      const { route, response } = await this.forward(routes, adapter, body, cancel);
      recordRequest?.();
      if (response.status >= 400) return await this.upstreamError(reply, adapter, response, att, parsed, route, started);
      if (parsed.stream) return await this.stream(reply, adapter, response, att, parsed, route, started, cancel);
      return await this.complete(reply, adapter, response, att, parsed, route, started);
    } catch (e) {
      recordRequest?.();
      const error = isWardenError(e) ? e : new WardenError('internal', 500, 'Warden could not complete the request.', { hint: 'Try again; the audit trail and logs have the cause.' });
      if (!isWardenError(e)) req.log.error({ err: { message: (e as Error).message } }, 'llm pipeline failed');
      if (att && parsed) this.recordFailure(att, parsed, error, started);
      else this.recordUnattributed(req, format, error, principal);
      if (reply.raw.headersSent) {
        reply.raw.end();
        return;
      }
      return this.refuse(reply, adapter, { error, rule: (error.details as { rule?: string } | undefined)?.rule });
    }
  }

  // -------------------------------------------------------------------------------------------
  // inspect → decide → enforce

  private inspect(phase: PolicyPhase, parts: readonly TextPart[], att: Attribution, parsed: ParsedRequest, route: Route, now: number): Checked {
    return inspect({ policy: this.deps.services.policy, detectors: this.deps.detectors, taint: this.deps.taint }, {
      phase,
      att,
      resource: { kind: 'model', model: parsed.model, provider: route.provider.name },
      request: { params: parsed.params },
      origin: parsed.model,
      untrusted: (p) => UNTRUSTED.has(p.source),
      now,
      approvalHint: 'Answers that need approval are refused: a person cannot approve text that was already written.',
    }, parts);
  }

  /**
   * A request the policy holds for a person: the first time, an approval is created (or the
   * open one for the same request found) and its id is the answer; once approved, the same
   * request sent again with the id (header x-warden-approval) goes through, once. The approval
   * is bound to the agent, the digest of the request as sent and the policy version, so any
   * change to the request needs a new one.
   */
  private async approval(req: FastifyRequest, att: Attribution, parsed: ParsedRequest, checked: Checked, sessionHeld = false): Promise<void> {
    const approvals = this.deps.services.approvals;
    const a = att.principal.agent;
    const digest = digestOf({ format: parsed.format, body: parsed.body });
    const actor = { kind: 'agent' as const, id: a.id, name: a.name, credentialId: att.principal.credential.id };
    const presented = req.headers[APPROVAL_HEADER];
    try {
      if (typeof presented === 'string' && presented.length > 0) {
        await approvals.consume({ id: presented.trim(), agentId: a.id, digest, policyVersion: checked.decision.policyVersion, actor, sessionId: att.session || null, phase: 'llm.request' });
        checked.refusal = null;
        return;
      }
      const top = checked.decision.effect === 'require_approval' ? checked.decision.rules[0] : undefined;
      const rule = top?.id ?? (sessionHeld ? 'monitor.session_held' : 'policy');
      const message = top?.message ?? (sessionHeld ? 'A monitor alert holds this session: every request waits for a person until the alert is resolved.' : '');
      const ap = await approvals.request({ agentId: a.id, agentName: a.name, phase: 'llm.request', resource: { model: parsed.model }, digest, policyVersion: checked.decision.policyVersion, rule, message, actor, sessionId: att.session || null });
      checked.refusal = { error: approvalRequired(ap), rule };
    } catch (e) {
      checked.refusal = { error: isWardenError(e) ? e : new WardenError('approval.unavailable', 503, 'The approval could not be checked.', { hint: 'Try again.' }), rule: checked.decision.rules[0]?.id };
    }
  }

  // -------------------------------------------------------------------------------------------
  // forward

  private async forward(routes: Route[], adapter: LlmAdapter, body: Record<string, unknown>, cancel: Cancel): Promise<{ route: Route; response: UpstreamResponse }> {
    let last: unknown;
    for (const [i, route] of routes.entries()) {
      try {
        const response = await this.deps.upstream.send(route, adapter.upstreamPath, body, cancel);
        // A provider failing on its side: the next fallback may serve, since nothing was sent yet.
        if (response.status >= 500 && i < routes.length - 1) {
          await response.body.dump();
          continue;
        }
        return { route, response };
      } catch (e) {
        last = e;
        if (cancel.aborted || i === routes.length - 1) throw e;
      }
    }
    throw last;
  }

  /** A provider's own error: its status, its message with anything secret-looking scrubbed, in the agent's wire format. */
  private async upstreamError(reply: FastifyReply, adapter: LlmAdapter, response: UpstreamResponse, att: Attribution, parsed: ParsedRequest, route: Route, started: number): Promise<void> {
    let message = `The provider answered ${response.status}.`;
    try {
      const j = (await response.body.json()) as { error?: { message?: unknown } | string };
      const m = typeof j.error === 'string' ? j.error : j.error?.message;
      if (typeof m === 'string') message = `The provider answered ${response.status}: ${String(scrubValue(m)).slice(0, 500)}`;
    } catch {
      // Not JSON: keep the status only.
    }
    // The provider refusing Warden's own credential is an operator's problem, not the agent's: a 401
    // passed on would make the agent's SDK report its (valid) Warden key as wrong.
    const rejected = response.status === 401 || response.status === 403;
    const status = response.status === 429 ? 429 : response.status >= 500 || rejected ? 502 : response.status;
    const code = response.status === 429 ? 'upstream.rate_limited' : rejected ? 'upstream.credentials_rejected' : 'upstream.error';
    const hint = rejected ? `The provider refused the credential Warden holds for it; an operator should check the vault secret of provider "${route.provider.name}".` : 'This came from the provider, not from Warden\'s policy.';
    const error = new WardenError(code, status, message, { hint });
    this.recordFailure(att, parsed, error, started, route);
    this.refuse(reply, adapter, { error });
  }

  // -------------------------------------------------------------------------------------------
  // non-streamed answers

  private async complete(reply: FastifyReply, adapter: LlmAdapter, response: UpstreamResponse, att: Attribution, parsed: ParsedRequest, route: Route, started: number): Promise<void> {
    // A body that breaks off (reset, timeout) is the provider's fault, not an internal error.
    const text = await readBounded(response.body, MAX_RESPONSE_BYTES).catch((e: unknown) => {
      throw bodyReadError(e, route);
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WardenError('upstream.bad_response', 502, `The provider "${route.provider.name}" sent an answer that is not JSON.`, { hint: 'Check the provider; Warden forwards only well-formed answers.' });
    }
    const out = adapter.parseResponse(json);
    const parts: TextPart[] = [...out.parts, ...out.toolCalls.map((c, i) => ({ source: 'tool_args' as const, text: c.arguments, path: ['$toolCall', i] }))];
    const now = this.deps.services.clock.now();
    const checked = this.inspect('llm.response', parts, att, parsed, route, now);
    const cost = this.deps.quotas.record({ agentId: att.principal.agent.id, teamId: att.principal.agent.teamId, model: parsed.model, upstreamModel: route.model, usage: out.usage, now });
    const usage = { tokens: { input: out.usage.input, output: out.usage.output }, costUsd: cost.costUsd };
    if (checked.refusal) {
      this.record('llm.response', 'denied', att, parsed, route, checked, started, { status: checked.refusal.error.status, ...usage });
      return this.refuse(reply, adapter, checked.refusal);
    }
    const rewrites = checked.redactions.filter((r) => r.path[0] !== '$toolCall');
    // Nothing to rewrite: the provider's own bytes go on (JSON, as checked above), not a re-encoding.
    const body = rewrites.length ? JSON.stringify(rewriteBody(json, rewrites)) : text;
    this.record('llm.response', 'success', att, parsed, route, checked, started, { status: response.status, ...usage });
    void reply.code(response.status);
    for (const [k, v] of Object.entries(providerHeaders(response.headers))) void reply.header(k, v);
    void reply.header('content-type', 'application/json').send(body);
  }

  // -------------------------------------------------------------------------------------------
  // streams

  private async stream(reply: FastifyReply, adapter: LlmAdapter, response: UpstreamResponse, att: Attribution, parsed: ParsedRequest, route: Route, started: number, cancel: Cancel): Promise<void> {
    const res = reply.raw;
    reply.hijack();
    res.writeHead(response.status, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // The latest output (at least WINDOW characters of it once there are that many: older text is
    // dropped now and then, so a long answer costs no more per event than a short one), the
    // count of all of it, and where the last inspection ended (in that count).
    let output = '';
    let outputChars = 0;
    let inspectedAt = 0;
    // The last SUSPECT_OVERLAP characters of output, for the marker search of the next event.
    let recentTail = '';
    const shape = new StreamShape((ev) => adapter.parseStreamEvent(ev));
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    const usage = { input: 0, output: 0 };
    // Widened on purpose: the parser's callback changes it, which the compiler cannot see.
    let ended = 'cut' as 'done' | 'denied' | 'cut';
    let last: Checked | undefined;
    let firstByteMs: number | undefined;
    // Events held back while suspect output waits for its inspection (see SUSPECT).
    let held: string[] = [];
    // Events passed, written once per chunk from the provider (a write per event cost a chunked-
    // encoding frame each); until the first text has gone out, each is written at once (time to
    // first token).
    let passed = '';
    let eager = true;
    const flush = (): void => {
      if (passed.length === 0) return;
      res.write(passed);
      passed = '';
    };

    const check = (): Checked => {
      const from = Math.max(0, output.length - WINDOW);
      const parts: TextPart[] = [{ source: 'model_output', text: output.slice(from), path: [] }];
      for (const [i, c] of calls) parts.push({ source: 'tool_args', text: c.arguments, path: ['$toolCall', i] });
      inspectedAt = outputChars;
      return this.inspect('llm.response', parts, att, parsed, route, this.deps.services.clock.now());
    };

    const deny = (c: Checked): void => {
      ended = 'denied';
      last = c;
      flush();
      res.write(adapter.streamError(c.refusal!));
      res.end();
      cancel.abort();
    };

    const parser = createParser({
      onEvent: (ev) => {
        if (ended !== 'cut') return;
        const delta = shape.delta({ event: ev.event, data: ev.data });
        // The marker search reads this event's text and the few characters before it: with no
        // event held back, no marker is in the earlier uninspected output (its event would have
        // been held), and right after an inspection the overlap is all there is before.
        const recent = delta.text ? recentTail + delta.text : recentTail;
        if (delta.text) {
          output += delta.text;
          outputChars += delta.text.length;
          if (output.length > KEEP) output = output.slice(output.length - WINDOW);
          recentTail = recent.length > SUSPECT_OVERLAP ? recent.slice(recent.length - SUSPECT_OVERLAP) : recent;
        }
        for (const f of delta.toolCalls ?? []) {
          const c = calls.get(f.index) ?? { arguments: '' };
          if (f.id) c.id = f.id;
          if (f.name) c.name = f.name;
          if (f.arguments) c.arguments += f.arguments;
          calls.set(f.index, c);
        }
        if (delta.usage?.input !== undefined) usage.input = delta.usage.input;
        if (delta.usage?.output !== undefined) usage.output = delta.usage.output;
        const frame = `${ev.event ? `event: ${ev.event}\n` : ''}data: ${ev.data}\n\n`;
        // Inspected before the event is passed on; the final event only once the whole answer passed.
        if (delta.done || outputChars - inspectedAt >= INSPECT_EVERY) {
          const c = check();
          last = c;
          if (c.refusal) return deny(c);
          if (held.length > 0) passed += held.join('');
          held = [];
        } else if (held.length > 0 || SUSPECT.test(recent)) {
          held.push(frame);
          return;
        }
        firstByteMs ??= performance.now() - started;
        passed += frame;
        if (eager) {
          flush();
          if (delta.text) {
            eager = false;
            // Node corks the socket for the rest of this tick on a response's first write: the
            // first text goes out now, not once this whole chunk of events is processed.
            res.socket?.uncork();
          }
        }
        if (delta.done) ended = 'done';
      },
    });

    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        const bytes = chunk as Uint8Array;
        // Until the first text is out, a large chunk's start is decoded and parsed alone: its
        // first events need not wait for the rest (a whole short answer often comes as one chunk).
        if (eager && bytes.length > FIRST_SLICE) {
          parser.feed(decoder.decode(bytes.subarray(0, FIRST_SLICE), { stream: true }));
          parser.feed(decoder.decode(bytes.subarray(FIRST_SLICE), { stream: true }));
        } else parser.feed(decoder.decode(bytes, { stream: true }));
        flush();
        if (ended === 'denied') break;
      }
    } catch {
      // The provider cut the connection (or the agent left): what arrived is recorded below.
    }
    if (!res.destroyed) flush();
    if (ended === 'cut' && !res.destroyed) {
      // The upstream ended without its final event: inspect what came, pass on what was held if
      // it passed, then end with an error event.
      const c = check();
      last = c;
      if (!c.refusal && held.length > 0) res.write(held.join(''));
      res.write(adapter.streamError(c.refusal ?? { error: new WardenError('upstream.stream_cut', 502, 'The provider ended the stream before the answer was complete.', { hint: 'Try again.' }) }));
      res.end();
    } else if (ended === 'done') res.end();
    const now = this.deps.services.clock.now();
    const cost = this.deps.quotas.record({ agentId: att.principal.agent.id, teamId: att.principal.agent.teamId, model: parsed.model, upstreamModel: route.model, usage, now });
    const checked = last ?? check();
    // A stream aborted while still open was the agent leaving (a denial ends it first): not the provider's fault.
    const left = ended === 'cut' && cancel.aborted;
    this.record('llm.response', ended === 'denied' ? 'denied' : ended === 'done' ? 'success' : 'failure', att, parsed, route, checked, started, {
      status: ended === 'denied' ? 403 : ended === 'done' ? 200 : left ? 499 : 502,
      tokens: usage,
      costUsd: cost.costUsd,
      ...(ended === 'cut' ? { error: left ? 'request.aborted' : 'upstream.stream_cut' } : {}),
    }, { partialOutputChars: outputChars, firstByteMs });
  }

  // -------------------------------------------------------------------------------------------
  // answers and records

  private refuse(reply: FastifyReply, adapter: LlmAdapter, refusal: Refusal): void {
    const { status, body } = adapter.errorResponse(refusal);
    const retry = (refusal.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(retry))));
    void reply.code(status).send(body);
  }

  /**
   * The event of one phase. Handed over to the audit log (nothing here changes it afterwards),
   * so its encoding and hashing happen in the log's writer, off this request's path; the
   * objects built here list their members in canonical order, so the encoder copies nothing.
   */
  private record(
    phase: PolicyPhase,
    outcome: AuditEventInput['outcome'],
    att: Attribution,
    parsed: ParsedRequest,
    route: Route,
    checked: Checked,
    started: number,
    result: Omit<NonNullable<AuditEventInput['result']>, 'latencyMs'> = {},
    stream?: { partialOutputChars: number; firstByteMs: number | undefined },
    /** When the latency ends (performance.now()); now when left out. */
    at?: number,
  ): void {
    const p = att.principal;
    // Members added in canonical order (conditional spreads cost more here than the rest of the event).
    const outcomeOf: NonNullable<AuditEventInput['result']> = {};
    if (result.costUsd !== undefined) outcomeOf.costUsd = result.costUsd;
    if (result.error !== undefined) outcomeOf.error = result.error;
    outcomeOf.latencyMs = Math.round(((at ?? performance.now()) - started) * 1000) / 1000;
    if (result.status !== undefined) outcomeOf.status = result.status;
    if (result.tokens !== undefined) outcomeOf.tokens = result.tokens;
    const data: Record<string, unknown> = {};
    if (checked.refusal) data.code = checked.refusal.error.code;
    if (stream?.firstByteMs !== undefined) data.firstByteMs = Math.round(stream.firstByteMs * 1000) / 1000;
    data.format = parsed.format;
    if (stream) data.partialOutputChars = stream.partialOutputChars;
    data.policyInput = recordedInput(checked.input);
    data.stream = parsed.stream;
    if (stream) data.streamed = true;
    data.upstreamModel = route.model;
    this.deps.services.audit.enqueue(
      {
        phase,
        action: ACTION[parsed.format],
        outcome,
        actor: agentActor(p, att),
        agentId: p.agent.id,
        sessionId: att.session || null,
        traceId: att.trace || null,
        resource: { model: parsed.model, provider: route.provider.name },
        findings: checked.findings,
        decision: auditDecision(checked.decision),
        result: outcomeOf,
        content: { parts: contentRedacted(checked) },
        data,
      },
      // A forwarded request's event waits for its answer's, to be written together.
      { handOver: true, soon: phase === 'llm.request' && outcome === 'success' ? false : this.inFlight <= 1 },
    );
  }

  private recordFailure(att: Attribution, parsed: ParsedRequest, error: WardenError, started: number, route?: Route): void {
    const p = att.principal;
    this.deps.services.audit.enqueue({
      phase: 'llm.request',
      action: ACTION[parsed.format],
      outcome: error.status === 429 || error.status === 403 ? 'denied' : 'failure',
      actor: agentActor(p),
      agentId: p.agent.id,
      sessionId: att.session || null,
      resource: { model: parsed.model, ...(route ? { provider: route.provider.name } : {}) },
      result: { status: error.status, latencyMs: Math.round((performance.now() - started) * 1000) / 1000, error: error.code },
      data: { format: parsed.format, code: error.code },
    }, { handOver: true, soon: this.inFlight <= 1 });
  }

  /**
   * A body Fastify refused before the pipeline ran (not JSON, too large, too deep, not UTF-8):
   * audited like any refusal and answered in the endpoint's own error shape.
   */
  rejectUnreadable(format: WireFormat, req: FastifyRequest, reply: FastifyReply, error: WardenError): void {
    this.recordUnattributed(req, format, error);
    this.refuse(reply, adapterFor(format), { error });
  }

  /** A request refused before it could be attributed (no or bad credential, unreadable body). */
  private recordUnattributed(req: FastifyRequest, format: WireFormat, error: WardenError, p?: Principal): void {
    this.deps.services.audit.enqueue({
      phase: 'llm.request',
      action: ACTION[format],
      outcome: error.status === 401 || error.status === 403 ? 'denied' : 'failure',
      // An authenticated agent whose body was unreadable is still named.
      actor: p ? agentActor(p) : { kind: 'agent', id: null, ip: req.ip },
      ...(p ? { agentId: p.agent.id } : {}),
      result: { status: error.status, error: error.code },
      data: { format, code: error.code },
    }, { handOver: true, soon: this.inFlight <= 1 });
  }
}

/** The whole body as text, refused past `max` bytes (read by events: an async iterator per answer costs more). */
function readBounded(body: UpstreamResponse['body'], max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else {
        fail(new WardenError('upstream.too_large', 502, `The provider's answer is larger than ${max >> 20} MB.`, { hint: 'Ask for a shorter answer (max_tokens), or stream it.' }));
        body.destroy();
      }
    });
    body.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    body.once('error', fail);
    // Closed with neither an end nor an error (destroyed): the answer broke off.
    body.once('close', () => {
      if (!settled) fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}
