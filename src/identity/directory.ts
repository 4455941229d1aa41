import { badRequest, conflict, notFound } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../audit/types.js';
import { isUniqueViolation } from '../store/dialect.js';
import { repos } from '../store/repos/index.js';
import type { Owner } from '../store/repos/owners.js';
import type { Team } from '../store/repos/teams.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';

/** Owners (the people accountable for agents) and teams. */
export class Directory {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async createTeam(input: { name: string; description?: string }, actor: Actor): Promise<Team> {
    const now = this.clock.now();
    const team: Team = { id: newId('team', now), name: input.name, description: input.description ?? '', createdAt: now, updatedAt: now };
    try {
      await this.store.transaction(async (trx) => {
        await repos(trx).teams.insert(team);
        await this.audit.record(
          { phase: 'admin', action: 'team.create', outcome: 'success', actor, target: { kind: 'team', id: team.id, name: team.name }, data: { name: team.name } },
          trx,
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('team.exists', `A team named "${input.name}" already exists.`, 'Pick another name or use the existing team.');
      throw e;
    }
    return team;
  }

  async createOwner(input: { handle: string; displayName?: string; email?: string; team?: string }, actor: Actor): Promise<Owner> {
    const now = this.clock.now();
    try {
      return await this.store.transaction(async (trx) => {
        const r = repos(trx);
        const teamId = input.team ? (await this.requireTeam(input.team, r)).id : null;
        const owner: Owner = {
          id: newId('own', now),
          handle: input.handle,
          displayName: input.displayName ?? input.handle,
          email: input.email ?? null,
          teamId,
          createdAt: now,
          updatedAt: now,
        };
        await r.owners.insert(owner);
        await this.audit.record(
          { phase: 'admin', action: 'owner.create', outcome: 'success', actor, target: { kind: 'owner', id: owner.id, name: owner.handle }, data: { handle: owner.handle, teamId } },
          trx,
        );
        return owner;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('owner.exists', `An owner with handle "${input.handle}" already exists.`);
      throw e;
    }
  }

  async listTeams(): Promise<Team[]> {
    return repos(this.store.db).teams.list();
  }

  async listOwners(filter: { team?: string } = {}): Promise<Owner[]> {
    const r = repos(this.store.db);
    const teamId = filter.team ? (await this.requireTeam(filter.team, r)).id : undefined;
    return r.owners.list(teamId ? { teamId } : {});
  }

  async getTeam(idOrName: string): Promise<Team> {
    const t = await repos(this.store.db).teams.get(idOrName);
    if (!t) throw notFound('team.not_found', `No team "${idOrName}".`, 'List teams with `warden teams list`.');
    return t;
  }

  async getOwner(idOrHandle: string): Promise<Owner> {
    const o = await repos(this.store.db).owners.get(idOrHandle);
    if (!o) throw notFound('owner.not_found', `No owner "${idOrHandle}".`, 'List owners with `warden owners list`, or create one with `warden owners create`.');
    return o;
  }

  private async requireTeam(idOrName: string, r: ReturnType<typeof repos>): Promise<Team> {
    const t = await r.teams.get(idOrName);
    if (!t) throw badRequest('team.not_found', `No team "${idOrName}".`, 'List teams with `warden teams list`, or create one with `warden teams create`.');
    return t;
  }
}
