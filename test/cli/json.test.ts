import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { cliFor, ok, okJson, show } from './run.js';

describe('--json output of list, show and create verbs', () => {
  let w: TestWarden;
  let cli: ReturnType<typeof cliFor>;
  const ids: Record<string, string> = {};

  before(async () => {
    w = await startWarden();
    cli = cliFor(w);
  });
  after(() => w.close());

  it('create verbs print the created object as JSON', async () => {
    const team = okJson(await cli(['teams', 'create', 'payments', '--description', 'pays things', '--json']));
    assert.equal(team.team.name, 'payments');
    assert.equal(team.team.description, 'pays things');
    const owner = okJson(await cli(['--json', 'owners', 'create', 'alice@example.com', '--name', 'Alice', '--team', 'payments']));
    assert.equal(owner.owner.handle, 'alice@example.com');
    assert.equal(owner.owner.teamId, team.team.id);
    const agent = okJson(
      await cli(['agents', 'create', 'billing-bot', '--owner', 'alice@example.com', '--risk', 'high', '--env', 'prod', '--grant-model', 'gpt-4o*,claude-*', '--grant-tool', 'github/list_issues', '--label', 'tier=gold', '--json']),
    );
    assert.equal(agent.agent.name, 'billing-bot');
    assert.deepEqual(agent.agent.grants, { models: ['gpt-4o*', 'claude-*'], servers: [], tools: ['github/list_issues'] });
    assert.deepEqual(agent.agent.labels, { tier: 'gold' });
    const key = okJson(await cli(['keys', 'create', 'billing-bot', '--name', 'host-1', '--ttl', '7d', '--model', 'gpt-4o*', '--json']));
    assert.match(key.secret, /^wdn_[0-9A-Za-z]{38}$/);
    assert.deepEqual(key.key.scopes.models, ['gpt-4o*']);
    const updated = okJson(await cli(['agents', 'update', 'billing-bot', '--purpose', 'pays invoices', '--json']));
    assert.equal(updated.agent.purpose, 'pays invoices');
    Object.assign(ids, { team: team.team.id, owner: owner.owner.id, agent: agent.agent.id, key: key.key.id });
  });

  it('list and show verbs print parseable JSON with the expected shape', async () => {
    const cases: Array<[string[], (body: any) => void]> = [
      [['teams', 'list'], (b) => assert.deepEqual(b.teams.map((t: any) => t.name), ['payments'])],
      [['teams', 'show', 'payments'], (b) => assert.equal(b.team.id, ids.team)],
      [['owners', 'list'], (b) => assert.deepEqual(b.owners.map((o: any) => o.handle), ['alice@example.com'])],
      [['owners', 'show', 'alice@example.com'], (b) => assert.equal(b.owner.id, ids.owner)],
      [['agents', 'list'], (b) => assert.deepEqual(b.agents.map((a: any) => a.name), ['billing-bot'])],
      [['agents', 'show', 'billing-bot'], (b) => assert.equal(b.agent.id, ids.agent)],
      [['keys', 'list', 'billing-bot'], (b) => assert.deepEqual(b.keys.map((k: any) => k.id), [ids.key])],
      [['keys', 'show', ids.key!], (b) => assert.equal(b.key.name, 'host-1')],
      [['admin', 'tokens', 'list'], (b) => assert.deepEqual(b.tokens.map((t: any) => t.role), ['admin'])],
      [['kill', '--list'], (b) => assert.deepEqual([b.active, b.history], [[], []])],
      [['signing-keys', 'list'], (b) => assert.ok(b.keys.length >= 1)],
      [['vault', 'status'], (b) => assert.ok(b.vault.primaryKid)],
      [['audit', 'search', '--action', 'agent.create'], (b) => assert.equal(b.events.length, 1)],
    ];
    const results = await Promise.all(cases.map(([args]) => cli([...args, '--json'])));
    cases.forEach(([, check], i) => {
      const r = results[i]!;
      const body = okJson(r);
      try {
        check(body);
      } catch (e) {
        assert.fail(`${(e as Error).message}\n${show(r)}`);
      }
    });
  });

  it('without --json the same verb prints a human table, not JSON', async () => {
    const agents = ok(await cli(['agents', 'list']));
    assert.match(agents.stdout, /^NAME\s+ID\s+STATUS\s+ENV\s+RISK\s+OWNER\s+MODELS\nbilling-bot\s+agt_\w+\s+active\s+prod\s+high\s/, show(agents));
    assert.throws(() => JSON.parse(agents.stdout));
  });
});
