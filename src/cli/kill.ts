import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { fmtTime, print, table, UsageError } from './output.js';

interface KillView { id: string; scope: string; target: string | null; reason: string; createdAt: number; createdBy: string; liftedAt: number | null }

export type KillTargetOpts = { agent?: string; key?: string; all?: boolean };

/** --agent ID | --key ID | --all: exactly one. */
export function killTarget(o: KillTargetOpts): { scope: 'agent' | 'key' | 'all'; target?: string } {
  const chosen = [o.agent !== undefined, o.key !== undefined, Boolean(o.all)].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --agent ID, --key ID or --all');
  if (o.all) return { scope: 'all' };
  return o.agent !== undefined ? { scope: 'agent', target: o.agent } : { scope: 'key', target: o.key! };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('kill')
    .description('Stop an agent, a key, or every agent, on every Warden instance, from the next request on.')
    .option('--agent <agent>', 'agent id or name')
    .option('--key <key-id>', 'key id (key_…)')
    .option('--all', 'every agent')
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .option('--list', 'show engaged switches and recent history instead')
    .action(ctx.action(async (o: KillTargetOpts & { reason?: string; list?: boolean }) => {
      if (o.list) {
        const r = await ctx.client().call<{ active: KillView[]; history: KillView[] }>('GET', '/kill');
        print(ctx.out(), r, () =>
          r.history.length
            ? table(r.history, [['id', (k) => k.id], ['scope', (k) => k.scope], ['target', (k) => k.target ?? '*'], ['engaged', (k) => fmtTime(k.createdAt)], ['by', (k) => k.createdBy], ['lifted', (k) => (k.liftedAt ? fmtTime(k.liftedAt) : 'ENGAGED')], ['reason', (k) => k.reason]])
            : 'No kill switch has ever been engaged.',
        );
        return;
      }
      const t = killTarget(o);
      if (!o.reason) throw new UsageError('--reason is required: it goes into the audit trail');
      const r = await ctx.client().call<{ killSwitch: KillView }>('POST', '/kill', { ...t, reason: o.reason });
      print(ctx.out(), r, () => `Kill switch ${r.killSwitch.id} engaged for ${t.scope === 'all' ? 'ALL agents' : `${t.scope} ${r.killSwitch.target}`}. Lift it with \`warden revive\`.`);
    }));
}
