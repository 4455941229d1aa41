import type { Db } from '../store.js';

export interface ControlEventRow {
  seq: number;
  ts: number;
  kind: string;
  payload: string;
}

export class ControlEventRepo {
  constructor(private readonly db: Db) {}

  async append(kind: string, payload: string, ts: number): Promise<void> {
    await this.db.insertInto('controlEvents').values({ kind, payload, ts }).execute();
  }

  async since(seq: number, limit = 500): Promise<ControlEventRow[]> {
    return this.db.selectFrom('controlEvents').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
  }

  /** Rows written at or after `ts` (wall clock of the writer), oldest first. */
  async recent(ts: number, limit = 1000): Promise<ControlEventRow[]> {
    return this.db.selectFrom('controlEvents').selectAll().where('ts', '>=', ts).orderBy('seq').limit(limit).execute();
  }

  async head(): Promise<number> {
    const r = await this.db.selectFrom('controlEvents').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  async prune(olderThan: number): Promise<void> {
    await this.db.deleteFrom('controlEvents').where('ts', '<', olderThan).execute();
  }
}
