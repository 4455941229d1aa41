/**
 * A verification thread: scans the chain ranges verifyLog hands it, reading the rows itself on
 * its own connection (nothing is copied between threads but the small results). It loads only
 * the driver and the row checks, not the query builder: start-up time is time not verifying.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { pgPageReader, sqlitePageReader, type PageReader } from '../store/audit-pages.js';
import { pgPool } from '../store/pg-pool.js';
import type { StoreLocation } from '../store/store.js';
import { scanRange, type RangeScan } from './verify-scan.js';

export interface ScanWorkerData {
  location: StoreLocation;
  /** The range query (parameters: first seq, limit), as the repository compiles it for this dialect. */
  rangeSql: string;
  wanted: number[];
  maxProblems: number;
}

/** Main → worker: a range to scan, or null when there is none left. */
export type ScanRequest = { from: number; to: number; pageSize: number } | null;
export type ScanReply = { type: 'ready' } | { type: 'scan'; scan: RangeScan } | { type: 'error'; message: string };

const data = workerData as ScanWorkerData;
const wanted = new Set(data.wanted);
let readPage: PageReader;
let close: () => Promise<void>;
if ('url' in data.location) {
  const pool = pgPool(data.location.url, data.location.pgSchema, 1);
  readPage = pgPageReader(pool, data.rangeSql);
  close = () => pool.end();
} else {
  const db = new SqliteDatabase(data.location.sqliteFile, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  readPage = sqlitePageReader(db, data.rangeSql);
  close = async () => {
    db.close();
  };
}

const reply = (m: ScanReply) => parentPort!.postMessage(m);
parentPort!.on('message', (req: ScanRequest) => {
  if (req === null) {
    void close().finally(() => process.exit(0));
    return;
  }
  scanRange(readPage, req.from, req.to, wanted, req.pageSize, data.maxProblems).then(
    (scan) => reply({ type: 'scan', scan }),
    (e: Error) => reply({ type: 'error', message: e.message }),
  );
});
reply({ type: 'ready' });
