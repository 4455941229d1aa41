import path from 'node:path';
import type { AuditConfig } from '../../config/schema.js';
import { WardenError } from '../../errors.js';
import type { AuditLog } from '../audit-log.js';
import type { Vault } from '../../vault/vault.js';
import type { AuditEvent } from '../types.js';
import { errorText, type BackoffOptions, type ExporterStats } from './common.js';
import { CursorFile, type ExportCursor } from './cursors.js';
import { JsonlExporter } from './jsonl.js';
import { SyslogExporter } from './syslog.js';
import { WebhookExporter } from './webhook.js';

export type { ExporterStats } from './common.js';
export { alertToOcsf, toOcsf, OCSF_VERSION, type AlertLike, type OcsfRecord } from './ocsf.js';
export { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, BATCH_HEADER } from './webhook.js';

/** One destination for audit events (JSONL file, webhook, syslog, OTLP, ...). */
export interface Exporter {
  readonly name: string;
  /** Called for each committed event, in chain order; must not block (queue internally). */
  handle(e: AuditEvent): void;
  /** Events accepted but not yet delivered. */
  queueDepth(): number;
  /** Delivers what is queued (best effort within a deadline). */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Counters for metrics and the console. */
  stats?(): ExporterStats;
  /**
   * Every event up to this seq is safely taken (written to the file or the on-disk queue). Without
   * it, an exporter counts as having taken everything it was handed once its queue is empty.
   */
  durableSeq?(): number;
}

export interface ExporterDeps {
  config: AuditConfig;
  audit: AuditLog;
  vault: Pick<Vault, 'resolve'>;
  dataDir: string;
  baseDir: string;
  log: { warn(msg: string): void; error(msg: string): void };
  /** Tests shorten retry delays. */
  backoff?: BackoffOptions;
  /** Events committed before the exporters started (in chain order): delivered before live ones. */
  replay?: AuditEvent[];
  /** How often the exporters' cursors are saved. */
  cursorIntervalMs?: number;
}

export interface ExporterSet {
  exporters: Exporter[];
  /** Per-exporter counters (delivered, queued, dropped, rejected, failures, last error). */
  stats(): ExporterStats[];
  close(): Promise<void>;
}

/** Cursors are saved this often; after a crash, events up to two intervals (plus slack) after the last save are re-read. */
const CURSOR_INTERVAL_MS = 500;
const CURSOR_SLACK_MS = 2000;

const invalid = (exporter: string, setting: string, code: string, message: string, hint: string, details: Record<string, unknown> = {}) =>
  new WardenError(code, 500, message, { hint, details: { exporter, setting, ...details } });

/**
 * Starts the configured exporters and subscribes them to the audit log. Settings are checked
 * here, so a bad path or a missing signing secret stops the start with an error naming the
 * exporter and the setting. Once running, an exporter never blocks or fails the audit log:
 * handle() only queues, and a throwing exporter is isolated from the others.
 */
