import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { AuditEventsTable } from './tables.js';

/**
 * The audit chain read in raw pages: rows as arrays in AUDIT_COLUMNS order, past the query
 * builder, whose per-row key mapping doubled the cost of verification. Kept apart from the
 * repository so the verification worker can read pages without loading the query builder.
 */
export const AUDIT_COLUMNS: Array<keyof AuditEventsTable> = [
  'seq', 'id', 'ts', 'phase', 'action', 'outcome', 'effect', 'actorKind', 'actorId', 'agentId', 'userId',
  'sessionId', 'targetKind', 'targetId', 'findingKinds', 'prevHash', 'hash', 'body',
];

/** Reads up to `limit` rows of the chain from seq `fromSeq` on, in order. */
export type PageReader = (fromSeq: number, limit: number) => Promise<unknown[][]>;

/** Pages through SQLite with the range query (parameters: first seq, limit), prepared on first use. */
export function sqlitePageReader(db: SqliteDatabase.Database, rangeSql: string): PageReader {
  let stmt: SqliteDatabase.Statement<[number, number], unknown[]> | undefined;
  return async (fromSeq, limit) => (stmt ??= db.prepare<[number, number], unknown[]>(rangeSql).raw(true)).all(fromSeq, limit);
}

/** Pages through PostgreSQL with the range query as a named (prepared) statement returning arrays. */
export function pgPageReader(pool: pg.Pool, rangeSql: string): PageReader {
  return async (fromSeq, limit) => (await pool.query({ name: 'warden_audit_range', text: rangeSql, values: [fromSeq, limit], rowMode: 'array' })).rows as unknown[][];
}
