import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { migrate, type MigrationStep } from './migrate.js';
import { pgPool } from './pg-pool.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import * as m003 from './migrations/003_monitor.js';
import * as m004 from './migrations/004_audit_rowid.js';
import * as m005 from './migrations/005_policy.js';
import * as m006 from './migrations/006_approvals.js';
import * as m007 from './migrations/007_mcp_tools.js';
import { WardenError } from '../errors.js';
import type { Dialect } from './dialect.js';
import type { Database } from './tables.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_audit.js';

export type Db = Kysely<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  /**
   * The SQLite connection itself, for the few hot paths that run one prepared statement many
   * times (audit appends). Kysely uses this same single connection, so statements run here take
   * part in the current transaction.
   */
  readonly sqlite?: SqliteDatabase.Database;
  /** Where the data is, so another thread can open its own connection (audit verification). */
  readonly location: StoreLocation;
  /** The PostgreSQL pool under the query builder, for reads that bypass it (see AuditEventRepo). */
  readonly pgPool?: pg.Pool;
  /** SQLite files only: the background WAL checkpointer. */
  readonly checkpointer?: SqliteCheckpointer;
  /** Runs fn in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type StoreLocation = { sqliteFile: string } | { url: string; pgSchema?: string };

export interface StoreOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite at sqliteFile. */
  url?: string | undefined;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves this way); created if missing. */
  pgSchema?: string;
  poolSize?: number;
}

/** Every schema change, in order. Append only: an applied migration is never edited. */
export const MIGRATIONS: MigrationStep[] = [
  { name: '001_initial', up: (db, d) => m001.up(db, d) },
  { name: '002_audit', up: (db) => m002.up(db) },
  { name: '003_monitor', up: (db) => m003.up(db) },
  { name: '004_audit_rowid', up: (db, d) => m004.up(db, d) },
  { name: '005_policy', up: (db) => m005.up(db) },
  { name: '006_approvals', up: (db) => m006.up(db) },
  { name: '007_mcp_tools', up: (db) => m007.up(db) },
];

const commitHooks = new WeakMap<object, Array<() => void>>();

/**
 * Runs fn after the transaction trx commits (immediately when trx is not a transaction opened by
 * Store.transaction). Used to announce audit events only once they are durable.
 */
export function afterCommit(trx: Db, fn: () => void): void {
  const hooks = commitHooks.get(trx);
  if (hooks) hooks.push(fn);
  else fn();
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  let db: Db;
  let dialect: Dialect;
  let sqliteHandle: SqliteDatabase.Database | undefined;
  let pool: pg.Pool | undefined;
  if (isPostgresUrl(opts.url)) {
    dialect = 'postgres';
    const schema = opts.pgSchema;
    pool = pgPool(opts.url, schema, opts.poolSize ?? 10);
    try {
      const client = await pool.connect();
      try {
        if (schema) await client.query(`create schema if not exists ${schema}`);
      } finally {
        client.release();
      }
    } catch (e) {
      await pool.end().catch(() => {});
      throw new WardenError('store.unreachable', 503, `Cannot connect to PostgreSQL at ${redactUrl(opts.url)}: ${(e as Error).message}`, {
        hint: 'Check WARDEN_DATABASE_URL and that the server is running.',
      });
    }
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  } else {
    dialect = 'sqlite';
    const file = opts.sqliteFile ?? ':memory:';
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqliteHandle = sqlite;
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  }

  const result = await migrate(db, dialect, MIGRATIONS);
  if (result.failed) {
    await db.destroy();
    throw new WardenError('store.migration_failed', 500, `Database migration ${result.failed.name} failed: ${result.failed.error.message}`, {
      hint: 'The database was left at the last good version; fix the cause and start again.',
    });
  }

  const sqliteFile = opts.sqliteFile ?? ':memory:';
  const checkpointer = sqliteHandle && sqliteFile !== ':memory:' ? startSqliteCheckpointer(sqliteFile, sqliteHandle) : undefined;

  return {
    db,
    dialect,
    location: isPostgresUrl(opts.url) ? { url: opts.url, ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}) } : { sqliteFile },
    ...(sqliteHandle ? { sqlite: sqliteHandle } : {}),
    ...(checkpointer ? { checkpointer } : {}),
    ...(pool ? { pgPool: pool } : {}),
    async transaction(fn) {
      let hooks: Array<() => void> = [];
      const result = await db.transaction().execute(async (trx) => {
        hooks = [];
        commitHooks.set(trx, hooks);
        return fn(trx);
      });
      for (const h of hooks) h();
      return result;
    },
    async close() {
      // The worker's connection goes first: the last connection to close checkpoints and removes the log.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}
