import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/stores.js';
import { cliFor, failed, ok, okJson, show } from '../cli/run.js';
import { startMonitorWarden, type MonitorWarden } from './helpers.js';

const MIN = 60_000;
const RULES = {
  'alerts.yaml': [
    `id: noisy\ntitle: Noisy tool call\ndescription: A test rule.\nseverity: medium\ntags: [AML.T0053, LLM06:2025, ASI02, team-x]\nmatch: event.action == 'test.noisy'\ndedup: {fields: [agent], window: 10m}\n`,
    `id: loud\ntitle: Loud tool call\nseverity: critical\nmatch: event.action == 'test.loud'\n`,
    `id: burst\ntitle: Burst\nseverity: low\nmatch: event.action == 'test.burst'\ncorrelate: {type: count, group_by: [agent], window: 1m, threshold: 2}\n`,
    `id: fresh-tool\ntitle: New tool\nseverity: info\nmatch: event.phase == 'tool.call'\ncorrelate: {type: new_value, group_by: [agent], field: resource.tool}\n`,
  ].join('---\n'),
};

for (const d of DIALECTS) {
  describe(`alerts over the admin API (${d.name})`, () => {
    let w: MonitorWarden;
    const noisy = (agentId: string) => w.inject({ phase: 'tool.call', action: 'test.noisy', agentId, sessionId: 'ses_n' });

    before(async () => {
      w = await startMonitorWarden({ dialect: d.name, rules: RULES });
    });
    after(() => w.close());

    it('raises an alert with its rule, tags, agent, session and events; audited as alert.raise', async () => {
      const e = await noisy('agt_one');
      const [a] = await w.alerts('rule=noisy');
      assert.match(a.id, /^alr_[0-9a-z]{26}$/);
      assert.equal(a.status, 'open');
      assert.equal(a.severity, 'medium');
      assert.equal(a.title, 'Noisy tool call');
      assert.equal(a.description, 'A test rule.');
      assert.deepEqual(a.atlas, ['AML.T0053']);
      assert.deepEqual(a.owasp, ['LLM06:2025', 'ASI02']);
      assert.deepEqual(a.tags, ['AML.T0053', 'LLM06:2025', 'ASI02', 'team-x']);
      assert.equal(a.agentId, 'agt_one');
      assert.equal(a.sessionId, 'ses_n');
      assert.equal(a.credentialId, 'key_test');
      assert.deepEqual(a.events, [{ id: e.id, seq: e.seq, ts: e.ts }]);
      assert.equal(a.firstSeen, e.ts);
      assert.equal(a.lastSeen, e.ts);
      assert.equal(a.count, 1);
      const shown = await w.admin('GET', `/alerts/${a.id}`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body.alert, a);
      const [raise] = (await w.events('alert.raise')).filter((x: any) => x.target.id === a.id);
      assert.equal(raise.phase, 'admin');
      assert.deepEqual(raise.actor, { kind: 'system', id: 'monitor', name: 'monitor' });
      assert.equal(raise.agentId, 'agt_one');
      assert.deepEqual(raise.data.eventIds, [e.id]);
      assert.deepEqual(raise.data.techniques, ['AML.T0053']);
      assert.equal(raise.data.severity, 'medium');
    });

    it('dedup: the same rule and key increments the open alert; another key or a lapsed window opens a new one', async () => {
      w.clock.advance(MIN);
      const e2 = await noisy('agt_one');
      let list = await w.alerts('rule=noisy');
      assert.equal(list.length, 1);
      assert.equal(list[0].count, 2);
      assert.equal(list[0].eventsTotal, 2);
      assert.equal(list[0].lastSeen, e2.ts);
      assert.equal(list[0].events[1].id, e2.id);
      await noisy('agt_two');
      list = await w.alerts('rule=noisy');
      assert.equal(list.length, 2);
      w.clock.advance(11 * MIN);
      await noisy('agt_one');
      list = await w.alerts('rule=noisy&agent=agt_one');
      assert.equal(list.length, 2, 'more than 10 minutes after the last one: a new alert');
      assert.equal((await w.events('alert.raise')).filter((x: any) => x.data.ruleId === 'noisy').length, 3, 'increments are not raises');
    });

    it('correlated alerts carry the group and value; new_value alerts are confirmed against the store', async () => {
      await w.inject({ phase: 'tool.call', action: 'test.burst', agentId: 'agt_b' });
      await w.inject({ phase: 'tool.call', action: 'test.burst', agentId: 'agt_b' });
      const [b] = await w.alerts('rule=burst');
      assert.deepEqual(b.group, { agent: 'agt_b' });
      assert.equal(b.value, 2);
      assert.equal(b.eventsTotal, 2);
      await w.inject({ phase: 'tool.call', action: 'tool.call', agentId: 'agt_t', resource: { tool: 'search' } });
      await w.inject({ phase: 'tool.call', action: 'tool.call', agentId: 'agt_t', resource: { tool: 'search' } });
      assert.equal((await w.alerts('rule=fresh-tool&agent=agt_t')).length, 1);
    });

    it('filters: status, severity (comma-separated), agent, rule; pages newest first', async () => {
      await w.inject({ phase: 'tool.call', action: 'test.loud', agentId: 'agt_one' });
      assert.deepEqual((await w.alerts('severity=critical')).map((a: any) => a.ruleId), ['loud']);
      assert.equal((await w.alerts('severity=critical,medium')).length, 4);
      assert.equal((await w.alerts('agent=agt_two')).length, 1);
      const all = await w.alerts();
      assert.ok(all.length >= 6);
      assert.deepEqual([...all].sort((a: any, b: any) => (a.id < b.id ? 1 : -1)).map((a: any) => a.id), all.map((a: any) => a.id), 'newest first');
      const p1 = await w.admin('GET', '/alerts?limit=2');
      assert.equal(p1.body.alerts.length, 2);
      const p2 = await w.admin('GET', `/alerts?limit=2&before=${p1.body.next}`);
      assert.deepEqual(p2.body.alerts.map((a: any) => a.id), all.slice(2, 4).map((a: any) => a.id));
      const bad = await w.admin('GET', '/alerts?status=closed&severity=urgent');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'request.invalid');
      assert.deepEqual(bad.body.error.details.problems.map((p: any) => p.field).sort(), ['severity', 'status']);
      const missing = await w.admin('GET', '/alerts/alr_00000000000000000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'alert.not_found');
    });

    it('lifecycle: open → acknowledged → resolved, each audited; wrong transitions are 409s', async () => {
      const [a] = await w.alerts('rule=loud');
      const ack = await w.admin('POST', `/alerts/${a.id}/acknowledge`, { note: 'looking' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.equal(ack.body.alert.status, 'acknowledged');
      assert.equal(ack.body.alert.note, 'looking');
      assert.match(ack.body.alert.acknowledgedBy, /^bootstrap \(adm_\w+\)$/);
      assert.equal((await w.admin('POST', `/alerts/${a.id}/acknowledge`, {})).body.error.code, 'alert.already_acknowledged');
      // New matches still fold into an acknowledged alert.
      await w.inject({ phase: 'tool.call', action: 'test.loud', agentId: 'agt_one' });
      const folded = (await w.admin('GET', `/alerts/${a.id}`)).body.alert;
      assert.equal(folded.count, 2);
      assert.equal(folded.status, 'acknowledged');
      assert.deepEqual((await w.alerts('status=unresolved&rule=loud')).map((x: any) => x.id), [a.id]);

      const noReason = await w.admin('POST', `/alerts/${a.id}/resolve`, {});
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.error.code, 'request.invalid');
      const res = await w.admin('POST', `/alerts/${a.id}/resolve`, { reason: 'false positive: load test' });
      assert.equal(res.status, 200);
      assert.equal(res.body.alert.status, 'resolved');
      assert.equal(res.body.alert.resolution, 'false positive: load test');
      assert.equal((await w.admin('POST', `/alerts/${a.id}/resolve`, { reason: 'x' })).body.error.code, 'alert.already_resolved');
      const late = await w.admin('POST', `/alerts/${a.id}/acknowledge`, {});
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'alert.resolved');
      // After resolution, a new match opens a new alert.
      await w.inject({ phase: 'tool.call', action: 'test.loud', agentId: 'agt_one' });
      const loud = await w.alerts('rule=loud');
      assert.equal(loud.length, 2);
      assert.equal(loud[0].status, 'open');
      assert.equal((await w.alerts('status=resolved')).length, 1);

      const [ackEv] = await w.events('alert.acknowledge');
      assert.equal(ackEv.actor.kind, 'admin');
      assert.equal(ackEv.target.id, a.id);
      assert.equal(ackEv.data.note, 'looking');
      const [resEv] = await w.events('alert.resolve');
      assert.equal(resEv.data.reason, 'false positive: load test');
      assert.equal(resEv.data.from, 'acknowledged');
      // Exported as OCSF Detection Findings, these need the alert's own severity and title.
      for (const e of [ackEv, resEv]) assert.deepEqual([e.data.severity, e.data.title], [a.severity, a.title]);
    });

    it('permissions: auditors read alerts but cannot change them; viewers cannot read them', async () => {
      const token = async (role: string) => (await w.admin('POST', '/admin-tokens', { name: `t-${role}`, role })).body.secret as string;
      const auditor = await token('auditor');
      const viewer = await token('viewer');
      const operator = await token('operator');
      const [a] = await w.alerts('rule=noisy');
      assert.equal((await w.admin('GET', '/alerts', undefined, auditor)).status, 200);
      assert.equal((await w.admin('GET', `/alerts/${a.id}`, undefined, auditor)).status, 200);
      assert.equal((await w.admin('GET', '/monitor/rules', undefined, auditor)).status, 200);
      const denied = await w.admin('POST', `/alerts/${a.id}/acknowledge`, {}, auditor);
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, 'admin.forbidden');
      assert.equal((await w.admin('GET', '/alerts', undefined, viewer)).status, 403);
      assert.equal((await w.admin('POST', `/alerts/${a.id}/acknowledge`, {}, operator)).status, 200);
    });
  });
}

