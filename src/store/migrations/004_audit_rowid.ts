import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * SQLite only: `seq bigint primary key` (002) is a separate unique index beside the hidden rowid,
 * so every append wrote one more B-tree and every chain read looked each row up through it.
 * `seq integer primary key` makes seq the rowid itself: the table is stored in chain order and
 * read in order without an index. PostgreSQL's bigint primary key is already what it should be.
 * The table is rebuilt (SQLite cannot change a primary key in place), rows copied unchanged.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  const s = db.schema;
  await s
    .createTable('audit_events_new')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('effect', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('finding_kinds', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  const cols = sql.raw(
    'seq, id, ts, phase, action, outcome, effect, actor_kind, actor_id, agent_id, user_id, session_id, target_kind, target_id, finding_kinds, prev_hash, hash, body',
  );
  await sql`insert into audit_events_new (${cols}) select ${cols} from audit_events order by seq`.execute(db);
  await s.dropTable('audit_events').execute();
  await s.alterTable('audit_events_new').renameTo('audit_events').execute();
  await s.createIndex('audit_events_ts').on('audit_events').column('ts').execute();
  await s.createIndex('audit_events_agent').on('audit_events').columns(['agent_id', 'seq']).execute();
  await s.createIndex('audit_events_session').on('audit_events').columns(['session_id', 'seq']).execute();
  await s.createIndex('audit_events_user').on('audit_events').columns(['user_id', 'seq']).execute();
}
