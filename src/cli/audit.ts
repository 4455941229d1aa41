import { InvalidArgumentError, type Command } from 'commander';
import { WardenError } from '../errors.js';
import { readSse } from '../audit/forensics/follow.js';
import { toStep, toolName, type TraceDocument, type TraceStep } from '../audit/forensics/trace.js';
import type { AuditEvent } from '../audit/types.js';
import { defaultUrl, type CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';
import { addIntegrityCommands } from './audit-verify.js';

type Filters = { agent?: string; user?: string; session?: string; phase?: string; action?: string; effect?: string; outcome?: string; finding?: string; target?: string; since?: string; until?: string };
const FILTER_KEYS = ['agent', 'user', 'session', 'phase', 'action', 'effect', 'outcome', 'finding', 'target', 'since', 'until'] as const;

function filterOptions(cmd: Command): Command {
  return cmd
    .option('--agent <agent>', 'agent name or id')
    .option('--user <user>', 'the user an agent acted for')
    .option('--session <id>', 'session id')
    .option('--phase <phase>', 'llm.request | llm.response | tool.list | tool.call | tool.result | admin')
    .option('--action <action>', 'e.g. llm.chat, tool.call, key.rotate')
    .option('--effect <effect>', 'policy decision: allow | deny | redact | require_approval | alert')
    .option('--outcome <outcome>', 'success | failure | denied')
    .option('--finding <kind>', 'events with a finding of this kind, e.g. prompt_injection')
    .option('--target <id>', 'target id')
    .option('--since <time>', 'from: a duration back (1h, 7d) or an ISO time')
    .option('--until <time>', 'before: a duration back (15m) or an ISO time');
}

const filterParams = (o: Filters): Record<string, string | undefined> => Object.fromEntries(FILTER_KEYS.map((k) => [k, o[k]]));

function positiveInt(v: string): string {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a positive whole number');
  return v;
}

/**
 * Audit content is what agents, users and tool results wrote, so it may hold terminal escape
 * sequences or bidi overrides meant to hide or fake lines on an investigator's screen. Human
 * output shows them as visible escapes; --json output leaves them to the JSON encoder.
 */
export function safe(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

// ---- one line per event (search, tail) ----

const agentOf = (e: AuditEvent) =>
  (e.actor.kind === 'agent' ? (e.actor.name ?? e.actor.id) : e.target?.kind === 'agent' && e.target.id === e.agentId ? (e.target.name ?? e.agentId) : e.agentId) ?? '-';
const userOf = (e: AuditEvent) => e.actor.onBehalfOf ?? (e.actor.kind === 'admin' ? `admin:${e.actor.name ?? e.actor.id}` : '-');
const resourceOf = (e: AuditEvent) => e.resource?.model ?? toolName(e.resource) ?? e.resource?.server ?? (e.target ? `${e.target.kind}:${e.target.name ?? e.target.id}` : '-');
const findingsOf = (e: AuditEvent) => [...new Set((e.findings ?? []).filter((f) => f.triggered).map((f) => f.kind))].join(',') || '-';

const COLUMNS: Array<[string, (e: AuditEvent) => string, number]> = [
  ['time', (e) => fmtTime(e.ts), 24],
  ['seq', (e) => String(e.seq), 6],
  ['phase', (e) => e.phase, 12],
  ['action', (e) => e.action, 24],
  ['outcome', (e) => (e.decision ? `${e.outcome}/${e.decision.effect}` : e.outcome), 16],
  ['agent', agentOf, 18],
  ['user', userOf, 22],
  ['resource', resourceOf, 24],
  ['findings', findingsOf, 0],
];

/** Streaming output cannot size columns from the rows to come, so tail uses fixed widths. */
const fixedLine = (cells: string[]) => cells.map((c, i) => (COLUMNS[i]![2] ? c.padEnd(COLUMNS[i]![2]) : c)).join(' ').trimEnd();
const headerLine = () => fixedLine(COLUMNS.map(([h]) => h.toUpperCase()));
const eventLine = (e: AuditEvent) => safe(fixedLine(COLUMNS.map(([, get]) => get(e))));

// ---- one block per step (trace, show) ----

const INDENT = ' '.repeat(12);
const label = (l: string) => `  ${l.padEnd(10)}`;

function clip(text: string, full: boolean, max = 240): string {
  if (full) return text.replace(/\n/g, `\n${INDENT}`);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}… (+${flat.length - max} chars; --full shows all)`;
}

function who(s: TraceStep): string {
  const a = s.actor;
  const name = a.name && a.id && a.name !== a.id ? `${a.name} (${a.id})` : (a.name ?? a.id ?? '-');
  return [`${a.kind} ${name}`, a.role ? `role ${a.role}` : '', a.onBehalfOf ? `for ${a.onBehalfOf}` : '', a.app ? `via ${a.app}` : '', a.credentialId ? `key ${a.credentialId}` : '', a.ip ? `from ${a.ip}` : ''].filter(Boolean).join(' ');
}

function what(s: TraceStep): string | undefined {
  const r = s.resource;
  if (r?.model) return `model ${r.model}${r.provider ? ` (${r.provider})` : ''}`;
  const tool = toolName(r);
  if (tool) return `tool ${tool}${s.call !== undefined ? `  (answers #${s.call})` : ''}`;
  if (r?.server) return `server ${r.server}`;
  if (s.target) return `${s.target.kind} ${s.target.name ? `${s.target.name} (${s.target.id})` : s.target.id}`;
  return undefined;
}

function outcomeText(s: TraceStep): string {
  const r = s.result;
  const bits: string[] = [s.outcome];
  if (r?.status !== undefined) bits.push(`status ${r.status}`);
  if (r?.latencyMs !== undefined) bits.push(`${r.latencyMs} ms`);
  if (r?.tokens) bits.push(`tokens ${r.tokens.input ?? 0} in / ${r.tokens.output ?? 0} out`);
  if (r?.costUsd !== undefined) bits.push(`$${r.costUsd}`);
  if (r?.error) bits.push(`error: ${r.error}`);
  return bits.join(' · ');
}

export function renderStep(s: TraceStep, full: boolean): string {
  const lines = [`#${s.seq}  ${fmtTime(s.ts)}  ${s.phase}  ${s.action}${s.related ? '  [related: admin event outside the session]' : ''}`];
  lines.push(label('who') + who(s));
  const w = what(s);
  if (w) lines.push(label('what') + w);
  if (s.content) {
    s.content.parts.forEach((p, i) => {
      const text = p.text !== undefined ? clip(p.text, full) : `sha256:${p.sha256} (${p.chars} chars, ${s.content!.mode} capture)`;
      lines.push((i === 0 ? label(s.content!.kind) : INDENT) + `[${p.source}] ${text}`);
    });
  }
  const findings = s.findings.filter((f) => full || f.triggered);
  findings.forEach((f, i) => {
    const where = f.part !== undefined && s.content?.parts[f.part] ? ` in ${s.content.parts[f.part]!.source}` : '';
    const text = `${f.kind} ${f.severity} ${f.score} by ${f.detector}${where}${f.triggered ? '' : ' (not triggered)'}${f.evidence ? `: ${clip(f.evidence, false, 120)}` : ''}`;
    lines.push((i === 0 ? label('findings') : INDENT) + text);
  });
  if (s.decision) {
    const rules = s.decision.rules.map((r) => `${r.id}${r.mode === 'shadow' ? ' [shadow]' : ''}${r.message ? ` (${r.message})` : ''}`).join(', ');
    lines.push(label('decision') + `${s.decision.effect}${rules ? `  rules: ${rules}` : ''}${s.decision.policyVersion ? `  policy ${s.decision.policyVersion}` : ''}`);
  }
  lines.push(label('outcome') + outcomeText(s));
  if (s.data && Object.keys(s.data).length > 0) lines.push(label('data') + clip(JSON.stringify(s.data), full));
  return lines.join('\n');
}

const counts = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ') || '-';

export function renderTrace(doc: TraceDocument, full: boolean): string {
  const s = doc.summary;
  const head = [
    `session   ${doc.session}: ${s.events} events${s.related ? ` (+${s.related} related admin events)` : ''}, ${fmtTime(s.first)} → ${fmtTime(s.last)} (${s.durationMs} ms)${doc.truncated ? '  [truncated]' : ''}`,
    `agents    ${s.agents.map((a) => (a.name ? `${a.name} (${a.id})` : a.id)).join(', ') || '-'}`,
    `users     ${s.users.join(', ') || '-'}${s.apps.length ? `   apps ${s.apps.join(', ')}` : ''}`,
    `models    ${s.models.join(', ') || '-'}`,
    `tools     ${s.tools.join(', ') || '-'}`,
    `effects   ${counts(s.effects)}   outcomes ${counts(s.outcomes)}`,
    `findings  ${counts(s.findings)}`,
    `rules     ${counts(s.rules)}`,
    `usage     tokens ${s.tokens.input} in / ${s.tokens.output} out   cost $${s.costUsd}`,
  ];
  return [head.join('\n'), ...doc.steps.map((st) => renderStep(st, full))].join('\n\n');
}

// ---- live stream ----

/** Opens GET /audit/stream; resolves when the signal aborts, fails if the server ends it. */
async function follow(ctx: CliContext, params: Record<string, string | undefined>, signal: AbortSignal, onEvent: (e: AuditEvent) => void): Promise<void> {
  const g = ctx.globals();
  const base = g.url ?? defaultUrl();
  const token = g.token ?? process.env.WARDEN_ADMIN_TOKEN;
  if (!token) throw new WardenError('cli.missing_token', 401, 'No admin token.', { hint: 'Set WARDEN_ADMIN_TOKEN or pass --token.' });
  const url = new URL('/admin/v1/audit/stream', base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  } catch (e) {
    if (signal.aborted) return;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new WardenError('cli.unreachable', 503, `Cannot reach Warden at ${base}: ${cause?.code ?? cause?.message ?? (e as Error).message}.`, { hint: 'Start it with `warden serve`, or point --url / WARDEN_URL at it.' });
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; hint?: string } };
    throw new WardenError(body.error?.code ?? 'cli.http_error', res.status, body.error?.message ?? `HTTP ${res.status}`, { hint: body.error?.hint });
  }
  try {
    for await (const m of readSse(res.body)) {
      if (m.event === 'audit') onEvent(JSON.parse(m.data) as AuditEvent);
      else if (m.event === 'error') {
        const err = JSON.parse(m.data) as { code: string; message: string };
        throw new WardenError(err.code, 503, err.message, { hint: 'Run the command again to resume.' });
      }
    }
  } catch (e) {
    if (signal.aborted) return;
    throw e;
  }
  if (!signal.aborted) throw new WardenError('audit.stream_closed', 503, 'Warden closed the audit stream.', { hint: 'The server may be restarting; run the command again.' });
}

