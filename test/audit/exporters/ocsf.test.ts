import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alertToOcsf, toOcsf, type OcsfRecord } from '../../../src/audit/exporters/ocsf.js';
import type { AuditEvent } from '../../../src/audit/types.js';
import { finding, makeEvent } from './helpers.js';

/**
 * Required attributes of OCSF 1.5.0, per the schema (events/base_event.json, the class files
 * and the objects they use). A record missing any of them fails here.
 */
const BASE_REQUIRED = ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'severity_id', 'time', 'metadata', 'metadata.product', 'metadata.version'];
const REQUIRED: Record<number, string[]> = {
  // API Activity: actor, api (with its required operation), src_endpoint.
  6003: [...BASE_REQUIRED, 'actor', 'api', 'api.operation', 'src_endpoint'],
  // Detection Finding: finding_info (with its required uid; title is what analysts read).
  2004: [...BASE_REQUIRED, 'finding_info', 'finding_info.uid', 'finding_info.title'],
  // Entity Management: entity.
  3004: [...BASE_REQUIRED, 'entity'],
};
/** "At least one of" constraints of the objects used. */
const AT_LEAST_ONE: Record<string, string[]> = {
  actor: ['process', 'user', 'invoked_by', 'session', 'app_name', 'app_uid'],
  src_endpoint: ['ip', 'uid', 'name', 'hostname', 'svc_name', 'instance_uid', 'interface_uid', 'interface_name'],
  entity: ['name', 'uid', 'device', 'group', 'org', 'policy', 'user'],
  'metadata.product': ['name', 'uid'],
};
const CATEGORY: Record<number, number> = { 6003: 6, 2004: 2, 3004: 3 };

function get(o: unknown, p: string): unknown {
  return p.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function assertValid(r: OcsfRecord, label: string): void {
  const req = REQUIRED[r.class_uid];
  assert.ok(req, `${label}: unexpected class_uid ${r.class_uid}`);
  for (const f of req) {
    const v = get(r, f);
    assert.ok(v !== undefined && v !== null && v !== '', `${label}: required attribute "${f}" missing in class ${r.class_uid}`);
  }
  for (const [obj, any] of Object.entries(AT_LEAST_ONE)) {
    const v = get(r, obj) as Record<string, unknown> | undefined;
    if (v === undefined) continue;
    assert.ok(any.some((k) => v[k] !== undefined && v[k] !== null && v[k] !== ''), `${label}: ${obj} needs at least one of ${any.join(', ')}`);
  }
  for (const f of ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'severity_id', 'time']) {
    assert.ok(Number.isInteger(get(r, f)), `${label}: ${f} must be an integer`);
  }
  assert.equal(r.type_uid, r.class_uid * 100 + r.activity_id, `${label}: type_uid = class_uid * 100 + activity_id`);
  assert.equal(r.category_uid, CATEGORY[r.class_uid], `${label}: category_uid`);
  assert.ok(r.severity_id >= 0 && r.severity_id <= 6 || r.severity_id === 99, `${label}: severity_id in range`);
  assert.match(String(get(r, 'metadata.version')), /^1\.\d+\.\d+$/, `${label}: metadata.version is an OCSF 1.x version`);
  assert.ok(get(r, 'metadata.product.vendor_name'), `${label}: metadata.product.vendor_name`);
  assert.ok(get(r, 'metadata.uid'), `${label}: metadata.uid`);
  // JSON round trip: nothing that does not serialise.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
}

const admin = { kind: 'admin' as const, id: 'adm_01hzzzzzzzzzzzzzzzzzzzzzzz', name: 'ops', role: 'admin', ip: '127.0.0.1' };
const adminEvent = (action: string, target: AuditEvent['target'], extra: Partial<AuditEvent> = {}) =>
  makeEvent({ phase: 'admin', action, actor: admin, target, agentId: null, resource: undefined, decision: undefined, result: undefined, sessionId: null, traceId: null, ...extra });

const monitor = { kind: 'system' as const, id: 'monitor', name: 'monitor' };
function alertEvent(action: string, data: Record<string, unknown>, actor: AuditEvent['actor'] = monitor): AuditEvent {
  return adminEvent(action, { kind: 'alert', id: String(data.alertId), name: String(data.ruleId) }, { actor, agentId: 'agt_x', sessionId: 'sess-9', data });
}

