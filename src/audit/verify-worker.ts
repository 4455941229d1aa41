/** Scans one range of the audit chain on its own connection, for verifyLog's parallel path. */
import { parentPort, workerData } from 'node:worker_threads';
import { AuditEventRepo } from '../store/repos/audit-events.js';
import { openReader, type StoreLocation } from '../store/store.js';
import { scanRange } from './verify-scan.js';

export interface ScanJob {
  location: StoreLocation;
  from: number;
  to: number;
  wanted: number[];
  pageSize: number;
  maxProblems: number;
}

const job = workerData as ScanJob;
const reader = openReader(job.location);
try {
  const scan = await scanRange(new AuditEventRepo(reader.db, reader), job.from, job.to, new Set(job.wanted), job.pageSize, job.maxProblems);
  parentPort!.postMessage({ ok: true, scan });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: (e as Error).message });
} finally {
  await reader.close();
}
