import { EFFECTS, SEVERITIES, type Finding, type Phase } from '../audit/types.js';
import { B, en, list, MAP, N, obj, S, type FieldType } from '../cel/check.js';

/**
 * The input of every policy decision, the same for LLM and MCP phases. Policies see it as
 * top-level CEL variables (`principal.agent.risk == 'high'`, `resource.labels`, `findings`, ...).
 * Every field is always present ('' / 0 / false / [] / {} when it does not apply), so rules never
 * need `has()` except inside the free-form maps (`request.arguments`, `request.params`,
 * `resource.annotations`, `principal.agent.labels`, `session.counters`).
 *
 *   phase        llm.request | llm.response | tool.list | tool.call | tool.result
 *   principal    agent {id, name, owner, team, risk, environment, autonomy, status, labels (map),
 *                       grants {models, servers, tools}}
 *                user (on-behalf-of), app, credential {id, kind, scopes}, ip
 *   resource     kind (model | tool | ''), model, provider, server, trust (trusted | internal |
 *                untrusted | ''), tool, annotations (map), labels (private_data, untrusted_content,
 *                external_comms, destructive, ...)
 *   request      arguments (map: tool arguments), params (map: LLM parameters)
 *   content      list of {source, text}: the text parts being decided on
 *   findings     list of {detector, kind, score, triggered, severity, tags, part}
 *   session      id, tainted, taint (list of {source, detector, kind, origin, at}: origin is where the
 *                content came from, `server/tool` or `model`), counters (map)
 *   time         now (epoch ms), hour (0-23, UTC), weekday (0 = Sunday, UTC)
 *   grants       checked, allowed, reason: the agent's grants for this phase, checked before rules
 */
export type PolicyPhase = Exclude<Phase, 'admin'>;
export const POLICY_PHASES: readonly PolicyPhase[] = ['llm.request', 'llm.response', 'tool.list', 'tool.call', 'tool.result'];

