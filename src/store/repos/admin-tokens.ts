import type { Db } from '../store.js';
import type { AdminTokensTable } from '../tables.js';

export type AdminRole = 'admin' | 'operator' | 'approver' | 'auditor' | 'viewer';

export type AdminToken = Omit<AdminTokensTable, 'role'> & { role: AdminRole };

export class AdminTokenRepo {
  constructor(private readonly db: Db) {}

  async insert(t: AdminToken): Promise<void> {
    await this.db.insertInto('adminTokens').values(t).execute();
  }

  async get(id: string): Promise<AdminToken | undefined> {
    return (await this.db.selectFrom('adminTokens').selectAll().where('id', '=', id).executeTakeFirst()) as AdminToken | undefined;
  }

  async getByHmac(hmac: string): Promise<AdminToken | undefined> {
    return (await this.db.selectFrom('adminTokens').selectAll().where('hmac', '=', hmac).executeTakeFirst()) as AdminToken | undefined;
  }

  async list(): Promise<AdminToken[]> {
    return (await this.db.selectFrom('adminTokens').selectAll().orderBy('id').execute()) as AdminToken[];
  }

  async countLive(now: number): Promise<number> {
    const r = await this.db
      .selectFrom('adminTokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revokedAt', 'is', null)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)]))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async setRevoked(id: string, at: number): Promise<void> {
    await this.db.updateTable('adminTokens').set({ revokedAt: at }).where('id', '=', id).where('revokedAt', 'is', null).execute();
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('adminTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
  }
}
