/**
 * Runs in a worker thread with its own connection to the SQLite file: encodes the audit events
 * handed over, links them onto the chain and inserts them, one transaction per batch, through
 * the same repository code the main thread's append uses. See sqlite-appender.ts.
 */
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import { AuditEventRepo, type AuditEventRow } from '../store/repos/audit-events.js';
import type { Database } from '../store/tables.js';
import { canonicalBody, chainHash, digestOf, indexColumns } from './chain.js';
import type { AppendItem, AppendReply, AppendRequest } from './sqlite-appender.js';

const { file } = workerData as { file: string };
const sqlite = new SqliteDatabase(file);
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('busy_timeout = 5000');
// The query builder only compiles the repository's statements here; nothing runs through it.
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
const repo = new AuditEventRepo(db, { sqlite });

function post(m: AppendReply): void {
  parentPort!.postMessage(m);
}

/** An item's row and digest: as sent when the caller encoded it, else encoded here. */
function encode(item: AppendItem): { row: AuditEventRow; digest: string } {
  if (item.row && item.digest) return { row: item.row, digest: item.digest };
  const text = canonicalBody(item.body!);
  return { row: { seq: 0, prevHash: '', hash: '', ...indexColumns(item.body!), body: text }, digest: digestOf(text) };
}

function append(m: Extract<AppendRequest, { type: 'append' }>): void {
  const encoded: Array<{ row: AuditEventRow; digest: string }> = [];
  const failed: Array<{ index: number; message: string }> = [];
  m.items.forEach((item, index) => {
    try {
      encoded.push(encode(item));
    } catch (e) {
      failed.push({ index, message: (e as Error).message });
    }
  });
  let first = 0;
  let prev = '';
  const hashes: string[] = [];
  try {
    if (encoded.length > 0) {
      repo.appendNow(m.now, (head) => {
        let { seq, hash } = head;
        first = seq + 1;
        prev = hash;
        hashes.length = 0; // a retried transaction starts over
        for (const e of encoded) {
          seq += 1;
          e.row.seq = seq;
          e.row.prevHash = hash;
          hash = chainHash(hash, e.digest);
          e.row.hash = hash;
          hashes.push(hash);
        }
        return { rows: encoded.map((e) => e.row), seq, hash };
      });
    }
    post({ type: 'appended', id: m.id, first, prev, hashes, failed });
  } catch (e) {
    post({ type: 'failed', id: m.id, message: (e as Error).message });
  }
}

parentPort!.on('message', (m: AppendRequest) => {
  if (m.type === 'append') return append(m);
  sqlite.close();
  post({ type: 'stopped' });
});
