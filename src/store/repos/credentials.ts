import type { Db } from '../store.js';
import type { CredentialsTable } from '../tables.js';
import { parseJson } from './json.js';

/** What a credential may reach; an empty list means "whatever the agent's grants allow". */
export interface CredentialScopes {
  models: string[];
  servers: string[];
  tools: string[];
}

export type Credential = Omit<CredentialsTable, 'kind' | 'scopes'> & { kind: 'virtual_key'; scopes: CredentialScopes };

function fromRow(r: CredentialsTable): Credential {
  return { ...r, kind: r.kind as Credential['kind'], scopes: parseJson(r.scopes, 'credentials.scopes') };
}

export class CredentialRepo {
  constructor(private readonly db: Db) {}

  async insert(c: Credential): Promise<void> {
    await this.db.insertInto('credentials').values({ ...c, scopes: JSON.stringify(c.scopes) }).execute();
  }

  async get(id: string): Promise<Credential | undefined> {
    const r = await this.db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
    return r && fromRow(r);
  }

  async getByHmac(hmac: string): Promise<Credential | undefined> {
    const r = await this.db.selectFrom('credentials').selectAll().where('hmac', '=', hmac).executeTakeFirst();
    return r && fromRow(r);
  }

  async listByAgent(agentId: string, opts: { includeRevoked?: boolean } = {}): Promise<Credential[]> {
    let q = this.db.selectFrom('credentials').selectAll().where('agentId', '=', agentId);
    if (!opts.includeRevoked) q = q.where('revokedAt', 'is', null);
    return (await q.orderBy('id').execute()).map(fromRow);
  }

  async setRevoked(id: string, at: number, by: string, reason: string): Promise<void> {
    await this.db
      .updateTable('credentials')
      .set({ revokedAt: at, revokedBy: by, revokeReason: reason })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
  }

  /** Revokes every live credential of an agent; returns the ids it revoked. */
  async revokeAllForAgent(agentId: string, at: number, by: string, reason: string): Promise<string[]> {
    const live = await this.db.selectFrom('credentials').select('id').where('agentId', '=', agentId).where('revokedAt', 'is', null).execute();
    if (live.length === 0) return [];
    await this.db
      .updateTable('credentials')
      .set({ revokedAt: at, revokedBy: by, revokeReason: reason })
      .where('agentId', '=', agentId)
      .where('revokedAt', 'is', null)
      .execute();
    return live.map((r) => r.id);
  }

  async markRotated(id: string, to: string, expiresAt: number): Promise<void> {
    await this.db.updateTable('credentials').set({ rotatedTo: to, expiresAt }).where('id', '=', id).execute();
  }

  async touch(id: string, at: number, ip: string | null): Promise<void> {
    await this.db.updateTable('credentials').set({ lastUsedAt: at, lastUsedIp: ip }).where('id', '=', id).execute();
  }
}
