import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/**
 * WAL checkpoints off the request thread. In WAL mode every commit appends pages to the log and
 * SQLite's automatic checkpoint copies them into the database inside the commit that crosses
 * 1000 pages: on the one JavaScript thread, that is about half the cost of an audit append. A
 * worker thread with its own connection checkpoints four times a second instead (on the other
 * core), and the main connection's automatic checkpoint stays on at a higher mark as the safety
 * net: if the worker lags or dies, the log is still bounded, and because the checkpoint progress
 * is shared, the main thread then copies only what the worker has not.
 */
export interface SqliteCheckpointer {
  stats(): CheckpointerStats;
  stop(): Promise<void>;
}

export interface CheckpointerStats {
  /** False once the worker has stopped or failed: the main connection checkpoints as SQLite does by default. */
  active: boolean;
  runs: number;
  /** WAL frames at the last run, and how many of them were in the database after it. */
  walFrames: number;
  checkpointedFrames: number;
  lastError: string | null;
}

/** Main connection's own checkpoint mark while the worker runs (pages of 4 KiB: 32 MiB). */
export const SAFETY_NET_PAGES = 8192;
const SQLITE_DEFAULT_PAGES = 1000;

/**
 * Between two checkpoints. A checkpoint copies each page changed since the last one once, however
 * often it changed: at 250 ms rather than 50 ms the index pages every append touches are copied
 * far less often (the worker's CPU per audit event fell by about 40% under load). Durability does
 * not depend on it (committed frames are in the log either way); the log holds at most this long
 * of appends, a few MB at thousands of events a second, well under the safety net.
 */
const INTERVAL_MS = 250;

export function startSqliteCheckpointer(file: string, main: SqliteDatabase.Database, intervalMs = INTERVAL_MS): SqliteCheckpointer {
  const s: CheckpointerStats = { active: true, runs: 0, walFrames: 0, checkpointedFrames: 0, lastError: null };
  main.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  // Reset logs are cut back to this size, so one burst does not leave a large file behind.
  main.pragma(`journal_size_limit = ${SAFETY_NET_PAGES * 4096}`);
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), { workerData: { file, intervalMs } });
  worker.unref();
  let stopping = false;
  const fallBack = (why: string) => {
    if (!s.active) return;
    s.active = false;
    s.lastError = why;
    if (main.open) main.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  worker.on('message', (m: { type: string; log?: number; checkpointed?: number; message?: string }) => {
    if (m.type === 'checkpoint') {
      s.runs++;
      s.walFrames = m.log!;
      s.checkpointedFrames = m.checkpointed!;
    } else if (m.type === 'error') {
      s.lastError = m.message!;
    }
  });
  // A SqliteError thrown in the worker arrives as a plain object carrying only its code.
  worker.on('error', (e: unknown) => fallBack(`checkpoint worker failed: ${(e as Error).message || (e as { code?: string }).code || String(e)}`));
  worker.on('exit', () => {
    if (!stopping) fallBack('the checkpoint worker exited');
  });
  return {
    stats: () => ({ ...s }),
    async stop() {
      if (stopping) return;
      stopping = true;
      if (s.active) {
        const stopped = new Promise<void>((resolve) => {
          worker.on('message', (m: { type: string }) => m.type === 'stopped' && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'stop' });
        await stopped;
      }
      s.active = false;
      await worker.terminate();
    },
  };
}
