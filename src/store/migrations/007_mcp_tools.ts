import type { Kysely } from 'kysely';

/**
 * The MCP tool catalog's pins: one row per (server, tool) ever seen. `current_*` is the
 * definition last seen upstream; `pinned_*` the one an admin (or trust on first use) approved;
 * `rejected_hash` the one an admin rejected. A tool is usable only while the definition an
 * instance sees hashes to `pinned_hash`, so a change upstream (a rug pull) is quarantined at once
 * even before anyone writes here. `labels` is the admin's override of the capability labels
 * (JSON list, null: none). `removed_at` is set while the server no longer lists the tool.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mcp_tools')
    .addColumn('server', 'text', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_hash', 'text', (c) => c.notNull())
    .addColumn('current_definition', 'text', (c) => c.notNull())
    .addColumn('pinned_hash', 'text')
    .addColumn('pinned_definition', 'text')
    .addColumn('rejected_hash', 'text')
    .addColumn('reason', 'text')
    .addColumn('findings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('labels', 'text')
    .addColumn('labels_set_by', 'text')
    .addColumn('labels_set_at', 'bigint')
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_at', 'bigint')
    .addColumn('rejected_by', 'text')
    .addColumn('rejected_by_name', 'text')
    .addColumn('rejected_at', 'bigint')
    .addPrimaryKeyConstraint('mcp_tools_pk', ['server', 'tool'])
    .execute();
  await db.schema.createIndex('mcp_tools_status').on('mcp_tools').columns(['status', 'server']).execute();
}