// The same levels as an MCP server's `trust` in warden.yaml.
export const TRUST_LEVELS = ['trusted', 'internal', 'untrusted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const CAPABILITY_LABELS = ['private_data', 'untrusted_content', 'external_comms', 'destructive'] as const;

export interface PolicyAgent {
  id: string;
  name: string;
  owner: string;
  team: string;
  risk: 'low' | 'medium' | 'high' | 'critical';
  environment: string;
  autonomy: 'assistive' | 'supervised' | 'autonomous';
  status: 'active' | 'quarantined' | 'decommissioned';
  labels: Record<string, string>;
  grants: { models: string[]; servers: string[]; tools: string[] };
}

export interface PolicyInput {
  phase: PolicyPhase;
  principal: {
    agent: PolicyAgent;
    user: string;
    app: string;
    credential: { id: string; kind: 'virtual_key' | 'access_token' | ''; scopes: string[] };
    ip: string;
  };
  resource: {
    kind: 'model' | 'tool' | '';
    model: string;
    provider: string;
    server: string;
    trust: TrustLevel | '';
    tool: string;
    annotations: Record<string, unknown>;
    labels: string[];
  };
  request: { arguments: Record<string, unknown>; params: Record<string, unknown> };
  content: Array<{ source: string; text: string }>;
  findings: Finding[];
  session: { id: string; tainted: boolean; taint: Array<{ source: string; detector: string; kind: string; origin: string; at: number }>; counters: Record<string, number> };
  time: { now: number; hour: number; weekday: number };
}

/** The grant check's verdict, exposed to rules as `grants`. */
export interface GrantCheck {
  /** false when the phase has nothing to check (an LLM response, a tool result). */
  checked: boolean;
  allowed: boolean;
  reason: string;
}

const FINDING = obj('finding', { detector: S, kind: S, score: N, triggered: B, severity: en(SEVERITIES), tags: list(S), part: N });

export const INPUT_TYPES: Record<string, FieldType> = {
  phase: en(POLICY_PHASES),
  principal: obj('principal', {
    agent: obj('principal.agent', {
      id: S,
      name: S,
      owner: S,
      team: S,
      risk: en(['low', 'medium', 'high', 'critical']),
      environment: S,
      autonomy: en(['assistive', 'supervised', 'autonomous']),
      status: en(['active', 'quarantined', 'decommissioned']),
      labels: MAP,
      grants: obj('principal.agent.grants', { models: list(S), servers: list(S), tools: list(S) }),
    }),
    user: S,
    app: S,
    credential: obj('principal.credential', { id: S, kind: en(['virtual_key', 'access_token', '']), scopes: list(S) }),
    ip: S,
  }),
  resource: obj('resource', {
    kind: en(['model', 'tool', '']),
    model: S,
    provider: S,
    server: S,
    trust: en([...TRUST_LEVELS, '']),
    tool: S,
    annotations: MAP,
    labels: list(S),
  }),
  request: obj('request', { arguments: MAP, params: MAP }),
  content: list(obj('content part', { source: S, text: S })),
  findings: list(FINDING),
  session: obj('session', { id: S, tainted: B, taint: list(obj('taint', { source: S, detector: S, kind: S, origin: S, at: N })), counters: MAP }),
  time: obj('time', { now: N, hour: N, weekday: N }),
  grants: obj('grants', { checked: B, allowed: B, reason: S }),
};

export const VARIABLES_HINT = `policies see ${Object.keys(INPUT_TYPES).join(', ')}`;

/** Effects a rule may have, strongest first: when several rules match, the first of these wins. */
export const PRECEDENCE = ['deny', 'require_approval', 'redact', 'alert', 'allow'] as const;
export type RuleEffect = (typeof PRECEDENCE)[number];
// Keep the audit log's list and this one the same set.
if (PRECEDENCE.length !== EFFECTS.length || !EFFECTS.every((e) => (PRECEDENCE as readonly string[]).includes(e))) throw new Error('effect lists disagree');

/** A complete input from a partial one: every field present, as rules expect. Used by tests and replay. */
export function completeInput(p: DeepPartial<PolicyInput> & { phase: PolicyPhase }): PolicyInput {
  const a = p.principal?.agent ?? {};
  const g = a.grants ?? {};
  const r = p.resource ?? {};
  const s = p.session ?? {};
  const now = typeof p.time?.now === 'number' ? p.time.now : 0;
  const d = new Date(now);
  return {
    phase: p.phase,
    principal: {
      agent: {
        id: a.id ?? '',
        name: a.name ?? '',
        owner: a.owner ?? '',
        team: a.team ?? '',
        risk: a.risk ?? 'low',
        environment: a.environment ?? '',
        autonomy: a.autonomy ?? 'assistive',
        status: a.status ?? 'active',
        labels: (a.labels ?? {}) as Record<string, string>,
        grants: { models: strings(g.models), servers: strings(g.servers), tools: strings(g.tools) },
      },
      user: p.principal?.user ?? '',
      app: p.principal?.app ?? '',
      credential: { id: p.principal?.credential?.id ?? '', kind: p.principal?.credential?.kind ?? '', scopes: strings(p.principal?.credential?.scopes) },
      ip: p.principal?.ip ?? '',
    },
    resource: {
      kind: r.kind ?? (r.tool ? 'tool' : r.model ? 'model' : ''),
      model: r.model ?? '',
      provider: r.provider ?? '',
      server: r.server ?? '',
      trust: r.trust ?? '',
      tool: r.tool ?? '',
      annotations: (r.annotations ?? {}) as Record<string, unknown>,
      labels: strings(r.labels),
    },
    request: { arguments: (p.request?.arguments ?? {}) as Record<string, unknown>, params: (p.request?.params ?? {}) as Record<string, unknown> },
    content: (p.content ?? []).map((c) => ({ source: c?.source ?? 'user', text: c?.text ?? '' })),
    findings: (p.findings ?? []).map((f) => ({
      detector: f?.detector ?? '',
      kind: f?.kind ?? '',
      score: f?.score ?? 1,
      triggered: f?.triggered ?? true,
      severity: f?.severity ?? 'medium',
      tags: strings(f?.tags),
      part: f?.part ?? 0,
    })),
    session: {
      id: s.id ?? '',
      tainted: s.tainted ?? (s.taint?.length ?? 0) > 0,
      taint: (s.taint ?? []).map((t) => ({ source: t?.source ?? '', detector: t?.detector ?? '', kind: t?.kind ?? '', origin: t?.origin ?? '', at: t?.at ?? 0 })),
      counters: (s.counters ?? {}) as Record<string, number>,
    },
    time: { now, hour: p.time?.hour ?? d.getUTCHours(), weekday: p.time?.weekday ?? d.getUTCDay() },
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export type DeepPartial<T> = T extends Array<infer U> ? Array<DeepPartial<U>> : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
