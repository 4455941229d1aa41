import path from 'node:path';
import type { AuditConfig } from '../../config/schema.js';
import { WardenError } from '../../errors.js';
import type { AuditLog } from '../audit-log.js';
import type { Vault } from '../../vault/vault.js';
import type { AuditEvent } from '../types.js';
import { errorText, type BackoffOptions, type ExporterStats } from './common.js';
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
}

export interface ExporterSet {
  exporters: Exporter[];
  /** Per-exporter counters (delivered, queued, dropped, rejected, failures, last error). */
  stats(): ExporterStats[];
  close(): Promise<void>;
}

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

  const deliver = (e: AuditEvent) => {
    for (const x of exporters) {
      try {
        x.handle(e);
      } catch (err) {
        deps.log.error(`audit exporter ${x.name} failed to accept event ${e.id}: ${errorText(err)}`);
      }
    }
  };
  // Events committed while Warden was starting, before the exporters existed, go first.
  for (const e of deps.replay ?? []) deliver(e);
  const unsubscribe = exporters.length ? deps.audit.subscribe(deliver) : () => {};

  let closing: Promise<void> | undefined;
  return {
    exporters,
    stats: () => exporters.flatMap((x) => (x.stats ? [x.stats()] : [])),
    close() {
      closing ??= (async () => {
        unsubscribe();
        // Each exporter flushes within its own deadline; one slow destination does not hold up the others.
        await Promise.all(exporters.map((x) => x.close().catch((err) => deps.log.error(`audit exporter ${x.name} failed to close: ${errorText(err)}`))));
      })();
      return closing;
    },
  };
}

/** The signing key must exist at start: a webhook configured to sign must never send unsigned. */
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
