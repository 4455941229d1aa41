import type { Kysely } from 'kysely';

/**
 * The monitor's own state (alerts themselves are in 002's `alerts` table):
 * - monitor_seen: the values a `new_value` rule has seen per group (an agent's tools, a key's
 *   addresses). Persistent so that a restart does not re-alert on everything, and shared by the
 *   instances of one store: the first insert of a (rule, group, value) wins and raises the alert.
 * - monitor_session_holds: sessions a rule's `require_approval_session` response put on hold;
 *   the policy engine asks the monitor whether a session is held. A hold ends when its alert is
 *   resolved.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('monitor_seen')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitor_seen_pk', ['rule_id', 'group_key', 'value'])
    .execute();

  await s
    .createTable('monitor_session_holds')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'bigint')
    .addColumn('released_by', 'text')
    .addColumn('release_reason', 'text')
    .addPrimaryKeyConstraint('monitor_session_holds_pk', ['session_id', 'alert_id'])
    .execute();
  await s.createIndex('monitor_session_holds_alert').on('monitor_session_holds').column('alert_id').execute();
}
