import { sql } from 'kysely';
import type { Db } from '../store.js';

export class MetaRepo {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  /** Inserts key only if absent; returns the value that is stored afterwards (first writer wins). */
  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key))!;
  }

  /** Every entry whose key starts with prefix (a fixed string: LIKE wildcards in it are escaped). */
  async byPrefix(prefix: string): Promise<Array<{ key: string; value: string }>> {
    const pattern = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    return this.db.selectFrom('meta').select(['key', 'value']).where(sql<boolean>`${sql.ref('key')} like ${pattern} escape '\\'`).orderBy('key').execute();
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}
