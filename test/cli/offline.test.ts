import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKey } from '../../src/identity/key-format.js';
import { startWarden } from '../helpers/warden.js';
import { cliFor, closedPort, failed, ok, okJson, show, warden } from './run.js';

/** Replaces one character in the middle of a key's body with a different letter. */
function tamper(key: string): string {
  const i = key.indexOf('_') + 10;
  return key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
}

describe('warden keys check (offline)', () => {
  let offline: Record<string, string | undefined>;
  before(async () => {
    // No token, and a URL where nothing listens: the check must not need the server.
    offline = { WARDEN_URL: `http://127.0.0.1:${await closedPort()}`, WARDEN_ADMIN_TOKEN: undefined };
  });

  it('a valid key exits 0, from stdin or as an argument; admin keys too', async () => {
    const agentKey = generateKey('agent');
    const adminKey = generateKey('admin');
    const [stdin, arg, admin] = await Promise.all([
      warden(['keys', 'check'], { env: offline, input: `${agentKey}\n` }),
      warden(['keys', 'check', agentKey], { env: offline }),
      warden(['keys', 'check', '--json'], { env: offline, input: adminKey }),
    ]);
    assert.equal(ok(stdin).stdout, 'Well-formed Warden agent key (checksum valid).\n');
    assert.equal(ok(arg).stdout, stdin.stdout);
    assert.deepEqual(okJson(admin), { valid: true, kind: 'admin' });
    for (const r of [stdin, arg, admin]) assert.equal(r.stderr, '', show(r));
  });

  it('a tampered or truncated key exits 1 with the reason', async () => {
    const key = generateKey('agent');
    const bad = tamper(key);
    assert.notEqual(bad, key);
    const [tampered, tamperedJson, truncated] = await Promise.all([
      warden(['keys', 'check'], { env: offline, input: bad }),
      warden(['keys', 'check', bad, '--json'], { env: offline }),
      warden(['keys', 'check'], { env: offline, input: key.slice(0, -1) }),
    ]);
    for (const r of [tampered, tamperedJson, truncated]) assert.equal(r.code, 1, show(r));
    assert.equal(tampered.stdout, 'Not a valid Warden key: bad checksum.\n');
    assert.deepEqual(JSON.parse(tamperedJson.stdout), { valid: false, reason: 'checksum' });
    assert.match(truncated.stdout, /bad length/);
  });

  it('a key issued by a live Warden checks as valid', async () => {
    const w = await startWarden();
    try {
      await w.admin('POST', '/owners', { handle: 'bob' });
      await w.admin('POST', '/agents', { name: 'checker', owner: 'bob' });
      const issued = okJson(await cliFor(w)(['keys', 'create', 'checker', '--json']));
      ok(await warden(['keys', 'check'], { env: offline, input: issued.secret }));
    } finally {
      await w.close();
    }
  });
});

