import type { Actor, AuditEvent, Effect, Finding, Severity } from '../types.js';
import { VERSION } from '../../version.js';

/**
 * Maps Warden audit events to OCSF (Open Cybersecurity Schema Framework) 1.5.0 records.
 *
 * One Warden event becomes one primary record plus one Detection Finding per triggered finding:
 * - API Activity (6003) for llm.* / tool.* phases and admin calls that change no managed entity;
 * - Entity Management (3004) for lifecycle changes of agents, keys, secrets, admin tokens,
 *   owners, teams, signing keys and the kill switch;
 * - Detection Finding (2004) for each triggered detector finding, and for monitor alerts
 *   (alertToOcsf, and the monitor's alert.raise / acknowledge / resolve events).
 *
 * Pure functions: no I/O, no clock. Every record carries the Warden event id, seq and hash in
 * `unmapped.warden`, and `metadata.uid` (the event id, suffixed for findings) so a SIEM record
 * can be matched to its place in the hash chain.
 */

export const OCSF_VERSION = '1.5.0';

/** An OCSF record: a JSON object. Kept loose on purpose; the tests pin the required attributes. */
export type OcsfRecord = Record<string, unknown> & {
  class_uid: number;
  category_uid: number;
  activity_id: number;
  type_uid: number;
  severity_id: number;
  time: number;
  metadata: Record<string, unknown>;
};

export const CLASS = {
  detectionFinding: { uid: 2004, name: 'Detection Finding', category: 2, categoryName: 'Findings' },
  entityManagement: { uid: 3004, name: 'Entity Management', category: 3, categoryName: 'Identity & Access Management' },
  apiActivity: { uid: 6003, name: 'API Activity', category: 6, categoryName: 'Application Activity' },
} as const;
type ClassDef = (typeof CLASS)[keyof typeof CLASS];

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME = ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical'];

/** Admin action families whose events are lifecycle changes of a managed entity (Entity Management). */
const ENTITY_FAMILIES = new Set(['agent', 'key', 'secret', 'admin_token', 'owner', 'team', 'kill', 'signing_key', 'vault']);

/** Entity Management activity per verb (the part of the action after the family). */
const ENTITY_ACTIVITY: Record<string, [number, string]> = {
  create: [1, 'Create'],
  issue: [1, 'Create'],
  read: [2, 'Read'],
  update: [3, 'Update'],
  rotate: [3, 'Update'],
  rotate_master: [3, 'Update'],
  rewrap: [3, 'Update'],
  delete: [4, 'Delete'],
  revoke: [9, 'Disable'],
  decommission: [9, 'Disable'],
  activate: [13, 'Resume'],
  quarantine: [12, 'Suspend'],
  engage: [12, 'Suspend'],
  lift: [13, 'Resume'],
};

/** API Activity per phase (CRUD of the upstream call); admin calls use the verb. */
const API_ACTIVITY: Record<string, [number, string]> = {
  'llm.request': [1, 'Create'],
  'llm.response': [1, 'Create'],
  'tool.list': [2, 'Read'],
  'tool.call': [99, 'Invoke'],
  'tool.result': [99, 'Invoke'],
};

/** Security-control outcome per policy effect: [action_id, action, disposition_id, disposition]. */
const CONTROL: Record<Effect, [number, string, number, string]> = {
  allow: [1, 'Allowed', 1, 'Allowed'],
  deny: [2, 'Denied', 2, 'Blocked'],
  redact: [4, 'Modified', 99, 'Redacted'],
  require_approval: [99, 'Held for approval', 14, 'Delayed'],
  alert: [3, 'Observed', 19, 'Alert'],
};

const PRODUCT = { name: 'Warden', vendor_name: 'Warden', version: VERSION };

export function severityId(s: Severity | undefined): number {
  return s ? SEVERITY_ID[s] : 1;
}

