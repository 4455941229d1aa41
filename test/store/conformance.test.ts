// Store conformance: one set of cases, run unchanged against every dialect in DIALECTS.
// Each dialect gets one store (opened in `before`); every case uses its own ids, so cases do not
// depend on each other except where a describe says so. Where a repository method reads the whole
// table (lists, history), results are narrowed to the case's id prefix, which keeps their order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, type TestStore } from '../helpers/stores.js';
import { MIGRATIONS, openStore } from '../../src/store/store.js';
import { repos, type Repos } from '../../src/store/repos/index.js';
import { AuditEventRepo } from '../../src/store/repos/audit-events.js';
import { AUDIT_COLUMNS } from '../../src/store/audit-pages.js';
import type { Agent } from '../../src/store/repos/agents.js';
import type { SecretVersion } from '../../src/store/repos/secrets.js';
import {
  FAR,
  MAX_MS,
  T0,
  adminToken,
  agent,
  assertForeignKeyViolation,
  assertUniqueViolation,
  auditEvent,
  credential,
  ids,
  killSwitch,
  owner,
  secret,
  secretVersion,
  team,
} from './fixtures.js';

/** Strings with the characters most likely to be mangled on the way through a driver. */
const UNICODE = {
  accents: 'Zoë Ångström ñandú',
  cjk: '支払いチーム',
  emoji: '🚀🔥👩‍💻',
  rtl: 'שלום',
  escapes: 'quote " backslash \\ tab \t newline \n end',
};


/** Unique chain positions for rows written by the transaction cases. */
let seqCounter = 100_000;
const nextSeq = () => ++seqCounter;

