import { badRequest, conflict, notFound } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../audit/types.js';
import type { DeclaredAgent } from '../config/schema.js';
import { isUniqueViolation } from '../store/dialect.js';
import { repos, type Repos } from '../store/repos/index.js';
import type { Agent, AgentFilter, AgentGrants, AgentStatus, Autonomy, RiskClass } from '../store/repos/agents.js';
import type { Db, Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';

export interface AgentInput {
  name: string;
  owner: string;
  team?: string | null;
  purpose?: string;
  environment?: string;
  risk?: RiskClass;
  autonomy?: Autonomy;
  labels?: Record<string, string>;
  grants?: Partial<AgentGrants>;
}

export type AgentPatch = Partial<Omit<AgentInput, 'name'>>;

const EMPTY_GRANTS: AgentGrants = { models: [], servers: [], tools: [] };

/** The fields an admin event records about a change: what changed, never secrets (agents hold none). */
function diff(before: Agent, after: Agent): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of ['ownerId', 'teamId', 'purpose', 'environment', 'risk', 'autonomy', 'labels', 'grants'] as const) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { from: before[k], to: after[k] };
  }
  return out;
}

/**
 * Agent identities and their lifecycle: active ⇄ quarantined → decommissioned (terminal).
 * Decommissioning revokes every credential in the same transaction.
 */
