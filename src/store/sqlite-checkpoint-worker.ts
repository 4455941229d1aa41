/**
 * Runs in a worker thread with its own connection to the SQLite file: copies committed WAL
 * frames into the database (PASSIVE checkpoints never block the writer) so the main thread's
 * commits no longer pay for it. See sqlite-checkpointer.ts.
 */
import SqliteDatabase from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

interface Data {
  file: string;
  intervalMs: number;
}

const { file, intervalMs } = workerData as Data;
const db = new SqliteDatabase(file);
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    parentPort!.postMessage({ type: 'checkpoint', log: r!.log, checkpointed: r!.checkpointed });
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).message });
  }
}, intervalMs);

parentPort!.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.postMessage({ type: 'stopped' });
});
