import assert from 'node:assert/strict';
import { WardenError } from '../../src/errors.js';
import type { CallOptions, McpCaller, McpCore, McpOutcome, ToolDefinition, ToolResult } from '../../src/gateway/mcp/types.js';

/** A tool call's result as both SDK lines return it. */
export type CallResult = { content: Array<{ type: string; text?: string }>; isError?: boolean };

/** The text of a tool result's first content block. */
export const textOf = (r: unknown): string => ((r as CallResult).content[0] as { text: string }).text;

/** The JSON-RPC error a client call raised: its code, message and Warden's data (code, hint, approval id). */
export async function failure(fn: () => Promise<unknown>): Promise<{ code: number; message: string; data: any }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { code?: number; message: string; data?: unknown };
    return { code: err.code ?? 0, message: err.message, data: err.data ?? {} };
  }
  assert.fail('expected the call to fail');
}

/** A fake pipeline for front tests: tools only; prompts/list and resources/list are empty and nothing else is found. */
export abstract class ToolsOnlyCore implements McpCore {
  abstract listTools(caller: McpCaller): Promise<McpOutcome<ToolDefinition[]>>;
  abstract callTool(caller: McpCaller, name: string, args: Record<string, unknown>, opts?: CallOptions): Promise<McpOutcome<ToolResult>>;
  abstract onCatalogChanged(listener: () => void): () => void;
  async listPrompts(): Promise<McpOutcome<never[]>> {
    return { kind: 'ok', value: [] };
  }
  async getPrompt(): Promise<McpOutcome<Record<string, unknown>>> {
    return { kind: 'error', error: new WardenError('mcp.unknown_prompt', 404, 'No such prompt.') };
  }
  async listResources(): Promise<McpOutcome<never[]>> {
    return { kind: 'ok', value: [] };
  }
  async readResource(): Promise<McpOutcome<Record<string, unknown>>> {
    return { kind: 'error', error: new WardenError('mcp.unknown_resource', 404, 'No such resource.') };
  }
}