/** Representative events of each kind, with the class each primary record must have. */
const CASES: Array<{ label: string; event: AuditEvent; cls: number; findings?: number }> = [
  { label: 'llm.request allowed', event: makeEvent(), cls: 6003 },
  { label: 'llm.response with usage', event: makeEvent({ phase: 'llm.response', result: { status: 200, latencyMs: 800, tokens: { input: 5, output: 400 }, costUsd: 0.01 } }), cls: 6003 },
  { label: 'tool.list', event: makeEvent({ phase: 'tool.list', action: 'tool.list', resource: { server: 'github' } }), cls: 6003 },
  { label: 'tool.call denied with two findings', event: makeEvent({ phase: 'tool.call', action: 'tool.call', outcome: 'denied', resource: { server: 'github', tool: 'delete_repo' }, findings: [finding(), finding({ detector: 'secrets', kind: 'aws_key', severity: 'critical' }), finding({ triggered: false, severity: 'low' })], decision: { effect: 'deny', rules: [{ id: 'no-destructive', severity: 'high' }], policyVersion: 'sha256:1' }, result: { status: 403 } }), cls: 6003, findings: 2 },
  { label: 'tool.result redacted', event: makeEvent({ phase: 'tool.result', action: 'tool.result', resource: { server: 'fs', tool: 'read' }, findings: [finding({ detector: 'pii', kind: 'email', severity: 'medium', score: 0.6 })], decision: { effect: 'redact', rules: [], policyVersion: null } }), cls: 6003, findings: 1 },
  { label: 'system actor without ip', event: makeEvent({ actor: { kind: 'system', id: 'warden', name: 'warden' }, phase: 'llm.request', decision: undefined }), cls: 6003 },
  { label: 'admin permission denied', event: adminEvent('admin.permission_denied', { kind: 'operation', id: 'createAgent' }, { outcome: 'denied' }), cls: 6003 },
  { label: 'token exchange', event: adminEvent('token.exchange', { kind: 'access_token', id: 'tok_1' }, { actor: { kind: 'agent', id: null } }), cls: 6003 },
  { label: 'agent.create', event: adminEvent('agent.create', { kind: 'agent', id: 'agt_x', name: 'billing-bot' }, { data: { risk: 'high' } }), cls: 3004 },
  { label: 'agent.quarantine', event: adminEvent('agent.quarantine', { kind: 'agent', id: 'agt_x', name: 'billing-bot' }, { data: { reason: 'exfil' } }), cls: 3004 },
  { label: 'key.issue', event: adminEvent('key.issue', { kind: 'credential', id: 'key_x' }), cls: 3004 },
  { label: 'key.rotate', event: adminEvent('key.rotate', { kind: 'credential', id: 'key_x' }), cls: 3004 },
  { label: 'key.revoke', event: adminEvent('key.revoke', { kind: 'credential', id: 'key_x' }), cls: 3004 },
  { label: 'secret.delete', event: adminEvent('secret.delete', { kind: 'secret', id: 'sec_x', name: 'openai' }), cls: 3004 },
  { label: 'owner.create', event: adminEvent('owner.create', { kind: 'owner', id: 'own_x', name: 'alice@example.com' }), cls: 3004 },
  { label: 'team.create', event: adminEvent('team.create', { kind: 'team', id: 'team_x', name: 'payments' }), cls: 3004 },
  { label: 'admin_token.revoke', event: adminEvent('admin_token.revoke', { kind: 'admin_token', id: 'adm_y', name: 'ci' }), cls: 3004 },
  { label: 'kill.engage (all)', event: adminEvent('kill.engage', { kind: 'warden', id: '*' }, { data: { scope: 'all', reason: 'incident' } }), cls: 3004 },
  { label: 'vault.system_secret.create without target name', event: adminEvent('vault.system_secret.create', { kind: 'system_secret', id: 'credential-pepper' }, { actor: { kind: 'system', id: 'warden', name: 'warden' } }), cls: 3004 },
  { label: 'lifecycle event without target', event: adminEvent('agent.update', undefined), cls: 3004 },
  { label: 'monitor alert.raise', event: alertEvent('alert.raise', { alertId: 'alr_1', ruleId: 'exfil', title: 'Exfiltration after injection', severity: 'high', techniques: ['AML.T0051'], owasp: ['LLM01'], eventIds: ['evt_a', 'evt_b'], response: 'quarantine' }), cls: 2004 },
  { label: 'monitor alert.acknowledge', event: alertEvent('alert.acknowledge', { alertId: 'alr_1', ruleId: 'exfil', from: 'open', note: 'looking' }, admin), cls: 2004 },
  { label: 'monitor alert.resolve', event: alertEvent('alert.resolve', { alertId: 'alr_1', ruleId: 'exfil', from: 'acknowledged', reason: 'false positive' }, admin), cls: 2004 },
];

