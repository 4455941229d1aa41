import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { cliFor, failed, ok, okJson, show } from './run.js';

describe('warden admin whoami and admin tokens', () => {
  let w: TestWarden;
  let cli: ReturnType<typeof cliFor>;
  let ci: { id: string; secret: string };

  before(async () => {
    w = await startWarden();
    cli = cliFor(w);
  });
  after(() => w.close());

  it('admin whoami shows the token in use, its role and permissions', async () => {
    const [text, json] = await Promise.all([cli(['admin', 'whoami']), cli(['admin', 'whoami', '--json'])]);
    assert.match(ok(text).stdout, /^\S+ \(adm_\w+\) role admin\npermissions: .*admin_tokens\.manage/, show(text));
    const body = okJson(json);
    assert.equal(body.token.role, 'admin');
    assert.ok(body.permissions.includes('keys.write'));
  });

  it('admin tokens create prints the token once; it works with its role', async () => {
    const human = ok(await cli(['admin', 'tokens', 'create', 'ci-pipeline', '--role', 'operator']));
    const m = /^Created admin token (adm_\w+) \(operator\), shown once:\n\n {2}(wdna_[0-9A-Za-z]{38})\n/.exec(human.stdout);
    assert.ok(m, show(human));
    ci = { id: m[1]!, secret: m[2]! };
    const me = okJson(await cli(['admin', 'whoami', '--json'], { env: { WARDEN_ADMIN_TOKEN: ci.secret } }));
    assert.equal(me.token.tokenId, ci.id);
    assert.equal(me.token.role, 'operator');
    assert.equal(me.permissions.includes('admin_tokens.manage'), false);
    // An operator may not mint tokens.
    failed(await cli(['admin', 'tokens', 'create', 'sneaky', '--role', 'admin'], { env: { WARDEN_ADMIN_TOKEN: ci.secret } }), 'admin.forbidden');
  });

  it('refuses an unknown role with exit 1', async () => {
    const r = await cli(['admin', 'tokens', 'create', 'x', '--role', 'superuser']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /^error: .+ \[[a-z_]+\.[a-z_]+\]$/m, show(r));
  });

  it('admin tokens list shows every token, never a value', async () => {
    const [text, json] = await Promise.all([cli(['admin', 'tokens', 'list']), cli(['admin', 'tokens', 'list', '--json'])]);
    assert.match(ok(text).stdout, /^ID\s+NAME\s+ROLE\s+ENDS/, show(text));
    assert.match(text.stdout, new RegExp(`^${ci.id}\\s+ci-pipeline\\s+operator\\s+…${ci.secret.slice(-4)}`, 'm'), show(text));
    const tokens = okJson(json).tokens as Array<{ id: string; revokedAt: number | null }>;
    assert.ok(tokens.some((t) => t.id === ci.id));
    for (const r of [text, json]) {
      assert.equal(r.stdout.includes(ci.secret), false);
      assert.equal(r.stdout.includes(w.adminToken), false);
    }
  });

  it('admin tokens revoke: the token then fails with admin.token_revoked, exit 1', async () => {
    const r = ok(await cli(['admin', 'tokens', 'revoke', ci.id]));
    assert.equal(r.stdout, `Revoked admin token ${ci.id}.\n`);
    const [whoami, json, listed] = await Promise.all([
      cli(['admin', 'whoami'], { env: { WARDEN_ADMIN_TOKEN: ci.secret } }),
      cli(['agents', 'list', '--json'], { env: { WARDEN_ADMIN_TOKEN: ci.secret } }),
      // The admin token in use is unaffected.
      cli(['admin', 'tokens', 'list', '--json']),
    ]);
    assert.equal(whoami.code, 1, show(whoami));
    assert.match(whoami.stderr, /^error: .+ \[admin\.token_revoked\]$/m, show(whoami));
    assert.equal(whoami.stdout, '');
    assert.equal(json.code, 1, show(json));
    assert.equal(JSON.parse(json.stderr).error.code, 'admin.token_revoked');
    assert.ok(okJson(listed).tokens.find((t: any) => t.id === ci.id).revokedAt, 'listed as revoked');
  });
});
