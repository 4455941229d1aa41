import { sql } from 'kysely';
import { AUDIT_COLUMNS as COLUMNS, pgPageReader, sqlitePageReader, type PageReader } from '../audit-pages.js';
import type { Db } from '../store.js';
import type { AuditCheckpointsTable, AuditEventsTable } from '../tables.js';

export type AuditEventRow = AuditEventsTable;
export type AuditCheckpointRow = AuditCheckpointsTable;

export interface AuditQuery {
  agentId?: string;
  userId?: string;
  sessionId?: string;
  phase?: string;
  action?: string;
  effect?: string;
  outcome?: string;
  findingKind?: string;
  targetId?: string;
  since?: number;
  until?: number;
  /** Keyset pagination by chain position. */
  afterSeq?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/**
 * The audit log's storage. Append-only by construction: rows are only ever inserted, in chain
 * order, under the head lock; nothing here updates or deletes an event.
 */
const statements = new WeakMap<object, SqliteStatements>();
const sqlitePages = new WeakMap<object, PageReader>();

type SqliteHandle = import('better-sqlite3').Database;

/**
 * The append path's statements on one SQLite connection, compiled by the query builder once and
 * prepared once: an append runs them per batch (and the INSERT per row), where building and
 * preparing them each time cost more than running them.
 */
interface SqliteStatements {
  insert(row: AuditEventRow): void;
  touchHead(now: number): void;
  readHead(): { seq: number; hash: string };
  writeHead(seq: number, hash: string, now: number): void;
  /** The whole append as one transaction (see appendNow). */
  append: import('better-sqlite3').Transaction<(now: number, link: Linker) => void>;
}

/** Links rows onto the chain's tip: fills in their seq, prevHash and hash, and returns the new tip. */
export type Linker = (head: { seq: number; hash: string }) => { rows: AuditEventRow[]; seq: number; hash: string };

/** The driver handles under the query builder, for the two paths where its per-row work shows. */
export interface RawHandles {
  /** The store's SQLite connection (the same one Kysely uses, so it joins the current transaction). */
  sqlite?: SqliteHandle | undefined;
  /** The PostgreSQL pool: reads outside any transaction only. */
  pgPool?: import('pg').Pool | undefined;
}

export class AuditEventRepo {
  private readonly sqlite: SqliteHandle | undefined;
  private readonly pgPool: import('pg').Pool | undefined;

  constructor(
    private readonly db: Db,
    raw: RawHandles = {},
  ) {
    this.sqlite = raw.sqlite;
    this.pgPool = raw.pgPool;
  }

  /**
   * Takes the chain lock for the rest of the transaction and returns the tip. The write comes
   * first so SQLite takes its write lock now (no read-then-upgrade deadlock) and PostgreSQL locks
   * the row: appends from every instance sharing the database serialise here.
   */
  async lockHead(now: number): Promise<{ seq: number; hash: string }> {
    if (this.sqlite) {
      const st = this.statements(this.sqlite);
      st.touchHead(now);
      return st.readHead();
    }
    await this.db.updateTable('auditHead').set({ updatedAt: now }).where('id', '=', 1).execute();
    const head = await this.db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  async setHead(seq: number, hash: string, now: number): Promise<void> {
    if (this.sqlite) {
      this.statements(this.sqlite).writeHead(seq, hash, now);
      return;
    }
    await this.db.updateTable('auditHead').set({ seq, hash, updatedAt: now }).where('id', '=', 1).execute();
  }

  /**
   * SQLite, outside any open transaction: locks the head, links the rows (`link`), inserts them
   * and moves the head, as one IMMEDIATE transaction run synchronously, so nothing else on the
   * connection can come between. Returns false, having done nothing, where that does not apply
   * (PostgreSQL; or a transaction is open on the connection, whose statements this would join):
   * the caller then appends inside Store.transaction.
   */
  appendNow(now: number, link: Linker): boolean {
    const db = this.sqlite;
    if (!db || db.inTransaction) return false;
    this.statements(db).append.immediate(now, link);
    return true;
  }

  /** Inserts rows in chunks small enough for either dialect's bound-parameter limit. */
  async insertMany(rows: AuditEventRow[]): Promise<void> {
    if (this.sqlite && rows.length > 0) {
      const { insert } = this.statements(this.sqlite);
      for (const r of rows) insert(r);
      return;
    }
    const CHUNK = 500;
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db.insertInto('auditEvents').values(rows.slice(i, i + CHUNK)).execute();
    }
  }

