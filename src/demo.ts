import { randomBytes } from 'node:crypto';
import type { Warden } from './app.js';
import { SYSTEM_ACTOR } from './audit/types.js';
import type { WardenConfig } from './config/schema.js';
import { startMcpServer, type McpServerName, type RunningMcpServer } from './mock/mcp/index.js';
import { startMockProvider } from './mock/provider.js';

export const DEMO_AGENT = 'demo-agent';
const DEMO_OWNER = 'demo@warden.local';

/** The demo's upstream providers and models, served by the project's own mock provider. */
export const DEMO_SECRETS = { openai: 'demo-openai-key', anthropic: 'demo-anthropic-key' } as const;

/**
 * Starts the demo provider in this process and adds it to the configuration as two providers
 * (OpenAI and Anthropic wire formats) with the models demo-gpt, demo-claude and demo-embed, unless
 * the configuration already names them. Their keys are vault secrets (prepareDemo stores them), so
 * the demo shows the agent's Warden key being swapped for the upstream secret.
 */
export async function startDemoUpstreams(config: WardenConfig): Promise<{ url: string; mcp: Record<string, RunningMcpServer>; close(): Promise<void> }> {
  const mock = await startMockProvider({ port: 0, host: '127.0.0.1' });
  const add = (p: WardenConfig['providers'][number]) => {
    if (!config.providers.some((x) => x.name === p.name)) config.providers.push(p);
  };
  add({ name: 'demo-openai', kind: 'openai', base_url: `${mock.url}/v1`, secret: DEMO_SECRETS.openai, timeout: 120_000 });
  add({ name: 'demo-anthropic', kind: 'anthropic', base_url: mock.url, secret: DEMO_SECRETS.anthropic, timeout: 120_000 });
  config.models['demo-gpt'] ??= { provider: 'demo-openai', model: 'gpt-4o-mini-demo', fallback: [] };
  config.models['demo-claude'] ??= { provider: 'demo-anthropic', model: 'claude-demo', fallback: [] };
  config.models['demo-embed'] ??= { provider: 'demo-openai', model: 'text-embedding-demo', fallback: [] };
  const mcp = await startDemoMcpServers(config);
  return {
    url: mock.url,
    mcp,
    close: async () => {
      await Promise.all([mock.close(), ...Object.values(mcp).map((m) => m.close())]);
    },
  };
}

/**
 * The four demo MCP servers over streamable HTTP on loopback, added as demo-files, demo-web,
 * demo-mailer and demo-admin. Pinned trust-on-first-use so a newcomer sees their tools at once;
 * a rug pull afterwards (SIGUSR2 to `warden mock-mcp`, or rugPull() in tests) is quarantined.
 */
async function startDemoMcpServers(config: WardenConfig): Promise<Record<string, RunningMcpServer>> {
  const labels: Partial<Record<McpServerName, Record<string, Array<'private_data' | 'untrusted_content' | 'external_comms' | 'destructive'>>>> = {
    files: { read_file: ['private_data'], list_files: ['private_data'] },
  };
  const out: Record<string, RunningMcpServer> = {};
  for (const name of ['files', 'web', 'mailer', 'admin'] as const) {
    const server = `demo-${name}`;
    if (config.mcp_servers.some((s) => s.name === server)) continue;
    const running = await startMcpServer(name, { transport: 'http', port: 0, host: '127.0.0.1' });
    out[server] = running;
    config.mcp_servers.push({ name: server, transport: 'http', url: running.url!, args: [], env: {}, trust: name === 'web' ? 'untrusted' : 'internal', pin: 'tofu', labels: labels[name] ?? {}, timeout: 30_000 });
  }
  return out;
}

/**
 * Demo mode: makes sure a demo owner and agent exist and issues the agent a short-lived key,
 * so a newcomer can try a request straight away. The key is printed once, like any key.
 */
export async function prepareDemo(w: Warden): Promise<{ agent: string; key: string; keyId: string }> {
  const { directory, agents, credentials } = w.services;
  const actor = { ...SYSTEM_ACTOR, name: 'demo' };
  if (!(await directory.listOwners()).some((o) => o.handle === DEMO_OWNER)) {
    await directory.createOwner({ handle: DEMO_OWNER, displayName: 'Demo owner' }, actor);
  }
  let agent = await agents.find(DEMO_AGENT);
  if (!agent) {
    agent = await agents.create(
      {
        name: DEMO_AGENT,
        owner: DEMO_OWNER,
        purpose: 'Shows Warden end to end with the demo upstreams',
        environment: 'dev',
        risk: 'low',
        autonomy: 'supervised',
        labels: { demo: 'true' },
        grants: { models: ['demo-*'], servers: ['demo-*'], tools: ['demo-*/*'] },
      },
      actor,
    );
  }
  // Upstream keys for the demo provider, generated once: it accepts any, and they never leave the vault but upstream.
  const stored = new Set((await w.services.vault.list()).map((x) => x.name));
  for (const name of Object.values(DEMO_SECRETS)) {
    if (!stored.has(name)) await w.services.vault.create({ name, kind: 'provider_key', description: 'demo provider key', value: `demo-${randomBytes(18).toString('base64url')}` }, actor);
  }
  if (agent.status !== 'active') return { agent: agent.name, key: '', keyId: '' };
  const { credential, key } = await credentials.issue(agent.id, { name: 'demo', ttlMs: 86_400_000 }, actor);
  return { agent: agent.name, key, keyId: credential.id };
}
