import type { Command } from 'commander';
import type { CatalogToolDetail } from '../gateway/mcp/catalog/catalog.js';
import type { CliContext } from './context.js';
import { list } from './context.js';
import { fmtTime, print, table, UsageError } from './output.js';

const STATUSES = ['approved', 'quarantined', 'rejected'];
const LABELS = ['private_data', 'untrusted_content', 'external_comms', 'destructive'];

/** SERVER/TOOL: server names hold no "/", so the first one splits. */
function toolRef(ref: string): { server: string; tool: string; path: string } {
  const i = ref.indexOf('/');
  if (i <= 0 || i === ref.length - 1) throw new UsageError(`expected SERVER/TOOL (e.g. mailer/send_email), got "${ref}"`);
  const server = ref.slice(0, i);
  const tool = ref.slice(i + 1);
  return { server, tool, path: `/mcp/tools/${encodeURIComponent(server)}/${encodeURIComponent(tool)}` };
}

const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');

export function describeTool(t: CatalogToolDetail): string {
  const lines = [
    `tool       ${t.server}/${t.tool}   (agents see ${t.exposed})`,
    `status     ${t.status}${t.live ? '' : '   (not listed by its server now)'}`,
  ];
  if (t.reason) lines.push(`reason     ${t.reason}`);
  lines.push(`hash       ${t.hash}`);
  lines.push(`pinned     ${t.pinnedHash ?? '-'}${t.approvedAt ? `   approved ${fmtTime(t.approvedAt)} by ${t.approvedBy ?? '-'}` : ''}`);
  if (t.rejectedAt) lines.push(`rejected   ${fmtTime(t.rejectedAt)} by ${t.rejectedBy ?? '-'}`);
  lines.push(`labels     ${t.labels.join(', ') || '-'}   (from ${t.labelSource === 'admin' ? `an admin, ${t.labelsSetBy ?? '-'}` : t.labelSource === 'config' ? 'the configuration' : 'the annotations'})`);
  lines.push(`server     trust ${t.trust}   pin ${t.pin}`);
  lines.push(`seen       first ${fmtTime(t.firstSeenAt)}   last ${fmtTime(t.lastSeenAt)}   changed ${fmtTime(t.changedAt)}`);
  if (t.changed.length > 0) lines.push(`changed    ${t.changed.join(', ')}   (compared with the approved definition)`);
  for (const f of t.findings) lines.push(`finding    ${f.detector} ${f.kind} ${f.score.toFixed(2)} ${f.severity}${f.evidence ? ` — ${f.evidence}` : ''}`);
  lines.push('definition', indent(JSON.stringify(t.definition, null, 2)));
  if (t.pinnedDefinition) lines.push('approved definition', indent(JSON.stringify(t.pinnedDefinition, null, 2)));
  if (t.status !== 'approved') lines.push('', `To approve exactly this definition: warden mcp tools approve ${t.server}/${t.tool} --hash ${t.hash}`);
  return lines.join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  const mcp = program.command('mcp').description('The MCP gateway: the tools upstream servers offer, their pins and quarantines.');
  const tools = mcp.command('tools').description('MCP tools: list, show, approve, reject, labels.');

  tools
    .command('list')
    .description('List tools with their status (approved, quarantined, rejected) and labels.')
    .option('--server <server>', 'only this server\'s tools')
    .option('--status <status>', STATUSES.join(' | '))
    .action(ctx.action(async (o: { server?: string; status?: string }) => {
      if (o.status !== undefined && !STATUSES.includes(o.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${o.status}"`);
      const r = await ctx.client().call<{ tools: CatalogToolDetail[]; refreshErrors: Record<string, string> }>('GET', '/mcp/tools', undefined, { server: o.server, status: o.status });
      print(ctx.out(), r, () => {
        const body =
          r.tools.length === 0
            ? 'No tools.'
            : table(r.tools, [
                ['tool', (t) => `${t.server}/${t.tool}`],
                ['status', (t) => (t.live ? t.status : `${t.status} (gone)`)],
                ['labels', (t) => t.labels],
                ['hash', (t) => t.hash.slice(0, 12)],
                ['changed', (t) => fmtTime(t.changedAt)],
                ['reason', (t) => (t.reason ? (t.reason.length > 80 ? `${t.reason.slice(0, 79)}…` : t.reason) : '')],
              ]);
        const errors = Object.entries(r.refreshErrors ?? {}).map(([s, e]) => `warning: server ${s} could not be listed: ${e}`);
        return [body, ...errors].join('\n');
      });
    }));

  tools
    .command('show')
    .description('Show a tool: its definition, hash, status and why, labels, and what changed since it was approved.')
    .argument('<server/tool>', 'e.g. mailer/send_email')
    .action(ctx.action(async (ref: string) => {
      const r = await ctx.client().call<{ tool: CatalogToolDetail }>('GET', toolRef(ref).path);
      print(ctx.out(), r, () => describeTool(r.tool));
    }));

  tools
    .command('approve')
    .description('Approve (pin) the tool\'s current definition; with --hash, only if it is still the one you reviewed.')
    .argument('<server/tool>', 'e.g. mailer/send_email')
    .option('--hash <hash>', 'the hash `warden mcp tools show` printed (refused if the definition changed since)')
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .action(ctx.action(async (ref: string, o: { hash?: string; reason?: string }) => {
      const t = toolRef(ref);
      const r = await ctx.client().call<{ tool: CatalogToolDetail }>('POST', `${t.path}/approve`, { ...(o.hash ? { hash: o.hash } : {}), ...(o.reason ? { reason: o.reason } : {}) });
      print(ctx.out(), r, () => `Tool ${t.server}/${t.tool} approved (${r.tool.hash}): status ${r.tool.status}.`);
    }));

  tools
    .command('reject')
    .description('Reject the tool\'s current definition: hidden from agents until it changes or is approved.')
    .argument('<server/tool>', 'e.g. mailer/send_email')
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .option('--hash <hash>', 'the hash `warden mcp tools show` printed')
    .action(ctx.action(async (ref: string, o: { reason: string; hash?: string }) => {
      const t = toolRef(ref);
      const r = await ctx.client().call<{ tool: CatalogToolDetail }>('POST', `${t.path}/reject`, { reason: o.reason, ...(o.hash ? { hash: o.hash } : {}) });
      print(ctx.out(), r, () => `Tool ${t.server}/${t.tool} rejected (${r.tool.hash}): status ${r.tool.status}.`);
    }));

  tools
    .command('labels')
    .description(`Set the tool's capability labels (${LABELS.join(', ')}), replacing what its annotations and the configuration say; --clear removes the override.`)
    .argument('<server/tool>', 'e.g. admin/delete_records')
    .argument('[labels...]', 'labels, space or comma separated')
    .option('--clear', 'remove the override')
    .option('--none', 'override with no labels at all')
    .action(ctx.action(async (ref: string, given: string[], o: { clear?: boolean; none?: boolean }) => {
      const t = toolRef(ref);
      const labels = given.flatMap((g) => list(g));
      if ([labels.length > 0, o.clear, o.none].filter(Boolean).length !== 1) throw new UsageError(`give the labels (${LABELS.join(', ')}), or --none, or --clear`);
      const bad = labels.find((l) => !LABELS.includes(l));
      if (bad !== undefined) throw new UsageError(`unknown label "${bad}": expected ${LABELS.join(', ')}`);
      const r = o.clear
        ? await ctx.client().call<{ tool: CatalogToolDetail }>('DELETE', `${t.path}/labels`)
        : await ctx.client().call<{ tool: CatalogToolDetail }>('POST', `${t.path}/labels`, { labels });
      print(ctx.out(), r, () => `Tool ${t.server}/${t.tool} labels: ${r.tool.labels.join(', ') || '-'} (from ${r.tool.labelSource === 'admin' ? 'an admin' : r.tool.labelSource === 'config' ? 'the configuration' : 'the annotations'}).`);
    }));
}
