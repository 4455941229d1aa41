import type { AuditEvent, StoredContent } from '../audit/types.js';
import { scrubValue } from './scrub.js';
import { completeInput, type DeepPartial, type PolicyInput, type PolicyPhase, POLICY_PHASES } from './input.js';

/**
 * What the audit trail keeps of a decision's input, so a candidate policy can be replayed on
 * real traffic later (`warden policy replay`). Everything but the content goes in the event's
 * `data.policyInput`; the content is the event's own `content`, stored under the configured
 * capture mode (full, redacted or hash only). Secrets never reach `data`: findings are kept
 * without evidence or spans, and every string of the request (tool arguments, LLM parameters)
 * passes the secrets detector, which replaces credentials with placeholders.
 */
export interface RecordedInput {
  /** Format version, so replay can refuse what it does not understand. */
  v: 1;
  phase: PolicyPhase;
  principal: PolicyInput['principal'];
  resource: PolicyInput['resource'];
  request: PolicyInput['request'];
  findings: Array<Omit<PolicyInput['findings'][number], 'span' | 'evidence'>>;
  session: PolicyInput['session'];
  time: PolicyInput['time'];
}

/**
 * Built with every object's members in canonical (sorted) order, as the audit log encodes it:
 * the encoder then copies and sorts nothing (this runs for every LLM and MCP event).
 */
export function recordedInput(input: PolicyInput): RecordedInput {
  const { principal: p, resource: r, session: s, time: t } = input;
  const a = p.agent;
  return {
    findings: input.findings.map((f) => ({ detector: f.detector, kind: f.kind, part: f.part ?? 0, score: f.score, severity: f.severity, tags: f.tags ?? [], triggered: f.triggered })),
    phase: input.phase,
    principal: {
      agent: {
        autonomy: a.autonomy,
        environment: a.environment,
        grants: { models: a.grants.models, servers: a.grants.servers, tools: a.grants.tools },
        id: a.id,
        labels: a.labels,
        name: a.name,
        owner: a.owner,
        risk: a.risk,
        status: a.status,
        team: a.team,
      },
      app: p.app,
      credential: { id: p.credential.id, kind: p.credential.kind, scopes: p.credential.scopes },
      ip: p.ip,
      user: p.user,
    },
    // The two keys are the input's own (no secret there): only what is under them is scrubbed.
    request: { arguments: scrubValue(input.request.arguments) as PolicyInput['request']['arguments'], params: scrubValue(input.request.params) as PolicyInput['request']['params'] },
    resource: { annotations: r.annotations, kind: r.kind, labels: r.labels, model: r.model, provider: r.provider, server: r.server, tool: r.tool, trust: r.trust },
    session: { counters: s.counters, id: s.id, taint: s.taint, tainted: s.tainted },
    time: { hour: t.hour, now: t.now, weekday: t.weekday },
    v: 1,
  };
}

/** The content parts as the audit event stored them; text is absent under the hash-only mode. */
function contentOf(stored: StoredContent | undefined): PolicyInput['content'] {
  return (stored?.parts ?? []).map((p) => ({ source: p.source, text: p.text ?? '' }));
}

/**
 * The input of a recorded decision, or null when the event holds none (or one in a format this
 * version does not read). `contentStored` says whether the content texts were kept: rules over
 * `content` cannot be replayed faithfully on hash-only events, and replay says so.
 */
export function inputFromEvent(e: AuditEvent): { input: PolicyInput; contentStored: boolean } | null {
  const r = e.data?.policyInput as DeepPartial<RecordedInput> | undefined;
  if (!r || typeof r !== 'object' || r.v !== 1 || !POLICY_PHASES.includes(r.phase as PolicyPhase)) return null;
  const input = completeInput({ ...(r as DeepPartial<PolicyInput>), phase: r.phase as PolicyPhase, content: contentOf(e.content) });
  return { input, contentStored: e.content !== undefined && e.content.mode !== 'hash' };
}
