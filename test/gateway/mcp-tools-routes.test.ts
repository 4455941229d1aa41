// The tool catalog through a complete Warden: the admin API (/admin/v1/mcp/tools…), the
// `warden mcp tools` CLI against it, and the monitor's built-in rules raising alerts on a
// quarantine. The catalog runs over a fake upstream layer; everything else is real (SQLite).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createToolCatalog } from '../../src/gateway/mcp/catalog/create.js';
import type { ToolCatalog } from '../../src/gateway/mcp/catalog/catalog.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { BIN } from '../cli/run.js';
import { DELETE, FakeServer, FakeUpstreams, poisoned, READ, SEND } from './mcp-catalog-fakes.js';



interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(w: TestWarden, args: string[], token = w.adminToken): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('WARDEN_')) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, WARDEN_URL: w.url, WARDEN_ADMIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

describe('MCP tool catalog: admin API, CLI and alerts', { timeout: 120_000 }, () => {
  let w: TestWarden;
  let catalog: ToolCatalog;
  let viewer: string;
  const mailer = new FakeServer('mailer', 'internal');
  const admin = new FakeServer('admin', 'internal');
  const upstreams = new FakeUpstreams([mailer, admin]);

  before(async () => {
    w = await startWarden({
      yaml: `
mcp_servers:
  - { name: mailer, transport: http, url: "http://127.0.0.1:9/mcp", trust: internal, pin: tofu }
  - { name: admin, transport: http, url: "http://127.0.0.1:9/mcp", trust: internal, pin: approve, labels: { delete_records: [destructive, private_data] } }
`,
    });
    mailer.tools = [SEND];
    admin.tools = [DELETE, READ];
    catalog = createToolCatalog(w.warden.services, upstreams);
    // This test's own catalog, over its fake servers, in place of the one the app built.
    w.warden.services.mcp = { ...w.warden.services.mcp!, catalog };
    await catalog.start();
    viewer = (await w.warden.services.adminTokens.create({ name: 'vic', role: 'viewer' }, { kind: 'system', id: 'test' })).secret;
  });
  after(async () => {
    catalog?.close();
    await w?.close();
  });

  const alerts = async (rule: string) => {
    await w.warden.services.audit.flush();
    for (let i = 0; i < 50; i++) {
      const r = await w.admin('GET', `/alerts?rule=${rule}`);
      if (r.body.alerts.length > 0) return r.body.alerts as Array<Record<string, any>>;
      await new Promise((res) => setTimeout(res, 20));
    }
    return [];
  };

  it('lists tools with status, filters by server and status, and shows one', async () => {
    const all = await w.admin('GET', '/mcp/tools');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(all.body.tools.map((t: any) => [`${t.server}/${t.tool}`, t.status]), [['admin/delete_records', 'quarantined'], ['admin/read_file', 'quarantined'], ['mailer/send_email', 'approved']]);
    const q = await w.admin('GET', '/mcp/tools?server=admin&status=quarantined');
    assert.equal(q.body.tools.length, 2);
    const none = await w.admin('GET', '/mcp/tools?server=mailer&status=rejected');
    assert.deepEqual(none.body.tools, []);
    const bad = await w.admin('GET', '/mcp/tools?status=maybe');
    assert.equal(bad.status, 400);
    const unknown = await w.admin('GET', '/mcp/tools?server=nowhere');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'mcp.unknown_server');

    const one = await w.admin('GET', '/mcp/tools/admin/delete_records', undefined, viewer);
    assert.equal(one.status, 200);
    const t = one.body.tool;
    assert.equal(t.exposed, 'admin__delete_records');
    assert.match(t.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(t.definition, DELETE);
    assert.deepEqual(t.labels, ['private_data', 'destructive']);
    assert.equal(t.labelSource, 'config');
    assert.match(t.reason, /new tool/);
    assert.equal((await w.admin('GET', '/mcp/tools/admin/nope')).body.error.code, 'mcp.unknown_tool');
    assert.equal((await w.admin('GET', '/mcp/tools/admin/bad%20name')).status, 400);
  });

  it('a quarantine of new tools raises one low alert per server', async () => {
    const a = await alerts('mcp-tool-awaiting-review');
    assert.equal(a.length, 1);
    assert.equal(a[0]!.severity, 'low');
  });

  it('approves only the hash reviewed (409 otherwise), for operators and admins only', async () => {
    const shown = (await w.admin('GET', '/mcp/tools/admin/delete_records')).body.tool;
    const forbidden = await w.admin('POST', '/mcp/tools/admin/delete_records/approve', { hash: shown.hash }, viewer);
    assert.equal(forbidden.status, 403);
    const stale = await w.admin('POST', '/mcp/tools/admin/delete_records/approve', { hash: 'a'.repeat(64) });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'mcp.tool_changed');
    assert.ok(stale.body.error.hint);
    const short = await w.admin('POST', '/mcp/tools/admin/delete_records/approve', { hash: shown.hash.slice(0, 12) });
    assert.equal(short.status, 400, 'a prefix is not enough');
    const ok = await w.admin('POST', '/mcp/tools/admin/delete_records/approve', { hash: shown.hash, reason: 'reviewed' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.tool.status, 'approved');
    assert.equal(catalog.resolveTool('admin__delete_records')?.status, 'approved');
    await w.warden.services.audit.flush();
    const [e] = await w.warden.services.audit.query({ action: 'mcp.tool.approved' as never, order: 'desc', limit: 1 });
    assert.equal(e?.actor.kind, 'admin');
    assert.equal(e?.data?.reason, 'reviewed');
  });

  it('a rug pull to a poisoned definition raises a critical alert; the CLI shows the definition and approves its hash', async () => {
    mailer.tools = [poisoned(SEND)];
    upstreams.changed('mailer');
    await catalog.refresh('mailer');
    assert.equal(catalog.resolveTool('mailer__send_email')?.status, 'quarantined');
    const [a] = await alerts('mcp-tool-poisoned');
    assert.ok(a, 'alert raised');
    assert.equal(a.severity, 'critical');
    assert.deepEqual(await alerts('mcp-tool-rug-pull'), [], 'exactly one rule fires');

    const list = await cli(w, ['mcp', 'tools', 'list', '--status', 'quarantined']);
    assert.equal(list.code, 0, show(list));
    assert.match(list.stdout, /^TOOL +STATUS +LABELS +HASH +CHANGED +REASON/m, show(list));
    assert.match(list.stdout, /^mailer\/send_email +quarantined +external_comms +[0-9a-f]{12} /m, show(list));
    assert.match(list.stdout, /^admin\/read_file +quarantined/m, show(list));
    assert.doesNotMatch(list.stdout, /delete_records/);

    const shown = await cli(w, ['mcp', 'tools', 'show', 'mailer/send_email']);
    assert.equal(shown.code, 0, show(shown));
    const hash = catalog.resolveTool('mailer__send_email')!.hash;
    assert.match(shown.stdout, new RegExp(`^hash +${hash}$`, 'm'));
    assert.match(shown.stdout, /^status +quarantined$/m);
    assert.match(shown.stdout, /^reason +the definition changed since it was approved \(description\); flagged by the tool_poisoning detector/m);
    assert.match(shown.stdout, /^changed +description/m);
    assert.match(shown.stdout, /^finding +tool_poisoning /m);
    assert.match(shown.stdout, /&lt;IMPORTANT&gt;|<IMPORTANT>/, 'the new definition is shown');
    assert.match(shown.stdout, /^approved definition$/m);
    assert.match(shown.stdout, new RegExp(`warden mcp tools approve mailer/send_email --hash ${hash}`));

    const json = await cli(w, ['--json', 'mcp', 'tools', 'show', 'mailer/send_email']);
    assert.equal(JSON.parse(json.stdout).tool.hash, hash);

    const stale = await cli(w, ['mcp', 'tools', 'approve', 'mailer/send_email', '--hash', 'b'.repeat(64)]);
    assert.equal(stale.code, 1, show(stale));
    assert.match(stale.stderr, /\[mcp\.tool_changed\]/);
    assert.match(stale.stderr, /^hint: /m);
    const approved = await cli(w, ['mcp', 'tools', 'approve', 'mailer/send_email', '--hash', hash]);
    assert.equal(approved.code, 0, show(approved));
    assert.match(approved.stdout, /approved .*status approved/);
    assert.equal(catalog.resolveTool('mailer__send_email')?.status, 'approved');
  });

  it('rejects and labels through the CLI; bad command lines are usage errors; a viewer is refused', async () => {
    const noReason = await cli(w, ['mcp', 'tools', 'reject', 'admin/read_file']);
    assert.equal(noReason.code, 2, show(noReason));
    const badRef = await cli(w, ['mcp', 'tools', 'show', 'read_file']);
    assert.equal(badRef.code, 2, show(badRef));
    assert.match(badRef.stderr, /SERVER\/TOOL/);

    const rej = await cli(w, ['mcp', 'tools', 'reject', 'admin/read_file', '--reason', 'not needed by any agent']);
    assert.equal(rej.code, 0, show(rej));
    assert.equal(catalog.resolveTool('admin__read_file')?.status, 'rejected');
    const shown = (await w.admin('GET', '/mcp/tools/admin/read_file')).body.tool;
    assert.equal(shown.reason, 'not needed by any agent');
    assert.equal(shown.rejectedBy, 'bootstrap', 'the admin token\'s name');

    const viewerTry = await cli(w, ['mcp', 'tools', 'labels', 'admin/read_file', 'private_data'], viewer);
    assert.equal(viewerTry.code, 1, show(viewerTry));
    assert.match(viewerTry.stderr, /\[admin\.forbidden\]/);

    const set = await cli(w, ['mcp', 'tools', 'labels', 'admin/read_file', 'private_data,untrusted_content']);
    assert.equal(set.code, 0, show(set));
    assert.match(set.stdout, /labels: private_data, untrusted_content \(from an admin\)/);
    assert.deepEqual(catalog.resolveTool('admin__read_file')?.labels, ['private_data', 'untrusted_content']);
    const bad = await cli(w, ['mcp', 'tools', 'labels', 'admin/read_file', 'secret']);
    assert.equal(bad.code, 2, show(bad));
    const both = await cli(w, ['mcp', 'tools', 'labels', 'admin/read_file', 'private_data', '--clear']);
    assert.equal(both.code, 2, show(both));
    const clear = await cli(w, ['mcp', 'tools', 'labels', 'admin/read_file', '--clear']);
    assert.equal(clear.code, 0, show(clear));
    assert.match(clear.stdout, /\(from the annotations\)/);
    assert.deepEqual(catalog.resolveTool('admin__read_file')?.labels, []);

    // The API directly: an unknown label is refused by the schema.
    const api = await w.admin('POST', '/mcp/tools/admin/read_file/labels', { labels: ['secret'] });
    assert.equal(api.status, 400);
  });

  it('an instance without a catalog says so', async () => {
    const services = w.warden.services;
    const saved = services.mcp;
    delete services.mcp;
    try {
      const r = await w.admin('GET', '/mcp/tools');
      assert.equal(r.status, 404);
      assert.equal(r.body.error.code, 'mcp.not_configured');
    } finally {
      services.mcp = saved;
    }
  });
});
