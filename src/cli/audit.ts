import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';
import { addIntegrityCommands } from './audit-verify.js';

interface EventView { id: string; ts: number; phase: string; action: string; outcome: string; actor: { kind: string; id: string | null; name?: string }; target?: { kind: string; id: string; name?: string }; data?: unknown }

export function register(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('Read, search and verify the tamper-evident audit trail.');
  addIntegrityCommands(audit, ctx);
  audit
    .command('search')
    .description('Search audit events, oldest first.')
    .option('--agent <agent>', 'agent id or name')
    .option('--phase <phase>', 'llm.request | llm.response | tool.list | tool.call | tool.result | admin')
    .option('--action <action>', 'e.g. key.rotate')
    .option('--target <id>', 'target id')
    .option('--since <duration>', 'e.g. 1h, 7d')
    .option('--limit <n>', 'at most this many events', '100')
    .action(ctx.action(async (o: { agent?: string; phase?: string; action?: string; target?: string; since?: string; limit: string }) => {
      const r = await ctx.client().call<{ events: EventView[] }>('GET', '/audit/events', undefined, { agent: o.agent, phase: o.phase, action: o.action, target: o.target, since: o.since, limit: o.limit });
      print(ctx.out(), r, () =>
        r.events.length
          ? table(r.events, [['time', (e) => fmtTime(e.ts)], ['phase', (e) => e.phase], ['action', (e) => e.action], ['outcome', (e) => e.outcome], ['actor', (e) => e.actor.name ?? e.actor.id], ['target', (e) => (e.target ? `${e.target.kind}:${e.target.name ?? e.target.id}` : '-')]])
          : 'No events match.',
      );
    }));
}
