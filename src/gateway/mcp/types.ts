import { CAPABILITY_LABELS } from '../../policy/input.js';
import type { TrustLevel } from '../../policy/input.js';

export { CAPABILITY_LABELS };

/**
 * The MCP gateway's shared shapes. Three parts meet here:
 *
 *   upstream/  Warden as a client of the real servers (stdio, streamable HTTP, legacy SSE)
 *   catalog/   what those servers offer, namespaced, labelled, pinned, quarantined on change
 *   front/     Warden as an MCP server to agents (both spec eras), over the one pipeline
 *
 * Definitions are plain JSON here, not SDK classes, so the SDK line (v1 for 2025-era servers,
 * v2 for 2026-07-28) can change under any one part without the others noticing.
 */

/** What an upstream server says about one tool: exactly the fields a pin covers. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface PromptDefinition {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
}

export interface ResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** A tool call's answer as MCP carries it (CallToolResult), untouched by the upstream layer. */
export interface ToolResult {
  content: Array<Record<string, unknown> & { type: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

export type UpstreamState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

/** One configured upstream server, connected (and for stdio, spawned) by the upstream layer. */
export interface UpstreamServer {
  readonly name: string;
  readonly trust: TrustLevel;
  readonly transport: 'stdio' | 'http' | 'sse';
  state(): UpstreamState;
  listTools(): Promise<ToolDefinition[]>;
  listPrompts(): Promise<PromptDefinition[]>;
  listResources(): Promise<ResourceDefinition[]>;
  callTool(name: string, args: Record<string, unknown>, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ToolResult>;
  getPrompt(name: string, args: Record<string, string>, opts?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  readResource(uri: string, opts?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
}

/** Every configured upstream server. */
export interface UpstreamSet {
  get(name: string): UpstreamServer | undefined;
  all(): UpstreamServer[];
  /** Called when a server says its tools changed (notifications/tools/list_changed) or reconnects. */
  onToolsChanged(listener: (server: string) => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export type CapabilityLabel = (typeof CAPABILITY_LABELS)[number];

/** Agents see `server__tool`: OpenAI function names allow neither "." nor "/", and server names have no "_". */
export const NAMESPACE_SEPARATOR = '__';

export type PinStatus = 'approved' | 'quarantined' | 'rejected';

/** One tool in the catalog: the upstream definition, its pin and what policies see about it. */
export interface CatalogTool {
  server: string;
  /** The upstream's own name. */
  tool: string;
  /** The name agents see: server__tool. */
  exposed: string;
  definition: ToolDefinition;
  /** sha256 of the canonical definition (name, title, description, schemas, annotations). */
  hash: string;
  status: PinStatus;
  /** Why it is quarantined or rejected (changed definition, new tool, poisoning finding). */
  reason?: string;
  labels: CapabilityLabel[];
  trust: TrustLevel;
}

/** Who is calling, as the front resolved it for one JSON-RPC request. */
export interface McpCaller {
  principal: import('../../identity/authenticate.js').Principal;
  /** 2025-11-25: the Mcp-Session-Id; 2026-07-28: x-warden-session, else the traceparent's trace id, else ''. */
  session: string;
  era: 'legacy' | 'modern';
  protocolVersion: string;
  /** On-behalf-of user (x-warden-user header) and app (x-warden-app), '' when not said. */
  user: string;
  app: string;
}

/** A held call: the approval a person must decide before the same call may run. */
export interface PendingApproval {
  id: string;
  expiresAt: number;
  /** Why it is held (the rule's message). */
  message: string;
  rule?: string;
}

/**
 * What the pipeline answers the front. Errors are WardenErrors (stable code, status, hint); the
 * front turns them into JSON-RPC errors (front/errors.ts) and never into a tool's own isError.
 */
export type McpOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'error'; error: import('../../errors.js').WardenError }
  | { kind: 'approval'; approval: PendingApproval };

export interface CallOptions {
  signal?: AbortSignal;
  /** An approval id the agent presents for this exact call (2026-07-28 requestState, or _meta "warden/approval"). */
  approvalId?: string;
  /** 2025-11-25: how long to hold the call open waiting for a decision before answering with the approval id. */
  holdMs?: number;
}

/** The MCP side of the one pipeline, as the front sees it. */
export interface McpCore {
  listTools(caller: McpCaller): Promise<McpOutcome<ToolDefinition[]>>;
  callTool(caller: McpCaller, exposedName: string, args: Record<string, unknown>, opts?: CallOptions): Promise<McpOutcome<ToolResult>>;
  listPrompts(caller: McpCaller): Promise<McpOutcome<PromptDefinition[]>>;
  getPrompt(caller: McpCaller, exposedName: string, args: Record<string, string>): Promise<McpOutcome<Record<string, unknown>>>;
  listResources(caller: McpCaller): Promise<McpOutcome<ResourceDefinition[]>>;
  readResource(caller: McpCaller, uri: string): Promise<McpOutcome<Record<string, unknown>>>;
  /** The visible catalog changed (approval, quarantine, upstream list_changed): fronts tell their sessions. */
  onCatalogChanged(listener: () => void): () => void;
}
