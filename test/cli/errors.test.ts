import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { cliFor, closedPort, failed, okJson, show, usageError, warden } from './run.js';

describe('CLI usage errors exit 2', () => {
  let deadUrl: string;
  before(async () => {
    // Usage errors are found before any request is made: point at a port nothing listens on.
    deadUrl = `http://127.0.0.1:${await closedPort()}`;
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['unknown verb', ['bogus'], /unknown command 'bogus'/],
    ['unknown option', ['agents', 'list', '--bogus'], /unknown option '--bogus'/],
    ['missing required argument', ['agents', 'show'], /missing required argument 'agent'/],
    ['missing required option --owner', ['agents', 'create', 'billing-bot'], /required option '--owner <owner>' not specified/],
    ['missing required option --role', ['admin', 'tokens', 'create', 'ci'], /required option '--role <role>' not specified/],
    ['kill with both --agent and --all', ['kill', '--agent', 'billing-bot', '--all', '--reason', 'r'], /exactly one of --agent ID, --key ID or --all/],
    ['kill with no target', ['kill', '--reason', 'r'], /exactly one of/],
    ['kill without --reason', ['kill', '--agent', 'billing-bot'], /--reason is required/],
    ['revive with two targets', ['revive', '--all', '--key', 'key_x', '--reason', 'r'], /exactly one of/],
    ['secrets create with --stdin and --value', ['secrets', 'create', 'x', '--stdin', '--value', 'v'], /only one of --from-file, --stdin or --value/],
    ['bad --label', ['agents', 'create', 'x', '--owner', 'o', '--label', 'novalue'], /option '--label <key=value>' argument 'novalue' is invalid\. expected KEY=VALUE/],
  ];

  it(`${cases.length} malformed command lines each exit 2 with a message on stderr`, async () => {
    const results = await Promise.all(cases.map(([, args]) => warden(args, { env: { WARDEN_URL: deadUrl, WARDEN_ADMIN_TOKEN: 'wdna_unused' } })));
    cases.forEach(([name, , message], i) => {
      const r = results[i]!;
      assert.equal(r.code, 2, `${name}\n${show(r)}`);
      usageError(r, message);
      assert.doesNotMatch(r.stderr, /cli\.unreachable/, 'no request was attempted');
    });
  });
});

describe('CLI failures exit 1 with error, code and hint', () => {
  let w: TestWarden;
  let cli: ReturnType<typeof cliFor>;

  before(async () => {
    w = await startWarden();
    cli = cliFor(w);
    assert.equal((await w.admin('POST', '/teams', { name: 'payments' })).status, 201);
    assert.equal((await w.admin('POST', '/owners', { handle: 'alice@example.com', team: 'payments' })).status, 201);
  });
  after(() => w.close());

  it('an unknown agent: agent.not_found, in text and as JSON on stderr with --json', async () => {
    const [text, json] = await Promise.all([cli(['agents', 'show', 'nope']), cli(['agents', 'show', 'nope', '--json'])]);
    failed(text, 'agent.not_found');
    assert.match(text.stderr, /No agent "nope"/);
    assert.equal(json.code, 1, show(json));
    assert.equal(json.stdout, '');
    const body = JSON.parse(json.stderr);
    assert.equal(body.error.code, 'agent.not_found');
    assert.ok(body.error.hint, 'JSON error carries the hint');
  });

  it('no admin token: cli.missing_token without contacting the server', async () => {
    const r = await cli(['agents', 'list'], { env: { WARDEN_ADMIN_TOKEN: undefined } });
    failed(r, 'cli.missing_token');
    assert.match(r.stderr, /hint: .*WARDEN_ADMIN_TOKEN/);
  });

  it('server unreachable: cli.unreachable naming the URL', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const r = await cli(['agents', 'list'], { env: { WARDEN_URL: dead } });
    failed(r, 'cli.unreachable');
    assert.ok(r.stderr.includes(`Cannot reach Warden at ${dead}: ECONNREFUSED`), show(r));
    assert.match(r.stderr, /hint: .*warden serve/);
  });

  it('a viewer token may read but not create an agent: admin.forbidden, nothing created', async () => {
    const created = okJson(await cli(['admin', 'tokens', 'create', 'x', '--role', 'viewer', '--json']));
    assert.equal(created.token.role, 'viewer');
    const viewer = created.secret as string;
    assert.match(viewer, /^wdna_/);
    const [create, read] = await Promise.all([
      cli(['agents', 'create', 'viewer-bot', '--owner', 'alice@example.com'], { env: { WARDEN_ADMIN_TOKEN: viewer } }),
      // --token wins over WARDEN_ADMIN_TOKEN (which holds the admin token here).
      cli(['--token', viewer, 'admin', 'whoami', '--json']),
    ]);
    failed(create, 'admin.forbidden');
    assert.match(create.stderr, /viewer/);
    assert.equal(okJson(read).token.role, 'viewer');
    assert.equal((await w.admin('GET', '/agents/viewer-bot')).status, 404, 'nothing was created');
    const audit = await w.admin('GET', '/audit/events?action=agent.create');
    assert.equal(audit.body.events.filter((e: { outcome: string }) => e.outcome === 'success').length, 0);
  });

  it('a request the server refuses as invalid lists the problems, exit 1', async () => {
    const r = await cli(['agents', 'create', 'Bad Name', '--owner', 'alice@example.com', '--risk', 'extreme']);
    failed(r, 'request.invalid');
    assert.match(r.stderr, /^ {2}- name: /m, show(r));
    assert.match(r.stderr, /^ {2}- risk: /m, show(r));
  });
});
