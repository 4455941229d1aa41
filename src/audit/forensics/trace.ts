import type { Actor, AuditEvent, Decision, Finding, Outcome, Phase, Resource, StoredContent } from '../types.js';

/**
 * What the content of a step is. The phase decides it (an llm.request carries the prompt, a
 * tool.call the arguments, ...); each part keeps its source (system, user, assistant,
 * tool_call, ...) to say where in it the text came from.
 */
export type ContentKind = 'prompt' | 'output' | 'arguments' | 'result' | 'content';

const KIND_BY_PHASE: Record<Phase, ContentKind> = {
  'llm.request': 'prompt',
  'llm.response': 'output',
  'tool.list': 'result',
  'tool.call': 'arguments',
  'tool.result': 'result',
  admin: 'content',
};

/** One event shaped for reading. */
export interface TraceStep {
  seq: number;
  id: string;
  ts: number;
  phase: Phase;
  action: string;
  outcome: AuditEvent['outcome'];
  /** Not part of the session: an admin event about one of its agents, during its span. */
  related?: true;
  actor: Actor;
  agentId: string | null;
  user: string | null;
  resource?: Resource;
  target?: AuditEvent['target'];
  /** For a tool.result: the seq of the tool.call it answers. */
  call?: number;
  content?: { kind: ContentKind; mode: StoredContent['mode']; parts: StoredContent['parts'] };
  findings: Finding[];
  decision: Decision | null;
  result: Outcome | null;
  data?: Record<string, unknown>;
  traceId?: string | null;
}

export interface TraceSummary {
  events: number;
  related: number;
  first: number | null;
  last: number | null;
  durationMs: number;
  agents: Array<{ id: string; name?: string }>;
  users: string[];
  apps: string[];
  models: string[];
  /** server/tool */
  tools: string[];
  phases: Record<string, number>;
  effects: Record<string, number>;
  outcomes: Record<string, number>;
  /** Triggered findings by kind. */
  findings: Record<string, number>;
  /** Rule ids that matched, with how often. */
  rules: Record<string, number>;
  tokens: { input: number; output: number };
  costUsd: number;
}

export interface TraceDocument {
  session: string;
  summary: TraceSummary;
  steps: TraceStep[];
  /** True when the session has more events than one trace returns. */
  truncated: boolean;
}

export function toolName(r: Resource | undefined): string | undefined {
  if (!r?.tool) return undefined;
  return r.server ? `${r.server}/${r.tool}` : r.tool;
}

export function toStep(e: AuditEvent, related = false): TraceStep {
  return {
    seq: e.seq,
    id: e.id,
    ts: e.ts,
    phase: e.phase,
    action: e.action,
    outcome: e.outcome,
    ...(related ? { related: true as const } : {}),
    actor: e.actor,
    agentId: e.agentId ?? (e.actor.kind === 'agent' ? e.actor.id : null),
    user: e.actor.onBehalfOf ?? null,
    ...(e.resource ? { resource: e.resource } : {}),
    ...(e.target ? { target: e.target } : {}),
    ...(e.content ? { content: { kind: KIND_BY_PHASE[e.phase], mode: e.content.mode, parts: e.content.parts } } : {}),
    findings: e.findings ?? [],
    decision: e.decision ?? null,
    result: e.result ?? null,
    ...(e.data ? { data: e.data } : {}),
    ...(e.traceId ? { traceId: e.traceId } : {}),
  };
}

const bump = (m: Record<string, number>, k: string | undefined) => {
  if (k) m[k] = (m[k] ?? 0) + 1;
};
const callId = (e: AuditEvent): string | undefined => {
  const v = e.data?.callId ?? e.data?.toolCallId;
  return typeof v === 'string' ? v : undefined;
};

/**
 * The session's timeline: its events in chain order (seq is the order the log committed them,
 * which timestamps from several instances cannot guarantee), with related admin events woven
 * in by seq, and a summary of who, what and how much. Pure, so the CLI and tests can use it too.
 */
export function buildTrace(session: string, events: AuditEvent[], related: AuditEvent[] = [], truncated = false): TraceDocument {
  const inSession = new Set(events.map((e) => e.seq));
  const steps = [...events.map((e) => toStep(e)), ...related.filter((e) => !inSession.has(e.seq)).map((e) => toStep(e, true))].sort((a, b) => a.seq - b.seq);

  // A tool.result answers the tool.call with its call id, else the latest unanswered call of the same tool.
  const open: Array<{ seq: number; tool: string | undefined; callId: string | undefined }> = [];
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  for (const s of steps) {
    const e = bySeq.get(s.seq);
    if (!e || s.related) continue;
    if (e.phase === 'tool.call') open.push({ seq: e.seq, tool: toolName(e.resource), callId: callId(e) });
    if (e.phase === 'tool.result') {
      const id = callId(e);
      let i = -1;
      for (let j = open.length - 1; j >= 0 && i < 0; j--) if (id !== undefined ? open[j]!.callId === id : open[j]!.tool === toolName(e.resource)) i = j;
      if (i >= 0) s.call = open.splice(i, 1)[0]!.seq;
    }
  }

  const agents = new Map<string, string | undefined>();
  const users = new Set<string>();
  const apps = new Set<string>();
  const models = new Set<string>();
  const tools = new Set<string>();
  const summary: TraceSummary = {
    events: events.length,
    related: steps.length - events.length,
    first: events[0]?.ts ?? null,
    last: events[events.length - 1]?.ts ?? null,
    durationMs: 0,
    agents: [],
    users: [],
    apps: [],
    models: [],
    tools: [],
    phases: {},
    effects: {},
    outcomes: {},
    findings: {},
    rules: {},
    tokens: { input: 0, output: 0 },
    costUsd: 0,
  };
  for (const e of events) {
    const agentId = e.agentId ?? (e.actor.kind === 'agent' ? e.actor.id : null);
    if (agentId) agents.set(agentId, agents.get(agentId) ?? (e.actor.kind === 'agent' ? e.actor.name : undefined));
    if (e.actor.onBehalfOf) users.add(e.actor.onBehalfOf);
    if (e.actor.app) apps.add(e.actor.app);
    if (e.resource?.model) models.add(e.resource.model);
    const tool = toolName(e.resource);
    if (tool) tools.add(tool);
    bump(summary.phases, e.phase);
    bump(summary.effects, e.decision?.effect);
    bump(summary.outcomes, e.outcome);
    for (const f of e.findings ?? []) if (f.triggered) bump(summary.findings, f.kind);
    for (const r of e.decision?.rules ?? []) bump(summary.rules, r.id);
    summary.tokens.input += e.result?.tokens?.input ?? 0;
    summary.tokens.output += e.result?.tokens?.output ?? 0;
    summary.costUsd += e.result?.costUsd ?? 0;
    if (summary.first === null || e.ts < summary.first) summary.first = e.ts;
    if (summary.last === null || e.ts > summary.last) summary.last = e.ts;
  }
  summary.durationMs = summary.first !== null && summary.last !== null ? summary.last - summary.first : 0;
  summary.costUsd = Math.round(summary.costUsd * 1e6) / 1e6; // float sums drift; micro-dollars is plenty
  summary.agents = [...agents].map(([id, name]) => (name ? { id, name } : { id }));
  summary.users = [...users];
  summary.apps = [...apps];
  summary.models = [...models];
  summary.tools = [...tools];
  return { session, summary, steps, truncated };
}