export function register(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('Read, search, trace, tail and verify the tamper-evident audit trail.');
  addIntegrityCommands(audit, ctx);

  filterOptions(audit.command('search').description('Search audit events, oldest first (newest first with --order desc).'))
    .option('--limit <n>', 'at most this many events', positiveInt, '100')
    .option('--after <seq>', 'continue after this seq (the "next" of the previous page)')
    .option('--order <order>', 'asc | desc', 'asc')
    .action(ctx.action(async (o: Filters & { limit: string; after?: string; order: string }) => {
      const r = await ctx.client().call<{ events: AuditEvent[]; next: number | null }>('GET', '/audit/events', undefined, { ...filterParams(o), limit: o.limit, after: o.after, order: o.order });
      print(ctx.out(), r, () =>
        r.events.length
          ? safe(table(r.events, COLUMNS.map(([h, get]) => [h, get] as [string, (e: AuditEvent) => unknown]))) + (r.next !== null ? `\nMore: add --after ${r.next}` : '')
          : 'No events match.',
      );
    }));

  audit
    .command('show')
    .description('Show one audit event in full: who, what, content, findings, decision, outcome, chain hashes.')
    .argument('<event>', 'event id (evt_…) or seq')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ event: AuditEvent }>('GET', `/audit/events/${encodeURIComponent(id)}`);
      const e = r.event;
      print(ctx.out(), r, () =>
        safe([
          renderStep(toStep(e), true),
          `${label('id')}${e.id}`,
          ...(e.sessionId ? [`${label('session')}${e.sessionId}`] : []),
          ...(e.traceId ? [`${label('trace')}${e.traceId}`] : []),
          `${label('hash')}${e.hash}`,
          `${label('prevHash')}${e.prevHash}`,
        ].join('\n')),
      );
    }));

  filterOptions(audit.command('tail').description('Print the latest events; with -f, keep printing new ones as they are committed (Ctrl-C stops).'))
    .option('-n, --lines <n>', 'how many of the latest events to print first', positiveInt, '20')
    .option('-f, --follow', 'follow: print new events as they arrive')
    .action(ctx.action(async (o: Filters & { lines: string; follow?: boolean }) => {
      const json = ctx.out().json;
      const emit = (e: AuditEvent) => process.stdout.write((json ? JSON.stringify(e) : eventLine(e)) + '\n');
      if (!json) process.stdout.write(headerLine() + '\n');
      if (!o.follow) {
        const r = await ctx.client().call<{ events: AuditEvent[] }>('GET', '/audit/events', undefined, { ...filterParams(o), limit: o.lines, order: 'desc' });
        r.events.reverse().forEach(emit);
        return;
      }
      // One request replays the last N and then follows, so nothing falls between the two.
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop).once('SIGTERM', stop);
      try {
        await follow(ctx, { ...filterParams(o), last: o.lines }, ac.signal, emit);
      } finally {
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    }));

  audit
    .command('trace')
    .description('Show a session as a timeline: prompts, outputs, tool calls and results, findings, decisions, outcomes.')
    .argument('<session>', 'session id')
    .option('--full', 'do not shorten prompts, outputs, arguments and results')
    .option('--no-admin', 'leave out admin events about the session\'s agents')
    .action(ctx.action(async (session: string, o: { full?: boolean; admin: boolean }) => {
      const doc = await ctx.client().call<TraceDocument>('GET', `/audit/sessions/${encodeURIComponent(session)}/trace`, undefined, { admin: o.admin ? undefined : 'false' });
      print(ctx.out(), doc, () => safe(renderTrace(doc, Boolean(o.full))));
    }));
}
