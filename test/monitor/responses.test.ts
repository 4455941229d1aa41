import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMonitorWarden, type MonitorWarden } from './helpers.js';

const MIN = 60_000;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** A local webhook receiver: records requests; answers with `status`, or holds them while `gate` is set. */
async function receiver() {
  const received: Received[] = [];
  let status = 200;
  let gate: Promise<void> | null = null;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (c) => (text += c));
    req.on('end', async () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
      if (gate) await gate;
      res.writeHead(req.url?.startsWith('/fail') ? 500 : status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const rule = (id: string, action: string, response: string, extra = '') =>
  `id: ${id}\ntitle: ${id} fired\nseverity: high\ntags: [AML.T0053, ASI02]\nmatch: event.action == '${action}'\nresponse:\n${response}\n${extra}`;

describe('responses', () => {
  let w: MonitorWarden;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const agents: Record<string, string> = {};
  const keys: Record<string, { id: string; secret: string }> = {};
  const whoami = (key: string) => w.agent('/v1/whoami', key);
  const alertOf = async (ruleId: string) => {
    const list = await w.alerts(`rule=${ruleId}`);
    assert.ok(list.length > 0, `an alert for ${ruleId}`);
    return list[0];
  };

  before(async () => {
    hook = await receiver();
    w = await startMonitorWarden({
      rules: {
        'responses.yaml': [
          rule('r-quarantine', 'test.quarantine', '  - quarantine_agent', 'dedup: {window: 1m}\n'),
          rule('r-revoke', 'test.revoke', '  - revoke_key', 'dedup: {window: 1m}\n'),
          rule('r-hold', 'test.hold', '  - require_approval_session', 'dedup: {fields: [session]}\n'),
          rule('r-webhook', 'test.webhook', `  - webhook: {url: '${hook.url}/hook?token=s3cr3t', secret: hook-token}`),
          rule('r-webhook-fail', 'test.webhook_fail', `  - webhook: {url: '${hook.url}/fail', timeout: 2s}`),
          rule('r-webhook-slow', 'test.webhook_slow', `  - webhook: {url: '${hook.url}/slow', timeout: 10s}`),
          rule('r-kill-agent', 'test.kill_agent', '  - kill_agent', 'dedup: {window: 1m}\n'),
          rule('r-kill-all', 'test.kill_all', '  - kill_all\n  - quarantine_agent'),
          `id: r-watch-quarantine\ntitle: an agent was quarantined\nseverity: info\nmatch: event.action == 'agent.quarantine'\n`,
          `id: r-other\ntitle: other\nseverity: low\nmatch: event.action == 'test.other'\n`,
        ].join('---\n'),
      },
    });
    assert.equal((await w.admin('POST', '/owners', { handle: 'ops@example.com' })).status, 201);
    for (const name of ['q-bot', 'r-bot', 'k-bot', 'all-bot']) {
      const r = await w.admin('POST', '/agents', { name, owner: 'ops@example.com' });
      assert.equal(r.status, 201);
      agents[name] = r.body.agent.id;
      const k = await w.admin('POST', `/agents/${name}/keys`, {});
      keys[name] = { id: k.body.key.id, secret: k.body.secret };
    }
    assert.equal((await w.admin('POST', '/secrets', { name: 'hook-token', value: 'tok-123', kind: 'generic' })).status, 201);
  });
  after(async () => {
    await w.close();
    await hook.close();
  });

  it('quarantine_agent: quarantines once, audits response.quarantine_agent with the alert id; the monitor ignores its own change', async () => {
    const agentId = agents['q-bot']!;
    await w.inject({ phase: 'admin', action: 'test.quarantine', agentId });
    const a = await alertOf('r-quarantine');
    assert.deepEqual(a.responses.map((r: any) => [r.type, r.target, r.status]), [['quarantine_agent', agentId, 'done']]);
    assert.equal((await w.admin('GET', '/agents/q-bot')).body.agent.status, 'quarantined');
    assert.equal((await whoami(keys['q-bot']!.secret)).body.error.code, 'auth.agent_quarantined');
    const [resp] = await w.events('response.quarantine_agent');
    assert.equal(resp.data.alertId, a.id);
    assert.equal(resp.data.status, 'done');
    assert.equal(resp.actor.id, 'monitor');
    const [change] = await w.events('agent.quarantine');
    assert.equal(change.actor.id, 'monitor');
    assert.match(change.data.reason, new RegExp(`alert ${a.id}`));
    assert.equal((await w.alerts('rule=r-watch-quarantine')).length, 0, 'the monitor\'s own quarantine is not evaluated');

    // Idempotent: the same alert again does nothing more; a new alert finds the agent already quarantined.
    await w.inject({ phase: 'admin', action: 'test.quarantine', agentId });
    assert.equal((await alertOf('r-quarantine')).count, 2);
    assert.equal((await w.events('response.quarantine_agent')).length, 1);
    w.clock.advance(2 * MIN);
    await w.inject({ phase: 'admin', action: 'test.quarantine', agentId });
    const list = await w.alerts('rule=r-quarantine');
    assert.equal(list.length, 2, 'outside the dedup window: a new alert');
    assert.deepEqual(list[0].responses.map((r: any) => r.status), ['already']);
    assert.equal((await w.events('agent.quarantine')).length, 1, 'quarantined once');

    // An operator's quarantine is evaluated like any event.
    assert.equal((await w.admin('POST', '/agents/r-bot/quarantine', { reason: 'manual' })).status, 200);
    await w.warden.services.monitor.flush();
    assert.equal((await w.alerts('rule=r-watch-quarantine')).length, 1);
    assert.equal((await w.admin('POST', '/agents/r-bot/activate', { reason: 'back' })).status, 200);
  });

  it('revoke_key: revokes the credential the event names, once; an event without one is skipped', async () => {
    const key = keys['r-bot']!;
    assert.equal((await whoami(key.secret)).status, 200);
    await w.inject({ phase: 'llm.request', action: 'test.revoke', agentId: agents['r-bot'], actor: { kind: 'agent', id: agents['r-bot']!, credentialId: key.id, ip: '10.1.1.1' } });
    const a = await alertOf('r-revoke');
    assert.deepEqual(a.responses.map((r: any) => [r.type, r.target, r.status]), [['revoke_key', key.id, 'done']]);
    const r = await whoami(key.secret);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'auth.key_revoked');
    assert.equal((await w.admin('GET', `/keys/${key.id}`)).body.key.revokedBy, 'monitor');

    w.clock.advance(2 * MIN);
    await w.inject({ phase: 'llm.request', action: 'test.revoke', agentId: agents['r-bot'], actor: { kind: 'agent', id: agents['r-bot']!, credentialId: key.id } });
    assert.deepEqual((await w.alerts('rule=r-revoke'))[0].responses.map((x: any) => x.status), ['already']);
    w.clock.advance(2 * MIN);
    await w.inject({ phase: 'llm.request', action: 'test.revoke', agentId: 'agt_x', actor: { kind: 'agent', id: 'agt_x' } });
    const skipped = (await w.alerts('rule=r-revoke'))[0].responses[0];
    assert.deepEqual([skipped.status, skipped.target], ['skipped', null]);
    assert.match(skipped.detail, /names no credential/);
    const events = await w.events('response.revoke_key');
    assert.deepEqual(events.map((e: any) => [e.outcome, e.data.status]), [['success', 'done'], ['success', 'already'], ['failure', 'skipped']]);
  });

  it('require_approval_session: holds the session (isSessionHeld), once; resolving the alert releases it', async () => {
    const m = w.warden.services.monitor;
    assert.equal(m.isSessionHeld('ses_hold1'), false);
    await w.inject({ phase: 'tool.call', action: 'test.hold', sessionId: 'ses_hold1' });
    assert.equal(m.isSessionHeld('ses_hold1'), true);
    await w.inject({ phase: 'tool.call', action: 'test.hold', sessionId: 'ses_hold1' });
    const a = await alertOf('r-hold');
    assert.equal(a.count, 2);
    assert.deepEqual(a.responses.map((r: any) => [r.type, r.target, r.status]), [['require_approval_session', 'ses_hold1', 'done']]);
    assert.equal((await w.events('response.require_approval_session')).length, 1);
    const holds = await m.sessionHolds();
    assert.deepEqual(holds.map((h) => [h.sessionId, h.alertId]), [['ses_hold1', a.id]]);
    assert.equal(m.isSessionHeld('ses_other'), false);

    const res = await w.admin('POST', `/alerts/${a.id}/resolve`, { reason: 'reviewed the session' });
    assert.equal(res.status, 200);
    assert.equal(m.isSessionHeld('ses_hold1'), false);
    const [ev] = await w.events('alert.resolve');
    assert.deepEqual(ev.data.releasedSessions, ['ses_hold1']);
  });

  it('webhook: POSTs the alert JSON (with the vault secret as bearer) once per alert; the URL is audited without its query', async () => {
    await w.inject({ phase: 'tool.call', action: 'test.webhook', agentId: 'agt_hook', sessionId: 'ses_hook' });
    await w.inject({ phase: 'tool.call', action: 'test.webhook', agentId: 'agt_hook', sessionId: 'ses_hook' });
    const hits = hook.received.filter((r) => r.path.startsWith('/hook'));
    assert.equal(hits.length, 1, 'one POST per alert, not per increment');
    const h = hits[0]!;
    assert.equal(h.path, '/hook?token=s3cr3t');
    assert.equal(h.headers.authorization, 'Bearer tok-123');
    assert.equal(h.headers['content-type'], 'application/json');
    assert.equal(h.body.type, 'warden.alert');
    assert.equal(h.body.alert.ruleId, 'r-webhook');
    assert.equal(h.body.alert.agentId, 'agt_hook');
    assert.deepEqual(h.body.alert.atlas, ['AML.T0053']);
    assert.equal(h.body.trigger.action, 'test.webhook');
    assert.equal(h.headers['x-warden-alert-id'], h.body.alert.id);
    const a = await alertOf('r-webhook');
    assert.deepEqual(a.responses.map((r: any) => [r.type, r.target, r.status, r.detail]), [['webhook', `${hook.url}/hook`, 'done', 'HTTP 200']]);
    const [ev] = await w.events('response.webhook');
    assert.equal(ev.data.alertId, a.id);
    assert.equal(ev.target.id, `${hook.url}/hook`);
    assert.equal(JSON.stringify(await w.events('response.webhook')).includes('s3cr3t'), false);
    assert.equal(JSON.stringify(a).includes('tok-123'), false);
  });

  it('webhook failures are retried, then reported as failed (audited), without stopping anything', async () => {
    await w.inject({ phase: 'tool.call', action: 'test.webhook_fail' });
    assert.equal(hook.received.filter((r) => r.path === '/fail').length, 3, 'three attempts');
    const a = await alertOf('r-webhook-fail');
    assert.deepEqual(a.responses.map((r: any) => [r.status, r.detail]), [['failed', 'HTTP 500']]);
    const ev = (await w.events('response.webhook')).find((e: any) => e.data.alertId === a.id);
    assert.equal(ev.outcome, 'failure');
  });

  it('a slow webhook never blocks evaluation of later events', async () => {
    const release = hook.hold();
    const services = w.warden.services;
    await services.audit.record({ phase: 'tool.call', action: 'test.webhook_slow', outcome: 'success', actor: { kind: 'agent', id: 'agt_s' }, agentId: 'agt_s' });
    await services.audit.record({ phase: 'tool.call', action: 'test.other', outcome: 'success', actor: { kind: 'agent', id: 'agt_s' }, agentId: 'agt_s' });
    const deadline = Date.now() + 5000;
    while ((await w.alerts('rule=r-other')).length === 0) {
      assert.ok(Date.now() < deadline, 'the later event was evaluated while the webhook waits');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(hook.received.filter((r) => r.path === '/slow').length, 1);
    assert.deepEqual((await alertOf('r-webhook-slow')).responses.map((r: any) => r.status), ['pending']);
    release();
    await services.monitor.flush();
    assert.deepEqual((await alertOf('r-webhook-slow')).responses.map((r: any) => r.status), ['done']);
  });

  it('kill_agent: engages the agent\'s kill switch, once', async () => {
    const agentId = agents['k-bot']!;
    await w.inject({ phase: 'tool.call', action: 'test.kill_agent', agentId });
    assert.equal((await whoami(keys['k-bot']!.secret)).body.error.code, 'auth.killed');
    const kill = await w.admin('GET', '/kill');
    const sw = kill.body.active.find((k: any) => k.target === agentId);
    assert.equal(sw.createdBy, 'monitor');
    w.clock.advance(2 * MIN);
    await w.inject({ phase: 'tool.call', action: 'test.kill_agent', agentId });
    const list = await w.alerts('rule=r-kill-agent');
    assert.deepEqual(list.map((a: any) => a.responses[0].status), ['already', 'done']);
    assert.equal((await w.events('kill.engage')).length, 1);
    assert.equal((await w.admin('POST', '/revive', { scope: 'agent', target: agentId, reason: 'done' })).status, 200);
  });

  it('kill_all: stops every agent (several responses run in order)', async () => {
    assert.equal((await whoami(keys['all-bot']!.secret)).status, 200);
    await w.inject({ phase: 'tool.call', action: 'test.kill_all', agentId: agents['all-bot'] });
    assert.equal((await whoami(keys['all-bot']!.secret)).body.error.code, 'auth.killed');
    const a = await alertOf('r-kill-all');
    assert.deepEqual(a.responses.map((r: any) => [r.type, r.target, r.status]), [['kill_all', 'all', 'done'], ['quarantine_agent', agents['all-bot'], 'done']]);
    assert.equal((await w.admin('POST', '/revive', { scope: 'all', reason: 'incident over' })).status, 200);
    const stats = (await w.admin('GET', '/monitor/rules')).body.stats;
    assert.equal(stats.failures, 0, stats.lastError);
  });
});

describe('monitor state survives a restart', () => {
  const rules = {
    'r.yaml': [
      `id: hold-it\ntitle: hold\nseverity: high\nmatch: event.action == 'test.hold'\nresponse: [require_approval_session]\n`,
      `id: new-tool\ntitle: new tool\nseverity: low\nmatch: event.phase == 'tool.call'\ncorrelate: {type: new_value, group_by: [agent], field: resource.tool}\n`,
    ].join('---\n'),
  };
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'warden-monitor-restart-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('session holds and new_value seen-sets are persistent', async () => {
    let w = await startMonitorWarden({ rules, dataDir });
    await w.inject({ phase: 'tool.call', action: 'test.hold', sessionId: 'ses_persist', resource: { tool: 'send' } });
    assert.equal(w.warden.services.monitor.isSessionHeld('ses_persist'), true);
    assert.equal((await w.alerts('rule=new-tool')).length, 1);
    await w.close();

    w = await startMonitorWarden({ rules, dataDir });
    try {
      assert.equal(w.warden.services.monitor.isSessionHeld('ses_persist'), true, 'the hold is back after a restart');
      await w.inject({ phase: 'tool.call', action: 'tool.call', resource: { tool: 'send' } });
      assert.equal((await w.alerts('rule=new-tool')).length, 1, 'a tool seen before the restart is not new');
      await w.inject({ phase: 'tool.call', action: 'tool.call', resource: { tool: 'delete' } });
      assert.equal((await w.alerts('rule=new-tool')).length, 2);
      const [hold] = await w.alerts('rule=hold-it');
      assert.equal((await w.admin('POST', `/alerts/${hold.id}/resolve`, { reason: 'ok' })).status, 200);
      assert.equal(w.warden.services.monitor.isSessionHeld('ses_persist'), false);
    } finally {
      await w.close();
    }
  });
});