/** The most severe triggered finding or matched rule, at least Informational. */
function eventSeverityId(e: AuditEvent): number {
  let id = 1;
  for (const f of e.findings ?? []) if (f.triggered) id = Math.max(id, SEVERITY_ID[f.severity]);
  for (const r of e.decision?.rules ?? []) if (r.severity && r.mode !== 'shadow') id = Math.max(id, SEVERITY_ID[r.severity]);
  return id;
}

/** `agent.create` → ['agent', 'create']; `vault.system_secret.create` → ['vault', 'create']. */
function splitAction(action: string): [string, string] {
  const dot = action.indexOf('.');
  if (dot < 0) return [action, ''];
  return [action.slice(0, dot), action.slice(action.lastIndexOf('.') + 1)];
}

export function isLifecycleChange(e: AuditEvent): boolean {
  if (e.phase !== 'admin') return false;
  const [family, verb] = splitAction(e.action);
  return ENTITY_FAMILIES.has(family) && verb !== '' && verb !== 'read';
}

function drop<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function base(cls: ClassDef, activity: [number, string], severity: number, time: number, metadata: Record<string, unknown>): OcsfRecord {
  return {
    activity_id: activity[0],
    activity_name: activity[1],
    category_uid: cls.category,
    category_name: cls.categoryName,
    class_uid: cls.uid,
    class_name: cls.name,
    type_uid: cls.uid * 100 + activity[0],
    type_name: `${cls.name}: ${activity[1]}`,
    severity_id: severity,
    severity: SEVERITY_NAME[severity] ?? 'Other',
    time,
    timezone_offset: 0,
    metadata: drop({ version: OCSF_VERSION, product: PRODUCT, log_name: 'warden.audit', ...metadata }),
  };
}

function eventMetadata(e: AuditEvent, uid: string, profiles: string[]): Record<string, unknown> {
  return drop({
    uid,
    correlation_uid: e.traceId ?? undefined,
    event_code: e.action,
    sequence: e.seq,
    logged_time: e.ts,
    profiles: profiles.length ? profiles : undefined,
  });
}

/** OCSF user type: 1 User, 2 Admin, 3 System, 99 Other (agents are non-human identities). */
function mapActor(a: Actor, sessionId: string | null | undefined): Record<string, unknown> {
  const [typeId, type] = a.kind === 'admin' ? [2, 'Admin'] : a.kind === 'system' ? [3, 'System'] : [99, 'Agent'];
  return drop({
    user: drop({ uid: a.id ?? undefined, name: a.name ?? a.id ?? a.kind, type_id: typeId, type, credential_uid: a.credentialId }),
    app_name: a.app,
    session: sessionId ? { uid: sessionId } : undefined,
  });
}

/** Where the call came from: the client address when known, else the actor's name (at least one is always set). */
function srcEndpoint(a: Actor): Record<string, unknown> {
  return a.ip ? { ip: a.ip } : { name: a.name ?? a.id ?? a.kind };
}

function resources(e: AuditEvent): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  if (e.agentId) out.push({ type: 'agent', uid: e.agentId });
  const r = e.resource;
  if (r?.model) out.push(drop({ type: 'model', name: r.model, owner: r.provider ? { name: r.provider } : undefined }));
  if (r?.server) out.push({ type: r.tool ? 'mcp_tool' : 'mcp_server', name: r.tool ? `${r.server}/${r.tool}` : r.server });
  if (e.target && e.target.id !== e.agentId) out.push(drop({ type: e.target.kind, uid: e.target.id, name: e.target.name }));
  return out.length ? out : undefined;
}

/** action_id/disposition_id of the security_control profile, from the decision (or the outcome). */
function control(e: AuditEvent): Record<string, unknown> | undefined {
  const effect: Effect | undefined = e.decision?.effect ?? (e.outcome === 'denied' ? 'deny' : undefined);
  if (!effect) return undefined;
  const [action_id, action, disposition_id, disposition] = CONTROL[effect];
  return { action_id, action, disposition_id, disposition };
}

