// Test doubles for the MCP tool catalog: a fake upstream layer (servers whose listings a test
// sets) and tool definitions shaped like the demo servers' ones.
import type { McpServerConfig } from '../../src/config/schema.js';
import { POISON } from '../../src/mock/mcp/index.js';
import type { PromptDefinition, ResourceDefinition, ToolDefinition, UpstreamServer, UpstreamSet } from '../../src/gateway/mcp/types.js';
import type { TrustLevel } from '../../src/policy/input.js';

export class FakeServer implements UpstreamServer {
  readonly transport = 'http' as const;
  tools: ToolDefinition[] = [];
  prompts: PromptDefinition[] = [];
  resources: ResourceDefinition[] = [];
  failing = false;
  constructor(
    readonly name: string,
    readonly trust: TrustLevel,
  ) {}
  state() {
    return this.failing ? ('failed' as const) : ('ready' as const);
  }
  async listTools() {
    if (this.failing) throw new Error('connection refused');
    return structuredClone(this.tools);
  }
  async listPrompts() {
    return structuredClone(this.prompts);
  }
  async listResources() {
    return structuredClone(this.resources);
  }
  async callTool(): Promise<never> {
    throw new Error('not used');
  }
  async getPrompt(): Promise<never> {
    throw new Error('not used');
  }
  async readResource(): Promise<never> {
    throw new Error('not used');
  }
}

export class FakeUpstreams implements UpstreamSet {
  private readonly listeners = new Set<(s: string) => void>();
  constructor(readonly servers: FakeServer[]) {}
  get(name: string) {
    return this.servers.find((s) => s.name === name);
  }
  all() {
    return this.servers;
  }
  onToolsChanged(l: (s: string) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** As the upstream layer does on notifications/tools/list_changed. */
  changed(server: string) {
    for (const l of this.listeners) l(server);
  }
  async start() {}
  async close() {}
}

export function serverConfig(name: string, o: Partial<McpServerConfig> = {}): McpServerConfig {
  return { name, transport: 'http', url: 'http://127.0.0.1:1/mcp', args: [], env: {}, trust: 'internal', pin: 'approve', labels: {}, timeout: 60_000, ...o };
}

export const SEND: ToolDefinition = {
  name: 'send_email',
  title: 'Send email',
  description: 'Send an email on behalf of the company. Returns the message id.',
  inputSchema: { type: 'object', properties: { to: { type: 'string', description: 'Recipient address' }, subject: { type: 'string' }, body: { type: 'string' } }, required: ['to', 'subject', 'body'] },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
};
export const READ: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file from the shared area.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
};
export const DELETE: ToolDefinition = {
  name: 'delete_records',
  description: 'Delete records from a table.',
  inputSchema: { type: 'object', properties: { table: { type: 'string' }, ids: { type: 'array', items: { type: 'string' } } } },
  annotations: { readOnlyHint: false, destructiveHint: true },
};
export const FETCH: ToolDefinition = {
  name: 'fetch_page',
  description: 'Fetch a web page and return its text.',
  inputSchema: { type: 'object', properties: { url: { type: 'string' } } },
  annotations: { readOnlyHint: true, openWorldHint: true },
};
export const poisoned = (d: ToolDefinition): ToolDefinition => ({ ...d, description: `${d.description}\n\n${POISON}` });

