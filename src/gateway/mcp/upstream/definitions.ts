import type { CallToolResult, Prompt, Resource, Tool } from '@modelcontextprotocol/client';
import type { PromptDefinition, ResourceDefinition, ToolDefinition, ToolResult } from '../types.js';

/**
 * SDK shapes to the gateway's plain JSON ones (types.ts). A tool keeps exactly the fields a pin
 * covers; anything else a server adds (icons, _meta, execution hints) is dropped here rather than
 * passed on unpinned.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toolDefinition(t: Tool): ToolDefinition {
  const d: ToolDefinition = { name: t.name, inputSchema: isObject(t.inputSchema) ? { ...t.inputSchema } : { type: 'object' } };
  if (typeof t.title === 'string') d.title = t.title;
  if (typeof t.description === 'string') d.description = t.description;
  if (isObject(t.outputSchema)) d.outputSchema = { ...t.outputSchema };
  if (isObject(t.annotations)) d.annotations = { ...t.annotations };
  return d;
}

export function promptDefinition(p: Prompt): PromptDefinition {
  const d: PromptDefinition = { name: p.name };
  if (typeof p.title === 'string') d.title = p.title;
  if (typeof p.description === 'string') d.description = p.description;
  if (Array.isArray(p.arguments)) {
    d.arguments = p.arguments.map((a) => ({
      name: a.name,
      ...(typeof a.description === 'string' ? { description: a.description } : {}),
      ...(typeof a.required === 'boolean' ? { required: a.required } : {}),
    }));
  }
  return d;
}

export function resourceDefinition(r: Resource): ResourceDefinition {
  const d: ResourceDefinition = { uri: r.uri, name: r.name };
  if (typeof r.title === 'string') d.title = r.title;
  if (typeof r.description === 'string') d.description = r.description;
  if (typeof r.mimeType === 'string') d.mimeType = r.mimeType;
  return d;
}

/** The call's answer, untouched but for the shape: a tool's own `isError` stays a result, not an error. */
export function toolResult(r: CallToolResult): ToolResult {
  const out: ToolResult = { content: Array.isArray(r.content) ? (r.content as ToolResult['content']) : [] };
  // Only an object fits the contract; other JSON values (allowed since SEP-2106) are left to `content`.
  if (isObject(r.structuredContent)) out.structuredContent = r.structuredContent;
  if (r.isError === true) out.isError = true;
  if (isObject(r._meta)) out._meta = r._meta;
  return out;
}
