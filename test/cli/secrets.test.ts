import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { cliFor, failed, ok, okJson, show, type RunOptions, type RunResult } from './run.js';

describe('CLI secrets: write-only values that never come back out', () => {
  let w: TestWarden;
  let cli: ReturnType<typeof cliFor>;
  let dir: string;
  /** Every command run in this suite, to check none of them ever printed a value. */
  const transcript: RunResult[] = [];
  const run = async (args: string[], opts?: RunOptions) => {
    const r = await cliFor(w)(args, opts);
    transcript.push(r);
    return r;
  };
  const value = (tag: string) => `sk-${tag}-${randomBytes(12).toString('hex')}`;
  const V1 = value('one');
  const V2 = value('two');
  const V3 = value('three');
  const V4 = value('four');

  before(async () => {
    w = await startWarden();
    cli = run;
    dir = mkdtempSync(path.join(tmpdir(), 'warden-cli-secrets-'));
  });
  after(async () => {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('secrets create NAME --stdin stores the value read from stdin (trailing newline dropped)', async () => {
    const r = ok(await cli(['secrets', 'create', 'openai-prod', '--stdin', '--kind', 'provider_key', '--description', 'OpenAI production'], { input: `${V1}\n` }));
    assert.equal(r.stdout, 'Stored secret openai-prod (version 1). Its value cannot be read back.\n');
    assert.equal(r.stderr, '');
    assert.equal(await w.warden.services.vault.resolve('openai-prod'), V1);
  });

  it('with stdin piped, --stdin may be left out; --json output carries no value', async () => {
    const body = okJson(await cli(['secrets', 'create', 'piped', '--json'], { input: V4 }));
    assert.equal(body.secret.name, 'piped');
    assert.equal(body.secret.currentVersion, 1);
    assert.equal(await w.warden.services.vault.resolve('piped'), V4);
  });

  it('--from-file reads the value from a file', async () => {
    const file = path.join(dir, 'value.txt');
    writeFileSync(file, `${V3}\n`, { mode: 0o600 });
    ok(await cli(['secrets', 'create', 'from-file', '--from-file', file]));
    assert.equal(await w.warden.services.vault.resolve('from-file'), V3);
  });

  it('--value works but prints a warning on stderr', async () => {
    const r = ok(await cli(['secrets', 'create', 'on-argv', '--value', V3]));
    assert.match(r.stderr, /^warning: --value leaves the secret in your shell history/m, show(r));
    assert.match(r.stdout, /^Stored secret on-argv \(version 1\)/);
    assert.equal(await w.warden.services.vault.resolve('on-argv'), V3);
  });

  it('secrets show and list give metadata and versions only', async () => {
    const [showText, showJson, listText, listJson] = await Promise.all([
      cli(['secrets', 'show', 'openai-prod']),
      cli(['secrets', 'show', 'openai-prod', '--json']),
      cli(['secrets', 'list']),
      cli(['secrets', 'list', '--json']),
    ]);
    assert.match(ok(showText).stdout, /^openai-prod \(sec_\w+\) kind provider_key\nVERSION\s+CREATED\s+STATE\n1\s+\S+\s+current\n$/, show(showText));
    const shown = okJson(showJson).secret;
    assert.equal(shown.currentVersion, 1);
    assert.equal(shown.description, 'OpenAI production');
    assert.match(ok(listText).stdout, /^openai-prod\s+sec_\w+\s+provider_key\s+1\s/m, show(listText));
    assert.deepEqual(okJson(listJson).secrets.map((s: any) => s.name).sort(), ['from-file', 'on-argv', 'openai-prod', 'piped']);
  });

  it('secrets rotate --stdin stores a new version; the old one stays usable for the grace period', async () => {
    const r = ok(await cli(['secrets', 'rotate', 'openai-prod', '--stdin', '--grace', '1h'], { input: V2 }));
    assert.equal(r.stdout, 'Rotated secret openai-prod (version 2). Its value cannot be read back.\n');
    assert.equal(await w.warden.services.vault.resolve('openai-prod'), V2);
    assert.deepEqual((await w.warden.services.vault.resolveAll('openai-prod')).sort(), [V1, V2].sort());
    const shown = ok(await cli(['secrets', 'show', 'openai-prod']));
    assert.match(shown.stdout, /^2\s+\S+\s+current$/m, show(shown));
    assert.match(shown.stdout, /^1\s+\S+\s+grace until \S+$/m, show(shown));
  });

  it('secrets delete removes it; show then fails with vault.secret_not_found', async () => {
    const del = okJson(await cli(['secrets', 'delete', 'openai-prod', '--json']));
    assert.deepEqual(del, { deleted: 'openai-prod' });
    const gone = await cli(['secrets', 'show', 'openai-prod']);
    failed(gone, 'vault.secret_not_found');
    await assert.rejects(w.warden.services.vault.resolve('openai-prod'), 'the gateway can no longer use it');
  });

  it('a duplicate name is refused and the refusal does not echo the value', async () => {
    const r = await cli(['secrets', 'create', 'piped', '--stdin', '--json'], { input: V1 });
    assert.equal(r.code, 1, show(r));
    assert.equal(JSON.parse(r.stderr).error.code, 'vault.secret_exists');
  });

  it('the audit trail records the secret operations, without values', async () => {
    const r = okJson(await cli(['audit', 'search', '--phase', 'admin', '--json']));
    const actions = r.events.map((e: any) => e.action);
    for (const a of ['secret.create', 'secret.rotate', 'secret.delete']) assert.ok(actions.includes(a), `audit has ${a}`);
  });

  it('no value ever appeared in any command\'s stdout or stderr, nor in the server log', () => {
    assert.ok(transcript.length >= 12, `ran ${transcript.length} commands`);
    for (const r of transcript) {
      for (const v of [V1, V2, V3, V4]) {
        assert.equal(r.stdout.includes(v), false, `value in stdout of\n${show(r)}`);
        assert.equal(r.stderr.includes(v), false, `value in stderr of\n${show(r)}`);
      }
    }
    const logs = w.logs.join('');
    for (const v of [V1, V2, V3, V4]) assert.equal(logs.includes(v), false, 'value in the server log');
  });
});