describe('OCSF mapping', () => {
  for (const c of CASES) {
    it(`maps ${c.label} to class ${c.cls} with every required attribute`, () => {
      const records = toOcsf(c.event);
      assert.equal(records[0]!.class_uid, c.cls);
      assert.equal(records.length, 1 + (c.findings ?? 0), 'one Detection Finding per triggered finding');
      records.forEach((r, i) => assertValid(r, `${c.label}[${i}]`));
      records.slice(1).forEach((r) => assert.equal(r.class_uid, 2004));
      // Every record can be matched to its place in the chain.
      for (const r of records) {
        const w = (r.unmapped as any).warden;
        assert.equal(w.event_id, c.event.id);
        assert.equal(w.seq, c.event.seq);
        assert.equal(w.hash, c.event.hash);
        assert.equal(r.time, c.event.ts);
      }
      assert.equal(records[0]!.metadata.uid, c.event.id);
      assert.equal(new Set(records.map((r) => r.metadata.uid)).size, records.length, 'metadata.uid unique per record');
    });
  }

  it('the validator itself catches a missing required attribute', () => {
    for (const c of CASES.slice(0, 12)) {
      const r = toOcsf(c.event)[0]!;
      for (const f of REQUIRED[r.class_uid]!) {
        const copy = JSON.parse(JSON.stringify(r));
        const parts = f.split('.');
        const parent = parts.length > 1 ? get(copy, parts.slice(0, -1).join('.')) : copy;
        delete (parent as Record<string, unknown>)[parts.at(-1)!];
        assert.throws(() => assertValid(copy, 'mutated'), assert.AssertionError, `removing ${f} must fail validation`);
      }
    }
  });

  it('maps a denied call to status Failure, action Denied, disposition Blocked, with the highest severity', () => {
    const [api, f1, f2] = toOcsf(CASES[3]!.event);
    assert.equal(api!.status_id, 2);
    assert.equal(api!.status, 'Failure');
    assert.equal(api!.action_id, 2);
    assert.equal(api!.disposition_id, 2);
    assert.equal(api!.severity_id, 5, 'the critical finding sets the severity');
    assert.equal(api!.status_code, '403');
    assert.deepEqual((api!.metadata as any).profiles, ['security_control']);
    assert.equal((api!.api as any).operation, 'tool.call');
    assert.equal((api!.src_endpoint as any).ip, '10.0.0.7');
    assert.equal((api!.actor as any).user.uid, 'agt_01hzzzzzzzzzzzzzzzzzzzzzzz');
    assert.equal((api!.actor as any).user.credential_uid, 'key_01hzzzzzzzzzzzzzzzzzzzzzzz');
    assert.equal((api!.actor as any).session.uid, 'sess-1');
    assert.equal((api!.metadata as any).correlation_uid, 'trace-1');
    assert.ok((api!.resources as any[]).some((r) => r.type === 'mcp_tool' && r.name === 'github/delete_repo'));
    assert.equal(f1!.severity_id, 4);
    assert.equal(f2!.severity_id, 5);
    assert.equal((f1!.finding_info as any).title, 'injection: prompt_injection');
    assert.equal((f1!.finding_info as any).related_events[0].uid, api!.metadata.uid);
    assert.equal(f1!.confidence_score, 93);
    assert.equal(f1!.is_alert, true);
    assert.equal(f1!.disposition_id, 2);
    assert.equal((f1!.unmapped as any).warden.decision.effect, 'deny');
  });

  it('maps an allowed call to Success/Allowed at Informational, with tokens and latency', () => {
    const [r] = toOcsf(CASES[1]!.event);
    assert.equal(r!.status_id, 1);
    assert.equal(r!.action_id, 1);
    assert.equal(r!.disposition_id, 1);
    assert.equal(r!.severity_id, 1);
    assert.equal(r!.duration, 800);
    assert.deepEqual((r!.unmapped as any).warden.tokens, { input: 5, output: 400 });
    assert.equal((r!.unmapped as any).warden.cost_usd, 0.01);
  });

  it('maps lifecycle verbs to Entity Management activities', () => {
    const act = (action: string) => toOcsf(adminEvent(action, { kind: 'agent', id: 'agt_x' }))[0]!;
    assert.equal(act('agent.create').activity_id, 1);
    assert.equal(act('agent.update').activity_id, 3);
    assert.equal(act('key.rotate').activity_id, 3);
    assert.equal(act('secret.delete').activity_id, 4);
    assert.equal(act('key.revoke').activity_id, 9);
    assert.equal(act('agent.quarantine').activity_id, 12);
    assert.equal(act('agent.activate').activity_id, 13);
    assert.equal(act('kill.engage').activity_id, 12);
    assert.equal(act('kill.lift').activity_id, 13);
    assert.ok(act('kill.engage').severity_id >= 4, 'an engaged kill switch is High');
    const owner = toOcsf(CASES[14]!.event)[0]!;
    assert.equal((owner.entity as any).type_id, 2);
    assert.equal((owner.entity as any).user.name, 'alice@example.com');
    const team = toOcsf(CASES[15]!.event)[0]!;
    assert.equal((team.entity as any).type_id, 3);
    const q = toOcsf(CASES[9]!.event)[0]!;
    assert.equal(q.comment, 'exfil');
    assert.deepEqual((q.entity as any).data, { reason: 'exfil' });
  });

  it('maps the monitor\'s alert events to Detection Findings that follow the alert from New to Resolved', () => {
    const [raised] = toOcsf(CASES.find((c) => c.label === 'monitor alert.raise')!.event);
    const [acked] = toOcsf(CASES.find((c) => c.label === 'monitor alert.acknowledge')!.event);
    const [resolved] = toOcsf(CASES.find((c) => c.label === 'monitor alert.resolve')!.event);
    for (const r of [raised!, acked!, resolved!]) assert.equal((r.finding_info as any).uid, 'alr_1', 'one finding, followed through its stages');
    assert.deepEqual([raised!.activity_id, acked!.activity_id, resolved!.activity_id], [1, 2, 3]);
    assert.deepEqual([raised!.status_id, acked!.status_id, resolved!.status_id], [1, 2, 4]);
    assert.equal(raised!.severity_id, 4);
    assert.equal(raised!.is_alert, true);
    assert.equal((raised!.finding_info as any).title, 'Exfiltration after injection');
    assert.deepEqual((raised!.finding_info as any).attacks, [{ technique: { uid: 'AML.T0051' } }]);
    assert.deepEqual((raised!.finding_info as any).related_events.map((e: any) => e.uid), ['evt_a', 'evt_b']);
    assert.equal((raised!.unmapped as any).warden.response, 'quarantine');
    assert.equal(acked!.comment, 'looking');
    assert.equal(resolved!.comment, 'false positive');
    assert.equal((acked!.actor as any).user.type, 'Admin');
  });

  it('maps a monitor alert to a Detection Finding with techniques and related events', () => {
    const r = alertToOcsf({
      id: 'alr_1',
      ruleId: 'exfil-after-injection',
      title: 'Injection followed by outbound upload',
      severity: 'critical',
      agentId: 'agt_x',
      sessionId: 'sess-9',
      eventIds: ['evt_1', 'evt_2'],
      techniques: ['AML.T0051', 'T1567'],
      owasp: ['LLM01'],
      ts: Date.parse('2026-11-21T12:00:00Z'),
      response: 'quarantine',
    });
    assertValid(r, 'alert');
    assert.equal(r.class_uid, 2004);
    assert.equal(r.severity_id, 5);
    assert.equal(r.is_alert, true);
    assert.equal(r.metadata.uid, 'alr_1');
    const fi = r.finding_info as any;
    assert.equal(fi.uid, 'alr_1');
    assert.equal(fi.analytic.uid, 'exfil-after-injection');
    assert.deepEqual(fi.attacks.map((a: any) => a.technique.uid), ['AML.T0051', 'T1567']);
    assert.deepEqual(fi.related_events.map((e: any) => e.uid), ['evt_1', 'evt_2']);
    assert.deepEqual(fi.types, ['OWASP LLM01']);
    assert.equal((r.unmapped as any).warden.response, 'quarantine');
  });
});