function status(e: AuditEvent): Record<string, unknown> {
  const ok = e.outcome === 'success';
  return drop({
    status_id: ok ? 1 : 2,
    status: ok ? 'Success' : 'Failure',
    status_code: e.result?.status !== undefined ? String(e.result.status) : undefined,
    status_detail: e.result?.error ?? (e.outcome === 'denied' ? `denied${e.decision ? ` by policy (${e.decision.effect})` : ''}` : undefined),
  });
}

/** What the chain needs to find the record again, plus everything OCSF has no attribute for. */
function unmapped(e: AuditEvent): Record<string, unknown> {
  return {
    warden: drop({
      event_id: e.id,
      seq: e.seq,
      hash: e.hash,
      prev_hash: e.prevHash,
      phase: e.phase,
      action: e.action,
      outcome: e.outcome,
      agent_id: e.agentId ?? undefined,
      session_id: e.sessionId ?? undefined,
      trace_id: e.traceId ?? undefined,
      on_behalf_of: e.actor.onBehalfOf,
      actor_role: e.actor.role,
      target: e.target,
      resource: e.resource,
      decision: e.decision,
      tokens: e.result?.tokens,
      cost_usd: e.result?.costUsd,
      upstream_latency_ms: e.result?.upstreamLatencyMs,
      findings: e.findings?.length ? e.findings.map((f) => drop({ detector: f.detector, kind: f.kind, score: f.score, severity: f.severity, triggered: f.triggered })) : undefined,
      content: e.content,
      data: e.data,
    }),
  };
}

function message(e: AuditEvent): string {
  const who = e.actor.name ?? e.actor.id ?? e.actor.kind;
  const what = e.target ? ` ${e.target.kind} ${e.target.name ?? e.target.id}` : e.resource?.model ? ` ${e.resource.model}` : e.resource?.tool ? ` ${e.resource.server ?? ''}/${e.resource.tool}` : '';
  return `${who}: ${e.action}${what} (${e.outcome}${e.decision && e.decision.effect !== 'allow' ? `, ${e.decision.effect}` : ''})`;
}

function apiActivity(e: AuditEvent): OcsfRecord {
  const [family, verb] = splitAction(e.action);
  const activity = API_ACTIVITY[e.phase] ?? ENTITY_ACTIVITY[verb] ?? [99, e.action];
  const ctl = control(e);
  const service = e.phase === 'admin' ? 'warden-admin' : e.resource?.provider ?? e.resource?.server ?? family;
  return drop({
    ...base(CLASS.apiActivity, activity, eventSeverityId(e), e.ts, eventMetadata(e, e.id, ctl ? ['security_control'] : [])),
    message: message(e),
    actor: mapActor(e.actor, e.sessionId),
    api: drop({
      operation: e.phase === 'admin' && e.target?.kind === 'operation' ? e.target.id : e.action,
      service: { name: service },
      request: { uid: e.id },
      response: e.result ? drop({ code: e.result.status, error: e.result.error }) : undefined,
    }),
    src_endpoint: srcEndpoint(e.actor),
    resources: resources(e),
    duration: e.result?.latencyMs,
    ...status(e),
    ...ctl,
    unmapped: unmapped(e),
  });
}

/** Managed entity type: owners are users, teams are groups; the rest are Warden's own kinds (Other). */
function managedEntity(e: AuditEvent): Record<string, unknown> {
  const t = e.target ?? { kind: splitAction(e.action)[0], id: e.agentId ?? '*' };
  const common = { uid: t.id, name: t.name ?? t.id, type: t.kind };
  if (t.kind === 'owner') return drop({ ...common, type_id: 2, type: 'User', user: drop({ uid: t.id, name: t.name }), data: e.data });
  if (t.kind === 'team') return drop({ ...common, type_id: 3, type: 'Group', group: drop({ uid: t.id, name: t.name }), data: e.data });
  return drop({ ...common, type_id: 99, data: e.data });
}

