import type { Db } from '../store.js';

/** Warden's own secret material (key pepper, ...), stored as vault envelopes. */
export class SystemSecretRepo {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<{ name: string; envelope: string } | undefined> {
    return this.db.selectFrom('systemSecrets').select(['name', 'envelope']).where('name', '=', name).executeTakeFirst();
  }

  async insert(name: string, envelope: string, now: number): Promise<void> {
    await this.db.insertInto('systemSecrets').values({ name, envelope, createdAt: now, updatedAt: now }).execute();
  }

  async setEnvelope(name: string, envelope: string, now: number): Promise<void> {
    await this.db.updateTable('systemSecrets').set({ envelope, updatedAt: now }).where('name', '=', name).execute();
  }

  async all(): Promise<{ name: string; envelope: string }[]> {
    return this.db.selectFrom('systemSecrets').select(['name', 'envelope']).orderBy('name').execute();
  }
}