export class AgentService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly bus: ControlBus,
    private readonly clock: Clock,
  ) {}

  async create(input: AgentInput, actor: Actor, source: Agent['source'] = 'api'): Promise<Agent> {
    const now = this.clock.now();
    try {
      const agent = await this.store.transaction(async (trx) => {
        const r = repos(trx);
        const owner = await this.requireOwner(input.owner, r);
        const teamId = input.team ? (await this.requireTeam(input.team, r)) : owner.teamId;
        const agent: Agent = {
          id: newId('agt', now),
          name: input.name,
          ownerId: owner.id,
          teamId,
          purpose: input.purpose ?? '',
          environment: input.environment ?? 'dev',
          risk: input.risk ?? 'medium',
          autonomy: input.autonomy ?? 'supervised',
          labels: input.labels ?? {},
          grants: { ...EMPTY_GRANTS, ...input.grants },
          status: 'active',
          statusReason: null,
          source,
          createdAt: now,
          updatedAt: now,
          quarantinedAt: null,
          decommissionedAt: null,
        };
        await r.agents.insert(agent);
        await this.record(trx, actor, 'agent.create', agent, { agent: publicAgentFields(agent) });
        return agent;
      });
      return agent;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('agent.exists', `An agent named "${input.name}" already exists.`, 'Agent names are unique; pick another or update the existing agent.');
      throw e;
    }
  }

  async get(idOrName: string): Promise<Agent> {
    const a = await repos(this.store.db).agents.get(idOrName);
    if (!a) throw notFound('agent.not_found', `No agent "${idOrName}".`, 'List agents with `warden agents list`.');
    return a;
  }

  async find(idOrName: string): Promise<Agent | undefined> {
    return repos(this.store.db).agents.get(idOrName);
  }

  async list(filter: AgentFilter & { owner?: string; team?: string } = {}): Promise<Agent[]> {
    const r = repos(this.store.db);
    const f: AgentFilter = { ...filter };
    if (filter.owner) f.ownerId = (await this.requireOwner(filter.owner, r)).id;
    if (filter.team) f.teamId = await this.requireTeam(filter.team, r);
    return r.agents.list(f);
  }

  async update(idOrName: string, patch: AgentPatch, actor: Actor): Promise<Agent> {
    const updated = await this.mutate(idOrName, actor, async (agent, r) => {
      const next: Agent = { ...agent, grants: { ...agent.grants }, labels: { ...agent.labels } };
      if (patch.owner !== undefined) next.ownerId = (await this.requireOwner(patch.owner, r)).id;
      if (patch.team !== undefined) next.teamId = patch.team === null ? null : await this.requireTeam(patch.team, r);
      if (patch.purpose !== undefined) next.purpose = patch.purpose;
      if (patch.environment !== undefined) next.environment = patch.environment;
      if (patch.risk !== undefined) next.risk = patch.risk;
      if (patch.autonomy !== undefined) next.autonomy = patch.autonomy;
      if (patch.labels !== undefined) next.labels = patch.labels;
      if (patch.grants !== undefined) next.grants = { ...agent.grants, ...patch.grants };
      const changes = diff(agent, next);
      return { next, action: 'agent.update', data: { changes } };
    });
    return updated;
  }

  async quarantine(idOrName: string, reason: string, actor: Actor): Promise<Agent> {
    return this.transition(idOrName, 'quarantined', reason, actor);
  }

  /** Lifts a quarantine. */
  async activate(idOrName: string, reason: string, actor: Actor): Promise<Agent> {
    return this.transition(idOrName, 'active', reason, actor);
  }

  async decommission(idOrName: string, reason: string, actor: Actor): Promise<{ agent: Agent; revokedCredentials: string[] }> {
    let revoked: string[] = [];
    const agent = await this.mutate(idOrName, actor, async (agent, r) => {
      const now = this.clock.now();
      revoked = await r.credentials.revokeAllForAgent(agent.id, now, actorLabel(actor), `agent decommissioned: ${reason}`);
      const next: Agent = { ...agent, status: 'decommissioned', statusReason: reason, decommissionedAt: now };
      return { next, action: 'agent.decommission', data: { from: agent.status, reason, revokedCredentials: revoked } };
    });
    for (const id of revoked) await this.bus.publish({ kind: 'credential.changed', credentialId: id, agentId: agent.id });
    return { agent, revokedCredentials: revoked };
  }

  /**
   * Makes the agents declared in warden.yaml exist as declared. Only agents that came from the
   * file are updated; an API-created agent with the same name is left alone and reported.
   */
  async applyDeclared(declared: DeclaredAgent[], actor: Actor): Promise<{ created: string[]; updated: string[]; skipped: string[] }> {
    const out = { created: [] as string[], updated: [] as string[], skipped: [] as string[] };
    for (const d of declared) {
      const r = repos(this.store.db);
      if (!(await r.owners.get(d.owner))) {
        // Declared agents may name owners that do not exist yet; create them so the file is self-contained.
        const now = this.clock.now();
        await this.store.transaction(async (trx) => {
          const rt = repos(trx);
          if (await rt.owners.get(d.owner)) return;
          const teamId = d.team ? (await rt.teams.get(d.team))?.id ?? null : null;
          const owner = { id: newId('own', now), handle: d.owner, displayName: d.owner, email: d.owner.includes('@') ? d.owner : null, teamId, createdAt: now, updatedAt: now };
          await rt.owners.insert(owner);
          await this.audit.record({ phase: 'admin', action: 'owner.create', outcome: 'success', actor, target: { kind: 'owner', id: owner.id, name: owner.handle }, data: { handle: owner.handle, source: 'config' } }, trx);
        });
      }
      if (d.team && !(await r.teams.get(d.team))) {
        const now = this.clock.now();
        await this.store.transaction(async (trx) => {
          const team = { id: newId('team', now), name: d.team!, description: '', createdAt: now, updatedAt: now };
          await repos(trx).teams.insert(team);
          await this.audit.record({ phase: 'admin', action: 'team.create', outcome: 'success', actor, target: { kind: 'team', id: team.id, name: team.name }, data: { source: 'config' } }, trx);
        });
      }
      const existing = await r.agents.get(d.name);
      const input: AgentInput = {
        name: d.name,
        owner: d.owner,
        team: d.team ?? null,
        purpose: d.purpose,
        environment: d.environment,
        risk: d.risk,
        autonomy: d.autonomy,
        labels: d.labels,
        grants: d.grants,
      };
      if (!existing) {
        await this.create(input, actor, 'config');
        out.created.push(d.name);
      } else if (existing.source !== 'config' || existing.status === 'decommissioned') {
        out.skipped.push(d.name);
      } else {
        const before = JSON.stringify(existing);
        const after = await this.update(d.name, { ...input }, actor);
        if (JSON.stringify(after) !== before) out.updated.push(d.name);
      }
    }
    return out;
  }

  private async transition(idOrName: string, to: AgentStatus, reason: string, actor: Actor): Promise<Agent> {
    return this.mutate(idOrName, actor, async (agent) => {
      if (agent.status === to) {
        throw conflict(`agent.already_${to}`, `Agent "${agent.name}" is already ${to}.`);
      }
      const now = this.clock.now();
      const next: Agent = {
        ...agent,
        status: to,
        statusReason: reason,
        quarantinedAt: to === 'quarantined' ? now : agent.quarantinedAt,
      };
      return { next, action: to === 'quarantined' ? 'agent.quarantine' : 'agent.activate', data: { from: agent.status, to, reason } };
    });
  }

  /** Read, change and write one agent in a transaction, with its admin event; decommissioned agents are frozen. */
  private async mutate(
    idOrName: string,
    actor: Actor,
    change: (agent: Agent, r: Repos) => Promise<{ next: Agent; action: string; data: Record<string, unknown> }>,
  ): Promise<Agent> {
    const agent = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const agent = await r.agents.get(idOrName);
      if (!agent) throw notFound('agent.not_found', `No agent "${idOrName}".`, 'List agents with `warden agents list`.');
      if (agent.status === 'decommissioned') {
        throw conflict('agent.decommissioned', `Agent "${agent.name}" is decommissioned; it cannot be changed.`, 'Create a new agent instead.');
      }
      const { next, action, data } = await change(agent, r);
      next.updatedAt = this.clock.now();
      await r.agents.save(next);
      await this.record(trx, actor, action, next, data);
      return next;
    });
    await this.bus.publish({ kind: 'agent.changed', agentId: agent.id });
    return agent;
  }

  private async record(trx: Db, actor: Actor, action: string, agent: Agent, data: Record<string, unknown>): Promise<void> {
    await this.audit.record(
      { phase: 'admin', action, outcome: 'success', actor, agentId: agent.id, target: { kind: 'agent', id: agent.id, name: agent.name }, data },
      trx,
    );
  }

  private async requireOwner(idOrHandle: string, r: Repos) {
    const o = await r.owners.get(idOrHandle);
    if (!o) throw badRequest('owner.not_found', `No owner "${idOrHandle}".`, 'Create the owner first with `warden owners create HANDLE`.');
    return o;
  }

  private async requireTeam(idOrName: string, r: Repos): Promise<string> {
    const t = await r.teams.get(idOrName);
    if (!t) throw badRequest('team.not_found', `No team "${idOrName}".`, 'Create the team first with `warden teams create NAME`.');
    return t.id;
  }
}

export function publicAgentFields(a: Agent) {
  return {
    name: a.name,
    ownerId: a.ownerId,
    teamId: a.teamId,
    environment: a.environment,
    risk: a.risk,
    autonomy: a.autonomy,
    labels: a.labels,
    grants: a.grants,
  };
}

export function actorLabel(actor: Actor): string {
  return actor.id ?? actor.kind;
}
