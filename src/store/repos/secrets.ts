import type { Db } from '../store.js';
import type { SecretsTable, SecretVersionsTable } from '../tables.js';

export type SecretKind = 'provider_key' | 'mcp_token' | 'env' | 'generic';

/** A vault secret's metadata. The value is never part of this type. */
export type Secret = Omit<SecretsTable, 'kind'> & { kind: SecretKind };

export type SecretVersion = SecretVersionsTable;

export class SecretRepo {
  constructor(private readonly db: Db) {}

  async insert(s: Secret): Promise<void> {
    await this.db.insertInto('secrets').values(s).execute();
  }

  async get(idOrName: string, opts: { includeDeleted?: boolean } = {}): Promise<Secret | undefined> {
    let q = this.db
      .selectFrom('secrets')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]));
    if (!opts.includeDeleted) q = q.where('deletedAt', 'is', null);
    return (await q.executeTakeFirst()) as Secret | undefined;
  }

  async list(): Promise<Secret[]> {
    return (await this.db.selectFrom('secrets').selectAll().where('deletedAt', 'is', null).orderBy('name').execute()) as Secret[];
  }

  async update(id: string, patch: Partial<Pick<Secret, 'currentVersion' | 'description' | 'deletedAt' | 'name'>>, now: number): Promise<void> {
    await this.db.updateTable('secrets').set({ ...patch, updatedAt: now }).where('id', '=', id).execute();
  }

  async insertVersion(v: SecretVersion): Promise<void> {
    await this.db.insertInto('secretVersions').values(v).execute();
  }

  async versions(secretId: string): Promise<SecretVersion[]> {
    return this.db.selectFrom('secretVersions').selectAll().where('secretId', '=', secretId).orderBy('version', 'desc').execute();
  }

  async setRetireAt(secretId: string, version: number, retireAt: number | null): Promise<void> {
    await this.db.updateTable('secretVersions').set({ retireAt }).where('secretId', '=', secretId).where('version', '=', version).execute();
  }

  async setEnvelope(secretId: string, version: number, envelope: string): Promise<void> {
    await this.db.updateTable('secretVersions').set({ envelope }).where('secretId', '=', secretId).where('version', '=', version).execute();
  }

  /** Every stored envelope, in pages, for master-key re-wrapping. */
  async allVersions(after: { secretId: string; version: number } | undefined, limit: number): Promise<SecretVersion[]> {
    let q = this.db.selectFrom('secretVersions').selectAll();
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('secretId', '>', after.secretId), eb.and([eb('secretId', '=', after.secretId), eb('version', '>', after.version)])]),
      );
    }
    return q.orderBy('secretId').orderBy('version').limit(limit).execute();
  }
}
