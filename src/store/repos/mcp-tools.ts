import type { Finding } from '../../audit/types.js';
import type { ToolDefinition } from '../../gateway/mcp/types.js';
import type { Db } from '../store.js';
import type { McpToolsTable } from '../tables.js';
import { parseJson } from './json.js';

export const MCP_TOOL_STATUSES = ['approved', 'quarantined', 'rejected'] as const;
export type McpToolStatus = (typeof MCP_TOOL_STATUSES)[number];

/** A stored tool definition: exactly the fields a pin covers, as the catalog cleaned them. */
export type StoredToolDefinition = ToolDefinition;

/** One row of mcp_tools with its JSON columns parsed. */
export interface McpToolRecord {
  server: string;
  tool: string;
  status: McpToolStatus;
  currentHash: string;
  currentDefinition: StoredToolDefinition;
  pinnedHash: string | null;
  pinnedDefinition: StoredToolDefinition | null;
  rejectedHash: string | null;
  reason: string | null;
  findings: Finding[];
  /** The admin's override of the capability labels; null: none. */
  labels: string[] | null;
  labelsSetBy: string | null;
  labelsSetAt: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  changedAt: number;
  removedAt: number | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number | null;
  rejectedBy: string | null;
  rejectedByName: string | null;
  rejectedAt: number | null;
}

export type McpToolPatch = Partial<Omit<McpToolRecord, 'server' | 'tool' | 'firstSeenAt'>>;

function toRow(r: McpToolPatch): Partial<McpToolsTable> {
  const { currentDefinition, pinnedDefinition, findings, labels, ...rest } = r;
  return {
    ...rest,
    ...(currentDefinition !== undefined ? { currentDefinition: JSON.stringify(currentDefinition) } : {}),
    ...(pinnedDefinition !== undefined ? { pinnedDefinition: pinnedDefinition === null ? null : JSON.stringify(pinnedDefinition) } : {}),
    ...(findings !== undefined ? { findings: JSON.stringify(findings) } : {}),
    ...(labels !== undefined ? { labels: labels === null ? null : JSON.stringify(labels) } : {}),
  };
}

function fromRow(r: McpToolsTable): McpToolRecord {
  return {
    ...r,
    status: r.status as McpToolStatus,
    currentDefinition: parseJson<StoredToolDefinition>(r.currentDefinition, 'mcp_tools.current_definition'),
    pinnedDefinition: r.pinnedDefinition === null ? null : parseJson<StoredToolDefinition>(r.pinnedDefinition, 'mcp_tools.pinned_definition'),
    findings: parseJson<Finding[]>(r.findings, 'mcp_tools.findings'),
    labels: r.labels === null ? null : parseJson<string[]>(r.labels, 'mcp_tools.labels'),
  };
}

/**
 * Pins of MCP tool definitions. Changes that several instances may race for (the first sight of
 * a tool, a change of its definition) are conditional: exactly one instance writes each, and only
 * that one audits it.
 */
export class McpToolRepo {
  constructor(private readonly db: Db) {}

  /** Stores a tool seen for the first time; false when another instance stored it first. */
  async insert(r: McpToolRecord): Promise<boolean> {
    const row = { ...toRow(r), server: r.server, tool: r.tool, firstSeenAt: r.firstSeenAt } as McpToolsTable;
    const res = await this.db.insertInto('mcpTools').values(row).onConflict((oc) => oc.columns(['server', 'tool']).doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(server: string, tool: string): Promise<McpToolRecord | undefined> {
    const r = await this.db.selectFrom('mcpTools').selectAll().where('server', '=', server).where('tool', '=', tool).executeTakeFirst();
    return r && fromRow(r);
  }

  /** By server and tool name. */
  async list(f: { server?: string; status?: McpToolStatus } = {}): Promise<McpToolRecord[]> {
    let q = this.db.selectFrom('mcpTools').selectAll();
    if (f.server !== undefined) q = q.where('server', '=', f.server);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    return (await q.orderBy('server').orderBy('tool').execute()).map(fromRow);
  }

  /**
   * Updates a row; with `ifCurrentHash`, only while the definition last seen is still that one
   * (an instance recording a change it saw). True when a row was updated.
   */
  async update(server: string, tool: string, patch: McpToolPatch, ifCurrentHash?: string): Promise<boolean> {
    let q = this.db.updateTable('mcpTools').set(toRow(patch)).where('server', '=', server).where('tool', '=', tool);
    if (ifCurrentHash !== undefined) q = q.where('currentHash', '=', ifCurrentHash);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0) > 0;
  }

  /** Marks tools as still listed by their server. */
  async seen(server: string, tools: string[], now: number): Promise<void> {
    if (tools.length === 0) return;
    await this.db.updateTable('mcpTools').set({ lastSeenAt: now, removedAt: null }).where('server', '=', server).where('tool', 'in', tools).execute();
  }

  /** Marks a tool as no longer listed; true when this call did (it was listed until now). */
  async markRemoved(server: string, tool: string, now: number): Promise<boolean> {
    const r = await this.db.updateTable('mcpTools').set({ removedAt: now }).where('server', '=', server).where('tool', '=', tool).where('removedAt', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0) > 0;
  }
}
