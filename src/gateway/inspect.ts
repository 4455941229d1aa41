import type { Actor, AuditEventInput, Finding } from '../audit/types.js';
import type { CachedSuite } from '../detect/cache.js';
import { Redactor } from '../detect/redact.js';
import type { ContentSource, DetectorFinding } from '../detect/types.js';
import { WardenError } from '../errors.js';
import type { Principal } from '../identity/authenticate.js';
import type { PolicyDecision } from '../policy/engine.js';
import { completeInput, type PolicyInput, type PolicyPhase } from '../policy/input.js';
import type { PolicyService } from '../policy/service.js';
import type { SessionTaint } from './session-taint.js';

/**
 * inspect → decide, the step both sides of the one pipeline share (DESIGN.md): every text part
 * is scanned with its source, untrusted content a detector fires on taints the session, the
 * policy decides on the typed input, and the verdict comes back with what enforcing it needs
 * (the refusal, or the rewritten texts of a redaction). The LLM and MCP pipelines differ only
 * in what they hand in (parts, resource, request) and in how they answer.
 */

/** Where a text sits in a body: object keys and array indexes from the root. */
export type BodyPath = ReadonlyArray<string | number>;

export interface TextPart {
  source: ContentSource;
  text: string;
  /** Where the text is in the body, so a redaction can rewrite exactly that string. */
  path: BodyPath;
}

/** Who is asking, as decisions and audit events name them. */
export interface Attribution {
  principal: Principal;
  user: string;
  app: string;
  session: string;
  trace: string;
}

export interface InspectDeps {
  policy: PolicyService;
  detectors: CachedSuite;
  taint: SessionTaint;
}

export interface Subject {
  phase: PolicyPhase;
  att: Attribution;
  resource: Partial<PolicyInput['resource']>;
  request?: Partial<PolicyInput['request']>;
  /** Provenance for session taint: `server/tool` or the model. */
  origin: string;
  /** Whether a part's text is untrusted content (a detector firing there taints the session). */
  untrusted(part: TextPart): boolean;
  now: number;
  /** The hint a require_approval refusal carries when the caller cannot hold (an LLM answer). */
  approvalHint?: string;
}

export interface Checked {
  input: PolicyInput;
  decision: PolicyDecision;
  /** What the detectors found, as they report it (spans and redaction marks included). */
  found: DetectorFinding[];
  /** The same, as the audit log records findings. */
  findings: Finding[];
  /** The texts a redact decision rewrites, by path. */
  redactions: Array<{ path: BodyPath; text: string }>;
  /** Set when the decision is deny or require_approval (a hold is settled by the caller). */
  refusal: { error: WardenError; rule: string | undefined } | null;
}

export function inspect(deps: InspectDeps, subject: Subject, parts: readonly TextPart[]): Checked {
  const { att, phase, now } = subject;
  const found = parts.length ? deps.detectors.scanParts(parts.map((p) => ({ text: p.text, source: p.source })), phase) : [];
  // Untrusted content a detector fired on taints the session before the decision reads it.
  for (const f of found) {
    const part = f.part !== undefined ? parts[f.part] : undefined;
    if (f.triggered && part && subject.untrusted(part)) deps.taint.taint(att.session, { source: part.source, detector: f.detector, kind: f.kind, origin: subject.origin, at: now });
  }
  const input = policyInput(deps.taint, subject, parts, found);
  const decision = deps.policy.decide(input);
  const findings = toFindings(found, parts);
  if (decision.effect === 'deny' || decision.effect === 'require_approval') {
    const top = decision.rules[0];
    const why = (top?.message ?? (decision.effect === 'deny' ? 'denied' : 'policy')).replace(/[.\s]+$/, '');
    const error =
      decision.effect === 'deny'
        ? new WardenError('policy.denied', 403, `Blocked by policy: ${why}.`, { hint: 'The audit event names the rule; ask the policy owner if this is wrong.', details: { rule: top?.id, policyVersion: decision.policyVersion } })
        : new WardenError('policy.approval_required', 403, `This needs a person's approval: ${why}.`, { hint: subject.approvalHint ?? 'Ask an approver, then send the request again.', details: { rule: top?.id, policyVersion: decision.policyVersion } });
    return { input, decision, found, findings, redactions: [], refusal: { error, rule: top?.id } };
  }
  const redactions: Checked['redactions'] = [];
  if (decision.effect === 'redact') {
    const r = new Redactor();
    parts.forEach((p, i) => {
      const mine = found.filter((f) => f.part === i && f.decoded === undefined);
      if (!mine.length) return;
      const out = r.redact(p.text, mine);
      if (out.redactions.length) redactions.push({ path: p.path, text: out.text });
    });
  }
  return { input, decision, found, findings, redactions, refusal: null };
}

