import type { Db } from '../store.js';
import type { KillSwitchesTable } from '../tables.js';

export type KillScope = 'all' | 'agent' | 'key';

export type KillSwitch = Omit<KillSwitchesTable, 'scope'> & { scope: KillScope };

export class KillSwitchRepo {
  constructor(private readonly db: Db) {}

  async insert(k: KillSwitch): Promise<void> {
    await this.db.insertInto('killSwitches').values(k).execute();
  }

  async active(): Promise<KillSwitch[]> {
    return (await this.db.selectFrom('killSwitches').selectAll().where('liftedAt', 'is', null).orderBy('id').execute()) as KillSwitch[];
  }

  async findActive(scope: KillScope, target: string | null): Promise<KillSwitch | undefined> {
    let q = this.db.selectFrom('killSwitches').selectAll().where('liftedAt', 'is', null).where('scope', '=', scope);
    q = target === null ? q.where('target', 'is', null) : q.where('target', '=', target);
    return (await q.executeTakeFirst()) as KillSwitch | undefined;
  }

  async lift(id: string, at: number, by: string, reason: string): Promise<void> {
    await this.db.updateTable('killSwitches').set({ liftedAt: at, liftedBy: by, liftReason: reason }).where('id', '=', id).where('liftedAt', 'is', null).execute();
  }

  async history(limit = 100): Promise<KillSwitch[]> {
    return (await this.db.selectFrom('killSwitches').selectAll().orderBy('id', 'desc').limit(limit).execute()) as KillSwitch[];
  }
}