function entityManagement(e: AuditEvent): OcsfRecord {
  const [, verb] = splitAction(e.action);
  const activity = ENTITY_ACTIVITY[verb] ?? [99, verb];
  const reason = typeof e.data?.reason === 'string' ? e.data.reason : undefined;
  // A kill switch or a revocation is a security response: higher than routine provisioning.
  const severity = Math.max(eventSeverityId(e), e.action.startsWith('kill.') ? 4 : verb === 'revoke' || verb === 'quarantine' ? 3 : 1);
  return drop({
    ...base(CLASS.entityManagement, activity, severity, e.ts, eventMetadata(e, e.id, [])),
    message: message(e),
    actor: mapActor(e.actor, e.sessionId),
    src_endpoint: srcEndpoint(e.actor),
    entity: managedEntity(e),
    comment: reason,
    ...status(e),
    unmapped: unmapped(e),
  });
}

function confidenceId(score: number): number {
  return score >= 0.8 ? 3 : score >= 0.5 ? 2 : 1;
}

function detectionFinding(e: AuditEvent, f: Finding, index: number, primary: OcsfRecord): OcsfRecord {
  const uid = `${e.id}/f${index}`;
  const ctl = control(e) ?? { action_id: 3, action: 'Observed', disposition_id: 15, disposition: 'Detected' };
  const sev = SEVERITY_ID[f.severity];
  return drop({
    ...base(CLASS.detectionFinding, [1, 'Create'], sev, e.ts, eventMetadata(e, uid, ['security_control'])),
    message: `${f.detector} found ${f.kind} in ${e.phase} (score ${f.score.toFixed(2)})`,
    finding_info: drop({
      uid,
      title: `${f.detector}: ${f.kind}`,
      desc: f.evidence,
      types: [f.kind],
      analytic: { uid: f.detector, name: f.detector, type_id: 99, type: 'Detector' },
      created_time: e.ts,
      related_events: [{ uid: e.id, type_uid: primary.type_uid, severity_id: primary.severity_id }],
    }),
    confidence_score: Math.round(f.score * 100),
    confidence_id: confidenceId(f.score),
    is_alert: sev >= 4,
    status_id: 1,
    status: 'New',
    evidences: [
      drop({
        actor: mapActor(e.actor, e.sessionId),
        api: { operation: e.action },
        data: drop({ detector: f.detector, kind: f.kind, evidence: f.evidence, span: f.span, part: f.part, tags: f.tags }),
      }),
    ],
    resources: resources(e),
    ...ctl,
    unmapped: unmapped(e),
  });
}

/** All OCSF records for one Warden event: the primary record first, then one per triggered finding. */
export function toOcsf(e: AuditEvent): OcsfRecord[] {
  const primary = (e.phase === 'admin' && e.action.startsWith('alert.') ? alertEvent(e) : undefined) ?? (isLifecycleChange(e) ? entityManagement(e) : apiActivity(e));
  const out = [primary];
  (e.findings ?? []).forEach((f, i) => {
    if (f.triggered) out.push(detectionFinding(e, f, i, primary));
  });
  return out;
}

const memo = new WeakMap<AuditEvent, OcsfRecord[]>();
/** toOcsf, computed once per event however many exporters ask. */
export function ocsfRecords(e: AuditEvent): OcsfRecord[] {
  let r = memo.get(e);
  if (!r) memo.set(e, (r = toOcsf(e)));
  return r;
}

/** A monitor alert, as the monitor module produces it. */
export interface AlertLike {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  agentId?: string | null;
  sessionId?: string | null;
  /** The audit events behind the alert. */
  eventIds: string[];
  /** MITRE ATT&CK / ATLAS technique ids, e.g. T1567, AML.T0051. */
  techniques?: string[];
  /** OWASP LLM Top 10 ids, e.g. LLM01. */
  owasp?: string[];
  ts: number;
  /** The response taken (quarantine, revoke, ...), if any. */
  response?: string;
}

/** A monitor alert as an OCSF Detection Finding (is_alert = true). */
export function alertToOcsf(a: AlertLike): OcsfRecord {
  return alertRecord(a, ALERT_STAGE.raise!, drop({ uid: a.id, event_code: a.ruleId, logged_time: a.ts, correlation_uid: a.sessionId ?? undefined }), {});
}

