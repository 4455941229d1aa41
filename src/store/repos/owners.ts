import type { Db } from '../store.js';
import type { OwnersTable } from '../tables.js';

export type Owner = OwnersTable;

export class OwnerRepo {
  constructor(private readonly db: Db) {}

  async insert(o: Owner): Promise<void> {
    await this.db.insertInto('owners').values(o).execute();
  }

  async get(idOrHandle: string): Promise<Owner | undefined> {
    return this.db
      .selectFrom('owners')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrHandle), eb('handle', '=', idOrHandle)]))
      .executeTakeFirst();
  }

  async list(filter: { teamId?: string } = {}): Promise<Owner[]> {
    let q = this.db.selectFrom('owners').selectAll();
    if (filter.teamId) q = q.where('teamId', '=', filter.teamId);
    return q.orderBy('handle').execute();
  }

  async update(id: string, patch: Partial<Pick<Owner, 'displayName' | 'email' | 'teamId'>>, now: number): Promise<void> {
    await this.db.updateTable('owners').set({ ...patch, updatedAt: now }).where('id', '=', id).execute();
  }
}