export async function startExporters(deps: ExporterDeps): Promise<ExporterSet> {
  const cfg = deps.config.exporters;
  const exporters: Exporter[] = [];
  try {
    if (cfg.jsonl) {
      exporters.push(
        await JsonlExporter.open({
          path: path.resolve(deps.baseDir, cfg.jsonl.path),
          maxBytes: cfg.jsonl.max_bytes,
          maxFiles: cfg.jsonl.max_files,
          format: cfg.jsonl.format,
          log: deps.log,
        }),
      );
    }
    const names = new Set<string>();
    for (const w of cfg.webhooks) {
      const where = `webhook:${w.name}`;
      if (names.has(w.name)) {
        throw invalid(where, 'name', 'exporter.webhook.duplicate_name', `Two audit webhooks are named "${w.name}".`, 'Give each entry of audit.exporters.webhooks its own name (it names its queue directory).');
      }
      names.add(w.name);
      if (!/^https?:$/.test(new URL(w.url).protocol)) {
        throw invalid(where, 'url', 'exporter.webhook.invalid_url', `The audit webhook "${w.name}" needs an http(s) url.`, 'Set audit.exporters.webhooks[].url to an http:// or https:// URL.');
      }
      if (w.secret) await checkSecret(deps, w.name, w.secret);
      exporters.push(
        await WebhookExporter.open({
          name: w.name,
          url: w.url,
          secret: w.secret,
          batchSize: w.batch_size,
          flushIntervalMs: w.flush_interval,
          timeoutMs: w.timeout,
          maxQueueBytes: w.max_queue_bytes,
          format: w.format,
          dir: path.join(deps.dataDir, 'exporters', w.name),
          vault: deps.vault,
          log: deps.log,
          backoff: deps.backoff,
        }),
      );
    }
    if (cfg.syslog) {
      exporters.push(
        await SyslogExporter.open({
          host: cfg.syslog.host,
          port: cfg.syslog.port,
          protocol: cfg.syslog.protocol,
          appName: cfg.syslog.app_name,
          facility: cfg.syslog.facility,
          log: deps.log,
          backoff: deps.backoff,
        }),
      );
    }
  } catch (e) {
    // Nothing half-started: close what was opened before the bad setting.
    await Promise.all(exporters.map((x) => x.close().catch(() => {})));
    throw e;
  }

  if (exporters.length === 0) return { exporters, stats: () => [], close: async () => {} };

  const cursorInterval = deps.cursorIntervalMs ?? CURSOR_INTERVAL_MS;
  const cursorFile = CursorFile.in(deps.dataDir);
  const saved = await cursorFile.load(deps.log.warn);
  /** Per exporter: the last seq handed to it (never hand it the same event twice in one run). */
  const handed = new Map<Exporter, number>(exporters.map((x) => [x, 0]));
  const deliverTo = (x: Exporter, e: AuditEvent) => {
    if (e.seq <= handed.get(x)!) return;
    handed.set(x, e.seq);
    try {
      x.handle(e);
    } catch (err) {
      deps.log.error(`audit exporter ${x.name} failed to accept event ${e.id}: ${errorText(err)}`);
    }
  };
  const deliver = (e: AuditEvent) => {
    for (const x of exporters) deliverTo(x, e);
  };

  // Where an exporter with no saved cursor starts: nothing before this run is its to send.
  const headAtStart = deps.replay?.length ? deps.replay[0]!.seq - 1 : ((await deps.audit.query({ order: 'desc', limit: 1 }))[0]?.seq ?? 0);
  const baseline = (x: Exporter) => saved[x.name]?.seq ?? headAtStart;
  // Live events are held back until the catch-up below is done, so each exporter sees the chain in order.
  let held: AuditEvent[] | undefined = [];
  const unsubscribe = deps.audit.subscribe((e) => (held ? held.push(e) : deliver(e)));
  try {
    // After a crash: what each exporter had not yet safely taken. Bounded in time by when its
    // cursor was last saved, so events other instances wrote while this one was down are theirs to export.
    for (const x of exporters) {
      const c = saved[x.name];
      if (!c) continue;
      const until = c.at + 2 * cursorInterval + CURSOR_SLACK_MS;
      let n = 0;
      for (let after = c.seq; ; ) {
        const page = await deps.audit.query({ afterSeq: after, until, order: 'asc', limit: 500 });
        for (const e of page) deliverTo(x, e);
        n += page.length;
        if (page.length < 500) break;
        after = page[page.length - 1]!.seq;
      }
      if (n > 0) deps.log.warn(`audit exporter ${x.name}: re-sending ${n} event(s) committed before the last stop that it may not have taken.`);
    }
    // Events committed while Warden was starting, before the exporters existed, then live ones.
    for (const e of deps.replay ?? []) deliver(e);
    for (const e of held) deliver(e);
  } finally {
    held = undefined;
  }

  /** Cursors as they stand: an exporter with nothing queued has taken everything handed to it. */
  const current = (): Record<string, ExportCursor> => {
    const out: Record<string, ExportCursor> = {};
    const at = Date.now();
    for (const x of exporters) {
      const seq = x.durableSeq ? x.durableSeq() : x.queueDepth() === 0 ? handed.get(x)! : 0;
      out[x.name] = { seq: Math.max(seq, baseline(x)), at };
    }
    return out;
  };
  let saving: Promise<void> = Promise.resolve();
  const saveCursors = () => {
    saving = saving
      .then(() => cursorFile.save(current()))
      .catch((err) => deps.log.warn(`audit exporters: cannot save cursors: ${errorText(err)}`));
    return saving;
  };
  const cursorTimer = setInterval(() => void saveCursors(), cursorInterval);
  cursorTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    exporters,
    stats: () => exporters.flatMap((x) => (x.stats ? [x.stats()] : [])),
    close() {
      closing ??= (async () => {
        unsubscribe();
        clearInterval(cursorTimer);
        // Each exporter flushes within its own deadline; one slow destination does not hold up the others.
        await Promise.all(exporters.map((x) => x.close().catch((err) => deps.log.error(`audit exporter ${x.name} failed to close: ${errorText(err)}`))));
        await saveCursors();
      })();
      return closing;
    },
  };
}

/**
 * A missing signing secret does not stop Warden: secrets are created through the running server,
 * so the operator may add the key after start. Deliveries wait (queued on disk) until it exists;
 * nothing is ever sent unsigned.
 */
async function checkSecret(deps: ExporterDeps, name: string, secret: string): Promise<void> {
  try {
    await deps.vault.resolve(secret);
  } catch (e) {
    const code = (e as { code?: string }).code;
    deps.log.warn(
      `audit webhook "${name}" signs with vault secret "${secret}", which cannot be read${code ? ` (${code})` : ''}: ` +
        `deliveries are held until it exists (\`warden secrets create ${secret} --stdin\`).`,
    );
  }
}
