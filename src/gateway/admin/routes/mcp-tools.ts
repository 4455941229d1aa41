import { z } from 'zod';
import { WardenError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { MCP_TOOL_STATUSES } from '../../../store/repos/mcp-tools.js';
import type { ToolCatalog } from '../../mcp/catalog/catalog.js';
import { CAPABILITY_LABELS } from '../../mcp/types.js';
import { route, type AdminRoute } from '../route.js';

/** Server names as configured (no "_" nor "."); tool names as MCP allows them. */
const serverName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a configured server name');
const toolName = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'expected a tool name: 1 to 128 of A-Z a-z 0-9 _ - .');
const toolParams = z.object({ server: serverName, tool: toolName }).strict();
const hash = z
  .string()
  .trim()
  .regex(/^(?:sha256:)?[0-9a-fA-F]{64}$/, 'expected the full 64-hex-digit hash `warden mcp tools show` prints')
  .optional();

const listQuery = z.object({ server: serverName.optional(), status: z.enum(MCP_TOOL_STATUSES).optional() }).strict();
const approveBody = z.object({ hash, reason: z.string().trim().max(500).optional() }).strict();
const rejectBody = z.object({ hash, reason: z.string().trim().min(1, 'say why (it goes into the audit trail)').max(500) }).strict();
const labelsBody = z.object({ labels: z.array(z.enum(CAPABILITY_LABELS)).max(CAPABILITY_LABELS.length) }).strict();

/**
 * The catalog of the MCP gateway. An instance without one has no MCP gateway: say so rather
 * than answer with an empty catalog that looks like "no tools".
 */
function catalog(services: Services): ToolCatalog {
  const c = services.mcp?.catalog;
  if (!c) throw new WardenError('mcp.not_configured', 404, 'This Warden has no MCP gateway.', { hint: 'Configure mcp_servers in warden.yaml.' });
  return c;
}

/**
 * The MCP tool catalog and its pins: every tool each server offers, its status (approved,
 * quarantined, rejected), its definition and hash, the reason for a quarantine, and its capability
 * labels. Anyone who reads the inventory sees them; approving, rejecting and labelling tools is
 * an inventory change (operators and admins). Approve with the hash you reviewed: if the
 * definition changed since, the approval is refused (409 mcp.tool_changed).
 */
export const mcpToolRoutes: AdminRoute[] = [
  route({
    method: 'GET', path: '/mcp/tools', operationId: 'listMcpTools', tag: 'mcp', summary: 'List MCP tools with their pin status (filter by server and status)', permission: 'inventory.read', query: listQuery,
    handler: async ({ services, query }) => {
      const c = catalog(services);
      return { tools: await c.list({ server: query.server, status: query.status }), refreshErrors: c.refreshErrors() };
    },
  }),
  route({
    method: 'GET', path: '/mcp/tools/:server/:tool', operationId: 'getMcpTool', tag: 'mcp', summary: 'Show an MCP tool: definition, hash, status, reason, labels and the approved definition it differs from', permission: 'inventory.read', params: toolParams,
    handler: async ({ services, params }) => ({ tool: await catalog(services).detail(params.server, params.tool) }),
  }),
  route({
    method: 'POST', path: '/mcp/tools/:server/:tool/approve', operationId: 'approveMcpTool', tag: 'mcp', summary: 'Approve (pin) an MCP tool\'s current definition, optionally only if its hash is the one reviewed', permission: 'inventory.write', params: toolParams, body: approveBody,
    handler: async ({ services, params, body, actor }) => ({ tool: await catalog(services).approve(params.server, params.tool, actor, { hash: body.hash, reason: body.reason }) }),
  }),
  route({
    method: 'POST', path: '/mcp/tools/:server/:tool/reject', operationId: 'rejectMcpTool', tag: 'mcp', summary: 'Reject an MCP tool\'s current definition: hidden until it changes or is approved', permission: 'inventory.write', params: toolParams, body: rejectBody,
    handler: async ({ services, params, body, actor }) => ({ tool: await catalog(services).reject(params.server, params.tool, actor, { reason: body.reason, hash: body.hash }) }),
  }),
  route({
    // POST rather than PUT (the admin route table has no PUT): the labels given replace any earlier override.
    method: 'POST', path: '/mcp/tools/:server/:tool/labels', operationId: 'setMcpToolLabels', tag: 'mcp', summary: 'Set an MCP tool\'s capability labels, overriding its annotations and the configuration', permission: 'inventory.write', params: toolParams, body: labelsBody,
    handler: async ({ services, params, body, actor }) => ({ tool: await catalog(services).setLabels(params.server, params.tool, body.labels, actor) }),
  }),
  route({
    method: 'DELETE', path: '/mcp/tools/:server/:tool/labels', operationId: 'clearMcpToolLabels', tag: 'mcp', summary: 'Clear an MCP tool\'s label override (back to the configuration\'s or the annotations\')', permission: 'inventory.write', params: toolParams,
    handler: async ({ services, params, actor }) => ({ tool: await catalog(services).setLabels(params.server, params.tool, null, actor) }),
  }),
];
