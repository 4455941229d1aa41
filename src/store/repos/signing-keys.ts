import type { Db } from '../store.js';
import type { SigningKeysTable } from '../tables.js';

export type SigningKeyRecord = SigningKeysTable;

export class SigningKeyRepo {
  constructor(private readonly db: Db) {}

  async list(): Promise<SigningKeyRecord[]> {
    return this.db.selectFrom('signingKeys').selectAll().orderBy('createdAt').execute();
  }

  async insert(k: SigningKeyRecord): Promise<void> {
    await this.db.insertInto('signingKeys').values(k).execute();
  }

  async retire(kid: string, at: number): Promise<void> {
    await this.db.updateTable('signingKeys').set({ retiredAt: at }).where('kid', '=', kid).where('retiredAt', 'is', null).execute();
  }

  async setPrivateEnvelope(kid: string, envelope: string): Promise<void> {
    await this.db.updateTable('signingKeys').set({ privateEnvelope: envelope }).where('kid', '=', kid).execute();
  }
}
