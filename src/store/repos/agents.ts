import type { Db } from '../store.js';
import type { AgentsTable } from '../tables.js';
import { parseJson } from './json.js';

export type RiskClass = 'low' | 'medium' | 'high' | 'critical';
export type Autonomy = 'assistive' | 'supervised' | 'autonomous';
export type AgentStatus = 'active' | 'quarantined' | 'decommissioned';

export interface AgentGrants {
  models: string[];
  servers: string[];
  tools: string[];
}

export type Agent = Omit<AgentsTable, 'risk' | 'autonomy' | 'status' | 'source' | 'labels' | 'grants'> & {
  risk: RiskClass;
  autonomy: Autonomy;
  status: AgentStatus;
  source: 'api' | 'config';
  labels: Record<string, string>;
  grants: AgentGrants;
};

export interface AgentFilter {
  status?: AgentStatus;
  ownerId?: string;
  teamId?: string;
  environment?: string;
  risk?: RiskClass;
  limit?: number;
  /** Keyset pagination: ids sort by creation time. */
  after?: string;
}

function fromRow(r: AgentsTable): Agent {
  return {
    ...r,
    risk: r.risk as RiskClass,
    autonomy: r.autonomy as Autonomy,
    status: r.status as AgentStatus,
    source: r.source as Agent['source'],
    labels: parseJson(r.labels, 'agents.labels'),
    grants: parseJson(r.grants, 'agents.grants'),
  };
}

function toRow(a: Agent): AgentsTable {
  return { ...a, labels: JSON.stringify(a.labels), grants: JSON.stringify(a.grants) };
}

export class AgentRepo {
  constructor(private readonly db: Db) {}

  async insert(a: Agent): Promise<void> {
    await this.db.insertInto('agents').values(toRow(a)).execute();
  }

  async get(idOrName: string): Promise<Agent | undefined> {
    const r = await this.db
      .selectFrom('agents')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    return r && fromRow(r);
  }

  async list(f: AgentFilter = {}): Promise<Agent[]> {
    let q = this.db.selectFrom('agents').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.ownerId) q = q.where('ownerId', '=', f.ownerId);
    if (f.teamId) q = q.where('teamId', '=', f.teamId);
    if (f.environment) q = q.where('environment', '=', f.environment);
    if (f.risk) q = q.where('risk', '=', f.risk);
    if (f.after) q = q.where('id', '>', f.after);
    const rows = await q.orderBy('id').limit(f.limit ?? 1000).execute();
    return rows.map(fromRow);
  }

  /** Writes every mutable field of the agent; the caller read it in the same transaction. */
  async save(a: Agent): Promise<void> {
    const { id, createdAt: _c, ...rest } = toRow(a);
    await this.db.updateTable('agents').set(rest).where('id', '=', id).execute();
  }
}
