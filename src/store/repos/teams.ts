import type { Db } from '../store.js';
import type { TeamsTable } from '../tables.js';

export type Team = TeamsTable;

export class TeamRepo {
  constructor(private readonly db: Db) {}

  async insert(t: Team): Promise<void> {
    await this.db.insertInto('teams').values(t).execute();
  }

  async get(idOrName: string): Promise<Team | undefined> {
    return this.db.selectFrom('teams').selectAll().where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
  }

  async list(): Promise<Team[]> {
    return this.db.selectFrom('teams').selectAll().orderBy('name').execute();
  }

  async update(id: string, patch: Partial<Pick<Team, 'description'>>, now: number): Promise<void> {
    await this.db.updateTable('teams').set({ ...patch, updatedAt: now }).where('id', '=', id).execute();
  }
}
