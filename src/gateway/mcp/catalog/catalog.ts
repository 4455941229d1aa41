import type { AuditLog } from '../../../audit/audit-log.js';
import { SYSTEM_ACTOR, type Actor, type AuditEventInput, type Finding } from '../../../audit/types.js';
import type { McpServerConfig } from '../../../config/schema.js';
import { badRequest, conflict, notFound, WardenError } from '../../../errors.js';
import type { TrustLevel } from '../../../policy/input.js';
import { repos } from '../../../store/repos/index.js';
import type { McpToolPatch, McpToolRecord, McpToolStatus } from '../../../store/repos/mcp-tools.js';
import type { Db, Store } from '../../../store/store.js';
import type { ControlBus, ControlMessage } from '../../../util/bus.js';
import type { Clock } from '../../../util/clock.js';
import {
  NAMESPACE_SEPARATOR,
  type CapabilityLabel,
  type CatalogTool,
  type PinStatus,
  type PromptDefinition,
  type ResourceDefinition,
  type ToolDefinition,
  type UpstreamSet,
} from '../types.js';
import { changedFields, cleanDefinition, definitionHash, type PinnedField } from './hash.js';
import { effectiveLabels, isLabel } from './labels.js';
import { describeFindings, scanDefinition, type DefinitionScanner } from './scan.js';

/**
 * The MCP tool catalog: what every upstream server offers, namespaced (`server__tool`,
 * `server__prompt`; resources keep their URI), labelled, and pinned.
 *
 * Pinning. Each tool's definition (name, title, description, schemas, annotations) is hashed
 * canonically (hash.ts). A tool is usable only while the definition this instance sees hashes to
 * the pin an admin approved (or that trust on first use took, for `pin: tofu` servers). So a
 * definition that changes upstream (a rug pull) is hidden and uncallable the moment it is seen,
 * whatever the store says; the store (mcp_tools) keeps the pins, the status as of the last
 * definition seen, and the history people review. A new tool on a `pin: approve` server, a
 * changed one on any server, and any definition the tool_poisoning detector flags (even on first
 * sight under tofu) are quarantined until an admin approves that exact hash; each quarantine is
 * audited (`mcp.tool.quarantined`), which the monitor's built-in rules turn into alerts. A
 * rejected definition stays hidden until it changes (then it is quarantined again) or is approved.
 *
 * Several instances share the store: the first sight and each change of a definition are
 * conditional writes, so one instance records and audits each; admin decisions are published on
 * the control bus and every instance re-reads the pins of that server.
 *
 * Resources keep their URI: a URI offered by two servers would let one shadow the other, so it
 * is offered by neither (and audited) until only one server offers it.
 */

export interface ToolCatalogOptions {
  upstreams: UpstreamSet;
  store: Store;
  audit: AuditLog;
  bus: ControlBus;
  clock: Clock;
  /** The configured servers (mcp_servers): pin mode and configured labels. */
  servers: readonly McpServerConfig[];
  /** The detector suite (createDetectorSuite(config.detectors)); only tool_poisoning findings quarantine. */
  scanner: DefinitionScanner;
  /** Told about refreshes that failed (an upstream down, the store unreachable): the catalog keeps what it had. */
  onError?: (server: string, error: Error) => void;
}

export interface CatalogPrompt {
  server: string;
  exposed: string;
  definition: PromptDefinition;
}

export interface CatalogResource {
  server: string;
  definition: ResourceDefinition;
}

export type LabelSource = 'admin' | 'config' | 'annotations';

/** What an admin sees of one tool: the catalog entry and its pin. */
export interface CatalogToolDetail extends CatalogTool {
  /** Listed by its server at this instance's last listing (false: seen before, no longer listed). */
  live: boolean;
  pin: 'approve' | 'tofu';
  labelSource: LabelSource;
  /** The admin's label override, null when none. */
  labelsOverride: string[] | null;
  pinnedHash: string | null;
  /** The approved definition, when it differs from the current one. */
  pinnedDefinition: ToolDefinition | null;
  /** Fields of the current definition that differ from the approved one. */
  changed: PinnedField[];
  /** tool_poisoning findings on the current definition. */
  findings: Finding[];
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  changedAt: number | null;
  removedAt: number | null;
  approvedBy: string | null;
  approvedAt: number | null;
  rejectedBy: string | null;
  rejectedAt: number | null;
  labelsSetBy: string | null;
  labelsSetAt: number | null;
}

