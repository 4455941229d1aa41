import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.js';

export interface MigrationStep {
  name: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** Any number: instances (and test processes) sharing a PostgreSQL database take it in turn. */
const PG_LOCK_KEY = 72_657_100;

/**
 * Applies the migrations not yet recorded in `warden_migrations`, in order, in one transaction
 * (both dialects have transactional DDL), so a failure leaves the database at the last good
 * version. Only this schema's own table is read: no introspection of other schemas, which other
 * processes may be creating or dropping at the same moment.
 */
export async function migrate(db: Kysely<any>, dialect: Dialect, steps: MigrationStep[]): Promise<{ applied: string[]; failed?: { name: string; error: Error } }> {
  const applied: string[] = [];
  let current = '';
  try {
    await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(trx);
      await sql`create table if not exists warden_migrations (name text primary key, applied_at bigint not null)`.execute(trx);
      const done = new Set((await sql<{ name: string }>`select name from warden_migrations`.execute(trx)).rows.map((r) => r.name));
      for (const step of steps) {
        if (done.has(step.name)) continue;
        current = step.name;
        await step.up(trx, dialect);
        await sql`insert into warden_migrations (name, applied_at) values (${step.name}, ${Date.now()})`.execute(trx);
        applied.push(step.name);
      }
    });
    return { applied };
  } catch (e) {
    return { applied: [], failed: { name: current || 'warden_migrations', error: e as Error } };
  }
}
