import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AuditEvent } from '../../src/audit/types.js';
import type { McpServerConfig } from '../../src/config/schema.js';
import { WardenError } from '../../src/errors.js';
import { McpUpstreams, DEFAULT_CHILD_PATH, type UpstreamLog } from '../../src/gateway/mcp/upstream/index.js';
import type { ToolResult, UpstreamServer } from '../../src/gateway/mcp/types.js';
import { POISON, startMcpServer, type RunningMcpServer } from '../../src/mock/mcp/index.js';
import { startAuthServer } from '../fixtures/mcp-auth-server.js';
import { startModernHttpServer } from '../fixtures/mcp-modern-http.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

/**
 * Warden as a client of upstream MCP servers: the demo servers (SDK v1, 2025-era) over stdio and
 * streamable HTTP, fixtures for the environment a child gets, bearer tokens (HTTP and legacy
 * SSE) and a 2026-07-28 server (SDK v2), with the real vault and audit log of a running Warden.
 */
const repo = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const WARDEN_BIN = path.join(repo, 'bin', 'warden.js');
const ENV_FIXTURE = fileURLToPath(new URL('../fixtures/mcp-env-server.js', import.meta.url));
const MODERN_FIXTURE = fileURLToPath(new URL('../fixtures/mcp-modern-server.js', import.meta.url));
const STRICT_FIXTURE = fileURLToPath(new URL('../fixtures/mcp-strict-server.js', import.meta.url));

// Secrets shaped like real tokens, so a leak would also trip a scanner.
const CHILD_SECRET = 'ghp_FixtureChildSecret0123456789abcdefABCD';
const BEARER_SECRET = 'mcp-bearer-Fixture-9f8e7d6c5b4a3210fedcba98';
// Something of Warden's own environment that must never reach a tool server.
const CANARY = 'WARDEN_UPSTREAM_CANARY';

function server(s: Partial<McpServerConfig> & Pick<McpServerConfig, 'name' | 'transport'>): McpServerConfig {
  return { args: [], env: {}, trust: 'untrusted', pin: 'approve', labels: {}, timeout: 15_000, ...s };
}

const demoStdio = (name: string, extra: string[] = []) => server({ name, transport: 'stdio', command: process.execPath, args: [WARDEN_BIN, 'mock-mcp', 'files', ...extra] });

function text(r: ToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? String(c.text) : '')).join('');
}

