import type { Db } from '../store.js';
import type { VaultKeysTable } from '../tables.js';

/** Master keys this database has seen: id and a check value, never the key itself. */
export type VaultKeyRecord = VaultKeysTable;

export class VaultKeyRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<VaultKeyRecord[]> {
    return this.db.selectFrom('vaultKeys').selectAll().orderBy('createdAt').execute();
  }

  async insert(k: VaultKeyRecord): Promise<void> {
    await this.db.insertInto('vaultKeys').values(k).execute();
  }

  async retire(kid: string, at: number): Promise<void> {
    await this.db.updateTable('vaultKeys').set({ retiredAt: at }).where('kid', '=', kid).execute();
  }
}