/** The control message that says a server's pins changed (see bus.ts; the lead adds it to ControlMessage). */
export interface CatalogChanged {
  kind: 'mcp.tools.changed';
  server: string;
}
const CHANGED_KIND = 'mcp.tools.changed';

/** MCP tool names (spec 2025-11-25): 1 to 128 of A-Z a-z 0-9 _ - . */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** A definition bigger than this (canonical JSON) is refused: no model needs it, a poisoner might. */
const MAX_DEFINITION_CHARS = 256 * 1024;
const MAX_TOOLS_PER_SERVER = 1000;
const MAX_PROMPTS_PER_SERVER = 1000;
const MAX_RESOURCES_PER_SERVER = 10_000;
const SCAN_MEMO = 512;

interface Live {
  definition: ToolDefinition;
  hash: string;
}

interface ServerState {
  name: string;
  trust: TrustLevel;
  pin: 'approve' | 'tofu';
  configuredLabels: Record<string, string[]>;
  /** Tools listed by the server at the last successful refresh, by upstream name. */
  tools: Map<string, Live>;
  /** The pins, as last read from the store. */
  rows: Map<string, McpToolRecord>;
  prompts: PromptDefinition[];
  resources: ResourceDefinition[];
}

export class ToolCatalog {
  private readonly servers = new Map<string, ServerState>();
  private readonly listeners = new Set<() => void>();
  private byExposed = new Map<string, CatalogTool>();
  private toolList: CatalogTool[] = [];
  private promptMap = new Map<string, CatalogPrompt>();
  private promptList: CatalogPrompt[] = [];
  private resourceMap = new Map<string, CatalogResource>();
  private resourceList: CatalogResource[] = [];
  private signature = '';
  /** Resource URIs reported as offered by several servers (reported once while it lasts). */
  private readonly collisions = new Set<string>();
  /** Definitions refused for their name or size (reported once per process). */
  private readonly refused = new Set<string>();
  private readonly scans = new Map<string, Finding[]>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  private readonly errors = new Map<string, string>();
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly opts: ToolCatalogOptions) {
    for (const u of opts.upstreams.all()) {
      const cfg = opts.servers.find((s) => s.name === u.name);
      this.servers.set(u.name, {
        name: u.name,
        trust: u.trust,
        pin: cfg?.pin ?? 'approve',
        configuredLabels: cfg?.labels ?? {},
        tools: new Map(),
        rows: new Map(),
        prompts: [],
        resources: [],
      });
    }
  }

  /** Lists every server (failures are reported to onError and retried on the server's next change) and follows changes. */
  async start(): Promise<void> {
    this.unsubscribe.push(
      this.opts.upstreams.onToolsChanged((server) => {
        this.refresh(server).catch(() => {});
      }),
      this.opts.bus.subscribe((m: ControlMessage) => {
        const c = m as unknown as CatalogChanged;
        if (c.kind === CHANGED_KIND && typeof c.server === 'string' && this.servers.has(c.server)) this.reload(c.server).catch(() => {});
      }),
    );
    await Promise.all([...this.servers.keys()].map((s) => this.refresh(s).catch(() => {})));
  }

  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  // -------------------------------------------------------------------------------------------
  // what the pipeline reads (synchronous, in memory)

  /** Every tool listed now, whatever its status: the pipeline shows and calls only approved ones. */
  tools(): CatalogTool[] {
    return this.toolList;
  }

  resolveTool(exposed: string): CatalogTool | undefined {
    return this.byExposed.get(exposed);
  }

  prompts(): CatalogPrompt[] {
    return this.promptList;
  }

  resolvePrompt(exposed: string): CatalogPrompt | undefined {
    return this.promptMap.get(exposed);
  }

  /** Resources offered by exactly one server. */
  resources(): CatalogResource[] {
    return this.resourceList;
  }

  resolveResource(uri: string): CatalogResource | undefined {
    return this.resourceMap.get(uri);
  }

  /** Called whenever what agents may see changes (a tool quarantined or approved, a list changed upstream). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Servers whose last refresh failed, with the cause. */
  refreshErrors(): Record<string, string> {
    return Object.fromEntries(this.errors);
  }

  // -------------------------------------------------------------------------------------------
  // refresh

  /**
   * Lists the server's tools, prompts and resources again and reconciles the tools with their
   * pins. Refreshes of one server run one at a time; calls made while one waits share it.
   */
  refresh(server: string): Promise<void> {
    const waiting = this.queued.get(server);
    if (waiting) return waiting;
    const run = (this.chains.get(server) ?? Promise.resolve()).then(() => {
      this.queued.delete(server);
      return this.doRefresh(server);
    });
    this.queued.set(server, run);
    this.chains.set(
      server,
      run.catch(() => {}),
    );
    return run;
  }

  private async doRefresh(server: string): Promise<void> {
    const s = this.state(server);
    const upstream = this.opts.upstreams.get(server);
    try {
      if (!upstream) throw new WardenError('mcp.upstream_unavailable', 503, `The server "${server}" is not configured on this instance.`, { hint: 'Check mcp_servers in warden.yaml.' });
      const listed = await upstream.listTools();
      // A server without prompts or resources answers "method not found": that is an empty list.
      const [prompts, resources] = await Promise.all([upstream.listPrompts().catch(() => []), upstream.listResources().catch(() => [])]);
      await this.serial(server, () => this.reconcile(s, listed, prompts, resources));
      this.errors.delete(server);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.errors.set(server, err.message);
      this.opts.onError?.(server, err);
      throw err;
    } finally {
      this.rebuild();
    }
  }

  private async reconcile(s: ServerState, listed: ToolDefinition[], prompts: PromptDefinition[], resources: ResourceDefinition[]): Promise<void> {
    const now = this.opts.clock.now();
    const tools = new Map<string, Live>();
    for (const raw of listed.slice(0, MAX_TOOLS_PER_SERVER)) {
      const name = typeof raw?.name === 'string' ? raw.name : '';
      if (tools.has(name)) continue;
      if (!TOOL_NAME.test(name)) {
        this.refuse(s.name, name, 'name', 'the name is not 1 to 128 of A-Z a-z 0-9 _ - .');
        continue;
      }
      if (typeof raw.inputSchema !== 'object' || raw.inputSchema === null || Array.isArray(raw.inputSchema)) {
        this.refuse(s.name, name, 'schema', 'the input schema is not a JSON object');
        continue;
      }
      const definition = cleanDefinition(raw);
      if (JSON.stringify(definition).length > MAX_DEFINITION_CHARS) {
        this.refuse(s.name, name, 'size', `the definition is larger than ${MAX_DEFINITION_CHARS} characters`);
        continue;
      }
      tools.set(name, { definition, hash: definitionHash(definition) });
    }
    // What the server lists now takes effect first: if the store cannot be read below, a changed
    // definition is still measured against the pins last read, and so still quarantined.
    s.tools = tools;
    s.prompts = dedupe(prompts.slice(0, MAX_PROMPTS_PER_SERVER), (p) => p.name);
    s.resources = dedupe(resources.slice(0, MAX_RESOURCES_PER_SERVER), (r) => r.uri);
    const repo = repos(this.opts.store.db).mcpTools;
    s.rows = new Map((await repo.list({ server: s.name })).map((r) => [r.tool, r]));
    let wrote = false;
    for (const [name, live] of tools) {
      try {
        if (await this.observe(s, name, live, now)) wrote = true;
      } catch (e) {
        // The store is unreachable: the tool's status follows the pins last read (a new one stays quarantined).
        this.opts.onError?.(s.name, e instanceof Error ? e : new Error(String(e)));
      }
    }
    const unchanged = [...tools.keys()].filter((t) => s.rows.get(t)?.currentHash === tools.get(t)!.hash);
    await repo.seen(s.name, unchanged, now);
    for (const row of s.rows.values()) {
      if (tools.has(row.tool) || row.removedAt !== null) continue;
      const removed = await this.opts.store.transaction(async (trx) => {
        if (!(await repos(trx).mcpTools.markRemoved(s.name, row.tool, now))) return false;
        await this.audit(trx, { action: 'mcp.tool.removed', server: s.name, tool: row.tool, data: { hash: row.currentHash, status: row.status } });
        return true;
      });
      if (removed) {
        s.rows.set(row.tool, { ...row, removedAt: now });
        wrote = true;
      }
    }
    if (wrote) await this.publish(s.name);
  }

  /**
   * Records what this instance sees of one tool against its stored pin. True when it wrote
   * (a first sight, or a change); each write is conditional, and a lost race reads again.
   */
  private async observe(s: ServerState, name: string, live: Live, now: number): Promise<boolean> {
    const repo = () => repos(this.opts.store.db).mcpTools;
    let row = s.rows.get(name);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) {
        row = await repo().get(s.name, name);
        if (row) s.rows.set(name, row);
        else s.rows.delete(name);
      }
      if (!row) {
        const rec = this.firstSight(s, name, live, now);
        const inserted = await this.opts.store.transaction(async (trx) => {
          if (!(await repos(trx).mcpTools.insert(rec))) return false;
          const labels = this.labelsFor(s, name, live.definition, rec).labels;
          await this.audit(trx, { action: 'mcp.tool.discovered', server: s.name, tool: name, labels, data: { hash: live.hash, status: rec.status, pin: s.pin } });
          if (rec.status === 'approved') {
            await this.audit(trx, { action: 'mcp.tool.approved', server: s.name, tool: name, labels, data: { hash: live.hash, automatic: 'tofu' } });
          } else {
            await this.audit(trx, {
              action: 'mcp.tool.quarantined',
              server: s.name,
              tool: name,
              labels,
              findings: rec.findings,
              data: { cause: rec.findings.length > 0 ? 'poisoned' : 'new', reason: rec.reason, hash: live.hash, previousHash: null, changed: [], pin: s.pin },
            });
          }
          return true;
        });
        if (inserted) {
          s.rows.set(name, rec);
          return true;
        }
        continue;
      }
      if (row.currentHash === live.hash) return false;
      const { patch, event } = this.change(s, row, live, now);
      const before = row;
      const updated = await this.opts.store.transaction(async (trx) => {
        if (!(await repos(trx).mcpTools.update(s.name, name, patch, before.currentHash))) return false;
        await this.audit(trx, { ...event, labels: this.labelsFor(s, name, live.definition, before).labels });
        return true;
      });
      if (updated) {
        s.rows.set(name, { ...before, ...patch });
        return true;
      }
    }
    return false;
  }

  /** The row of a tool seen for the first time: approved under tofu unless the detector flags it. */
  private firstSight(s: ServerState, name: string, live: Live, now: number): McpToolRecord {
    const findings = this.scan(live);
    const tofu = s.pin === 'tofu' && findings.length === 0;
    const reason = tofu
      ? null
      : findings.length > 0
        ? `flagged by the tool_poisoning detector: ${describeFindings(findings)}`
        : 'new tool: not yet approved by an administrator';
    return {
      server: s.name,
      tool: name,
      status: tofu ? 'approved' : 'quarantined',
      currentHash: live.hash,
      currentDefinition: live.definition,
      pinnedHash: tofu ? live.hash : null,
      pinnedDefinition: tofu ? (live.definition) : null,
      rejectedHash: null,
      reason,
      findings,
      labels: null,
      labelsSetBy: null,
      labelsSetAt: null,
      firstSeenAt: now,
      lastSeenAt: now,
      changedAt: now,
      removedAt: null,
      approvedBy: tofu ? SYSTEM_ACTOR.id : null,
      approvedByName: tofu ? 'trust on first use' : null,
      approvedAt: tofu ? now : null,
      rejectedBy: null,
      rejectedByName: null,
      rejectedAt: null,
    };
  }

  /** A definition that differs from the one last recorded: back to the pin, back to a rejected one, or quarantined. */
  private change(s: ServerState, row: McpToolRecord, live: Live, now: number): { patch: McpToolPatch; event: AuditInput } {
    const base = { currentHash: live.hash, currentDefinition: live.definition, changedAt: now, lastSeenAt: now, removedAt: null };
    const ids = { server: s.name, tool: row.tool };
    if (live.hash === row.pinnedHash) {
      return {
        patch: { ...base, status: 'approved', reason: null, findings: [] },
        event: { ...ids, action: 'mcp.tool.restored', data: { hash: live.hash, previousHash: row.currentHash } },
      };
    }
    const reference = row.pinnedDefinition ?? row.currentDefinition;
    const changed = changedFields(reference, live.definition);
    if (live.hash === row.rejectedHash) {
      const reason = `the definition is one an administrator rejected${row.rejectedByName ? ` (${row.rejectedByName})` : ''}`;
      return {
        patch: { ...base, status: 'rejected', reason, findings: [] },
        event: { ...ids, action: 'mcp.tool.quarantined', data: { cause: 'rejected', reason, hash: live.hash, previousHash: row.pinnedHash ?? row.currentHash, changed, pin: s.pin } },
      };
    }
    const findings = this.scan(live);
    const what = row.pinnedHash ? 'the definition changed since it was approved' : 'the definition changed while waiting for review';
    const reason = `${what} (${changed.join(', ') || 'no field: canonical form'})${findings.length > 0 ? `; flagged by the tool_poisoning detector: ${describeFindings(findings)}` : ''}`;
    return {
      patch: { ...base, status: 'quarantined', reason, findings },
      event: {
        ...ids,
        action: 'mcp.tool.quarantined',
        findings,
        data: { cause: findings.length > 0 ? 'poisoned' : 'changed', reason, hash: live.hash, previousHash: row.pinnedHash ?? row.currentHash, changed, pin: s.pin },
      },
    };
  }

  /** tool_poisoning findings on a definition, scanned once per hash. */
  private scan(live: Live): Finding[] {
    const known = this.scans.get(live.hash);
    if (known) return known;
    const findings = scanDefinition(this.opts.scanner, live.definition);
    this.scans.set(live.hash, findings);
    if (this.scans.size > SCAN_MEMO) this.scans.delete(this.scans.keys().next().value!);
    return findings;
  }

  /** Re-reads the pins of a server (another instance changed them). */
  async reload(server: string): Promise<void> {
    const s = this.state(server);
    await this.serial(server, async () => {
      s.rows = new Map((await repos(this.opts.store.db).mcpTools.list({ server })).map((r) => [r.tool, r]));
    });
    this.rebuild();
  }

  // -------------------------------------------------------------------------------------------
  // admin decisions

  /**
   * Pins the definition this instance sees (or, for a tool not listed now, the one last seen).
   * With `hash`, only if that is still the definition: an admin never approves one they did not see.
   */
  async approve(server: string, tool: string, actor: Actor, o: { hash?: string | undefined; reason?: string | undefined } = {}): Promise<CatalogToolDetail> {
    return this.decide(server, tool, o.hash, (s, row, target) => {
      if (row.pinnedHash === target.hash && row.rejectedHash !== target.hash && (row.currentHash !== target.hash || row.status === 'approved')) return null;
      const changed = row.pinnedDefinition ? changedFields(row.pinnedDefinition, target.definition) : [];
      return {
        patch: {
          pinnedHash: target.hash,
          pinnedDefinition: target.definition,
          rejectedHash: row.rejectedHash === target.hash ? null : row.rejectedHash,
          approvedBy: actor.id,
          approvedByName: actor.name ?? actor.id,
          approvedAt: this.opts.clock.now(),
          ...(row.currentHash === target.hash ? { status: 'approved' as const, reason: null } : {}),
        },
        event: {
          action: 'mcp.tool.approved',
          server,
          tool,
          actor,
          labels: this.labelsFor(s, tool, target.definition, row).labels,
          findings: row.currentHash === target.hash ? row.findings : [],
          data: { hash: target.hash, previousHash: row.pinnedHash, changed, wasStatus: this.statusOf(target.hash, row), ...(o.reason ? { reason: o.reason } : {}) },
        },
      };
    });
  }

  /** Hides the definition this instance sees until it changes or an admin approves it. */
  async reject(server: string, tool: string, actor: Actor, o: { reason: string; hash?: string | undefined }): Promise<CatalogToolDetail> {
    return this.decide(server, tool, o.hash, (s, row, target) => {
      const unpin = row.pinnedHash === target.hash;
      return {
        patch: {
          rejectedHash: target.hash,
          rejectedBy: actor.id,
          rejectedByName: actor.name ?? actor.id,
          rejectedAt: this.opts.clock.now(),
          ...(unpin ? { pinnedHash: null, pinnedDefinition: null } : {}),
          ...(row.currentHash === target.hash ? { status: 'rejected' as const, reason: o.reason } : {}),
        },
        event: {
          action: 'mcp.tool.rejected',
          server,
          tool,
          actor,
          labels: this.labelsFor(s, tool, target.definition, row).labels,
          data: { hash: target.hash, reason: o.reason, wasStatus: this.statusOf(target.hash, row), unpinned: unpin },
        },
      };
    });
  }

  /**
   * An admin's decision on a pin: the patch is written only if the row is still the one it was
   * built from (another instance may have recorded a change meanwhile; then it is rebuilt, up
   * to three times), in one transaction with its audit event. `build` returns null when there
   * is nothing to change.
   */
  private async decide(
    server: string,
    tool: string,
    hash: string | undefined,
    build: (s: ServerState, row: McpToolRecord, target: Live) => { patch: McpToolPatch; event: AuditInput } | null,
  ): Promise<CatalogToolDetail> {
    const s = this.state(server);
    await this.serial(server, async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const { row, target } = await this.target(s, tool, hash);
        const d = build(s, row, target);
        if (!d) return;
        const done = await this.opts.store.transaction(async (trx) => {
          if (!(await repos(trx).mcpTools.update(server, tool, d.patch, row.currentHash))) return false;
          await this.audit(trx, d.event);
          return true;
        });
        if (done) {
          s.rows.set(tool, { ...row, ...d.patch });
          return;
        }
      }
      throw conflictRetry(server, tool);
    });
    await this.settle(server);
    return this.detail(server, tool);
  }

  /** Sets the admin's capability labels for a tool (null: back to the configuration's or the annotations'). */
  async setLabels(server: string, tool: string, labels: readonly string[] | null, actor: Actor): Promise<CatalogToolDetail> {
    const s = this.state(server);
    const bad = labels?.filter((l) => !isLabel(l)) ?? [];
    if (bad.length > 0) {
      throw badRequest('mcp.bad_label', `Unknown capability label "${bad[0]!.slice(0, 60)}".`, 'Labels are private_data, untrusted_content, external_comms and destructive.');
    }
    const next = labels === null ? null : [...new Set(labels)];
    await this.serial(server, async () => {
      const row = await repos(this.opts.store.db).mcpTools.get(server, tool);
      if (!row) throw unknownTool(server, tool);
      const definition = s.tools.get(tool)?.definition ?? row.currentDefinition;
      const from = this.labelsFor(s, tool, definition, row);
      const patch: McpToolPatch = { labels: next, labelsSetBy: actor.name ?? actor.id, labelsSetAt: this.opts.clock.now() };
      const to = this.labelsFor(s, tool, definition, { ...row, ...patch });
      await this.opts.store.transaction(async (trx) => {
        await repos(trx).mcpTools.update(server, tool, patch);
        await this.audit(trx, { action: 'mcp.tool.labels_set', server, tool, actor, labels: to.labels, data: { from: from.labels, fromSource: from.source, to: to.labels, toSource: to.source, override: next } });
      });
      s.rows.set(tool, { ...row, ...patch });
    });
    await this.settle(server);
    return this.detail(server, tool);
  }

  // -------------------------------------------------------------------------------------------
  // admin views

  /** Every tool this instance lists or the store remembers, by server and name. */
  async list(f: { server?: string | undefined; status?: PinStatus | undefined } = {}): Promise<CatalogToolDetail[]> {
    if (f.server !== undefined) this.state(f.server);
    const rows = await repos(this.opts.store.db).mcpTools.list(f.server !== undefined ? { server: f.server } : {});
    const out: CatalogToolDetail[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const s = this.servers.get(row.server);
      if (!s) continue;
      seen.add(`${row.server}/${row.tool}`);
      out.push(this.view(s, row.tool, row));
    }
    for (const s of this.servers.values()) {
      if (f.server !== undefined && s.name !== f.server) continue;
      for (const name of s.tools.keys()) if (!seen.has(`${s.name}/${name}`)) out.push(this.view(s, name, undefined));
    }
    return out.filter((t) => f.status === undefined || t.status === f.status).sort((a, b) => (a.server === b.server ? cmp(a.tool, b.tool) : cmp(a.server, b.server)));
  }

  async detail(server: string, tool: string): Promise<CatalogToolDetail> {
    const s = this.state(server);
    const row = await repos(this.opts.store.db).mcpTools.get(server, tool);
    if (!row && !s.tools.has(tool)) throw unknownTool(server, tool);
    return this.view(s, tool, row);
  }

  private view(s: ServerState, tool: string, row: McpToolRecord | undefined): CatalogToolDetail {
    const live = s.tools.get(tool);
    const definition = live?.definition ?? row!.currentDefinition;
    const hash = live?.hash ?? row!.currentHash;
    const status: PinStatus = live ? this.statusOf(hash, row) : (row!.status as PinStatus);
    const labels = this.labelsFor(s, tool, definition, row);
    const pinned = row?.pinnedDefinition ? (row.pinnedDefinition) : null;
    const reason = this.reasonOf(status, hash, row);
    return {
      server: s.name,
      tool,
      exposed: `${s.name}${NAMESPACE_SEPARATOR}${tool}`,
      definition,
      hash,
      status,
      ...(reason !== undefined ? { reason } : {}),
      labels: labels.labels,
      trust: s.trust,
      live: live !== undefined,
      pin: s.pin,
      labelSource: labels.source,
      labelsOverride: row?.labels ?? null,
      pinnedHash: row?.pinnedHash ?? null,
      pinnedDefinition: pinned && row?.pinnedHash !== hash ? pinned : null,
      changed: pinned && row?.pinnedHash !== hash ? changedFields(pinned, definition) : [],
      findings: row && row.currentHash === hash ? row.findings : (this.scans.get(hash) ?? []),
      firstSeenAt: row?.firstSeenAt ?? null,
      lastSeenAt: row?.lastSeenAt ?? null,
      changedAt: row?.changedAt ?? null,
      removedAt: row?.removedAt ?? null,
      approvedBy: row?.approvedByName ?? row?.approvedBy ?? null,
      approvedAt: row?.approvedAt ?? null,
      rejectedBy: row?.rejectedByName ?? row?.rejectedBy ?? null,
      rejectedAt: row?.rejectedAt ?? null,
      labelsSetBy: row?.labelsSetBy ?? null,
      labelsSetAt: row?.labelsSetAt ?? null,
    };
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  /** Approved only while what is seen is what was pinned; rejected while it is what was rejected. */
  private statusOf(hash: string, row: McpToolRecord | undefined): McpToolStatus {
    if (row?.pinnedHash === hash) return 'approved';
    if (row?.rejectedHash === hash) return 'rejected';
    return 'quarantined';
  }

  private reasonOf(status: PinStatus, hash: string, row: McpToolRecord | undefined): string | undefined {
    if (status === 'approved') return undefined;
    if (row && row.currentHash === hash && row.reason) return row.reason;
    if (status === 'rejected') return 'the definition is one an administrator rejected';
    return row ? 'the definition differs from the one approved' : 'new tool: not yet recorded (the store could not be reached)';
  }

  private labelsFor(s: ServerState, tool: string, definition: ToolDefinition, row: Pick<McpToolRecord, 'labels'> | undefined): { labels: CapabilityLabel[]; source: LabelSource } {
    const configured = Object.hasOwn(s.configuredLabels, tool) ? s.configuredLabels[tool] : undefined;
    return effectiveLabels({ annotations: definition.annotations, trust: s.trust, configured, admin: row?.labels ?? null });
  }

  /** The row and the definition an admin decision is about; 404 when unknown, 409 when `hash` is not it. */
  private async target(s: ServerState, tool: string, hash: string | undefined): Promise<{ row: McpToolRecord; target: Live }> {
    const live = s.tools.get(tool);
    let row = await repos(this.opts.store.db).mcpTools.get(s.name, tool);
    if (!row) {
      if (!live) throw unknownTool(s.name, tool);
      // Seen, but its first sight could not be recorded: record it now (quarantined), then decide.
      const rec = this.firstSight({ ...s, pin: 'approve' }, tool, live, this.opts.clock.now());
      await repos(this.opts.store.db).mcpTools.insert(rec);
      row = (await repos(this.opts.store.db).mcpTools.get(s.name, tool))!;
    }
    const target: Live = live ?? { hash: row.currentHash, definition: row.currentDefinition };
    if (hash !== undefined) {
      const given = hash.trim().toLowerCase().replace(/^sha256:/, '');
      if (given !== target.hash) {
        throw conflict(
          'mcp.tool_changed',
          `The definition of ${s.name}/${tool} is not the one you reviewed: its hash is now ${target.hash}, not ${given.slice(0, 64)}.`,
          `Review it again (\`warden mcp tools show ${s.name}/${tool}\`) and decide on the hash shown.`,
        );
      }
    }
    return { row, target };
  }

  private state(server: string): ServerState {
    const s = this.servers.get(server);
    if (!s) throw notFound('mcp.unknown_server', `No MCP server "${server.slice(0, 100)}" is configured.`, 'The servers are the names under mcp_servers in warden.yaml.');
    return s;
  }

  /** Runs fn after every earlier write for this server: pins read and written in one order. */
  private serial<T>(server: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(server) ?? Promise.resolve()).then(fn);
    this.locks.set(
      server,
      run.catch(() => {}),
    );
    return run;
  }

  /** After an admin decision: this instance's view, then the others'. */
  private async settle(server: string): Promise<void> {
    this.rebuild();
    await this.publish(server);
  }

  private async publish(server: string): Promise<void> {
    const m: CatalogChanged = { kind: CHANGED_KIND, server };
    await this.opts.bus.publish(m as unknown as ControlMessage);
  }

  private refuse(server: string, tool: string, what: string, why: string): void {
    const key = `${server}\u0000${tool}\u0000${what}`;
    if (this.refused.has(key)) return;
    // A server inventing names forever must not grow this forever: forgetting only means reporting again.
    if (this.refused.size >= 1000) this.refused.clear();
    this.refused.add(key);
    this.opts.audit.enqueue(auditInput({ action: 'mcp.tool.refused', server, tool: tool.slice(0, 128), outcome: 'denied', data: { reason: why } }));
  }

  private async audit(trx: Db, e: AuditInput): Promise<void> {
    await this.opts.audit.record(auditInput(e), trx);
  }

  /** Recomputes what agents see from every server's tools and pins; tells listeners when it changed. */
  private rebuild(): void {
    const byExposed = new Map<string, CatalogTool>();
    const prompts = new Map<string, CatalogPrompt>();
    const offered = new Map<string, CatalogResource[]>();
    for (const s of this.servers.values()) {
      for (const [name, live] of s.tools) {
        const row = s.rows.get(name);
        const status = this.statusOf(live.hash, row);
        const reason = this.reasonOf(status, live.hash, row);
        const exposed = `${s.name}${NAMESPACE_SEPARATOR}${name}`;
        byExposed.set(exposed, {
          server: s.name,
          tool: name,
          exposed,
          definition: live.definition,
          hash: live.hash,
          status,
          ...(reason !== undefined ? { reason } : {}),
          labels: this.labelsFor(s, name, live.definition, row).labels,
          trust: s.trust,
        });
      }
      for (const p of s.prompts) {
        const exposed = `${s.name}${NAMESPACE_SEPARATOR}${p.name}`;
        prompts.set(exposed, { server: s.name, exposed, definition: p });
      }
      for (const r of s.resources) {
        const list = offered.get(r.uri) ?? [];
        list.push({ server: s.name, definition: r });
        offered.set(r.uri, list);
      }
    }
    const resources = new Map<string, CatalogResource>();
    const colliding = new Set<string>();
    for (const [uri, list] of offered) {
      if (list.length === 1) {
        resources.set(uri, list[0]!);
        continue;
      }
      colliding.add(uri);
      if (!this.collisions.has(uri)) {
        this.collisions.add(uri);
        const servers = list.map((r) => r.server);
        this.opts.audit.enqueue({
          phase: 'admin',
          action: 'mcp.resource.collision',
          outcome: 'denied',
          actor: SYSTEM_ACTOR,
          resource: { server: servers.join(',') },
          target: { kind: 'mcp_resource', id: uri.slice(0, 500) },
          data: { uri: uri.slice(0, 500), servers, hidden: true, reason: `offered by ${servers.length} servers: hidden from agents so that none shadows another` },
        });
      }
    }
    for (const uri of this.collisions) if (!colliding.has(uri)) this.collisions.delete(uri);
    this.byExposed = byExposed;
    this.toolList = [...byExposed.values()];
    this.promptMap = prompts;
    this.promptList = [...prompts.values()];
    this.resourceMap = resources;
    this.resourceList = [...resources.values()];
    const signature = JSON.stringify([
      this.toolList.map((t) => [t.exposed, t.status, t.hash, t.labels]),
      this.promptList.map((p) => [p.exposed, p.definition]),
      this.resourceList.map((r) => [r.server, r.definition]),
    ]);
    if (signature === this.signature) return;
    this.signature = signature;
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // One listener failing must not keep the others from hearing of a quarantine.
      }
    }
  }
}

