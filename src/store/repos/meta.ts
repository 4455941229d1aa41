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

  async set(key: string, value: string): Promise<void> {
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}
