import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfigText } from '../../src/config/load.js';

function problems(text: string, env: NodeJS.ProcessEnv = {}) {
  try {
    parseConfigText(text, 'warden.yaml', env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
    return e.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('embedded defaults are valid and complete', () => {
    const c = parseConfigText('{}', undefined, {});
    assert.equal(c.server.port, 8080);
    assert.equal(c.server.host, '127.0.0.1');
    assert.equal(c.keys.rotation_grace, 86_400_000);
    assert.equal(c.identity.access_token_ttl, 600_000);
    assert.equal(c.data_dir, '.warden');
  });

  it('parses providers, model aliases, MCP servers, declarative agents, audit and limits', () => {
    const c = parseConfigText(
      `
providers:
  - name: openai
    kind: openai
    base_url: https://api.openai.com/v1
    secret: openai-prod
models:
  gpt-4o: { provider: openai, model: gpt-4o-2024-08-06 }
mcp_servers:
  - name: files
    transport: stdio
    command: node
    args: [files.js]
    env: { ROOT: /srv, TOKEN: { secret: files-token } }
agents:
  - name: billing-bot
    owner: alice@example.com
    risk: high
    grants: { models: [gpt-4o], tools: [files/read_file] }
audit: { capture: hash }
limits: { max_body_bytes: 1048576 }
keys: { rotation_grace: 2h, default_ttl: 30d }
`,
      undefined,
      {},
    );
    assert.equal(c.models['gpt-4o']!.provider, 'openai');
    assert.deepEqual(c.mcp_servers[0]!.env.TOKEN, { secret: 'files-token' });
    assert.equal(c.agents[0]!.risk, 'high');
    assert.equal(c.agents[0]!.autonomy, 'supervised');
    assert.equal(c.keys.rotation_grace, 2 * 3_600_000);
    assert.equal(c.audit.capture, 'hash');
  });

  it('names the offending key, its line and column, and what was expected', () => {
    const p = problems(`server:\n  port: "eighty"\nkeys:\n  rotation_grace: soon\n`);
    const port = p.find((x) => x.path === 'server.port')!;
    assert.equal(port.line, 2);
    assert.equal(port.column, 9);
    assert.match(port.message, /number/);
    const grace = p.find((x) => x.path === 'keys.rotation_grace')!;
    assert.equal(grace.line, 4);
    assert.match(grace.message, /duration/);
  });

  it('refuses unknown keys (typos) instead of ignoring them', () => {
    const p = problems(`server:\n  port: 8080\n  prot: 8080\nlogg: {}\n`);
    assert.deepEqual(p.map((x) => [x.path, x.line, x.column]).sort(), [['logg', 4, 1], ['server.prot', 3, 3]]);
    assert.match(p[0]!.message, /unknown key/);
  });

  it('checks references: a model alias must name a configured provider', () => {
    const p = problems(`models:\n  fast: { provider: nowhere, model: x }\n`);
    assert.equal(p[0]!.path, 'models.fast.provider');
    assert.match(p[0]!.message, /no provider named "nowhere"/);
  });

  it('checks MCP server shape per transport and duplicate names', () => {
    const p = problems(`mcp_servers:\n  - { name: a, transport: stdio }\n  - { name: a, transport: http, url: "http://x" }\n`);
    assert.ok(p.some((x) => x.path === 'mcp_servers[0].command'));
    assert.ok(p.some((x) => x.path === 'mcp_servers[1].name' && /duplicate/.test(x.message)));
  });

  it('reads the MCP front\'s session limits, and refuses ones out of range', () => {
    const c = parseConfigText(`mcp:\n  session_idle: 5m\n  max_sessions: 50\n  max_sessions_per_agent: 2\n`, 'warden.yaml', {});
    assert.deepEqual([c.mcp.session_idle, c.mcp.max_sessions, c.mcp.max_sessions_per_agent], [300_000, 50, 2]);
    assert.deepEqual([parseConfigText('', 'warden.yaml', {}).mcp.session_idle, parseConfigText('', 'warden.yaml', {}).mcp.max_sessions_per_agent], [1_800_000, 100]);
    const p = problems(`mcp:\n  session_idle: 10ms\n  max_sessions: 0\n`);
    assert.deepEqual(p.map((x) => x.path).sort(), ['mcp.max_sessions', 'mcp.session_idle']);
  });

  it('reports YAML syntax errors with their position', () => {
    const p = problems(`server:\n  port: [8080\n`);
    assert.match(p[0]!.message, /YAML syntax/);
    assert.ok(p[0]!.line);
  });

  it('the error message lists every problem with file:line:col', () => {
    try {
      parseConfigText(`server:\n  port: -1\n`, '/etc/warden/warden.yaml', {});
      assert.fail('expected refusal');
    } catch (e) {
      assert.equal((e as ConfigError).code, 'config.invalid');
      assert.match((e as Error).message, /\/etc\/warden\/warden\.yaml:2:\d+\s+server\.port:/);
    }
  });

  it('environment overrides win over the file', () => {
    const c = parseConfigText(`server: { port: 9000 }\ndata_dir: /from/file\n`, undefined, {
      WARDEN_PORT: '9100',
      WARDEN_DATA_DIR: '/from/env',
      WARDEN_DATABASE_URL: 'postgres://u@h/db',
    });
    assert.equal(c.server.port, 9100);
    assert.equal(c.data_dir, '/from/env');
    assert.equal(c.database.url, 'postgres://u@h/db');
    const p = problems('{}', { WARDEN_PORT: 'abc' });
    assert.equal(p[0]!.path, 'WARDEN_PORT');
  });

  it('loads ./warden.yaml when present, an explicit file, or fails clearly on a missing file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-cfg-'));
    writeFileSync(path.join(dir, 'warden.yaml'), 'server: { port: 9999 }\n');
    const auto = await loadConfig({ cwd: dir, env: {} });
    assert.equal(auto.config.server.port, 9999);
    assert.equal(auto.file, path.join(dir, 'warden.yaml'));
    const none = await loadConfig({ cwd: tmpdir(), env: {} });
    assert.equal(none.file, undefined);
    await assert.rejects(loadConfig({ file: 'missing.yaml', cwd: dir, env: {} }), (e: Error & { code?: string }) => e.code === 'config.unreadable');
  });
});

describe('the annotated example configuration', () => {
  it('examples/warden.yaml is valid', async () => {
    const file = new URL('../../../examples/warden.yaml', import.meta.url).pathname;
    const loaded = await loadConfig({ file, env: {} });
    assert.equal(loaded.config.agents[0]!.name, 'billing-bot');
    assert.equal(loaded.config.identity.trusted_issuers[0]!.bindings.length, 2);
  });
});