interface AuditInput {
  action: string;
  server: string;
  tool: string;
  actor?: Actor;
  outcome?: AuditEventInput['outcome'];
  labels?: CapabilityLabel[];
  findings?: Finding[];
  data: Record<string, unknown>;
}

function auditInput(e: AuditInput): AuditEventInput {
  return {
    phase: 'admin',
    action: e.action,
    outcome: e.outcome ?? 'success',
    actor: e.actor ?? SYSTEM_ACTOR,
    resource: { server: e.server, tool: e.tool },
    target: { kind: 'mcp_tool', id: `${e.server}/${e.tool}` },
    ...(e.findings && e.findings.length > 0 ? { findings: e.findings } : {}),
    data: { ...e.data, ...(e.labels ? { toolLabels: e.labels } : {}) },
  };
}

function unknownTool(server: string, tool: string): WardenError {
  return notFound('mcp.unknown_tool', `The server "${server}" has no tool "${tool.slice(0, 128)}".`, `\`warden mcp tools list --server ${server}\` shows its tools.`);
}

function conflictRetry(server: string, tool: string): WardenError {
  return conflict('mcp.tool_busy', `The definition of ${server}/${tool} kept changing while the decision was recorded.`, 'Show it again and decide on what it is now.');
}

function dedupe<T>(items: T[], key: (t: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((t) => {
    const k = key(t);
    if (typeof k !== 'string' || k.length === 0 || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