describe('warden config validate / show', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-cli-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('a valid file exits 0 and names the file', async () => {
    const file = write('good.yaml', 'server:\n  port: 9000\nlog:\n  level: warn\n');
    const [text, json] = await Promise.all([warden(['config', 'validate', 'good.yaml'], { cwd: dir }), warden(['config', 'validate', file, '--json'])]);
    assert.equal(ok(text).stdout, `${file}: valid.\n`, 'a relative path resolves against the working directory');
    assert.deepEqual(okJson(json), { valid: true, file });
  });

  it('an invalid file exits 1 listing file:line:column and key path for each problem', async () => {
    const file = write('bad.yaml', '# Warden\nserver:\n  port: "x"\ncolour: red\n');
    const r = await warden(['config', 'validate', file]);
    failed(r, 'config.invalid');
    assert.ok(r.stderr.includes(`${file}:3:9  server.port: `), `server.port located at 3:9\n${show(r)}`);
    assert.ok(r.stderr.includes(`${file}:4:1  colour: unknown key`), `the unknown key is reported at its own position\n${show(r)}`);
    assert.match(r.stderr, /hint: .*warden config validate/);

    const json = await warden(['config', 'validate', file, '--json']);
    assert.equal(json.code, 1, show(json));
    const err = JSON.parse(json.stderr).error;
    assert.equal(err.code, 'config.invalid');
    assert.equal(err.details.file, file);
    const byPath = Object.fromEntries(err.details.problems.map((p: any) => [p.path, p]));
    assert.deepEqual([byPath['server.port'].line, byPath['server.port'].column], [3, 9]);
    assert.deepEqual([byPath.colour.line, byPath.colour.column], [4, 1]);
  });

  it('a nested unknown key and a missing file each exit 1 saying where', async () => {
    const nested = write('nested.yaml', 'server:\n  port: 8080\n  prot: 1\n');
    const missing = path.join(dir, 'missing.yaml');
    const [n, m] = await Promise.all([warden(['config', 'validate', nested]), warden(['config', 'validate', missing])]);
    failed(n, 'config.invalid');
    assert.match(n.stderr, /nested\.yaml:3:3  server\.prot: unknown key/, show(n));
    failed(m, 'config.unreadable');
    assert.ok(m.stderr.includes(missing), show(m));
  });

  it('environment overrides are validated too, and config show masks a database password', async () => {
    const file = write('env.yaml', 'server:\n  port: 9000\n');
    const [badPort, shown] = await Promise.all([
      warden(['config', 'validate', file], { env: { WARDEN_PORT: 'abc' } }),
      warden(['config', 'show', file, '--json'], { env: { WARDEN_PORT: '9100', WARDEN_DATABASE_URL: 'postgres://warden:hunter2@db.internal:5432/warden' } }),
    ]);
    failed(badPort, 'config.invalid');
    assert.match(badPort.stderr, /WARDEN_PORT: expected a port number/);
    const config = okJson(shown);
    assert.equal(config.server.port, 9100, 'the environment wins over the file');
    assert.equal(config.database.url, 'postgres://warden:***@db.internal:5432/warden');
    assert.equal(shown.stdout.includes('hunter2'), false);
  });
});

describe('warden admin bootstrap (no server)', () => {
  let dataDir: string;
  let cwd: string;
  before(() => {
    const root = mkdtempSync(path.join(tmpdir(), 'warden-cli-bootstrap-'));
    dataDir = path.join(root, 'data');
    cwd = path.join(root, 'cwd');
    mkdirSync(cwd);
  });
  after(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('creates the first token, refuses a second, and --recover makes another that works', async () => {
    const env = { WARDEN_DATA_DIR: dataDir };
    const first = await warden(['admin', 'bootstrap'], { env, cwd });
    ok(first);
    const firstSecret = /export WARDEN_ADMIN_TOKEN=(wdna_[0-9A-Za-z]{38})/.exec(first.stdout)?.[1];
    assert.ok(firstSecret, show(first));

    const second = await warden(['admin', 'bootstrap'], { env, cwd });
    assert.equal(second.code, 1, show(second));
    assert.match(second.stdout, /already exists; nothing created\. Use --recover/);
    assert.doesNotMatch(second.stdout, /wdna_/);

    const recovered = okJson(await warden(['admin', 'bootstrap', '--recover', '--json'], { env, cwd }));
    assert.equal(recovered.created, true);
    assert.equal(recovered.token.role, 'admin');
    assert.match(recovered.secret, /^wdna_/);
    assert.notEqual(recovered.secret, firstSecret);

    // Both tokens authenticate against a Warden started on that data directory.
    const w = await startWarden({ dataDir });
    try {
      const [a, b] = await Promise.all([
        warden(['admin', 'whoami', '--json'], { env: { WARDEN_URL: w.url, WARDEN_ADMIN_TOKEN: firstSecret } }),
        warden(['admin', 'whoami', '--json'], { env: { WARDEN_URL: w.url, WARDEN_ADMIN_TOKEN: recovered.secret } }),
      ]);
      assert.equal(okJson(a).token.role, 'admin');
      assert.equal(okJson(b).token.tokenId, recovered.token.id);
    } finally {
      await w.close();
    }
  });
});
