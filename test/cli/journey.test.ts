import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { cliFor, ok, okJson, show, whoami } from './run.js';

/** A new user's first session with the CLI, from an empty Warden to the kill switch. Steps depend on each other. */
describe('CLI journey: team, owner, agent, keys, rotation, revocation, decommission, kill switch', () => {
  let w: TestWarden;
  let cli: ReturnType<typeof cliFor>;
  const authenticates = async (key: string, agent = 'billing-bot') => {
    const r = await whoami(w.url, key);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.agent.name, agent);
    return r.body;
  };
  const refused = async (key: string, status: number, code: string) => {
    const r = await whoami(w.url, key);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.error.code, code);
  };

  before(async () => {
    w = await startWarden();
    cli = cliFor(w);
  });
  after(() => w.close());

  let key1: { id: string; secret: string };
  let key2: { id: string; secret: string };
  let key3: { id: string; secret: string };

  it('creates a team, an owner in it, and an agent with grants', async () => {
    const team = ok(await cli(['teams', 'create', 'payments', '--description', 'Payments team']));
    assert.match(team.stdout, /^Created team payments \(team_\w+\)\./);
    const owner = ok(await cli(['owners', 'create', 'alice@example.com', '--name', 'Alice', '--team', 'payments']));
    assert.match(owner.stdout, /^Created owner alice@example.com \(own_\w+\)\./);
    const agent = ok(
      await cli(['agents', 'create', 'billing-bot', '--owner', 'alice@example.com', '--purpose', 'pays invoices', '--env', 'prod', '--risk', 'high', '--grant-model', 'gpt-4o*', '--grant-model', 'claude-*', '--grant-server', 'github', '--grant-tool', 'github/list_issues']),
    );
    assert.match(agent.stdout, /^Created agent billing-bot \(agt_\w+\)\.\nIssue it a key with: warden keys create billing-bot/);
    const shown = ok(await cli(['agents', 'show', 'billing-bot']));
    assert.match(shown.stdout, /^status {5}active$/m, show(shown));
    assert.match(shown.stdout, /^models {5}gpt-4o\*, claude-\*$/m, show(shown));
    assert.match(shown.stdout, /^servers {4}github$/m, show(shown));
    assert.match(shown.stdout, /^tools {6}github\/list_issues$/m, show(shown));
    assert.match(shown.stdout, /^env\/risk {3}prod \/ high/m, show(shown));
    assert.match(shown.stdout, /^owner {6}own_\w+ {3}team team_\w+$/m, 'inherits the owner\'s team');
  });

  it('issues a key shown once; it authenticates at /v1/whoami', async () => {
    const r = okJson(await cli(['keys', 'create', 'billing-bot', '--name', 'host-1', '--json']));
    assert.match(r.secret, /^wdn_[0-9A-Za-z]{38}$/);
    key1 = { id: r.key.id, secret: r.secret };
    const me = await authenticates(key1.secret);
    assert.equal(me.credential.id, key1.id);
    const listed = ok(await cli(['keys', 'list', 'billing-bot']));
    assert.match(listed.stdout, new RegExp(`^${key1.id}\\s+host-1\\s+active\\s+…${key1.secret.slice(-4)}`, 'm'), show(listed));
    assert.equal(listed.stdout.includes(key1.secret), false, 'the list never shows a key');
  });

  it('rotates with --grace 1h: old and new key both work', async () => {
    const r = okJson(await cli(['keys', 'rotate', key1.id, '--grace', '1h', '--json']));
    key2 = { id: r.key.id, secret: r.secret };
    assert.equal(r.previous.id, key1.id);
    assert.notEqual(key2.secret, key1.secret);
    assert.equal((await authenticates(key1.secret)).credential.id, key1.id);
    assert.equal((await authenticates(key2.secret)).credential.id, key2.id);
    const prev = okJson(await cli(['keys', 'show', key1.id, '--json']));
    assert.equal(prev.key.rotatedTo, key2.id);
    const graceLeft = prev.key.expiresAt - Date.now();
    assert.ok(graceLeft > 55 * 60_000 && graceLeft <= 60 * 60_000, `old key ends in about an hour (${graceLeft} ms)`);
  });

  it('rotates the new key with --grace 0s: it stops at once (auth.key_rotated), its successor works', async () => {
    const r = ok(await cli(['keys', 'rotate', key2.id, '--grace', '0s']));
    const m = /^Rotated (key_\w+) → (key_\w+)\./.exec(r.stdout);
    assert.ok(m, show(r));
    assert.equal(m[1], key2.id);
    const secret = /^ {2}(wdn_[0-9A-Za-z]{38})$/m.exec(r.stdout)?.[1];
    assert.ok(secret, show(r));
    key3 = { id: m[2]!, secret };
    await refused(key2.secret, 401, 'auth.key_rotated');
    assert.equal((await authenticates(key3.secret)).credential.id, key3.id);
    await authenticates(key1.secret); // the first rotation's grace is untouched
  });

  it('revokes a key: it stops on the next request', async () => {
    const r = ok(await cli(['keys', 'revoke', key3.id, '--reason', 'laptop lost']));
    assert.equal(r.stdout, `Revoked ${key3.id}.\n`);
    await refused(key3.secret, 401, 'auth.key_revoked');
  });

  it('decommissions the agent: every key dies and is listed as revoked with --all', async () => {
    // Before: key1 is live (in its grace period), key2 ended by rotation, key3 revoked.
    const r = ok(await cli(['agents', 'decommission', 'billing-bot', '--reason', 'project ended']));
    assert.match(r.stdout, /^Agent billing-bot is now decommissioned\.\nRevoked \d+ key\(s\): /, show(r));
    assert.ok(r.stdout.includes(key1.id), `names the live key it revoked\n${show(r)}`);
    await refused(key1.secret, 401, 'auth.key_revoked');

    const [all, human] = await Promise.all([cli(['keys', 'list', 'billing-bot', '--all', '--json']), cli(['keys', 'list', 'billing-bot'])]);
    assert.match(ok(human).stdout, /^Agent billing-bot has no live keys\.$/m, show(human));
    const keys = okJson(all).keys as Array<{ id: string; state: string }>;
    assert.deepEqual(keys.map((k) => k.id).sort(), [key1.id, key2.id, key3.id].sort(), show(all));
    for (const k of keys) assert.equal(k.state, 'revoked', `${k.id} revoked`);
  });

  it('kill and revive by agent, by key and --all: /v1/whoami refused with auth.killed, then works again', async () => {
    ok(await cli(['agents', 'create', 'support-bot', '--owner', 'alice@example.com', '--grant-model', 'gpt-4o-mini']));
    const k = okJson(await cli(['keys', 'create', 'support-bot', '--json']));
    const key = k.secret as string;
    await authenticates(key, 'support-bot');

    for (const target of [['--agent', 'support-bot'], ['--key', k.key.id], ['--all']]) {
      const killed = ok(await cli(['kill', ...target, '--reason', `drill ${target[0]}`]));
      assert.match(killed.stdout, /^Kill switch kill_\w+ engaged for /, show(killed));
      if (target[0] === '--all') assert.match(killed.stdout, /ALL agents/);
      await refused(key, 403, 'auth.killed');
      const revived = ok(await cli(['revive', ...target, '--reason', 'drill over']));
      assert.match(revived.stdout, /^Kill switch kill_\w+ lifted\./, show(revived));
      await authenticates(key, 'support-bot');
    }
  });

  it('kill --list shows the history, newest first, with every switch lifted', async () => {
    const [human, json] = await Promise.all([cli(['kill', '--list']), cli(['kill', '--list', '--json'])]);
    const body = okJson(json);
    assert.deepEqual(body.active, []);
    assert.deepEqual(body.history.map((h: any) => h.scope), ['all', 'key', 'agent']);
    assert.ok(body.history.every((h: any) => h.liftedAt !== null));
    assert.deepEqual(body.history.map((h: any) => h.reason), ['drill --all', 'drill --key', 'drill --agent']);
    const lines = ok(human).stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+SCOPE\s+TARGET\s+ENGAGED\s+BY\s+LIFTED\s+REASON$/);
    assert.equal(lines.length, 4, show(human));
    assert.match(lines[1]!, /^kill_\w+\s+all\s+\*\s/);
    assert.doesNotMatch(human.stdout, /ENGAGED\s+drill/, 'none is still engaged');
  });

  it('the audit trail records the journey', async () => {
    const r = okJson(await cli(['audit', 'search', '--phase', 'admin', '--limit', '200', '--json']));
    const actions = new Set(r.events.map((e: any) => e.action));
    for (const a of ['team.create', 'owner.create', 'agent.create', 'key.issue', 'key.rotate', 'key.revoke', 'agent.decommission', 'kill.engage', 'kill.lift']) {
      assert.ok(actions.has(a), `audit has ${a} (has ${[...actions].join(', ')})`);
    }
  });
});