for (const d of DIALECTS) {
  describe(`store conformance (${d.name})`, () => {
    let t: TestStore;
    let r: Repos;

    before(async () => {
      t = await d.open();
      r = repos(t.store.db);
    });

    after(async () => {
      await t?.cleanup();
    });

    describe('teams', () => {
      it('inserts and gets by id and by name, exactly and case-sensitively', async () => {
        const tm = team('team_a', `payments ${UNICODE.emoji}`, { description: UNICODE.cjk, createdAt: T0, updatedAt: FAR });
        await r.teams.insert(tm);

        assert.deepEqual(await r.teams.get('team_a'), tm);
        assert.deepEqual(await r.teams.get(`payments ${UNICODE.emoji}`), tm);
        assert.equal(await r.teams.get('payments'), undefined);
        assert.equal(await r.teams.get('TEAM_A'), undefined);
        assert.equal(await r.teams.get('team_missing'), undefined);
      });

      it('lists in byte order of name', async () => {
        // Inserted shuffled; byte order puts upper case before lower case and "-" before letters.
        for (const [id, name] of [
          ['team_o1', 'beta'],
          ['team_o2', 'Alpha'],
          ['team_o3', 'ñandú'],
          ['team_o4', 'alpha'],
          ['team_o5', 'a-b'],
          ['team_o6', 'Zulu'],
        ] as const) {
          await r.teams.insert(team(id, name));
        }
        const names = (await r.teams.list()).filter((x) => x.id.startsWith('team_o')).map((x) => x.name);
        assert.deepEqual(names, ['Alpha', 'Zulu', 'a-b', 'alpha', 'beta', 'ñandú']);
      });

      it('update changes description and updatedAt only', async () => {
        await r.teams.insert(team('team_u', 'updatable', { description: 'old' }));
        await r.teams.update('team_u', { description: `new ${UNICODE.rtl}` }, FAR);
        assert.deepEqual(await r.teams.get('team_u'), team('team_u', 'updatable', { description: `new ${UNICODE.rtl}`, updatedAt: FAR }));

        await r.teams.update('team_u', {}, FAR + 1);
        assert.deepEqual(await r.teams.get('team_u'), team('team_u', 'updatable', { description: `new ${UNICODE.rtl}`, updatedAt: FAR + 1 }));
      });

      it('rejects a duplicate name or id as a unique violation', async () => {
        await r.teams.insert(team('team_dup', 'dup-team'));
        await assertUniqueViolation(r.teams.insert(team('team_dup2', 'dup-team')));
        await assertUniqueViolation(r.teams.insert(team('team_dup', 'another-name')));
        assert.equal(await r.teams.get('team_dup2'), undefined);
        assert.equal(await r.teams.get('another-name'), undefined);
      });
    });

    describe('owners', () => {
      before(async () => {
        await r.teams.insert(team('team_ow1', 'owners-one'));
        await r.teams.insert(team('team_ow2', 'owners-two'));
      });

      it('inserts and gets by id and by handle; nullable email and team are null', async () => {
        const plain = owner('own_1', 'alice');
        const full = owner('own_2', 'bob@example.com', { displayName: UNICODE.accents, email: 'bob@example.com', teamId: 'team_ow1', updatedAt: FAR });
        await r.owners.insert(plain);
        await r.owners.insert(full);

        assert.deepEqual(await r.owners.get('own_1'), plain);
        assert.deepEqual(await r.owners.get('alice'), plain);
        assert.deepEqual(await r.owners.get('own_2'), full);
        assert.deepEqual(await r.owners.get('bob@example.com'), full);
        assert.equal((await r.owners.get('own_1'))?.email, null);
        assert.equal((await r.owners.get('own_1'))?.teamId, null);
        assert.equal(await r.owners.get('Alice'), undefined);
      });

      it('lists in byte order of handle and filters by team', async () => {
        await r.teams.insert(team('team_ol1', 'owner-list-one'));
        await r.teams.insert(team('team_ol2', 'owner-list-two'));
        await r.owners.insert(owner('own_l1', 'zoe', { teamId: 'team_ol1' }));
        await r.owners.insert(owner('own_l2', 'Carl', { teamId: 'team_ol2' }));
        await r.owners.insert(owner('own_l3', 'ann', { teamId: 'team_ol1' }));
        await r.owners.insert(owner('own_l4', 'bea'));

        assert.deepEqual(
          (await r.owners.list()).filter((o) => o.id.startsWith('own_l')).map((o) => o.handle),
          ['Carl', 'ann', 'bea', 'zoe'],
        );
        assert.deepEqual(await r.owners.list({ teamId: 'team_ol1' }), [
          owner('own_l3', 'ann', { teamId: 'team_ol1' }),
          owner('own_l1', 'zoe', { teamId: 'team_ol1' }),
        ]);
        assert.deepEqual(ids(await r.owners.list({ teamId: 'team_ol2' })), ['own_l2']);
        assert.deepEqual(await r.owners.list({ teamId: 'team_nobody' }), []);
      });

      it('update patches only the given fields, to values or to null, and bumps updatedAt', async () => {
        await r.owners.insert(owner('own_u', 'updatable', { email: 'u@example.com', teamId: 'team_ow1' }));

        await r.owners.update('own_u', { email: null }, T0 + 1);
        assert.deepEqual(await r.owners.get('own_u'), owner('own_u', 'updatable', { email: null, teamId: 'team_ow1', updatedAt: T0 + 1 }));

        await r.owners.update('own_u', { displayName: UNICODE.cjk, teamId: 'team_ow2', email: 'new@example.com' }, FAR);
        assert.deepEqual(
          await r.owners.get('updatable'),
          owner('own_u', 'updatable', { displayName: UNICODE.cjk, email: 'new@example.com', teamId: 'team_ow2', updatedAt: FAR }),
        );

        await r.owners.update('own_u', { teamId: null }, FAR + 1);
        assert.equal((await r.owners.get('own_u'))?.teamId, null);
      });

      it('rejects a duplicate handle (unique) and an unknown team (foreign key)', async () => {
        await r.owners.insert(owner('own_dup', 'dup-owner'));
        await assertUniqueViolation(r.owners.insert(owner('own_dup2', 'dup-owner')));
        await assertForeignKeyViolation(r.owners.insert(owner('own_fk', 'fk-owner', { teamId: 'team_does_not_exist' })));
        await r.owners.insert(owner('own_fk_ok', 'fk-owner-ok'));
        await assertForeignKeyViolation(r.owners.update('own_fk_ok', { teamId: 'team_does_not_exist' }, T0));
        assert.equal(await r.owners.get('fk-owner'), undefined);
        assert.equal((await r.owners.get('own_fk_ok'))?.teamId, null);
      });
    });

    describe('agents', () => {
      before(async () => {
        await r.teams.insert(team('team_ag1', 'agents-one'));
        await r.teams.insert(team('team_ag2', 'agents-two'));
        await r.owners.insert(owner('own_ag1', 'agent-owner-1'));
      });

      it('inserts and gets by id and by name, round-tripping labels and grants with unicode', async () => {
        const a = agent('agt_rt', 'checkout-bot', 'own_ag1', {
          teamId: 'team_ag1',
          purpose: UNICODE.escapes,
          environment: 'staging',
          risk: 'high',
          autonomy: 'supervised',
          labels: {
            'app.kubernetes.io/name': 'checkout',
            owner: UNICODE.accents,
            team: UNICODE.cjk,
            emoji: UNICODE.emoji,
            rtl: UNICODE.rtl,
            escapes: UNICODE.escapes,
            empty: '',
          },
          grants: { models: ['gpt-4o', 'claude-3.5-sonnet'], servers: ['github', `jira-${UNICODE.accents}`], tools: ['github/create_issue', 'fs:read*', UNICODE.emoji] },
          source: 'config',
          createdAt: T0,
          updatedAt: FAR,
          quarantinedAt: null,
          decommissionedAt: MAX_MS,
        });
        await r.agents.insert(a);

        assert.deepEqual(await r.agents.get('agt_rt'), a);
        assert.deepEqual(await r.agents.get('checkout-bot'), a);
        assert.equal(await r.agents.get('Checkout-Bot'), undefined);
        assert.equal(await r.agents.get('agt_missing'), undefined);
      });

      it('round-trips empty and arbitrarily nested JSON unchanged', async () => {
        const empty = agent('agt_json0', 'json-empty', 'own_ag1');
        await r.agents.insert(empty);
        assert.deepEqual((await r.agents.get('agt_json0'))?.labels, {});
        assert.deepEqual((await r.agents.get('agt_json0'))?.grants, { models: [], servers: [], tools: [] });

        // The columns are JSON text: whatever the repository is given must come back identical.
        const nested = {
          models: ['m'],
          servers: [],
          tools: ['t'],
          extra: { deep: [1, 2.5, -3, 1e21, true, false, null, { x: UNICODE.emoji, y: [[], {}, [UNICODE.cjk]] }], 'key with spaces': { 'ü': 'ß' } },
        } as unknown as Agent['grants'];
        const labels = { nested: { a: { b: { c: UNICODE.rtl } } } } as unknown as Agent['labels'];
        await r.agents.insert(agent('agt_json1', 'json-nested', 'own_ag1', { grants: nested, labels }));
        const got = await r.agents.get('agt_json1');
        assert.deepEqual(got?.grants, nested);
        assert.deepEqual(got?.labels, labels);
      });

      describe('list', () => {
        before(async () => {
          await r.teams.insert(team('team_al1', 'agent-list-one'));
          await r.teams.insert(team('team_al2', 'agent-list-two'));
          await r.owners.insert(owner('own_al1', 'agent-list-owner-1'));
          await r.owners.insert(owner('own_al2', 'agent-list-owner-2'));
          // Inserted out of id order, so ordering has to come from the query.
          const rows: Array<[string, Partial<Agent>]> = [
            ['agt_l05', { ownerId: 'own_al1', teamId: 'team_al1', environment: 'prod', risk: 'high', status: 'active' }],
            ['agt_l02', { ownerId: 'own_al1', teamId: 'team_al2', environment: 'staging', risk: 'high', status: 'quarantined' }],
            ['agt_l07', { ownerId: 'own_al1', teamId: null, environment: 'staging', risk: 'low', status: 'active' }],
            ['agt_l01', { ownerId: 'own_al1', teamId: 'team_al1', environment: 'prod', risk: 'low', status: 'active' }],
            ['agt_l04', { ownerId: 'own_al2', teamId: 'team_al1', environment: 'dev', risk: 'medium', status: 'decommissioned' }],
            ['agt_l06', { ownerId: 'own_al2', teamId: 'team_al2', environment: 'prod', risk: 'low', status: 'quarantined' }],
            ['agt_l03', { ownerId: 'own_al2', teamId: null, environment: 'prod', risk: 'critical', status: 'active' }],
          ];
          for (const [id, over] of rows) await r.agents.insert(agent(id, `list-${id}`, over.ownerId!, over));
        });

        it('returns full rows in id order', async () => {
          const all = (await r.agents.list()).filter((a) => a.id.startsWith('agt_l'));
          assert.deepEqual(ids(all), ['agt_l01', 'agt_l02', 'agt_l03', 'agt_l04', 'agt_l05', 'agt_l06', 'agt_l07']);
          assert.deepEqual(
            all.find((a) => a.id === 'agt_l04'),
            agent('agt_l04', 'list-agt_l04', 'own_al2', { teamId: 'team_al1', environment: 'dev', risk: 'medium', status: 'decommissioned' }),
          );
        });

        it('filters by each field alone', async () => {
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al1' })), ['agt_l01', 'agt_l02', 'agt_l05', 'agt_l07']);
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al2' })), ['agt_l03', 'agt_l04', 'agt_l06']);
          assert.deepEqual(ids(await r.agents.list({ teamId: 'team_al1' })), ['agt_l01', 'agt_l04', 'agt_l05']);
          assert.deepEqual(ids(await r.agents.list({ teamId: 'team_al2' })), ['agt_l02', 'agt_l06']);
          assert.deepEqual(ids(await r.agents.list({ status: 'quarantined' }), 'agt_l'), ['agt_l02', 'agt_l06']);
          assert.deepEqual(ids(await r.agents.list({ status: 'decommissioned' }), 'agt_l'), ['agt_l04']);
          assert.deepEqual(ids(await r.agents.list({ environment: 'staging' }), 'agt_l'), ['agt_l02', 'agt_l07']);
          assert.deepEqual(ids(await r.agents.list({ environment: 'dev' }), 'agt_l'), ['agt_l04']);
          assert.deepEqual(ids(await r.agents.list({ risk: 'low' }), 'agt_l'), ['agt_l01', 'agt_l06', 'agt_l07']);
          assert.deepEqual(ids(await r.agents.list({ risk: 'critical' }), 'agt_l'), ['agt_l03']);
        });

        it('combines filters with AND', async () => {
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al1', status: 'active', environment: 'prod' })), ['agt_l01', 'agt_l05']);
          assert.deepEqual(ids(await r.agents.list({ teamId: 'team_al2', risk: 'low' })), ['agt_l06']);
          assert.deepEqual(
            ids(await r.agents.list({ ownerId: 'own_al1', teamId: 'team_al1', status: 'active', environment: 'prod', risk: 'high' })),
            ['agt_l05'],
          );
          assert.deepEqual(await r.agents.list({ ownerId: 'own_al1', risk: 'critical' }), []);
          assert.deepEqual(await r.agents.list({ ownerId: 'own_nobody' }), []);
        });

        it('pages by keyset (after, limit), also under a filter', async () => {
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al2', limit: 2 })), ['agt_l03', 'agt_l04']);
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al2', limit: 2, after: 'agt_l04' })), ['agt_l06']);
          assert.deepEqual(await r.agents.list({ ownerId: 'own_al2', limit: 2, after: 'agt_l06' }), []);
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al1', status: 'active', after: 'agt_l01' })), ['agt_l05', 'agt_l07']);
          // `after` need not be an existing id: it is a position in id order.
          assert.deepEqual(ids(await r.agents.list({ ownerId: 'own_al1', after: 'agt_l02x' })), ['agt_l05', 'agt_l07']);

          const paged: string[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await r.agents.list({ ownerId: 'own_al1', limit: 1, ...(cursor ? { after: cursor } : {}) });
            assert.ok(page.length <= 1);
            if (page.length === 0) break;
            paged.push(...ids(page));
            cursor = page[page.length - 1]!.id;
          }
          assert.deepEqual(paged, ids(await r.agents.list({ ownerId: 'own_al1' })));
        });
      });

      it('save writes every mutable field (including nulls) but never createdAt', async () => {
        const original = agent('agt_sv', 'saver', 'own_ag1', { teamId: 'team_ag1', labels: { a: '1' } });
        await r.agents.insert(original);

        const changed: Agent = {
          ...original,
          name: `saver-${UNICODE.accents}`,
          teamId: 'team_ag2',
          purpose: 'now does more',
          environment: 'dev',
          risk: 'critical',
          autonomy: 'autonomous',
          labels: { b: UNICODE.emoji },
          grants: { models: ['gpt-4o'], servers: ['github'], tools: ['github/*'] },
          status: 'quarantined',
          statusReason: `anomaly ${UNICODE.cjk}`,
          source: 'config',
          updatedAt: FAR,
          quarantinedAt: FAR,
          decommissionedAt: null,
          createdAt: 1, // must be ignored
        };
        await r.agents.save(changed);
        assert.deepEqual(await r.agents.get('agt_sv'), { ...changed, createdAt: T0 });
        assert.deepEqual(await r.agents.get(`saver-${UNICODE.accents}`), { ...changed, createdAt: T0 });
        assert.equal(await r.agents.get('saver'), undefined);

        await r.agents.save({ ...changed, teamId: null, statusReason: null, quarantinedAt: null, status: 'active', updatedAt: FAR + 1 });
        const back = await r.agents.get('agt_sv');
        assert.equal(back?.teamId, null);
        assert.equal(back?.statusReason, null);
        assert.equal(back?.quarantinedAt, null);
        assert.equal(back?.status, 'active');
        assert.equal(back?.updatedAt, FAR + 1);
      });

      it('rejects a duplicate name (unique) and an unknown owner or team (foreign key)', async () => {
        await r.agents.insert(agent('agt_dup', 'dup-agent', 'own_ag1'));
        await assertUniqueViolation(r.agents.insert(agent('agt_dup2', 'dup-agent', 'own_ag1')));
        await assertUniqueViolation(r.agents.insert(agent('agt_dup', 'dup-agent-other', 'own_ag1')));
        await assertForeignKeyViolation(r.agents.insert(agent('agt_fk1', 'fk-agent-1', 'own_does_not_exist')));
        await assertForeignKeyViolation(r.agents.insert(agent('agt_fk2', 'fk-agent-2', 'own_ag1', { teamId: 'team_does_not_exist' })));
        await assertForeignKeyViolation(r.agents.save({ ...agent('agt_dup', 'dup-agent', 'own_ag1'), ownerId: 'own_does_not_exist' }));
        assert.equal(await r.agents.get('agt_fk1'), undefined);
        assert.equal(await r.agents.get('agt_fk2'), undefined);
        assert.equal((await r.agents.get('agt_dup'))?.ownerId, 'own_ag1');
      });
    });

    describe('credentials', () => {
      before(async () => {
        await r.owners.insert(owner('own_cr', 'credential-owner'));
        for (const id of ['agt_cr1', 'agt_cr2', 'agt_cr3', 'agt_rv1', 'agt_rv2', 'agt_rv3']) {
          await r.agents.insert(agent(id, `cred-${id}`, 'own_cr'));
        }
      });

      it('inserts and gets by id and by hmac, round-tripping scopes and nullable columns', async () => {
        const c = credential('key_rt', 'agt_cr1', {
          name: `ci ${UNICODE.accents}`,
          scopes: { models: ['gpt-4o'], servers: [UNICODE.cjk], tools: ['github/create_issue', UNICODE.emoji] },
          createdAt: T0,
          expiresAt: MAX_MS,
        });
        await r.credentials.insert(c);
        assert.deepEqual(await r.credentials.get('key_rt'), c);
        assert.deepEqual(await r.credentials.getByHmac('hmac_key_rt'), c);
        assert.equal(await r.credentials.get('hmac_key_rt'), undefined);
        assert.equal(await r.credentials.getByHmac('key_rt'), undefined);

        const nested = { models: [], servers: [], tools: [], limits: { rpm: 60, burst: [1, 2, { x: null }] } } as unknown as typeof c.scopes;
        const n = credential('key_rt2', 'agt_cr1', { scopes: nested, rotatedFrom: 'key_rt', revokedAt: FAR, revokedBy: UNICODE.rtl, revokeReason: UNICODE.escapes, lastUsedAt: FAR, lastUsedIp: '203.0.113.7' });
        await r.credentials.insert(n);
        assert.deepEqual(await r.credentials.get('key_rt2'), n);
      });

      it('listByAgent returns only that agent, live ones unless includeRevoked, in id order', async () => {
        await r.credentials.insert(credential('key_l3', 'agt_cr2'));
        await r.credentials.insert(credential('key_l2', 'agt_cr2', { revokedAt: T0 + 1, revokedBy: 'admin:root', revokeReason: 'old' }));
        await r.credentials.insert(credential('key_l1', 'agt_cr2'));
        await r.credentials.insert(credential('key_l4', 'agt_cr3'));

        assert.deepEqual(ids(await r.credentials.listByAgent('agt_cr2')), ['key_l1', 'key_l3']);
        assert.deepEqual(ids(await r.credentials.listByAgent('agt_cr2', { includeRevoked: false })), ['key_l1', 'key_l3']);
        assert.deepEqual(ids(await r.credentials.listByAgent('agt_cr2', { includeRevoked: true })), ['key_l1', 'key_l2', 'key_l3']);
        assert.deepEqual(await r.credentials.listByAgent('agt_cr3'), [credential('key_l4', 'agt_cr3')]);
        assert.deepEqual(await r.credentials.listByAgent('agt_nobody', { includeRevoked: true }), []);
      });

      it('setRevoked records who, when and why, once', async () => {
        await r.credentials.insert(credential('key_rv', 'agt_cr1'));
        await r.credentials.setRevoked('key_rv', FAR, 'admin:alice', `leaked ${UNICODE.emoji}`);
        const expected = credential('key_rv', 'agt_cr1', { revokedAt: FAR, revokedBy: 'admin:alice', revokeReason: `leaked ${UNICODE.emoji}` });
        assert.deepEqual(await r.credentials.get('key_rv'), expected);

        await r.credentials.setRevoked('key_rv', FAR + 1, 'admin:bob', 'again');
        assert.deepEqual(await r.credentials.get('key_rv'), expected);
      });

      it('revokeAllForAgent revokes and returns exactly the live ids of that agent', async () => {
        await r.credentials.insert(credential('key_r3', 'agt_rv1'));
        await r.credentials.insert(credential('key_r1', 'agt_rv1'));
        await r.credentials.insert(credential('key_r4', 'agt_rv1', { revokedAt: T0, revokedBy: 'earlier', revokeReason: 'old' }));
        await r.credentials.insert(credential('key_r2', 'agt_rv1'));
        await r.credentials.insert(credential('key_r5', 'agt_rv2'));

        const revoked = await r.credentials.revokeAllForAgent('agt_rv1', FAR, 'kill:agent', 'compromised');
        assert.deepEqual([...revoked].sort(), ['key_r1', 'key_r2', 'key_r3']);
        for (const id of ['key_r1', 'key_r2', 'key_r3']) {
          assert.deepEqual(await r.credentials.get(id), credential(id, 'agt_rv1', { revokedAt: FAR, revokedBy: 'kill:agent', revokeReason: 'compromised' }));
        }
        // The already-revoked key keeps its original revocation; the other agent's key stays live.
        assert.deepEqual(await r.credentials.get('key_r4'), credential('key_r4', 'agt_rv1', { revokedAt: T0, revokedBy: 'earlier', revokeReason: 'old' }));
        assert.deepEqual(await r.credentials.get('key_r5'), credential('key_r5', 'agt_rv2'));
        assert.deepEqual(await r.credentials.listByAgent('agt_rv1'), []);

        assert.deepEqual(await r.credentials.revokeAllForAgent('agt_rv1', FAR + 1, 'kill:agent', 'again'), []);
        assert.deepEqual(await r.credentials.revokeAllForAgent('agt_rv3', FAR, 'kill:agent', 'no keys'), []);
        assert.equal((await r.credentials.get('key_r1'))?.revokedAt, FAR);
      });

      it('markRotated sets rotatedTo and the new expiry, and nothing else', async () => {
        const old = credential('key_m1', 'agt_cr1', { expiresAt: FAR });
        const successor = credential('key_m2', 'agt_cr1', { rotatedFrom: 'key_m1' });
        await r.credentials.insert(old);
        await r.credentials.insert(successor);
        await r.credentials.markRotated('key_m1', 'key_m2', T0 + 86_400_000);

        assert.deepEqual(await r.credentials.get('key_m1'), { ...old, rotatedTo: 'key_m2', expiresAt: T0 + 86_400_000 });
        assert.deepEqual(await r.credentials.get('key_m2'), successor);
        assert.deepEqual(ids(await r.credentials.listByAgent('agt_cr1')).filter((id) => id.startsWith('key_m')), ['key_m1', 'key_m2']);
      });

      it('touch records last use, including a null ip', async () => {
        await r.credentials.insert(credential('key_t', 'agt_cr1'));
        await r.credentials.touch('key_t', FAR, '2001:db8::1');
        assert.deepEqual(await r.credentials.get('key_t'), credential('key_t', 'agt_cr1', { lastUsedAt: FAR, lastUsedIp: '2001:db8::1' }));
        await r.credentials.touch('key_t', MAX_MS, null);
        assert.deepEqual(await r.credentials.get('key_t'), credential('key_t', 'agt_cr1', { lastUsedAt: MAX_MS, lastUsedIp: null }));
      });

      it('rejects a duplicate hmac or id (unique) and an unknown agent (foreign key)', async () => {
        await r.credentials.insert(credential('key_dup', 'agt_cr1'));
        await assertUniqueViolation(r.credentials.insert(credential('key_dup2', 'agt_cr1', { hmac: 'hmac_key_dup' })));
        await assertUniqueViolation(r.credentials.insert(credential('key_dup', 'agt_cr1', { hmac: 'hmac_other' })));
        await assertForeignKeyViolation(r.credentials.insert(credential('key_fk', 'agt_does_not_exist')));
        assert.equal(await r.credentials.get('key_dup2'), undefined);
        assert.equal(await r.credentials.getByHmac('hmac_other'), undefined);
        assert.equal(await r.credentials.get('key_fk'), undefined);
      });
    });

    describe('admin tokens', () => {
      it('inserts and gets by id and by hmac; lists in id order', async () => {
        const a = adminToken('adm_b', { name: UNICODE.accents, role: 'auditor', expiresAt: FAR, lastUsedAt: T0 + 5 });
        const b = adminToken('adm_a', { role: 'viewer' });
        const c = adminToken('adm_c', { role: 'operator', revokedAt: FAR });
        for (const tok of [a, b, c]) await r.adminTokens.insert(tok);

        assert.deepEqual(await r.adminTokens.get('adm_b'), a);
        assert.deepEqual(await r.adminTokens.getByHmac('hmac_adm_a'), b);
        assert.equal(await r.adminTokens.get('hmac_adm_a'), undefined);
        assert.equal(await r.adminTokens.getByHmac('adm_a'), undefined);
        assert.deepEqual((await r.adminTokens.list()).filter((x) => ['adm_a', 'adm_b', 'adm_c'].includes(x.id)), [b, a, c]);
      });

      it('countLive counts a number, excluding expired (at or before now) and revoked tokens', async () => {
        const now = T0 + 1_000_000;
        const base = await r.adminTokens.countLive(now);
        const baseLater = await r.adminTokens.countLive(now + 1);
        assert.equal(typeof base, 'number');

        await r.adminTokens.insert(adminToken('adm_c1')); // no expiry: live
        await r.adminTokens.insert(adminToken('adm_c2', { expiresAt: now + 1 })); // live now, expired at now+1
        await r.adminTokens.insert(adminToken('adm_c3', { expiresAt: now })); // expires exactly now: not live
        await r.adminTokens.insert(adminToken('adm_c4', { expiresAt: now - 1 })); // expired
        await r.adminTokens.insert(adminToken('adm_c5', { revokedAt: now - 1 })); // revoked
        await r.adminTokens.insert(adminToken('adm_c6', { revokedAt: now - 1, expiresAt: FAR })); // revoked

        assert.equal(await r.adminTokens.countLive(now), base + 2);
        assert.equal(await r.adminTokens.countLive(now + 1), baseLater + 1);

        await r.adminTokens.setRevoked('adm_c1', now);
        assert.equal(await r.adminTokens.countLive(now), base + 1);
      });

      it('setRevoked applies once; touch records last use', async () => {
        await r.adminTokens.insert(adminToken('adm_rv'));
        await r.adminTokens.setRevoked('adm_rv', FAR);
        await r.adminTokens.setRevoked('adm_rv', FAR + 1);
        assert.deepEqual(await r.adminTokens.get('adm_rv'), adminToken('adm_rv', { revokedAt: FAR }));

        await r.adminTokens.touch('adm_rv', MAX_MS);
        assert.deepEqual(await r.adminTokens.get('adm_rv'), adminToken('adm_rv', { revokedAt: FAR, lastUsedAt: MAX_MS }));
      });

      it('rejects a duplicate hmac or id as a unique violation', async () => {
        await r.adminTokens.insert(adminToken('adm_dup'));
        await assertUniqueViolation(r.adminTokens.insert(adminToken('adm_dup2', { hmac: 'hmac_adm_dup' })));
        await assertUniqueViolation(r.adminTokens.insert(adminToken('adm_dup', { hmac: 'hmac_fresh' })));
        assert.equal(await r.adminTokens.get('adm_dup2'), undefined);
      });
    });

    describe('secrets', () => {
      it('inserts and gets by id and by name; lists live secrets in name order', async () => {
        const s = secret('sec_rt', `openai ${UNICODE.cjk}`, { kind: 'mcp_token', description: UNICODE.escapes, currentVersion: 3, updatedAt: FAR });
        await r.secrets.insert(s);
        assert.deepEqual(await r.secrets.get('sec_rt'), s);
        assert.deepEqual(await r.secrets.get(`openai ${UNICODE.cjk}`), s);
        assert.equal(await r.secrets.get('openai'), undefined);

        await r.secrets.insert(secret('sec_ls1', 'ls-zeta'));
        await r.secrets.insert(secret('sec_ls2', 'ls-Alpha'));
        await r.secrets.insert(secret('sec_ls3', 'ls-alpha'));
        assert.deepEqual(ids(await r.secrets.list(), 'sec_ls'), ['sec_ls2', 'sec_ls3', 'sec_ls1']);
      });

      it('soft delete hides a secret from get and list unless includeDeleted', async () => {
        await r.secrets.insert(secret('sec_del', 'to-delete'));
        await r.secrets.update('sec_del', { deletedAt: FAR }, FAR);

        assert.equal(await r.secrets.get('sec_del'), undefined);
        assert.equal(await r.secrets.get('to-delete'), undefined);
        assert.equal(await r.secrets.get('sec_del', { includeDeleted: false }), undefined);
        assert.deepEqual(await r.secrets.get('sec_del', { includeDeleted: true }), secret('sec_del', 'to-delete', { deletedAt: FAR, updatedAt: FAR }));
        assert.deepEqual(await r.secrets.get('to-delete', { includeDeleted: true }), secret('sec_del', 'to-delete', { deletedAt: FAR, updatedAt: FAR }));
        assert.ok(!ids(await r.secrets.list()).includes('sec_del'));

        await r.secrets.update('sec_del', { deletedAt: null }, FAR + 1);
        assert.deepEqual(await r.secrets.get('sec_del'), secret('sec_del', 'to-delete', { updatedAt: FAR + 1 }));
        assert.ok(ids(await r.secrets.list()).includes('sec_del'));
      });

      it('update patches name, description and currentVersion, and bumps updatedAt', async () => {
        await r.secrets.insert(secret('sec_up', 'before-rename'));
        await r.secrets.update('sec_up', { name: `after-${UNICODE.emoji}`, description: 'described', currentVersion: 12 }, FAR);
        assert.deepEqual(await r.secrets.get('sec_up'), secret('sec_up', `after-${UNICODE.emoji}`, { description: 'described', currentVersion: 12, updatedAt: FAR }));
        assert.equal(await r.secrets.get('before-rename'), undefined);
      });

      it('versions come newest first; setRetireAt and setEnvelope touch one version only', async () => {
        await r.secrets.insert(secret('sec_v', 'versioned', { currentVersion: 3 }));
        await r.secrets.insert(secret('sec_v_other', 'versioned-other'));
        await r.secrets.insertVersion(secretVersion('sec_v', 2));
        await r.secrets.insertVersion(secretVersion('sec_v', 1, { retireAt: T0 + 10 }));
        await r.secrets.insertVersion(secretVersion('sec_v', 3, { createdAt: FAR }));
        await r.secrets.insertVersion(secretVersion('sec_v_other', 2));

        assert.deepEqual(await r.secrets.versions('sec_v'), [
          secretVersion('sec_v', 3, { createdAt: FAR }),
          secretVersion('sec_v', 2),
          secretVersion('sec_v', 1, { retireAt: T0 + 10 }),
        ]);
        assert.deepEqual(await r.secrets.versions('sec_missing'), []);

        await r.secrets.setRetireAt('sec_v', 2, FAR);
        assert.equal((await r.secrets.versions('sec_v')).find((v) => v.version === 2)?.retireAt, FAR);
        await r.secrets.setRetireAt('sec_v', 2, null);
        assert.equal((await r.secrets.versions('sec_v')).find((v) => v.version === 2)?.retireAt, null);

        await r.secrets.setEnvelope('sec_v', 1, `rewrapped ${UNICODE.escapes}`);
        assert.deepEqual(await r.secrets.versions('sec_v'), [
          secretVersion('sec_v', 3, { createdAt: FAR }),
          secretVersion('sec_v', 2),
          secretVersion('sec_v', 1, { retireAt: T0 + 10, envelope: `rewrapped ${UNICODE.escapes}` }),
        ]);
        assert.deepEqual(await r.secrets.versions('sec_v_other'), [secretVersion('sec_v_other', 2)]);
      });

      it('allVersions pages every version across secrets in (secretId, numeric version) order', async () => {
        // Versions past 9 check that ordering is numeric; inserts are shuffled across secrets.
        await r.secrets.insert(secret('sec_p_b', 'paged-b'));
        await r.secrets.insert(secret('sec_p_a', 'paged-a'));
        await r.secrets.insert(secret('sec_p_c', 'paged-c'));
        const plan: Array<[string, number]> = [
          ['sec_p_b', 2], ['sec_p_a', 10], ['sec_p_c', 1], ['sec_p_a', 2], ['sec_p_a', 9], ['sec_p_b', 1],
          ['sec_p_a', 1], ['sec_p_a', 11], ['sec_p_a', 3],
        ];
        for (const [id, v] of plan) await r.secrets.insertVersion(secretVersion(id, v));
        const expected = [
          ...[1, 2, 3, 9, 10, 11].map((v) => secretVersion('sec_p_a', v)),
          ...[1, 2].map((v) => secretVersion('sec_p_b', v)),
          secretVersion('sec_p_c', 1),
        ];

        const limit = 4;
        const everything: SecretVersion[] = [];
        let cursor: { secretId: string; version: number } | undefined;
        for (;;) {
          const page = await r.secrets.allVersions(cursor, limit);
          assert.ok(page.length <= limit);
          everything.push(...page);
          if (page.length < limit) break;
          const last = page[page.length - 1]!;
          cursor = { secretId: last.secretId, version: last.version };
        }
        const key = (v: SecretVersion) => `${v.secretId}#${v.version}`;
        assert.equal(new Set(everything.map(key)).size, everything.length, 'no version is returned twice');
        for (let i = 1; i < everything.length; i++) {
          const [p, c] = [everything[i - 1]!, everything[i]!];
          assert.ok(p.secretId < c.secretId || (p.secretId === c.secretId && p.version < c.version), `${key(p)} before ${key(c)}`);
        }
        assert.deepEqual(everything.filter((v) => v.secretId.startsWith('sec_p_')), expected);

        assert.deepEqual(await r.secrets.allVersions({ secretId: 'sec_p_a', version: 9 }, 3), [
          secretVersion('sec_p_a', 10),
          secretVersion('sec_p_a', 11),
          secretVersion('sec_p_b', 1),
        ]);
        assert.deepEqual(await r.secrets.allVersions({ secretId: 'sec_p_c', version: 1 }, 100).then((vs) => vs.filter((v) => v.secretId.startsWith('sec_p_'))), []);
      });

      it('rejects a duplicate name or version (unique) and a version of an unknown secret (foreign key)', async () => {
        await r.secrets.insert(secret('sec_dup', 'dup-secret'));
        await r.secrets.insertVersion(secretVersion('sec_dup', 1));
        await assertUniqueViolation(r.secrets.insert(secret('sec_dup2', 'dup-secret')));
        await assertUniqueViolation(r.secrets.insertVersion(secretVersion('sec_dup', 1, { envelope: 'other' })));
        await assertForeignKeyViolation(r.secrets.insertVersion(secretVersion('sec_does_not_exist', 1)));
        assert.deepEqual(await r.secrets.versions('sec_dup'), [secretVersion('sec_dup', 1)]);
        assert.deepEqual(await r.secrets.versions('sec_does_not_exist'), []);
      });
    });

    describe('system secrets', () => {
      it('inserts, gets, lists in name order and replaces envelopes', async () => {
        await r.systemSecrets.insert('sys_pepper', 'env-pepper', T0);
        await r.systemSecrets.insert('sys_jwt', `env-jwt ${UNICODE.emoji}`, T0);
        assert.deepEqual(await r.systemSecrets.get('sys_pepper'), { name: 'sys_pepper', envelope: 'env-pepper' });
        assert.equal(await r.systemSecrets.get('sys_missing'), undefined);
        assert.deepEqual(
          (await r.systemSecrets.all()).filter((s) => s.name.startsWith('sys_')),
          [
            { name: 'sys_jwt', envelope: `env-jwt ${UNICODE.emoji}` },
            { name: 'sys_pepper', envelope: 'env-pepper' },
          ],
        );

        await r.systemSecrets.setEnvelope('sys_pepper', 'env-pepper-v2', FAR);
        assert.deepEqual(await r.systemSecrets.get('sys_pepper'), { name: 'sys_pepper', envelope: 'env-pepper-v2' });
        assert.deepEqual(await r.systemSecrets.get('sys_jwt'), { name: 'sys_jwt', envelope: `env-jwt ${UNICODE.emoji}` });
        const row = await t.store.db.selectFrom('systemSecrets').selectAll().where('name', '=', 'sys_pepper').executeTakeFirstOrThrow();
        assert.deepEqual(row, { name: 'sys_pepper', envelope: 'env-pepper-v2', createdAt: T0, updatedAt: FAR });
      });

      it('rejects a duplicate name as a unique violation', async () => {
        await r.systemSecrets.insert('sys_dup', 'a', T0);
        await assertUniqueViolation(r.systemSecrets.insert('sys_dup', 'b', T0));
        assert.deepEqual(await r.systemSecrets.get('sys_dup'), { name: 'sys_dup', envelope: 'a' });
      });
    });

    describe('vault keys', () => {
      it('lists in creation order and records retirement', async () => {
        await r.vaultKeys.insert({ kid: 'vk_b', checkValue: 'cv-b', createdAt: FAR, retiredAt: null });
        await r.vaultKeys.insert({ kid: 'vk_c', checkValue: 'cv-c', createdAt: T0 + 1, retiredAt: null });
        await r.vaultKeys.insert({ kid: 'vk_a', checkValue: 'cv-a', createdAt: T0 + 2, retiredAt: MAX_MS });
        const mine = async () => (await r.vaultKeys.list()).filter((k) => k.kid.startsWith('vk_'));
        assert.deepEqual(await mine(), [
          { kid: 'vk_c', checkValue: 'cv-c', createdAt: T0 + 1, retiredAt: null },
          { kid: 'vk_a', checkValue: 'cv-a', createdAt: T0 + 2, retiredAt: MAX_MS },
          { kid: 'vk_b', checkValue: 'cv-b', createdAt: FAR, retiredAt: null },
        ]);

        await r.vaultKeys.retire('vk_c', FAR);
        assert.deepEqual((await mine())[0], { kid: 'vk_c', checkValue: 'cv-c', createdAt: T0 + 1, retiredAt: FAR });
        assert.equal((await mine())[2]?.retiredAt, null);
      });

      it('rejects a duplicate kid as a unique violation', async () => {
        await r.vaultKeys.insert({ kid: 'vk_dup', checkValue: 'x', createdAt: T0, retiredAt: null });
        await assertUniqueViolation(r.vaultKeys.insert({ kid: 'vk_dup', checkValue: 'y', createdAt: T0, retiredAt: null }));
      });
    });

    describe('signing keys', () => {
      const jwk = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'sk_1', note: UNICODE.cjk });
      const key = (kid: string, createdAt: number, retiredAt: number | null = null, privateEnvelope = `penv-${kid}`) => ({
        kid,
        alg: 'EdDSA',
        publicJwk: jwk,
        privateEnvelope,
        createdAt,
        retiredAt,
      });

      it('lists in creation order; retire applies once; setPrivateEnvelope replaces one key', async () => {
        await r.signingKeys.insert(key('sk_2', FAR));
        await r.signingKeys.insert(key('sk_1', T0));
        await r.signingKeys.insert(key('sk_3', T0 + 1));
        const mine = async () => (await r.signingKeys.list()).filter((k) => k.kid.startsWith('sk_'));
        assert.deepEqual(await mine(), [key('sk_1', T0), key('sk_3', T0 + 1), key('sk_2', FAR)]);

        await r.signingKeys.retire('sk_1', T0 + 100);
        await r.signingKeys.retire('sk_1', T0 + 200);
        await r.signingKeys.setPrivateEnvelope('sk_3', 'rewrapped');
        assert.deepEqual(await mine(), [key('sk_1', T0, T0 + 100), key('sk_3', T0 + 1, null, 'rewrapped'), key('sk_2', FAR)]);
        assert.deepEqual(JSON.parse((await mine())[0]!.publicJwk), JSON.parse(jwk));
      });

      it('rejects a duplicate kid as a unique violation', async () => {
        await r.signingKeys.insert(key('sk_dup', T0));
        await assertUniqueViolation(r.signingKeys.insert(key('sk_dup', T0 + 1)));
      });
    });

    // These cases run in order: the last one lifts a switch the earlier ones expect active.
    describe('kill switches', () => {
      const lifted = killSwitch('kill_04', 'agent', 'agt_x', { liftedAt: T0 + 5, liftedBy: 'admin:bob', liftReason: 'false alarm' });
      before(async () => {
        await r.killSwitches.insert(killSwitch('kill_03', 'key', 'key_y', { createdAt: T0 + 3 }));
        await r.killSwitches.insert(killSwitch('kill_01', 'all', null, { reason: UNICODE.emoji, createdAt: T0 + 1 }));
        await r.killSwitches.insert(lifted);
        await r.killSwitches.insert(killSwitch('kill_05', 'agent', 'agt_z', { createdAt: FAR }));
        await r.killSwitches.insert(killSwitch('kill_02', 'agent', 'agt_x', { createdAt: T0 + 2 }));
      });

      it('findActive matches scope and target exactly; a null target only matches null', async () => {
        assert.deepEqual(await r.killSwitches.findActive('all', null), killSwitch('kill_01', 'all', null, { reason: UNICODE.emoji, createdAt: T0 + 1 }));
        assert.deepEqual(await r.killSwitches.findActive('agent', 'agt_x'), killSwitch('kill_02', 'agent', 'agt_x', { createdAt: T0 + 2 }));
        assert.equal((await r.killSwitches.findActive('key', 'key_y'))?.id, 'kill_03');
        assert.equal(await r.killSwitches.findActive('agent', null), undefined);
        assert.equal(await r.killSwitches.findActive('all', 'agt_x'), undefined);
        assert.equal(await r.killSwitches.findActive('key', 'agt_x'), undefined);
        assert.equal(await r.killSwitches.findActive('agent', 'agt_unknown'), undefined);
      });

      it('active lists unlifted switches in id order', async () => {
        assert.deepEqual(ids(await r.killSwitches.active(), 'kill_0'), ['kill_01', 'kill_02', 'kill_03', 'kill_05']);
      });

      it('history lists everything newest id first, limited', async () => {
        const all = (await r.killSwitches.history()).filter((k) => k.id.startsWith('kill_0'));
        assert.deepEqual(ids(all), ['kill_05', 'kill_04', 'kill_03', 'kill_02', 'kill_01']);
        assert.deepEqual(all[1], lifted);
        assert.deepEqual(ids(await r.killSwitches.history(2)), ['kill_05', 'kill_04']);
      });

      it('lift ends a switch once; a new switch on the same target is then the active one', async () => {
        await r.killSwitches.lift('kill_05', FAR + 1, 'admin:alice', `resolved ${UNICODE.accents}`);
        await r.killSwitches.lift('kill_05', FAR + 2, 'admin:eve', 'again');
        assert.equal(await r.killSwitches.findActive('agent', 'agt_z'), undefined);
        assert.deepEqual(ids(await r.killSwitches.active(), 'kill_0'), ['kill_01', 'kill_02', 'kill_03']);
        assert.deepEqual(
          (await r.killSwitches.history(1))[0],
          killSwitch('kill_05', 'agent', 'agt_z', { createdAt: FAR, liftedAt: FAR + 1, liftedBy: 'admin:alice', liftReason: `resolved ${UNICODE.accents}` }),
        );

        await r.killSwitches.insert(killSwitch('kill_06', 'agent', 'agt_z', { createdAt: FAR + 3 }));
        assert.equal((await r.killSwitches.findActive('agent', 'agt_z'))?.id, 'kill_06');
        assert.deepEqual(ids(await r.killSwitches.history(), 'kill_0'), ['kill_06', 'kill_05', 'kill_04', 'kill_03', 'kill_02', 'kill_01']);
      });
    });

    describe('audit events', () => {
      const A = 'agt_aud_a';
      const B = 'agt_aud_b';
      const rows = {
        aud_01: auditEvent(1, 'aud_01', { agentId: A, phase: 'llm.request', targetKind: 'model', targetId: 'gpt-4o', ts: T0, sessionId: 'ses_1', userId: 'dana' }),
        aud_02: auditEvent(2, 'aud_02', { agentId: A, phase: 'llm.response', targetKind: 'model', targetId: 'gpt-4o', ts: T0 + 10, findingKinds: ',pii,secret,' }),
        aud_03: auditEvent(3, 'aud_03', { agentId: B, phase: 'tool.call', action: 'tool.call', targetKind: 'tool', targetId: 'github', ts: T0 + 20, effect: 'allow' }),
        aud_04: auditEvent(4, 'aud_04', { agentId: B, phase: 'tool.result', action: 'tool.call', targetKind: 'tool', targetId: 'github', ts: T0 + 30, outcome: 'denied', effect: 'deny' }),
        aud_05: auditEvent(5, 'aud_05', { phase: 'admin', action: 'agent.create', actorKind: 'admin', actorId: 'adm_1', targetKind: 'agent', targetId: A, ts: T0 + 40 }),
        aud_06: auditEvent(6, 'aud_06', { agentId: A, phase: 'tool.call', action: 'tool.call', targetKind: 'tool', targetId: 'jira', ts: T0 + 50, sessionId: 'ses_1', findingKinds: ',prompt_injection,' }),
        aud_07: auditEvent(7, 'aud_07', { agentId: A, phase: 'llm.request', targetId: 'gpt-4o', ts: FAR, body: JSON.stringify({ reason: UNICODE.escapes, who: UNICODE.cjk, tags: [UNICODE.emoji], nested: { n: [1, null] } }) }),
        aud_08: auditEvent(8, 'aud_08', { agentId: B, phase: 'llm.request', targetId: 'claude', ts: T0 + 20 }),
      };
      const q = async (query: Parameters<AuditEventRepo['query']>[0]) => ids(await r.auditEvents.query(query), 'aud_0');

      before(async () => {
        await r.auditEvents.insertMany([rows.aud_07, rows.aud_03, rows.aud_05, rows.aud_01]);
        await r.auditEvents.insertMany([rows.aud_02, rows.aud_08, rows.aud_06, rows.aud_04]);
      });

      it('round-trips full rows, with nulls, epoch-ms numbers and body text unchanged', async () => {
        const got = await r.auditEvents.query({ agentId: A, since: FAR });
        assert.deepEqual(got, [rows.aud_07]);
        assert.equal(typeof got[0]!.ts, 'number');
        assert.equal(typeof got[0]!.seq, 'number');
        assert.deepEqual(await r.auditEvents.query({ targetId: A }), [rows.aud_05]);
      });

      it('queries in chain order by each filter alone', async () => {
        assert.deepEqual(await q({}), ['aud_01', 'aud_02', 'aud_03', 'aud_04', 'aud_05', 'aud_06', 'aud_07', 'aud_08']);
        assert.deepEqual(await q({ agentId: A }), ['aud_01', 'aud_02', 'aud_06', 'aud_07']);
        assert.deepEqual(await q({ phase: 'tool.result' }), ['aud_04']);
        assert.deepEqual(await q({ action: 'tool.call' }), ['aud_03', 'aud_04', 'aud_06']);
        assert.deepEqual(await q({ targetId: 'gpt-4o' }), ['aud_01', 'aud_02', 'aud_07']);
        assert.deepEqual(await q({ effect: 'deny' }), ['aud_04']);
        assert.deepEqual(await q({ outcome: 'denied' }), ['aud_04']);
        assert.deepEqual(await q({ userId: 'dana' }), ['aud_01']);
        assert.deepEqual(await q({ sessionId: 'ses_1' }), ['aud_01', 'aud_06']);
        assert.deepEqual(await q({ findingKind: 'secret' }), ['aud_02']);
        assert.deepEqual(await q({ findingKind: 'pii' }), ['aud_02']);
        assert.deepEqual(await q({ findingKind: 'sec' }), [], 'whole kinds only');
        assert.deepEqual(await q({ findingKind: 'prompt_injection' }), ['aud_06'], 'an underscore is not a wildcard but part of the kind');
        assert.deepEqual(await q({ findingKind: 'prompt-injection' }), []);
        assert.deepEqual(await q({ findingKind: 'prompt%injection' }), []);
        assert.deepEqual(await q({ findingKind: '%' }), [], 'wildcards in the kind are not wildcards');
        assert.deepEqual(await q({ since: T0 + 20 }), ['aud_03', 'aud_04', 'aud_05', 'aud_06', 'aud_07', 'aud_08']); // inclusive
        assert.deepEqual(await q({ until: T0 + 20 }), ['aud_01', 'aud_02']); // exclusive
        assert.deepEqual(await q({ afterSeq: 5 }), ['aud_06', 'aud_07', 'aud_08']);
        assert.deepEqual(await q({ order: 'desc', limit: 2 }), ['aud_08', 'aud_07']);
        assert.deepEqual(await q({ order: 'desc', afterSeq: 3 }), ['aud_02', 'aud_01']);
      });

      it('combines filters with AND', async () => {
        assert.deepEqual(await q({ agentId: A, phase: 'llm.request' }), ['aud_01', 'aud_07']);
        assert.deepEqual(await q({ since: T0 + 20, until: T0 + 40 }), ['aud_03', 'aud_04', 'aud_08']);
        assert.deepEqual(await q({ agentId: B, action: 'llm.call' }), ['aud_08']);
        assert.deepEqual(await q({ agentId: A, targetId: 'github' }), []);
      });

      it('pages by keyset (afterSeq, limit), also under a filter', async () => {
        assert.deepEqual(await q({ agentId: A, limit: 3 }), ['aud_01', 'aud_02', 'aud_06']);
        assert.deepEqual(await q({ agentId: A, limit: 3, afterSeq: 6 }), ['aud_07']);
        assert.deepEqual(await q({ agentId: A, limit: 3, afterSeq: 7 }), []);
        // Raw pages, through the query builder and through the driver handles (prepared SQLite statement, PostgreSQL arrays).
        const idAt = AUDIT_COLUMNS.indexOf('id');
        for (const repo of [r.auditEvents, new AuditEventRepo(t.store.db, t.store)]) {
          assert.deepEqual((await repo.rangeRaw(3, 2)).map((row) => row[idAt]), ['aud_03', 'aud_04']);
        }
      });

      it('insertMany writes large batches; a duplicate position fails the whole batch', async () => {
        const before = await r.auditEvents.count();
        const many = Array.from({ length: 1105 }, (_, i) => auditEvent(1000 + i, `aud_m${String(i).padStart(4, '0')}`, { agentId: 'agt_aud_many', ts: T0 + i }));
        await r.auditEvents.insertMany(many);
        await r.auditEvents.insertMany([]);
        assert.equal(await r.auditEvents.count(), before + 1105);
        assert.equal(await r.auditEvents.maxSeq(), 2104);
        assert.deepEqual(await r.auditEvents.query({ agentId: 'agt_aud_many' }), many.slice(0, 100));
        await assertUniqueViolation(
          t.store.transaction(async (trx) => {
            await repos(trx).auditEvents.insertMany([auditEvent(5000, 'aud_new', { agentId: 'agt_aud_dup' }), auditEvent(1, 'aud_dup1')]);
          }),
        );
        assert.deepEqual(await r.auditEvents.query({ agentId: 'agt_aud_dup' }), []);
      });

      it('the chain head starts at genesis, is locked and moved inside a transaction', async () => {
        assert.deepEqual(await r.auditEvents.head(), { seq: 0, hash: '0'.repeat(64) });
        await t.store.transaction(async (trx) => {
          const t = repos(trx).auditEvents;
          assert.deepEqual(await t.lockHead(T0), { seq: 0, hash: '0'.repeat(64) });
          await t.setHead(42, 'f'.repeat(64), T0);
        });
        assert.deepEqual(await r.auditEvents.head(), { seq: 42, hash: 'f'.repeat(64) });
        await assert.rejects(
          t.store.transaction(async (trx) => {
            await repos(trx).auditEvents.setHead(43, 'e'.repeat(64), T0);
            throw new Error('abort');
          }),
        );
        assert.deepEqual(await r.auditEvents.head(), { seq: 42, hash: 'f'.repeat(64) }, 'rolled back');
      });

      it('stores checkpoints once per position, in order', async () => {
        const cp = (seq: number) => ({ seq, origin: 'warden', headHash: 'a'.repeat(64), ts: T0 + seq, kid: 'k1', signature: `sig${seq}` });
        await r.auditEvents.insertCheckpoint(cp(20));
        await r.auditEvents.insertCheckpoint(cp(10));
        await r.auditEvents.insertCheckpoint({ ...cp(10), signature: 'other' });
        assert.deepEqual(await r.auditEvents.checkpoints(), [cp(10), cp(20)]);
        assert.deepEqual(await r.auditEvents.lastCheckpoint(), cp(20));
      });

      it('has no way to update or delete an event', () => {
        const methods = Object.getOwnPropertyNames(AuditEventRepo.prototype);
        assert.ok(!methods.some((m) => /update|delete|remove|edit/i.test(m)), methods.join(','));
      });
    });

    // These cases run in order: pruning affects what the later ones see.
    describe('control events', () => {
      it('append assigns strictly increasing numeric seq; since and head follow it', async () => {
        const h0 = await r.controlEvents.head();
        assert.equal(typeof h0, 'number');
        const payloads = [JSON.stringify({ agent: 'agt_1' }), JSON.stringify({ msg: UNICODE.emoji + UNICODE.cjk }), '{}'];
        await r.controlEvents.append('kill', payloads[0]!, T0 + 1);
        await r.controlEvents.append('revoke', payloads[1]!, T0 + 2);
        await r.controlEvents.append('lift', payloads[2]!, FAR);

        const got = await r.controlEvents.since(h0);
        assert.deepEqual(
          got.map(({ kind, payload, ts }) => ({ kind, payload, ts })),
          [
            { kind: 'kill', payload: payloads[0], ts: T0 + 1 },
            { kind: 'revoke', payload: payloads[1], ts: T0 + 2 },
            { kind: 'lift', payload: payloads[2], ts: FAR },
          ],
        );
        let prev = h0;
        for (const e of got) {
          assert.equal(typeof e.seq, 'number');
          assert.ok(e.seq > prev, `seq ${e.seq} after ${prev}`);
          prev = e.seq;
        }
        assert.equal(await r.controlEvents.head(), got[2]!.seq);
        assert.deepEqual(await r.controlEvents.since(h0, 2), got.slice(0, 2));
        assert.deepEqual(await r.controlEvents.since(got[0]!.seq), got.slice(1));
        assert.deepEqual(await r.controlEvents.since(got[2]!.seq), []);
      });

      it('prune deletes events strictly older than the cut-off', async () => {
        const h0 = await r.controlEvents.head();
        await r.controlEvents.append('a', '1', T0 + 100);
        await r.controlEvents.append('b', '2', T0 + 200);
        await r.controlEvents.append('c', '3', T0 + 300);
        await r.controlEvents.prune(T0 + 200);

        const left = await r.controlEvents.since(0);
        assert.ok(left.every((e) => e.ts >= T0 + 200), 'nothing older than the cut-off is left');
        assert.deepEqual(
          (await r.controlEvents.since(h0)).map((e) => e.kind),
          ['b', 'c'],
        );
        assert.equal(await r.controlEvents.head(), left[left.length - 1]!.seq);
      });

      it('never reuses a seq, even after everything is pruned', async () => {
        const before = await r.controlEvents.head();
        await r.controlEvents.prune(MAX_MS);
        assert.deepEqual(await r.controlEvents.since(0), []);
        assert.equal(await r.controlEvents.head(), 0);

        await r.controlEvents.append('after-prune', '{}', T0);
        const [e] = await r.controlEvents.since(0);
        assert.ok(e && e.seq > before, `seq ${e?.seq} must be above the pruned head ${before}`);
        assert.equal(await r.controlEvents.head(), e.seq);
      });
    });

    describe('meta', () => {
      it('setIfAbsent: the first writer wins and every caller gets the stored value', async () => {
        assert.equal(await r.meta.get('install_id'), undefined);
        assert.equal(await r.meta.setIfAbsent('install_id', 'first'), 'first');
        assert.equal(await r.meta.setIfAbsent('install_id', 'second'), 'first');
        assert.equal(await r.meta.get('install_id'), 'first');
      });

      it('setIfAbsent under concurrency stores exactly one value and returns it to all', async () => {
        const values = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
        const results = await Promise.all(values.map((v) => r.meta.setIfAbsent('race', v)));
        const stored = await r.meta.get('race');
        assert.ok(stored !== undefined && values.includes(stored));
        assert.deepEqual(results, values.map(() => stored));
      });

      it('set inserts or overwrites; setIfAbsent then keeps what set wrote', async () => {
        await r.meta.set('schema_note', UNICODE.escapes);
        assert.equal(await r.meta.get('schema_note'), UNICODE.escapes);
        await r.meta.set('schema_note', UNICODE.emoji);
        assert.equal(await r.meta.get('schema_note'), UNICODE.emoji);
        assert.equal(await r.meta.setIfAbsent('schema_note', 'ignored'), UNICODE.emoji);
        assert.equal(await r.meta.get('Schema_Note'), undefined);
      });
    });

    describe('transactions', () => {
      /** Writes one of (nearly) everything through the transaction's repositories. */
      async function writeEverything(x: Repos, tag: string): Promise<void> {
        await x.teams.insert(team(`team_${tag}`, `team-${tag}`));
        await x.owners.insert(owner(`own_${tag}`, `owner-${tag}`, { teamId: `team_${tag}` }));
        await x.agents.insert(agent(`agt_${tag}`, `agent-${tag}`, `own_${tag}`, { teamId: `team_${tag}` }));
        await x.credentials.insert(credential(`key_${tag}`, `agt_${tag}`));
        await x.adminTokens.insert(adminToken(`adm_${tag}`));
        await x.secrets.insert(secret(`sec_${tag}`, `secret-${tag}`));
        await x.secrets.insertVersion(secretVersion(`sec_${tag}`, 1));
        await x.systemSecrets.insert(`sys_${tag}`, 'env', T0);
        await x.vaultKeys.insert({ kid: `vk_${tag}`, checkValue: 'cv', createdAt: T0, retiredAt: null });
        await x.signingKeys.insert({ kid: `sk_${tag}`, alg: 'EdDSA', publicJwk: '{}', privateEnvelope: 'p', createdAt: T0, retiredAt: null });
        await x.killSwitches.insert(killSwitch(`kill_${tag}`, 'agent', `agt_${tag}`));
        await x.auditEvents.insertMany([auditEvent(nextSeq(), `aud_${tag}`, { agentId: `agt_${tag}` })]);
        await x.controlEvents.append(`ctl_${tag}`, '{}', T0);
        await x.meta.set(`meta_${tag}`, 'v');
      }

      /** What writeEverything(tag) left behind, as seen through `x`. */
      async function present(x: Repos, tag: string): Promise<Record<string, boolean>> {
        return {
          team: !!(await x.teams.get(`team_${tag}`)),
          owner: !!(await x.owners.get(`own_${tag}`)),
          agent: !!(await x.agents.get(`agt_${tag}`)),
          credential: !!(await x.credentials.get(`key_${tag}`)),
          adminToken: !!(await x.adminTokens.get(`adm_${tag}`)),
          secret: !!(await x.secrets.get(`sec_${tag}`, { includeDeleted: true })),
          secretVersion: (await x.secrets.versions(`sec_${tag}`)).length > 0,
          systemSecret: !!(await x.systemSecrets.get(`sys_${tag}`)),
          vaultKey: (await x.vaultKeys.list()).some((k) => k.kid === `vk_${tag}`),
          signingKey: (await x.signingKeys.list()).some((k) => k.kid === `sk_${tag}`),
          killSwitch: !!(await x.killSwitches.findActive('agent', `agt_${tag}`)),
          auditEvent: (await x.auditEvents.query({ agentId: `agt_${tag}` })).length > 0,
          controlEvent: (await x.controlEvents.since(0, 100_000)).some((e) => e.kind === `ctl_${tag}`),
          meta: (await x.meta.get(`meta_${tag}`)) !== undefined,
        };
      }
      const all = (v: boolean) =>
        Object.fromEntries(
          ['team', 'owner', 'agent', 'credential', 'adminToken', 'secret', 'secretVersion', 'systemSecret', 'vaultKey', 'signingKey', 'killSwitch', 'auditEvent', 'controlEvent', 'meta'].map((k) => [k, v]),
        );

      it('commits every write and returns the callback value; inside, it sees its own writes', async () => {
        const out = await t.store.transaction(async (trx) => {
          const x = repos(trx);
          await writeEverything(x, 'txok');
          assert.deepEqual(await present(x, 'txok'), all(true));
          return 'committed';
        });
        assert.equal(out, 'committed');
        assert.deepEqual(await present(r, 'txok'), all(true));
      });

      it('an error thrown midway rolls back every write, including updates', async () => {
        await r.teams.insert(team('team_txpre', 'tx-existing', { description: 'before' }));
        await r.meta.set('meta_txpre', 'before');
        const head = await r.controlEvents.head();

        await assert.rejects(
          t.store.transaction(async (trx) => {
            const x = repos(trx);
            await x.teams.update('team_txpre', { description: 'during' }, FAR);
            await x.meta.set('meta_txpre', 'during');
            await writeEverything(x, 'txbad');
            assert.equal((await x.teams.get('team_txpre'))?.description, 'during');
            throw new Error('boom midway');
          }),
          /boom midway/,
        );

        assert.deepEqual(await present(r, 'txbad'), all(false));
        assert.deepEqual(await r.teams.get('team_txpre'), team('team_txpre', 'tx-existing', { description: 'before' }));
        assert.equal(await r.meta.get('meta_txpre'), 'before');
        assert.equal(await r.controlEvents.head(), head);
      });

      it('a database error midway rolls back the earlier writes and surfaces the driver error', async () => {
        await assertForeignKeyViolation(
          t.store.transaction(async (trx) => {
            const x = repos(trx);
            await x.teams.insert(team('team_txfk', 'tx-fk'));
            await x.agents.insert(agent('agt_txfk', 'agent-tx-fk', 'own_does_not_exist'));
          }),
        );
        await assertForeignKeyViolation(
          t.store.transaction(async (trx) => {
            await repos(trx).teams.insert(team('team_txfk2', 'tx-fk-2'));
            await repos(trx).owners.insert(owner('own_txfk2', 'owner-tx-fk-2', { teamId: 'team_does_not_exist' }));
          }),
        );
        await assertUniqueViolation(
          t.store.transaction(async (trx) => {
            await repos(trx).teams.insert(team('team_txuq', 'tx-uq'));
            await repos(trx).teams.insert(team('team_txuq2', 'tx-uq'));
          }),
        );
        for (const id of ['team_txfk', 'team_txfk2', 'team_txuq', 'team_txuq2']) assert.equal(await r.teams.get(id), undefined, id);
        assert.equal(await r.agents.get('agt_txfk'), undefined);
      });

      it('concurrent transactions each see their own writes; one failing leaves the others committed', async () => {
        const n = 4;
        const failing = 2;
        const results = await Promise.allSettled(
          Array.from({ length: n }, (_, i) =>
            t.store.transaction(async (trx) => {
              const x = repos(trx);
              await x.teams.insert(team(`team_cc${i}`, `concurrent-${i}`));
              for (let j = 0; j < 3; j++) await x.secrets.insert(secret(`sec_cc${i}_${j}`, `concurrent-${i}-${j}`));
              await x.meta.set(`meta_cc${i}`, String(i));
              const seen = {
                team: (await x.teams.get(`concurrent-${i}`))?.id,
                secrets: ids(await x.secrets.list(), `sec_cc${i}_`),
                meta: await x.meta.get(`meta_cc${i}`),
              };
              if (i === failing) throw new Error(`tx ${i} fails`);
              return seen;
            }),
          ),
        );

        for (let i = 0; i < n; i++) {
          const res = results[i]!;
          if (i === failing) {
            assert.equal(res.status, 'rejected');
            assert.equal(await r.teams.get(`team_cc${i}`), undefined);
            assert.deepEqual(ids(await r.secrets.list(), `sec_cc${i}_`), []);
            assert.equal(await r.meta.get(`meta_cc${i}`), undefined);
          } else {
            assert.equal(res.status, 'fulfilled');
            assert.deepEqual(res.status === 'fulfilled' && res.value, {
              team: `team_cc${i}`,
              secrets: [`sec_cc${i}_0`, `sec_cc${i}_1`, `sec_cc${i}_2`],
              meta: String(i),
            });
            assert.equal((await r.teams.get(`team_cc${i}`))?.name, `concurrent-${i}`);
            assert.deepEqual(ids(await r.secrets.list(), `sec_cc${i}_`), [`sec_cc${i}_0`, `sec_cc${i}_1`, `sec_cc${i}_2`]);
          }
        }
      });
    });

    describe('migrations', () => {
      it('are idempotent: a second store on the same database migrates cleanly and shares the data', async () => {
        await r.teams.insert(team('team_mig1', 'migration-one', { createdAt: FAR, updatedAt: MAX_MS }));

        const second = await openStore(
          t.dialect === 'sqlite'
            ? { sqliteFile: t.location.sqliteFile! }
            : { url: t.location.url, pgSchema: t.location.pgSchema!, poolSize: 2 },
        );
        try {
          assert.equal(second.dialect, t.dialect);
          const r2 = repos(second.db);
          assert.deepEqual(await r2.teams.get('team_mig1'), team('team_mig1', 'migration-one', { createdAt: FAR, updatedAt: MAX_MS }));
          await r2.teams.insert(team('team_mig2', 'migration-two'));
          assert.deepEqual(await r.teams.get('migration-two'), team('team_mig2', 'migration-two'));

          const applied = await sql<{ name: string }>`select name from warden_migrations order by name`.execute(second.db);
          assert.deepEqual(applied.rows.map((x) => x.name), MIGRATIONS.map((m) => m.name), 'each migration recorded once');
        } finally {
          await second.close();
        }
        // The first store is unaffected by the second one closing.
        assert.equal((await r.teams.get('team_mig2'))?.id, 'team_mig2');
      });
    });
  });
}
