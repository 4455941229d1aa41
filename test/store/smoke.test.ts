import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/stores.js';
import { repos } from '../../src/store/repos/index.js';

for (const d of DIALECTS) {
  describe(`store opens and migrates (${d.name})`, () => {
    it('creates the schema and round-trips a team', async () => {
      const t = await d.open();
      try {
        const r = repos(t.store.db);
        await r.teams.insert({ id: 'team_1', name: 'payments', description: 'x', createdAt: 1700000000000, updatedAt: 1700000000000 });
        const got = await r.teams.get('payments');
        assert.equal(got?.id, 'team_1');
        assert.equal(got?.createdAt, 1700000000000);
        assert.equal(typeof got?.createdAt, 'number');
      } finally {
        await t.cleanup();
      }
    });
  });
}
