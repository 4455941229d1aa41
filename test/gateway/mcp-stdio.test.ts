import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import type { Actor } from '../../src/audit/types.js';
import { buildProgram } from '../../src/cli/main.js';
import { mcpUrl } from '../../src/cli/mcp-stdio.js';
import { WardenError } from '../../src/errors.js';
import { registerMcpFront, type McpFront } from '../../src/gateway/mcp/front/index.js';
import { buildServer } from '../../src/gateway/server.js';
import type { McpCaller, McpOutcome, ToolDefinition, ToolResult } from '../../src/gateway/mcp/types.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { ToolsOnlyCore } from './mcp-client-helpers.js';

/**
 * `warden mcp-stdio`: a desktop client that only speaks stdio spawns the bridge, which forwards
 * to Warden's /mcp with the agent's key. Driven by the official SDK stdio clients of both eras.
 */
const ACTOR: Actor = { kind: 'system', id: 'test', name: 'mcp stdio test' };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const TOOLS: ToolDefinition[] = [
  { name: 'demo__echo', description: 'Echoes its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
  { name: 'demo__forbidden', description: 'Always denied.', inputSchema: { type: 'object', properties: {} } },
];

class TinyCore extends ToolsOnlyCore {
  callers: McpCaller[] = [];
  async listTools(c: McpCaller): Promise<McpOutcome<ToolDefinition[]>> {
    this.callers.push(c);
    return { kind: 'ok', value: TOOLS };
  }
  async callTool(c: McpCaller, name: string, args: Record<string, unknown>): Promise<McpOutcome<ToolResult>> {
    this.callers.push(c);
    if (name === 'demo__echo') return { kind: 'ok', value: { content: [{ type: 'text', text: `echo: ${String(args.text)}` }] } };
    return { kind: 'error', error: new WardenError('policy.denied', 403, 'Denied by rule no-forbidden.', { details: { rule: 'no-forbidden' } }) };
  }
  onCatalogChanged(): () => void {
    return () => undefined;
  }
}

/** How to start the bridge: `warden mcp-stdio` once main.ts has the verb, else the module's own register() under a bare program. */
function bridgeCommand(url: string, extra: string[] = []): { command: string; args: string[] } {
  if (buildProgram().commands.some((c) => c.name() === 'mcp-stdio')) {
    return { command: process.execPath, args: [path.join(ROOT, 'bin', 'warden.js'), '--url', url, 'mcp-stdio', ...extra] };
  }
  const mod = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'src', 'cli', p)).href);
  const script = `
const { Command } = await import(${JSON.stringify(import.meta.resolve('commander'))});
const { CliContext } = await import(${mod('context.js')});
const verb = await import(${mod('mcp-stdio.js')});
const program = new Command('warden').option('--url <url>').option('--json').exitOverride();
verb.register(program, new CliContext(program));
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;
  return { command: process.execPath, args: ['--input-type=module', '-e', script, '--', '--url', url, 'mcp-stdio', ...extra] };
}

describe('warden mcp-stdio, the stdio bridge to /mcp', { timeout: 120_000 }, () => {
  let w: TestWarden;
  let server: FastifyInstance;
  let front: McpFront;
  let url: string;
  const core = new TinyCore();
  let agent: { id: string; key: string };
  const dirs: string[] = [];

  before(async () => {
    w = await startWarden();
    const { services } = w.warden;
    await services.directory.createOwner({ handle: 'stdio-tests@example.com', displayName: 'stdio tests' }, ACTOR);
    server = await buildServer({
      services,
      routes: [],
      version: 'test',
      logLevel: 'silent',
      plugins: [
        async (app) => {
          front = await registerMcpFront(app, { services, core });
        },
      ],
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    const a = await services.agents.create({ name: 'desktop', owner: 'stdio-tests@example.com', purpose: 'stdio bridge tests', risk: 'low', grants: { servers: ['demo'] } }, ACTOR);
    agent = { id: a.id, key: (await services.credentials.issue(a.id, { name: 'desktop' }, ACTOR)).key };
  });
  after(async () => {
    await server?.close();
    await w?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a 2025-11-25 stdio client lists and calls through Warden, as the agent, in one session', async () => {
    const { command, args } = bridgeCommand(url, ['--user', 'alice@example.com', '--app', 'desktop-app']);
    const transport = new StdioV1({ command, args, env: { WARDEN_AGENT_KEY: agent.key }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (c) => (stderr += String(c)));
    const client = new ClientV1({ name: 'desktop-client', version: '1.0.0' });
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    assert.deepEqual(tools, ['demo__echo', 'demo__forbidden']);
    const r = await client.callTool({ name: 'demo__echo', arguments: { text: 'from the desktop' } });
    assert.equal((r.content as Array<{ text: string }>)[0]!.text, 'echo: from the desktop');
    const caller = core.callers.at(-1)!;
    assert.equal(caller.era, 'legacy');
    assert.equal(caller.principal.agent.id, agent.id);
    assert.equal(caller.user, 'alice@example.com');
    assert.equal(caller.app, 'desktop-app');
    assert.equal(caller.protocolVersion, '2025-11-25');
    assert.ok(front.sessions.get(caller.session), 'the bridge holds one Warden session');
    // A refusal reaches the client as the JSON-RPC error Warden sent.
    await assert.rejects(() => client.callTool({ name: 'demo__forbidden', arguments: {} }), (e: { code?: number; data?: { code?: string } }) => e.code === -32003 && e.data?.code === 'policy.denied');
    await client.close();
    // Closing stdin ends the Warden session too (DELETE), not left to expire.
    await until(() => front.sessions.get(caller.session) === undefined);
    assert.ok(!stderr.includes(agent.key), 'the key is not in the diagnostics');
  });

  it('a 2026-07-28 stdio client passes through as 2026-07-28', async () => {
    const { command, args } = bridgeCommand(url);
    const client = new ClientV2({ name: 'modern-desktop', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } } as never);
    await client.connect(new StdioV2({ command, args, env: { WARDEN_AGENT_KEY: agent.key }, stderr: 'pipe' }));
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ['demo__echo', 'demo__forbidden']);
    const r = await client.callTool({ name: 'demo__echo', arguments: { text: 'modern' } });
    assert.equal((r.content as Array<{ text: string }>)[0]!.text, 'echo: modern');
    assert.equal(core.callers.at(-1)!.era, 'modern');
    assert.equal(core.callers.at(-1)!.protocolVersion, '2026-07-28');
    await client.close();
  });

  it('reads the key from --key-file; a refused key reaches the client as a JSON-RPC error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-stdio-'));
    dirs.push(dir);
    const file = path.join(dir, 'key');
    writeFileSync(file, `${agent.key}\n`, { mode: 0o600 });
    const { command, args } = bridgeCommand(url, ['--key-file', file]);
    const client = new ClientV1({ name: 'desktop-client', version: '1.0.0' });
    await client.connect(new StdioV1({ command, args, env: {}, stderr: 'pipe' }));
    assert.equal((await client.listTools()).tools.length, 2);
    await client.close();

    const bad = bridgeCommand(url);
    const refused = new ClientV1({ name: 'desktop-client', version: '1.0.0' });
    await assert.rejects(
      () => refused.connect(new StdioV1({ command: bad.command, args: bad.args, env: { WARDEN_AGENT_KEY: 'wdn_no_such_key_000000000000000000' }, stderr: 'pipe' })),
      (e: { code?: number; data?: { code?: string } }) => e.code === -32000 && /^auth\./.test(e.data?.code ?? ''),
    );
    await refused.close().catch(() => undefined);
  });

  it('without a key it says so on stderr, exits with a usage error and writes nothing to stdout', async () => {
    const { command, args } = bridgeCommand(url);
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /WARDEN_AGENT_KEY/);
  });

  it('finds /mcp under a bare Warden URL and keeps an explicit path', () => {
    assert.equal(mcpUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/mcp');
    assert.equal(mcpUrl('https://w.example.com/'), 'https://w.example.com/mcp');
    assert.equal(mcpUrl('https://w.example.com/gw/mcp'), 'https://w.example.com/gw/mcp');
    assert.throws(() => mcpUrl('ftp://x'));
  });
});

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}
