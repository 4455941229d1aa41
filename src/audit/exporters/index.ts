import type { AuditConfig } from '../../config/schema.js';
import type { AuditLog } from '../audit-log.js';
import type { Vault } from '../../vault/vault.js';
import type { AuditEvent } from '../types.js';

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
}

export interface ExporterDeps {
  config: AuditConfig;
  audit: AuditLog;
  vault: Vault;
  dataDir: string;
  baseDir: string;
  log: { warn(msg: string): void; error(msg: string): void };
}

export interface ExporterSet {
  exporters: Exporter[];
  close(): Promise<void>;
}

/** Starts the configured exporters and subscribes them to the audit log. */
export async function startExporters(deps: ExporterDeps): Promise<ExporterSet> {
  const exporters: Exporter[] = [];
  const unsubscribe = deps.audit.subscribe((e) => {
    for (const x of exporters) x.handle(e);
  });
  return {
    exporters,
    async close() {
      unsubscribe();
      for (const x of exporters) await x.close();
    },
  };
}
