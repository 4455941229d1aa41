import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';
import type { Actor, AuditEvent } from '../../src/audit/types.js';
import { startMcpServer, type McpServerName, type RunningMcpServer } from '../../src/mock/mcp/index.js';
import { starterPackDir } from '../../src/policy/service.js';
import type { AuditQuery } from '../../src/store/repos/audit-events.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

/**
 * A complete Warden for the MCP gateway's end-to-end tests: real SQLite, the starter policies,
 * and the four demo MCP servers over streamable HTTP as upstreams (files, web, mailer, admin),
 * with the labels the demo gives them. Agents connect with the official MCP SDK clients of
 * both eras: v1 (`@modelcontextprotocol/sdk`, 2025-11-25) and v2 (`@modelcontextprotocol/client`,
 * 2026-07-28).
 */
const ACTOR: Actor = { kind: 'system', id: 'test', name: 'mcp e2e test' };
const OWNER = 'mcp-tests@example.com';

export interface McpAgent {
  id: string;
  name: string;
  key: string;
}

export interface McpHarness {
  w: TestWarden;
  servers: Record<McpServerName, RunningMcpServer>;
  newAgent(name: string, o?: { servers?: string[]; tools?: string[]; risk?: 'low' | 'medium' | 'high' | 'critical' }): Promise<McpAgent>;
  /** A 2025-11-25 client (SDK v1) connected through Warden; `changed()` resolves on the next tools/list_changed. */
  legacy(key: string, headers?: Record<string, string>): Promise<{ client: ClientV1; sessionId(): string; changed(): Promise<void>; close(): Promise<void> }>;
  /** A 2026-07-28 client (SDK v2) connected through Warden, era pinned. */
  modern(key: string, o?: { headers?: Record<string, string>; onElicit?: (params: any) => Promise<any> }): Promise<{ client: ClientV2; close(): Promise<void> }>;
  events(q?: AuditQuery): Promise<AuditEvent[]>;
  /** Waits until the predicate holds (polling), failing after a few seconds. */
  until(what: string, pred: () => Promise<boolean> | boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startMcpHarness(o: { pin?: 'tofu' | 'approve'; yaml?: string; policies?: Record<string, string> } = {}): Promise<McpHarness> {
  const servers = {} as Record<McpServerName, RunningMcpServer>;
  for (const name of ['files', 'web', 'mailer', 'admin'] as const) servers[name] = await startMcpServer(name, { transport: 'http', port: 0, host: '127.0.0.1' });
  const policyDir = mkdtempSync(path.join(tmpdir(), 'warden-mcp-policies-'));
  cpSync(starterPackDir(), policyDir, { recursive: true });
  for (const [name, text] of Object.entries(o.policies ?? {})) writeFileSync(path.join(policyDir, name), text);
  const pin = o.pin ?? 'tofu';
  const yaml = `
policy:
  dir: ${JSON.stringify(policyDir)}
mcp:
  approval_hold: 20s
mcp_servers:
  - { name: files, transport: http, url: "${servers.files.url}", trust: internal, pin: ${pin}, labels: { read_file: [private_data], list_files: [private_data] } }
  - { name: web, transport: http, url: "${servers.web.url}", trust: untrusted, pin: ${pin} }
  - { name: mailer, transport: http, url: "${servers.mailer.url}", trust: internal, pin: ${pin} }
  - { name: admin, transport: http, url: "${servers.admin.url}", trust: internal, pin: ${pin} }
${o.yaml ?? ''}`;
  const w = await startWarden({ yaml });
  const { services } = w.warden;
  await services.directory.createOwner({ handle: OWNER, displayName: 'MCP tests' }, ACTOR);
  const opened: Array<{ close(): Promise<void> }> = [];

  const until = async (what: string, pred: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 100; i++) {
      if (await pred()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };

  return {
    w,
    servers,
    async newAgent(name, a = {}) {
      const agent = await services.agents.create({ name, owner: OWNER, purpose: 'MCP gateway end-to-end tests', risk: a.risk ?? 'low', grants: { servers: a.servers ?? [], tools: a.tools ?? [] } }, ACTOR);
      const { key } = await services.credentials.issue(agent.id, { name: 'e2e' }, ACTOR);
      return { id: agent.id, name: agent.name, key };
    },
    async legacy(key, headers = {}) {
      const client = new ClientV1({ name: 'legacy-agent', version: '1.0.0' });
      let waiting: (() => void) | undefined;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => waiting?.());
      const transport = new HttpV1(new URL(`${w.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}`, ...headers } } });
      await client.connect(transport);
      const handle = { client, sessionId: () => transport.sessionId ?? '', changed: () => new Promise<void>((r) => (waiting = r)), close: () => client.close() };
      opened.push(handle);
      return handle;
    },
    async modern(key, m = {}) {
      const client = new ClientV2(
        { name: 'modern-agent', version: '1.0.0' },
        { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities: m.onElicit ? { elicitation: { url: {}, form: {} } } : {} } as never,
      );
      if (m.onElicit) client.setRequestHandler('elicitation/create' as never, (async (req: any) => m.onElicit!(req.params)) as never);
      const transport = new HttpV2(new URL(`${w.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}`, ...(m.headers ?? {}) } } });
      await client.connect(transport);
      const handle = { client, close: () => client.close() };
      opened.push(handle);
      return handle;
    },
    async events(q = {}) {
      await services.audit.flush();
      return services.audit.query({ limit: 5000, order: 'asc', ...q });
    },
    until,
    async close() {
      for (const c of opened) await c.close().catch(() => undefined);
      await w.close();
      for (const s of Object.values(servers)) await s.close();
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}
