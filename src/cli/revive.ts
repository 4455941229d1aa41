import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { killTarget, type KillTargetOpts } from './kill.js';
import { print, UsageError } from './output.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('revive')
    .description('Lift a kill switch engaged with `warden kill`.')
    .option('--agent <agent>', 'agent id or name')
    .option('--key <key-id>', 'key id (key_…)')
    .option('--all', 'the switch that stops every agent')
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .action(ctx.action(async (o: KillTargetOpts & { reason?: string }) => {
      const t = killTarget(o);
      if (!o.reason) throw new UsageError('--reason is required: it goes into the audit trail');
      const r = await ctx.client().call<{ killSwitch: { id: string } }>('POST', '/revive', { ...t, reason: o.reason });
      print(ctx.out(), r, () => `Kill switch ${r.killSwitch.id} lifted.`);
    }));
}