/** Finding activity and status per alert audit action: raised → New, acknowledged → In Progress, resolved → Resolved. */
const ALERT_STAGE: Record<string, { activity: [number, string]; status: [number, string] }> = {
  raise: { activity: [1, 'Create'], status: [1, 'New'] },
  acknowledge: { activity: [2, 'Update'], status: [2, 'In Progress'] },
  resolve: { activity: [3, 'Close'], status: [4, 'Resolved'] },
};

function alertRecord(a: AlertLike, stage: { activity: [number, string]; status: [number, string] }, metadata: Record<string, unknown>, chain: Record<string, unknown>): OcsfRecord {
  // Severity travels with the raise; a later stage that does not carry it says Unknown (0) rather than guess.
  const sev = a.severity in SEVERITY_ID ? SEVERITY_ID[a.severity] : 0;
  const raised = stage.activity[0] === 1;
  return drop({
    ...base(CLASS.detectionFinding, stage.activity, sev, a.ts, metadata),
    message: a.title,
    finding_info: drop({
      uid: a.id,
      title: a.title,
      analytic: { uid: a.ruleId, name: a.ruleId, type_id: 1, type: 'Rule' },
      attacks: a.techniques?.length ? a.techniques.map((t) => ({ technique: { uid: t } })) : undefined,
      types: a.owasp?.length ? a.owasp.map((o) => `OWASP ${o}`) : undefined,
      created_time: raised ? a.ts : undefined,
      modified_time: raised ? undefined : a.ts,
      related_events: a.eventIds.length ? a.eventIds.map((uid) => ({ uid })) : undefined,
      related_events_count: a.eventIds.length || undefined,
    }),
    is_alert: raised ? true : undefined,
    status_id: stage.status[0],
    status: stage.status[1],
    resources: a.agentId ? [{ type: 'agent', uid: a.agentId }] : undefined,
    evidences: a.agentId || a.sessionId ? [drop({ actor: mapActor({ kind: 'agent', id: a.agentId ?? null }, a.sessionId), data: { event_ids: a.eventIds } })] : undefined,
    unmapped: {
      warden: drop({
        ...chain,
        alert_id: a.id,
        rule_id: a.ruleId,
        agent_id: a.agentId ?? undefined,
        session_id: a.sessionId ?? undefined,
        event_ids: a.eventIds.length ? a.eventIds : undefined,
        techniques: a.techniques,
        owasp: a.owasp,
        response: a.response,
      }),
    },
  });
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/**
 * The monitor records alert.raise / alert.acknowledge / alert.resolve as admin events whose
 * data carries the alert (AlertLike fields); they map to Detection Findings about that alert,
 * with the event's chain position so they still match the audit log.
 */
function alertEvent(e: AuditEvent): OcsfRecord | undefined {
  const d = e.data ?? {};
  const stage = ALERT_STAGE[e.action.slice('alert.'.length)];
  if (!stage || typeof d.alertId !== 'string') return undefined;
  const ruleId = typeof d.ruleId === 'string' ? d.ruleId : e.target?.name ?? 'unknown';
  const a: AlertLike = {
    id: d.alertId,
    ruleId,
    title: typeof d.title === 'string' ? d.title : `Alert ${ruleId}`,
    severity: d.severity as Severity,
    agentId: e.agentId ?? null,
    sessionId: e.sessionId ?? null,
    eventIds: strings(d.eventIds) ?? [],
    techniques: strings(d.techniques),
    owasp: strings(d.owasp),
    ts: e.ts,
    response: typeof d.response === 'string' ? d.response : undefined,
  };
  const r = alertRecord(a, stage, eventMetadata(e, e.id, []), unmapped(e).warden as Record<string, unknown>);
  return drop({ ...r, actor: mapActor(e.actor, e.sessionId), comment: typeof d.note === 'string' ? d.note : typeof d.reason === 'string' ? d.reason : undefined });
}
