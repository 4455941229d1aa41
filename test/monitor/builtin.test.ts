import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finding, startMonitorWarden, type MonitorWarden } from './helpers.js';

const MIN = 60_000;

/**
 * Every built-in rule, through a complete Warden: events recorded with audit.record as the gateway
 * records them, alerts read back through the admin API. Each rule has a case that fires and a
 * near miss that must not. Time is a manual clock, so windows are exact.
 */
describe('built-in rule pack', () => {
  let w: MonitorWarden;
  const count = async (rule: string, extra = '') => (await w.alerts(`rule=${rule}${extra}`)).length;

  before(async () => {
    w = await startMonitorWarden({ builtin: true });
    assert.equal((await w.admin('POST', '/owners', { handle: 'sec@example.com' })).status, 201);
  });
  after(() => w.close());

  it('loads at least ten built-in rules, each mapped to ATLAS and OWASP ids', async () => {
    const r = await w.admin('GET', '/monitor/rules');
    assert.equal(r.status, 200);
    assert.ok(r.body.rules.length >= 10, `${r.body.rules.length} rules`);
    for (const rule of r.body.rules) {
      assert.equal(rule.builtin, true);
      assert.ok(rule.tags.some((t: string) => /^(AML\.T\d{4}|LLM\d\d:2025|ASI\d\d)/.test(t)), `${rule.id} has framework tags`);
    }
  });

  it('lethal-trifecta: injected content then an external_comms tool call in the session; holds the session', async () => {
    await w.inject({ phase: 'tool.result', sessionId: 'ses_lt1', resource: { server: 'web', tool: 'fetch' }, findings: [finding('prompt_injection', 'instruction_override')] });
    w.clock.advance(2 * MIN);
    await w.inject({ phase: 'tool.call', sessionId: 'ses_lt1', resource: { server: 'mail', tool: 'send_email' }, data: { toolLabels: ['external_comms'] } });
    const [a] = await w.alerts('rule=lethal-trifecta');
    assert.ok(a, 'fires');
    assert.equal(a.severity, 'critical');
    assert.equal(a.sessionId, 'ses_lt1');
    assert.equal(a.eventsTotal, 2);
    assert.deepEqual(a.atlas.slice(0, 1), ['AML.T0051.001']);
    assert.ok(a.owasp.includes('LLM01:2025'));
    assert.equal(w.warden.services.monitor.isSessionHeld('ses_lt1'), true, 'require_approval_session');
    assert.equal(a.responses[0].type, 'require_approval_session');
    assert.equal(a.responses[0].status, 'done');
  });

  it('lethal-trifecta near misses: unlabelled tool, window passed, untriggered finding, order reversed', async () => {
    const before = await count('lethal-trifecta');
    // Unlabelled tool.
    await w.inject({ phase: 'tool.result', sessionId: 'ses_lt2', findings: [finding('prompt_injection', 'instruction_override')] });
    await w.inject({ phase: 'tool.call', sessionId: 'ses_lt2', resource: { server: 'gh', tool: 'list_issues' }, data: { toolLabels: ['read_only'] } });
    // Outside the 10 minute window.
    await w.inject({ phase: 'llm.request', sessionId: 'ses_lt3', findings: [finding('prompt_injection', 'instruction_override')] });
    w.clock.advance(10 * MIN + 1);
    await w.inject({ phase: 'tool.call', sessionId: 'ses_lt3', data: { toolLabels: ['destructive'] } });
    // A finding that did not trigger.
    await w.inject({ phase: 'tool.result', sessionId: 'ses_lt4', findings: [finding('prompt_injection', 'instruction_override', false)] });
    await w.inject({ phase: 'tool.call', sessionId: 'ses_lt4', data: { toolLabels: ['external_comms'] } });
    // The sensitive call came first.
    await w.inject({ phase: 'tool.call', sessionId: 'ses_lt5', data: { toolLabels: ['external_comms'] } });
    await w.inject({ phase: 'tool.result', sessionId: 'ses_lt5', findings: [finding('prompt_injection', 'instruction_override')] });
    assert.equal(await count('lethal-trifecta'), before);
    for (const s of ['ses_lt2', 'ses_lt3', 'ses_lt4', 'ses_lt5']) assert.equal(w.warden.services.monitor.isSessionHeld(s), false);
  });

  it('injection-then-tool-call: any tool call after injected content; not one before it', async () => {
    await w.inject({ phase: 'tool.call', sessionId: 'ses_it1', resource: { server: 'gh', tool: 'list_issues' } });
    await w.inject({ phase: 'tool.result', sessionId: 'ses_it1', findings: [finding('prompt_injection', 'instruction_override')] });
    assert.equal(await count('injection-then-tool-call', '&session=ses_it1'), 0, 'a call before the injection does not count');
    await w.inject({ phase: 'tool.call', sessionId: 'ses_it1', resource: { server: 'gh', tool: 'list_issues' } });
    assert.equal(await count('injection-then-tool-call', '&session=ses_it1'), 1);
  });

  it('deny-burst: ten denials by one agent within a minute; nine, or ten spread out, do not', async () => {
    const deny = (agentId: string) => w.inject({ phase: 'tool.call', agentId, outcome: 'denied', decision: { effect: 'deny', rules: [{ id: 'no-mail' }], policyVersion: 'v1' } });
    for (let i = 0; i < 9; i++) {
      await deny('agt_burst_near');
      w.clock.advance(1000);
    }
    w.clock.advance(2 * MIN);
    await deny('agt_burst_near');
    assert.equal(await count('deny-burst', '&agent=agt_burst_near'), 0);
    for (let i = 0; i < 10; i++) {
      await deny('agt_burst');
      w.clock.advance(5000);
    }
    const [a] = await w.alerts('rule=deny-burst&agent=agt_burst');
    assert.ok(a);
    assert.equal(a.eventsTotal, 10);
    assert.equal(a.value, 10);
    assert.deepEqual(a.group, { agent: 'agt_burst' });
  });

  it('secret-in-output: a secret in model output or tool arguments; not in a request, not untriggered', async () => {
    await w.inject({ phase: 'llm.request', agentId: 'agt_sec', findings: [finding('secrets', 'aws_access_key')] });
    await w.inject({ phase: 'llm.response', agentId: 'agt_sec', findings: [finding('secrets', 'aws_access_key', false)] });
    assert.equal(await count('secret-in-output', '&agent=agt_sec'), 0);
    await w.inject({ phase: 'llm.response', agentId: 'agt_sec', sessionId: 'ses_sec', findings: [finding('secrets', 'aws_access_key')] });
    await w.inject({ phase: 'tool.call', agentId: 'agt_sec', sessionId: 'ses_sec', findings: [finding('secrets', 'github_token')] });
    const list = await w.alerts('rule=secret-in-output&agent=agt_sec');
    assert.equal(list.length, 1, 'same agent and session: one alert');
    assert.equal(list[0].count, 2, 'incremented, not duplicated');
  });

  it('first-tool-use: once per agent and tool, persistent; a denied call is not a use', async () => {
    const call = (tool: string, outcome: 'success' | 'denied' = 'success') => w.inject({ phase: 'tool.call', agentId: 'agt_ftu', resource: { server: 'github', tool }, outcome });
    await call('delete_repo', 'denied');
    assert.equal(await count('first-tool-use', '&agent=agt_ftu'), 0);
    await call('list_issues');
    await call('list_issues');
    await call('create_issue');
    const list = await w.alerts('rule=first-tool-use&agent=agt_ftu');
    assert.equal(list.length, 2);
    assert.ok(list.every((a: any) => a.count === 1));
    assert.deepEqual(list.map((a: any) => a.group['agent']).sort(), ['agt_ftu', 'agt_ftu']);
  });

  it('jailbreak-repeat: three jailbreaks by one user in 10 minutes; spread out or without a user, no', async () => {
    const jb = (user?: string) => w.inject({ phase: 'llm.request', actor: { kind: 'agent', id: 'agt_jb', ...(user ? { onBehalfOf: user } : {}) }, agentId: 'agt_jb', findings: [finding('jailbreak', 'persona')] });
    await jb('near@example.com');
    await jb('near@example.com');
    w.clock.advance(11 * MIN);
    await jb('near@example.com');
    await jb();
    await jb();
    await jb();
    assert.equal(await count('jailbreak-repeat'), 0);
    await jb('mallory@example.com');
    w.clock.advance(4 * MIN);
    await jb('mallory@example.com');
    w.clock.advance(4 * MIN);
    await jb('mallory@example.com');
    const [a] = await w.alerts('rule=jailbreak-repeat');
    assert.ok(a);
    assert.deepEqual(a.group, { user: 'mallory@example.com' });
    assert.equal(a.userId, 'mallory@example.com');
  });

  it('quarantined-agent-retrying: five auth.agent_quarantined denials in 5 minutes; other refusals do not count', async () => {
    const refused = (code: string) => w.inject({ phase: 'llm.request', action: 'llm.chat', agentId: 'agt_q', outcome: 'denied', data: { code } });
    for (let i = 0; i < 5; i++) await refused('auth.key_revoked');
    assert.equal(await count('quarantined-agent-retrying'), 0);
    for (let i = 0; i < 5; i++) {
      await refused('auth.agent_quarantined');
      w.clock.advance(30_000);
    }
    assert.equal(await count('quarantined-agent-retrying', '&agent=agt_q'), 1);
  });

  it('key-new-address: the first address is the baseline; a second one alerts, once', async () => {
    const use = (key: string, ip: string) => w.inject({ phase: 'llm.request', actor: { kind: 'agent', id: 'agt_kna', credentialId: key, ip }, agentId: 'agt_kna' });
    await use('key_kna1', '192.0.2.10');
    await use('key_kna1', '192.0.2.10');
    await use('key_kna2', '192.0.2.99');
    assert.equal(await count('key-new-address'), 0, 'first addresses are baselines');
    await use('key_kna1', '198.51.100.7');
    await use('key_kna1', '198.51.100.7');
    const list = await w.alerts('rule=key-new-address');
    assert.equal(list.length, 1);
    assert.equal(list[0].credentialId, 'key_kna1');
    assert.deepEqual(list[0].group, { 'actor.credentialId': 'key_kna1' });
  });

  it('spend-spike: 50 USD within an hour for one agent; the same spread over more than an hour, no', async () => {
    const spend = (agentId: string, costUsd: number) => w.inject({ phase: 'llm.response', agentId, result: { status: 200, costUsd, tokens: { input: 1000, output: 1000 } } });
    await spend('agt_spend_near', 30);
    w.clock.advance(61 * MIN);
    await spend('agt_spend_near', 25);
    assert.equal(await count('spend-spike'), 0);
    await spend('agt_spend', 30);
    w.clock.advance(30 * MIN);
    await spend('agt_spend', 25.5);
    const [a] = await w.alerts('rule=spend-spike');
    assert.ok(a);
    assert.equal(a.agentId, 'agt_spend');
    assert.equal(a.value, 55.5);
  });

  it('kill-switch-engaged: an operator engaging the kill switch raises it; lifting does not', async () => {
    assert.equal((await w.admin('POST', '/agents', { name: 'kill-me', owner: 'sec@example.com' })).status, 201);
    assert.equal((await w.admin('POST', '/kill', { scope: 'agent', target: 'kill-me', reason: 'incident 42' })).status, 201);
    await w.warden.services.monitor.flush();
    assert.equal(await count('kill-switch-engaged'), 1);
    assert.equal((await w.admin('POST', '/revive', { scope: 'agent', target: 'kill-me', reason: 'fixed' })).status, 200);
    await w.warden.services.monitor.flush();
    assert.equal(await count('kill-switch-engaged'), 1);
  });

  it('admin-permission-denied-burst: five refusals of one admin token; four do not', async () => {
    const mk = async (name: string) => (await w.admin('POST', '/admin-tokens', { name, role: 'viewer' })).body.secret as string;
    const near = await mk('viewer-near');
    const prober = await mk('viewer-prober');
    for (let i = 0; i < 4; i++) assert.equal((await w.admin('POST', '/agents', { name: `x${i}`, owner: 'sec@example.com' }, near)).status, 403);
    await w.warden.services.monitor.flush();
    assert.equal(await count('admin-permission-denied-burst'), 0);
    for (let i = 0; i < 5; i++) assert.equal((await w.admin('POST', '/kill', { scope: 'all', reason: 'probe' }, prober)).status, 403);
    await w.warden.services.monitor.flush();
    assert.equal(await count('admin-permission-denied-burst'), 1);
  });

  it('token-exchange-refused-burst: ten refusals within 5 minutes; ones spread out do not', async () => {
    const refuse = () => w.inject({ phase: 'admin', action: 'token.exchange_refused', outcome: 'denied', actor: { kind: 'agent', id: null }, agentId: null, data: { code: 'token.untrusted_issuer' } });
    for (let i = 0; i < 9; i++) await refuse();
    w.clock.advance(6 * MIN);
    await refuse();
    assert.equal(await count('token-exchange-refused-burst'), 0);
    for (let i = 0; i < 9; i++) await refuse();
    assert.equal(await count('token-exchange-refused-burst'), 1);
  });

  it('sensitive-data-then-external-send: PII read, then an external_comms call; a non-external call does not', async () => {
    await w.inject({ phase: 'tool.result', sessionId: 'ses_pii1', findings: [finding('pii', 'email')] });
    await w.inject({ phase: 'tool.call', sessionId: 'ses_pii1', data: { toolLabels: ['write'] } });
    assert.equal(await count('sensitive-data-then-external-send'), 0);
    await w.inject({ phase: 'tool.call', sessionId: 'ses_pii1', data: { toolLabels: ['external_comms'] } });
    assert.equal(await count('sensitive-data-then-external-send'), 1);
  });

  it('each alert raised is an alert.raise audit event by the monitor, and the monitor ignores its own events', async () => {
    const raised = await w.events('alert.raise');
    const all = await w.alerts('limit=1000');
    assert.equal(raised.length, all.length);
    assert.ok(raised.every((e: any) => e.actor.kind === 'system' && e.actor.id === 'monitor' && e.phase === 'admin'));
    const r = await w.admin('GET', '/monitor/rules');
    assert.equal(r.body.stats.failures, 0, r.body.stats.lastError);
    for (const rule of r.body.rules) assert.equal(rule.stats.errors, 0, `${rule.id}: ${rule.stats.lastError}`);
  });
});