function policyInput(taint: SessionTaint, s: Subject, parts: readonly TextPart[], found: readonly DetectorFinding[]): PolicyInput {
  const p = s.att.principal;
  const a = p.agent;
  return completeInput({
    phase: s.phase,
    principal: {
      agent: { id: a.id, name: a.name, owner: a.ownerId, team: a.teamId ?? '', risk: a.risk, environment: a.environment ?? '', autonomy: a.autonomy, status: a.status, labels: a.labels, grants: a.grants },
      user: s.att.user,
      app: s.att.app,
      credential: { id: p.credential.id, kind: p.credential.kind, scopes: p.credential.scopes.models },
      ip: p.ip ?? '',
    },
    resource: s.resource,
    request: s.request ?? {},
    content: parts.map((x) => ({ source: x.source, text: x.text })),
    findings: found.map((f) => ({ detector: f.detector, kind: f.kind, score: f.score, triggered: f.triggered, severity: f.severity, tags: f.tags, part: f.part ?? 0 })),
    session: taint.view(s.att.session, s.now),
    time: { now: s.now },
  });
}

/**
 * Findings as the audit log records them. A finding of another detector whose span covers a
 * credential the secrets detector found (an injection classifier quoting the sentence a key is
 * in) gets its evidence rebuilt from the text with the credential masked: evidence is stored
 * as it is, and a key must never reach the audit log through a neighbour's quote.
 */
export function toFindings(list: readonly DetectorFinding[], parts?: readonly TextPart[]): Finding[] {
  const secrets = parts ? list.filter((f) => f.detector === 'secrets' && f.part !== undefined && f.decoded === undefined) : [];
  return list.map((f) => {
    let evidence = f.evidence;
    if (secrets.length && f.detector !== 'secrets' && f.part !== undefined) {
      const covered = secrets.filter((s) => s.part === f.part && s.span.start < f.span.end && s.span.end > f.span.start);
      if (covered.length) evidence = maskedQuote(parts![f.part]!.text, f.span, covered);
    }
    // Members in canonical (sorted) order, so the audit log's encoder copies nothing.
    const out: Partial<Finding> = { detector: f.detector, evidence, kind: f.kind };
    if (f.part !== undefined) out.part = f.part;
    out.score = f.score;
    out.severity = f.severity;
    out.span = { end: f.span.end, start: f.span.start };
    out.tags = f.tags;
    out.triggered = f.triggered;
    return out as Finding;
  });
}

const QUOTE_CHARS = 160;

function maskedQuote(text: string, span: { start: number; end: number }, secrets: readonly DetectorFinding[]): string {
  let out = '';
  let at = span.start;
  for (const s of [...secrets].sort((a, b) => a.span.start - b.span.start)) {
    if (s.span.start > at) out += text.slice(at, s.span.start);
    out += `[SECRET:${s.kind}]`;
    at = Math.max(at, s.span.end);
  }
  if (at < span.end) out += text.slice(at, span.end);
  return out.length > QUOTE_CHARS ? `${out.slice(0, QUOTE_CHARS)}…` : out;
}

/** The agent as the audit log's actor: ids and names only, never the credential itself. */
export function agentActor(p: Principal, att?: Pick<Attribution, 'user' | 'app'>): Actor {
  // Members in canonical (sorted) order, so the audit log's encoder copies nothing.
  const a: Partial<Actor> = {};
  if (att?.app) a.app = att.app;
  a.credentialId = p.credential.id;
  a.id = p.agent.id;
  if (p.ip) a.ip = p.ip;
  a.kind = 'agent';
  a.name = p.agent.name;
  if (att?.user) a.onBehalfOf = att.user;
  return a as Actor;
}

/**
 * The content for the audit log, with the spans detectors marked redactable (secrets, PII) as
 * its redactions, under the same placeholders a redacting policy would use; the log replaces
 * secret ones whatever its capture mode.
 */
export function contentRedacted(checked: Checked): NonNullable<AuditEventInput['content']>['parts'] {
  const r = new Redactor();
  return checked.input.content.map((c, i) => ({ source: c.source, text: c.text, redactions: r.redact(c.text, checked.found.filter((f) => f.part === i)).redactions }));
}

/** A copy of `body` with the strings at the given paths replaced (a redaction); untouched when none. */
export function rewriteBody<T>(body: T, replacements: ReadonlyArray<{ path: BodyPath; text: string }>): T {
  if (replacements.length === 0) return body;
  const copy = structuredClone(body);
  for (const r of replacements) {
    let node: unknown = copy;
    for (let i = 0; i < r.path.length - 1; i++) node = (node as Record<string | number, unknown>)?.[r.path[i]!];
    const last = r.path[r.path.length - 1];
    if (node !== null && typeof node === 'object' && last !== undefined && typeof (node as Record<string | number, unknown>)[last] === 'string') {
      (node as Record<string | number, unknown>)[last] = r.text;
    }
  }
  return copy;
}
