import type { Command } from 'commander';
import type { AlertView } from '../monitor/alerts.js';
import type { CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';

interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  builtin: boolean;
  correlate?: { type: string };
  responses: string[];
  tags: string[];
  stats: { hits: number; errors: number };
}

export function describeAlert(a: AlertView): string {
  const lines = [
    `alert      ${a.id}`,
    `rule       ${a.ruleId} — ${a.title}`,
    `severity   ${a.severity}   status ${a.status}   count ${a.count}`,
    `agent      ${a.agentId ?? '-'}   session ${a.sessionId ?? '-'}${a.credentialId ? `   key ${a.credentialId}` : ''}${a.userId ? `   user ${a.userId}` : ''}`,
    `seen       ${fmtTime(a.firstSeen)} … ${fmtTime(a.lastSeen)}`,
    `atlas      ${a.atlas.join(', ') || '-'}`,
    `owasp      ${a.owasp.join(', ') || '-'}`,
  ];
  if (Object.keys(a.group).length) lines.push(`group      ${Object.entries(a.group).map(([k, v]) => `${k}=${v}`).join(' ')}${a.value !== null ? `   value ${a.value}` : ''}`);
  lines.push(`events     ${a.eventsTotal} (${a.events.map((e) => `#${e.seq}`).join(' ')})`);
  if (a.responses.length) {
    lines.push('responses');
    for (const r of a.responses) lines.push(`  ${r.type.padEnd(25)} ${(r.target ?? '-').padEnd(30)} ${r.status}${r.detail ? ` — ${r.detail}` : ''}`);
  } else lines.push('responses  -');
  if (a.acknowledgedAt) lines.push(`acked      ${fmtTime(a.acknowledgedAt)} by ${a.acknowledgedBy}${a.note ? ` — ${a.note}` : ''}`);
  if (a.resolvedAt) lines.push(`resolved   ${fmtTime(a.resolvedAt)} by ${a.resolvedBy} — ${a.resolution}`);
  if (a.description) lines.push('', a.description);
  return lines.join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  const alerts = program.command('alerts').description('Alerts raised by the monitor\'s detection rules: list, show, acknowledge, resolve.');

  alerts
    .command('list')
    .description('List alerts, newest first.')
    .option('--status <status>', 'open | acknowledged | resolved | unresolved (comma-separated)')
    .option('--severity <severity>', 'info | low | medium | high | critical (comma-separated)')
    .option('--agent <agent>', 'agent id or name')
    .option('--rule <rule>', 'rule id')
    .option('--limit <n>', 'at most this many (default 100)')
    .action(ctx.action(async (o: { status?: string; severity?: string; agent?: string; rule?: string; limit?: string }) => {
      const r = await ctx.client().call<{ alerts: AlertView[]; next: string | null }>('GET', '/alerts', undefined, {
        status: o.status, severity: o.severity, agent: o.agent, rule: o.rule, limit: o.limit,
      });
      print(ctx.out(), r, () =>
        r.alerts.length === 0
          ? 'No alerts.'
          : table(r.alerts, [
              ['id', (a) => a.id],
              ['severity', (a) => a.severity],
              ['status', (a) => a.status],
              ['rule', (a) => a.ruleId],
              ['agent', (a) => a.agentId],
              ['count', (a) => a.count],
              ['last seen', (a) => fmtTime(a.lastSeen)],
              ['title', (a) => a.title],
            ]),
      );
    }));

  alerts
    .command('show')
    .description('Show one alert: the rule, the events behind it, the responses taken.')
    .argument('<id>', 'alert id (alr_…)')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ alert: AlertView }>('GET', `/alerts/${encodeURIComponent(id)}`);
      print(ctx.out(), r, () => describeAlert(r.alert));
    }));

  alerts
    .command('ack')
    .description('Acknowledge an alert: someone is looking into it.')
    .argument('<id>', 'alert id')
    .option('--note <text>', 'a note for the audit trail')
    .action(ctx.action(async (id: string, o: { note?: string }) => {
      const r = await ctx.client().call<{ alert: AlertView }>('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`, o.note ? { note: o.note } : {});
      print(ctx.out(), r, () => `Alert ${r.alert.id} acknowledged.`);
    }));

  alerts
    .command('resolve')
    .description('Resolve an alert; sessions it put on hold are released.')
    .argument('<id>', 'alert id')
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .action(ctx.action(async (id: string, o: { reason: string }) => {
      const r = await ctx.client().call<{ alert: AlertView }>('POST', `/alerts/${encodeURIComponent(id)}/resolve`, { reason: o.reason });
      print(ctx.out(), r, () => `Alert ${r.alert.id} resolved.`);
    }));

  alerts
    .command('rules')
    .description('List the loaded detection rules.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ rules: RuleInfo[] }>('GET', '/monitor/rules');
      print(ctx.out(), r, () =>
        table(r.rules, [
          ['id', (x) => x.id],
          ['severity', (x) => x.severity],
          ['type', (x) => x.correlate?.type ?? 'match'],
          ['source', (x) => (x.builtin ? 'built-in' : 'rules_dir')],
          ['hits', (x) => x.stats.hits],
          ['errors', (x) => x.stats.errors],
          ['responses', (x) => x.responses],
          ['tags', (x) => x.tags],
        ]),
      );
    }));
}