describe('warden alerts (CLI)', () => {
  let w: MonitorWarden;
  let cli: ReturnType<typeof cliFor>;
  before(async () => {
    w = await startMonitorWarden({ rules: RULES });
    cli = cliFor(w);
    await w.inject({ phase: 'tool.call', action: 'test.noisy', agentId: 'agt_cli', sessionId: 'ses_cli' });
    await w.inject({ phase: 'tool.call', action: 'test.loud', agentId: 'agt_cli' });
  });
  after(() => w.close());

  it('list, show, ack, resolve; --json; exit codes 0, 1 and 2', async () => {
    const listed = okJson(await cli(['alerts', 'list', '--json']));
    assert.equal(listed.alerts.length, 2);
    const human = ok(await cli(['alerts', 'list', '--severity', 'critical']));
    assert.match(human.stdout, /^ID\s+SEVERITY\s+STATUS\s+RULE\s+AGENT\s+COUNT\s+LAST SEEN\s+TITLE$/m, show(human));
    assert.match(human.stdout, /^alr_\w+\s+critical\s+open\s+loud\s+agt_cli\s+1\s+\S+\s+Loud tool call$/m, show(human));
    assert.doesNotMatch(human.stdout, /noisy/);

    const id = listed.alerts.find((a: any) => a.ruleId === 'noisy').id;
    const shown = ok(await cli(['alerts', 'show', id]));
    assert.match(shown.stdout, new RegExp(`^alert +${id}$`, 'm'), show(shown));
    assert.match(shown.stdout, /^rule +noisy — Noisy tool call$/m);
    assert.match(shown.stdout, /^atlas +AML\.T0053$/m);
    assert.match(shown.stdout, /^owasp +LLM06:2025, ASI02$/m);
    assert.match(shown.stdout, /^agent +agt_cli +session ses_cli/m);

    assert.match(ok(await cli(['alerts', 'ack', id, '--note', 'on it'])).stdout, new RegExp(`^Alert ${id} acknowledged\\.$`, 'm'));
    failed(await cli(['alerts', 'ack', id]), 'alert.already_acknowledged', { hint: false });
    const resolved = okJson(await cli(['alerts', 'resolve', id, '--reason', 'benign', '--json']));
    assert.equal(resolved.alert.status, 'resolved');
    assert.equal(okJson(await cli(['alerts', 'list', '--status', 'resolved', '--json'])).alerts.length, 1);

    failed(await cli(['alerts', 'show', 'alr_nope']), 'alert.not_found');
    const usage = await cli(['alerts', 'resolve', id]);
    assert.equal(usage.code, 2, show(usage));
    assert.match(usage.stderr, /--reason/);
    const rules = ok(await cli(['alerts', 'rules']));
    assert.match(rules.stdout, /^noisy\s+medium\s+match\s+rules_dir\s+1\s+0/m, show(rules));
  });
});