async function until(what: string, pred: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

async function rejectsWith(p: Promise<unknown>, code: string, status: number): Promise<WardenError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof WardenError, `expected a WardenError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    return e;
  }
  assert.fail(`expected ${code}`);
}

/** Alive and not a zombie (a reparented grandchild may wait a while for its reaper). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('MCP upstreams (Warden as a client)', () => {
  let tw: TestWarden;
  const events: AuditEvent[] = [];
  const logLines: string[] = [];
  const log: UpstreamLog = { debug: (m) => logLines.push(`debug ${m}`), info: (m) => logLines.push(`info ${m}`), warn: (m) => logLines.push(`warn ${m}`) };
  const open: McpUpstreams[] = [];

  function upstreams(servers: McpServerConfig[]): McpUpstreams {
    const s = tw.warden.services;
    const u = new McpUpstreams({
      servers,
      resolveSecret: (n) => s.vault.resolve(n),
      audit: s.audit,
      clock: s.clock,
      baseDir: s.baseDir,
      log,
      backoff: { initialMs: 50, maxMs: 400, stableMs: 60_000 },
      connectTimeoutMs: 10_000,
      stopGraceMs: 500,
    });
    open.push(u);
    return u;
  }

  const eventsFor = (server: string, action: string) => events.filter((e) => e.action === action && e.target?.id === server);

  before(async () => {
    process.env[CANARY] = 'must-not-leak';
    tw = await startWarden();
    tw.warden.services.audit.subscribe((e) => events.push(e));
    const actor = { kind: 'system' as const, id: 'test', name: 'upstream test' };
    await tw.warden.services.vault.create({ name: 'child-token', kind: 'env', value: CHILD_SECRET }, actor);
    await tw.warden.services.vault.create({ name: 'upstream-bearer', kind: 'mcp_token', value: BEARER_SECRET }, actor);
  });

  after(async () => {
    await Promise.allSettled(open.map((u) => u.close()));
    delete process.env[CANARY];
    await tw?.close();
  });

  it('lists and calls tools over stdio (a demo server spawned by Warden), passing a tool\'s isError through', async () => {
    const u = upstreams([demoStdio('files')]);
    await u.start();
    const files = u.get('files')!;
    assert.equal(files.state(), 'ready');
    assert.equal(files.transport, 'stdio');
    const tools = await files.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['list_files', 'read_file']);
    const read = tools.find((t) => t.name === 'read_file')!;
    assert.equal((read.inputSchema as { type?: string }).type, 'object');
    assert.equal(read.annotations?.readOnlyHint, true);
    assert.match(text(await files.callTool('list_files', {})), /customers\.csv/);
    assert.match(text(await files.callTool('read_file', { path: 'notes/meeting.md' })), /Weekly sync/);

    // The tool ran and said no: a result, not an error.
    const missing = await files.callTool('read_file', { path: 'nope.txt' });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /No such file/);

    // SDK v1 (2025-era) answers an unknown tool as a tool error: passed through as it came.
    const unknown = await files.callTool('no_such_tool', {});
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /Tool no_such_tool not found/);

    // A protocol error from upstream (no such prompt) is mcp.upstream_error with the upstream's message.
    const e = await rejectsWith(files.getPrompt('nope', {}), 'mcp.upstream_error', 502);
    assert.match(e.message, /"files" answered prompts\/get with an error \(-32601\): Method not found/);
    assert.equal(e.details?.rpcCode, -32601);
    assert.deepEqual(await files.listPrompts(), []);

    await tw.warden.services.audit.flush();
    const spawned = eventsFor('files', 'mcp.server.spawned');
    assert.equal(spawned.length, 1);
    assert.equal(spawned[0]!.phase, 'admin');
    assert.equal(spawned[0]!.actor.kind, 'system');
    assert.equal(typeof spawned[0]!.data?.pid, 'number');
    assert.deepEqual(spawned[0]!.data?.envNames, ['PATH']);
    const connected = eventsFor('files', 'mcp.server.connected').at(-1)!;
    assert.equal(connected.data?.era, 'legacy');
    assert.equal(connected.data?.serverName, 'warden-demo-files');

    await u.close();
    assert.equal(files.state(), 'stopped');
    await rejectsWith(files.listTools(), 'mcp.upstream_unavailable', 503);
    await tw.warden.services.audit.flush();
    const exited = eventsFor('files', 'mcp.server.exited').at(-1)!;
    assert.equal(exited.data?.pid, spawned[0]!.data?.pid);
    assert.equal(exited.data?.requested, true);
    assert.equal(exited.outcome, 'success');
    assert.equal(alive(spawned[0]!.data?.pid as number), false);
  });

  it('lists and calls over streamable HTTP, and a rug pull fires onToolsChanged with the new description listed', async () => {
    const demo: RunningMcpServer = await startMcpServer('files', { transport: 'http', port: 0, host: '127.0.0.1' });
    try {
      const u = upstreams([server({ name: 'files-http', transport: 'http', url: demo.url! })]);
      const changed: string[] = [];
      u.onToolsChanged((s) => changed.push(s));
      await u.start();
      const files = u.get('files-http')!;
      assert.equal(files.state(), 'ready');
      assert.deepEqual(changed, ['files-http'], 'a (re)connect says the tools may have changed');
      const before = (await files.listTools()).find((t) => t.name === 'read_file')!;
      assert.ok(!before.description!.includes(POISON));
      assert.match(text(await files.callTool('read_file', { path: 'README.txt' })), /Read-only demo file area/);

      demo.rugPull();
      await until('tools/list_changed reaches the listener', () => changed.length >= 2);
      assert.equal(changed.at(-1), 'files-http');
      const afterPull = (await files.listTools()).find((t) => t.name === 'read_file')!;
      assert.ok(afterPull.description!.includes(POISON));
      assert.ok('note' in ((afterPull.inputSchema as { properties?: object }).properties ?? {}));
    } finally {
      await demo.close();
    }
  });

  it('follows a rug pull over stdio (--rug-pull-after 1)', async () => {
    const u = upstreams([demoStdio('files-rug', ['--rug-pull-after', '1'])]);
    const changed: string[] = [];
    u.onToolsChanged((s) => changed.push(s));
    await u.start();
    const files = u.get('files-rug')!;
    assert.ok(!(await files.listTools()).some((t) => t.description?.includes(POISON)));
    const seen = changed.length;
    await files.callTool('list_files', {});
    await until('list_changed after the first answered call', () => changed.length > seen);
    assert.ok((await files.listTools()).some((t) => t.name === 'read_file' && t.description?.includes(POISON)));
    await u.close();
  });

  it('gives a spawned server exactly its configured environment (vault secret resolved), cwd against the base directory', async () => {
    const u = upstreams([
      server({
        name: 'envy',
        transport: 'stdio',
        command: process.execPath,
        args: [ENV_FIXTURE],
        cwd: '.',
        env: { GREETING: 'hello', API_TOKEN: { secret: 'child-token' } },
      }),
    ]);
    await u.start();
    const envy = u.get('envy')!;
    assert.equal(envy.state(), 'ready');
    const env = JSON.parse(text(await envy.callTool('env', {}))) as Record<string, string>;
    assert.deepEqual(Object.keys(env).sort(), ['API_TOKEN', 'GREETING', 'PATH']);
    assert.equal(env.API_TOKEN, CHILD_SECRET);
    assert.equal(env.GREETING, 'hello');
    assert.equal(env.PATH, DEFAULT_CHILD_PATH);
    assert.equal(process.env[CANARY], 'must-not-leak', 'the canary is in Warden\'s own environment');
    const where = JSON.parse(text(await envy.callTool('where', {}))) as { cwd: string };
    assert.equal(where.cwd, tw.warden.services.baseDir);

    // The fixture printed its environment (the secret included) on stderr; a crash brings that tail into the debug log.
    process.kill((JSON.parse(text(await envy.callTool('where', {}))) as { pid: number }).pid, 'SIGKILL');
    await until('restarted', () => envy.state() === 'ready' && eventsFor('envy', 'mcp.server.spawned').length >= 2);
    await until('the stderr tail was logged', () => logLines.some((l) => l.includes('"envy" stderr')));
    await u.close();
    await tw.warden.services.audit.flush();

    const spawned = eventsFor('envy', 'mcp.server.spawned')[0]!;
    assert.deepEqual(spawned.data?.envNames, ['API_TOKEN', 'GREETING', 'PATH']);
    const everything = JSON.stringify(events) + logLines.join('\n') + tw.logs.join('\n');
    assert.ok(!everything.includes(CHILD_SECRET), 'the vault secret is in no audit event and no log line');
    assert.ok(logLines.some((l) => l.includes('"envy" stderr') && l.includes('[secret]')), 'the stderr tail is scrubbed, not dropped');
  });

  it('restarts a killed server with backoff and serves again; the crash is audited', async () => {
    const u = upstreams([demoStdio('crashy')]);
    const changed: string[] = [];
    u.onToolsChanged((s) => changed.push(s));
    await u.start();
    const crashy = u.get('crashy')!;
    await tw.warden.services.audit.flush();
    const firstPid = eventsFor('crashy', 'mcp.server.spawned')[0]!.data?.pid as number;
    process.kill(firstPid, 'SIGKILL');
    await until('not ready after the kill', () => crashy.state() !== 'ready');
    await rejectsWith(crashy.callTool('list_files', {}), 'mcp.upstream_unavailable', 503);
    await until('ready again', () => crashy.state() === 'ready');
    assert.match(text(await crashy.callTool('list_files', {})), /customers\.csv/);
    assert.ok(changed.length >= 2, 'the reconnect is announced to onToolsChanged');
    await tw.warden.services.audit.flush();
    const exited = eventsFor('crashy', 'mcp.server.exited')[0]!;
    assert.equal(exited.outcome, 'failure');
    assert.equal(exited.data?.pid, firstPid);
    assert.equal(exited.data?.signal, 'SIGKILL');
    assert.equal(exited.data?.requested, false);
    const second = eventsFor('crashy', 'mcp.server.spawned')[1]!.data?.pid as number;
    assert.notEqual(second, firstPid);
    assert.equal(eventsFor('crashy', 'mcp.server.disconnected').length, 1);
    await u.close();
    assert.equal(alive(second), false);
  });

  it('close() leaves no process behind, not even one the server started itself', async () => {
    const u = upstreams([server({ name: 'parent', transport: 'stdio', command: process.execPath, args: [ENV_FIXTURE], env: { FIXTURE_GRANDCHILD: '1' } })]);
    await u.start();
    const where = JSON.parse(text(await u.get('parent')!.callTool('where', {}))) as { pid: number; grandchild: number };
    assert.ok(alive(where.pid) && alive(where.grandchild));
    await u.close();
    assert.equal(alive(where.pid), false);
    await until('the grandchild is gone', () => !alive(where.grandchild));
  });

  it('honours the per-call timeout and the caller\'s AbortSignal', async () => {
    const u = upstreams([server({ name: 'slow', transport: 'stdio', command: process.execPath, args: [ENV_FIXTURE], timeout: 200 })]);
    await u.start();
    const slow = u.get('slow')!;
    await rejectsWith(slow.callTool('sleep', { ms: 5_000 }), 'mcp.upstream_timeout', 504);
    await rejectsWith(slow.callTool('sleep', { ms: 5_000 }, { timeoutMs: 100 }), 'mcp.upstream_timeout', 504);
    const ac = new AbortController();
    const pending = slow.callTool('sleep', { ms: 5_000 }, { signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(), 20);
    await rejectsWith(pending, 'request.aborted', 499);
    await rejectsWith(slow.readResource('x://y', { signal: AbortSignal.abort() }), 'request.aborted', 499);
    // Still serving after all that.
    assert.equal(JSON.parse(text(await slow.callTool('where', {}))).grandchild, null);
    await u.close();
  });

  for (const transport of ['http', 'sse'] as const) {
    it(`sends the server's vault secret as the bearer token over ${transport}, and nothing else of anyone's`, async () => {
      const fixture = await startAuthServer({ transport, token: BEARER_SECRET });
      try {
        const u = upstreams([server({ name: `auth-${transport}`, transport, url: fixture.url, secret: 'upstream-bearer' })]);
        await u.start();
        const up = u.get(`auth-${transport}`)!;
        assert.equal(up.state(), 'ready');
        assert.deepEqual((await up.listTools()).map((t) => t.name), ['ping']);
        assert.equal(text(await up.callTool('ping', {})), 'pong');
        assert.ok(fixture.authorizations.length >= 3);
        assert.ok(fixture.authorizations.every((a) => a === `Bearer ${BEARER_SECRET}`), fixture.authorizations.join(' | '));
        await u.close();
        await tw.warden.services.audit.flush();
        const everything = JSON.stringify(events) + logLines.join('\n') + tw.logs.join('\n');
        assert.ok(!everything.includes(BEARER_SECRET));
      } finally {
        await fixture.close();
      }
    });
  }

  it('after a 401 reads the secret from the vault again (rotated) and retries once', async () => {
    const actor = { kind: 'system' as const, id: 'test', name: 'upstream test' };
    const first = 'rotating-token-Version1-abcdef0123456789';
    const second = 'rotating-token-Version2-fedcba9876543210';
    await tw.warden.services.vault.create({ name: 'rotating', kind: 'mcp_token', value: first }, actor);
    const fixture = await startAuthServer({ transport: 'http', token: first });
    try {
      const u = upstreams([server({ name: 'rotating', transport: 'http', url: fixture.url, secret: 'rotating' })]);
      await u.start();
      const up = u.get('rotating')!;
      assert.equal(text(await up.callTool('ping', {})), 'pong');
      await tw.warden.services.vault.rotate('rotating', second, actor);
      fixture.requireToken(second);
      assert.equal(text(await up.callTool('ping', {})), 'pong');
      assert.equal(fixture.authorizations.at(-2), `Bearer ${first}`, 'refused with the old token');
      assert.equal(fixture.authorizations.at(-1), `Bearer ${second}`, 'then retried with the rotated one');
      assert.equal(up.state(), 'ready');
      await u.close();
    } finally {
      await fixture.close();
    }
  });

  it('without the right token the server is failed (not ready), with a reason and no secret', async () => {
    const fixture = await startAuthServer({ transport: 'http', token: 'another-token-entirely' });
    try {
      const u = upstreams([server({ name: 'refused', transport: 'http', url: fixture.url, secret: 'upstream-bearer' })]);
      await u.start();
      const refused = u.get('refused')!;
      assert.equal(refused.state(), 'failed');
      const e = await rejectsWith(refused.callTool('ping', {}), 'mcp.upstream_unavailable', 503);
      assert.ok(!e.message.includes(BEARER_SECRET));
      await u.close();
    } finally {
      await fixture.close();
    }
  });

  it('a dead url is failed (start() still resolves) while another server works; a missing vault secret is said by name', async () => {
    const demo = await startMcpServer('files', { transport: 'http', port: 0, host: '127.0.0.1' });
    try {
      const u = upstreams([
        server({ name: 'dead', transport: 'http', url: `http://127.0.0.1:${await closedPort()}/mcp` }),
        server({ name: 'nosecret', transport: 'stdio', command: process.execPath, args: [ENV_FIXTURE], env: { TOKEN: { secret: 'no-such-secret' } } }),
        server({ name: 'alive', transport: 'http', url: demo.url! }),
      ]);
      await u.start();
      assert.deepEqual(u.all().map((s: UpstreamServer) => [s.name, s.state()]), [['dead', 'failed'], ['nosecret', 'failed'], ['alive', 'ready']]);
      const e = await rejectsWith(u.get('dead')!.callTool('x', {}), 'mcp.upstream_unavailable', 503);
      assert.match(e.message, /"dead".*ECONNREFUSED/);
      assert.match(text(await u.get('alive')!.callTool('list_files', {})), /customers\.csv/);
      await tw.warden.services.audit.flush();
      const failed = eventsFor('nosecret', 'mcp.server.connect_failed')[0]!;
      assert.equal(failed.data?.code, 'mcp.upstream_secret');
      assert.equal(eventsFor('nosecret', 'mcp.server.spawned').length, 0, 'nothing is spawned without its secret');
      // Still retrying in the background, and still failing: one audit event per failure streak, not per attempt.
      await until('a few retries', () => logLines.filter((l) => l.includes('"dead" still cannot connect')).length >= 2);
      await tw.warden.services.audit.flush();
      assert.equal(eventsFor('dead', 'mcp.server.connect_failed').length, 1);
      await u.close();
      assert.equal(u.get('dead')!.state(), 'stopped');
    } finally {
      await demo.close();
    }
  });

  it('recovers when an HTTP server comes back after being down', async () => {
    const port = await closedPort();
    const u = upstreams([server({ name: 'later', transport: 'http', url: `http://127.0.0.1:${port}/mcp` })]);
    const changed: string[] = [];
    u.onToolsChanged((s) => changed.push(s));
    await u.start();
    assert.equal(u.get('later')!.state(), 'failed');
    const demo = await startMcpServer('files', { transport: 'http', port, host: '127.0.0.1' });
    try {
      await until('connected in the background', () => u.get('later')!.state() === 'ready');
      assert.deepEqual(changed, ['later']);
      assert.ok((await u.get('later')!.listTools()).length === 2);
      // The server goes away: the next call says unavailable and a reconnect starts.
      await demo.close();
      await rejectsWith(u.get('later')!.listTools(), 'mcp.upstream_unavailable', 503);
      assert.notEqual(u.get('later')!.state(), 'ready');
    } finally {
      await demo.close();
    }
    await u.close();
  });

  it('talks to a 2026-07-28 server (SDK v2) over stdio: negotiated era, calls, errors, list_changed', async () => {
    const u = upstreams([server({ name: 'modern', transport: 'stdio', command: process.execPath, args: [MODERN_FIXTURE] })]);
    const changed: string[] = [];
    u.onToolsChanged((s) => changed.push(s));
    await u.start();
    const modern = u.get('modern')!;
    assert.equal(modern.state(), 'ready');
    await tw.warden.services.audit.flush();
    const connected = eventsFor('modern', 'mcp.server.connected').at(-1)!;
    assert.equal(connected.data?.era, 'modern');
    assert.equal(connected.data?.protocolVersion, '2026-07-28');
    assert.equal(eventsFor('modern', 'mcp.server.spawned').length, 1, 'one process per connection: the era probe runs in place');
    assert.equal(text(await modern.callTool('echo', { text: 'hi' })), 'hi');
    // SDK v2 answers an unknown tool with a JSON-RPC error: mcp.upstream_error, the upstream's message kept.
    const e = await rejectsWith(modern.callTool('no_such_tool', {}), 'mcp.upstream_error', 502);
    assert.match(e.message, /"modern" answered tools\/call with an error \(-32602\): Tool no_such_tool not found/);
    const seen = changed.length;
    await modern.callTool('turn', {});
    await until('list_changed from the modern server', () => changed.length > seen);
    assert.equal((await modern.listTools()).find((t) => t.name === 'echo')!.description, 'Echoes its text. (changed)');
    await u.close();
  });

  it('talks to a 2026-07-28 server over streamable HTTP with its bearer token, and follows list_changed there', async () => {
    const fixture = await startModernHttpServer({ token: BEARER_SECRET });
    try {
      const u = upstreams([server({ name: 'modern-http', transport: 'http', url: fixture.url, secret: 'upstream-bearer' })]);
      const changed: string[] = [];
      u.onToolsChanged((s) => changed.push(s));
      await u.start();
      const up = u.get('modern-http')!;
      assert.equal(up.state(), 'ready');
      await tw.warden.services.audit.flush();
      assert.equal(eventsFor('modern-http', 'mcp.server.connected').at(-1)!.data?.era, 'modern');
      assert.equal(text(await up.callTool('echo', { text: 'over http' })), 'over http');
      assert.ok(fixture.authorizations.length >= 2 && fixture.authorizations.every((a) => a === `Bearer ${BEARER_SECRET}`));
      const seen = changed.length;
      fixture.turn();
      await until('list_changed over the subscription', () => changed.length > seen);
      assert.equal((await up.listTools())[0]!.description, 'Echoes its text. (changed)');
      await u.close();
    } finally {
      await fixture.close();
    }
  });

  it('falls back to the plain 2025 handshake for a stdio server that exits when probed, and remembers it', async () => {
    const u = upstreams([server({ name: 'strict', transport: 'stdio', command: process.execPath, args: [STRICT_FIXTURE] })]);
    await u.start();
    const strict = u.get('strict')!;
    assert.equal(strict.state(), 'ready', 'within the first attempt, so start() sees it ready');
    assert.deepEqual((await strict.listTools()).map((t) => t.name), ['hello']);
    assert.equal(text(await strict.callTool('hello', {})), 'hello');
    await tw.warden.services.audit.flush();
    const spawns = eventsFor('strict', 'mcp.server.spawned');
    assert.equal(spawns.length, 2, 'the probed process, then the one that got initialize');
    const probed = eventsFor('strict', 'mcp.server.exited')[0]!;
    assert.equal(probed.data?.pid, spawns[0]!.data?.pid);
    assert.equal(probed.data?.code, 2);
    assert.equal(eventsFor('strict', 'mcp.server.connected')[0]!.data?.era, 'legacy');

    process.kill(spawns[1]!.data?.pid as number, 'SIGKILL');
    await until('ready again', () => strict.state() === 'ready' && eventsFor('strict', 'mcp.server.spawned').length >= 3);
    await tw.warden.services.audit.flush();
    assert.equal(eventsFor('strict', 'mcp.server.spawned').length, 3, 'no second probe: one spawn for the restart');
    assert.equal(text(await strict.callTool('hello', {})), 'hello');
    await u.close();
  });

  it('refuses two servers with one name', () => {
    assert.throws(() => upstreams([demoStdio('twin'), demoStdio('twin')]), (e: unknown) => e instanceof WardenError && e.code === 'config.invalid');
  });
});