  private statements(sqlite: SqliteHandle): SqliteStatements {
    let st = statements.get(sqlite);
    if (st) return st;
    const template = Object.fromEntries(COLUMNS.map((c) => [c, null])) as unknown as AuditEventRow;
    // Compiled with marker values, so the check below proves the order the raw runs bind in.
    const touch = this.db.updateTable('auditHead').set({ updatedAt: -1 }).where('id', '=', 1).compile();
    const write = this.db.updateTable('auditHead').set({ seq: -2, hash: '', updatedAt: -3 }).where('id', '=', 1).compile();
    if (JSON.stringify(touch.parameters) !== '[-1,1]' || JSON.stringify(write.parameters) !== '[-2,"",-3,1]') {
      throw new Error('the audit head statements bind their parameters in an unexpected order');
    }
    const insert = sqlite.prepare(this.db.insertInto('auditEvents').values(template).compile().sql);
    const touchHead = sqlite.prepare(touch.sql);
    const writeHead = sqlite.prepare(write.sql);
    const readHead = sqlite.prepare(this.db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).compile().sql);
    const s: SqliteStatements = {
      insert: (r) => void insert.run(COLUMNS.map((c) => r[c])),
      touchHead: (now) => void touchHead.run(now, 1),
      readHead: () => headOf(readHead.get(1)),
      writeHead: (seq, hash, now) => void writeHead.run(seq, hash, now, 1),
      append: sqlite.transaction((now: number, link: Linker) => {
        // Under IMMEDIATE the write lock is held from the start: the tip is read, not touched first.
        const tip = link(s.readHead());
        for (const r of tip.rows) s.insert(r);
        s.writeHead(tip.seq, tip.hash, now);
      }),
    };
    statements.set(sqlite, s);
    return s;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const h = await this.db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(h.seq), hash: h.hash };
  }

  async query(q: AuditQuery): Promise<AuditEventRow[]> {
    let s = this.db.selectFrom('auditEvents').selectAll();
    if (q.agentId) s = s.where('agentId', '=', q.agentId);
    if (q.userId) s = s.where('userId', '=', q.userId);
    if (q.sessionId) s = s.where('sessionId', '=', q.sessionId);
    if (q.phase) s = s.where('phase', '=', q.phase);
    if (q.action) s = s.where('action', '=', q.action);
    if (q.effect) s = s.where('effect', '=', q.effect);
    if (q.outcome) s = s.where('outcome', '=', q.outcome);
    if (q.targetId) s = s.where('targetId', '=', q.targetId);
    if (q.findingKind) {
      // Kinds are stored as ",a,b,"; LIKE wildcards in the kind itself (prompt_injection has one) are escaped.
      const kind = q.findingKind.replace(/,/g, '').replace(/[\\%_]/g, (c) => `\\${c}`);
      s = s.where(sql<boolean>`${sql.ref('findingKinds')} like ${`%,${kind},%`} escape '\\'`);
    }
    if (q.since !== undefined) s = s.where('ts', '>=', q.since);
    if (q.until !== undefined) s = s.where('ts', '<', q.until);
    if (q.afterSeq !== undefined) s = s.where('seq', q.order === 'desc' ? '<' : '>', q.afterSeq);
    return s.orderBy('seq', q.order ?? 'asc').limit(q.limit ?? 100).execute();
  }

  /**
   * A page of the chain as arrays in COLUMNS order, read past the query builder where a driver
   * handle is at hand (see audit-pages.ts).
   */
  async rangeRaw(fromSeq: number, limit: number): Promise<unknown[][]> {
    if (this.sqlite) {
      let read = sqlitePages.get(this.sqlite);
      if (!read) sqlitePages.set(this.sqlite, (read = sqlitePageReader(this.sqlite, this.rangeSql())));
      return read(fromSeq, limit);
    }
    if (this.pgPool) return pgPageReader(this.pgPool, this.rangeSql())(fromSeq, limit);
    const rows = await this.db.selectFrom('auditEvents').select(COLUMNS).where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => COLUMNS.map((c) => r[c]));
  }

  /** The SQL of rangeRaw (parameters: first seq, limit), for readers on their own connection. */
  rangeSql(): string {
    return this.db.selectFrom('auditEvents').select(COLUMNS).where('seq', '>=', 0).orderBy('seq').limit(1).compile().sql;
  }

  /** Position of the event with this hash (a scan: hash is deliberately not indexed; used only where a link is broken). */
  async seqOfHash(hash: string): Promise<number | undefined> {
    const r = await this.db.selectFrom('auditEvents').select('seq').where('hash', '=', hash).executeTakeFirst();
    return r ? Number(r.seq) : undefined;
  }

  async prevHashAt(seq: number): Promise<string | undefined> {
    return (await this.db.selectFrom('auditEvents').select('prevHash').where('seq', '=', seq).executeTakeFirst())?.prevHash;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async maxSeq(): Promise<number> {
    const r = await this.db.selectFrom('auditEvents').select(sql<number>`max(seq)`.as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  async insertCheckpoint(c: AuditCheckpointRow): Promise<void> {
    await this.db.insertInto('auditCheckpoints').values(c).onConflict((oc) => oc.column('seq').doNothing()).execute();
  }

  async checkpoints(): Promise<AuditCheckpointRow[]> {
    return this.db.selectFrom('auditCheckpoints').selectAll().orderBy('seq').execute();
  }

  async lastCheckpoint(): Promise<AuditCheckpointRow | undefined> {
    return this.db.selectFrom('auditCheckpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }
}

function headOf(row: unknown): { seq: number; hash: string } {
  if (!row) throw new Error('the audit chain head is missing');
  const h = row as { seq: number | bigint; hash: string };
  return { seq: Number(h.seq), hash: h.hash };
}
