import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { print, table } from './output.js';

interface OwnerView { id: string; handle: string; displayName: string; email: string | null; teamId: string | null }

export function register(program: Command, ctx: CliContext): void {
  const owners = program.command('owners').description('People accountable for agents.');
  owners
    .command('list')
    .description('List owners.')
    .option('--team <team>', 'only owners in this team')
    .action(ctx.action(async (o: { team?: string }) => {
      const r = await ctx.client().call<{ owners: OwnerView[] }>('GET', '/owners', undefined, { team: o.team });
      print(ctx.out(), r, () => (r.owners.length ? table(r.owners, [['handle', (x) => x.handle], ['id', (x) => x.id], ['name', (x) => x.displayName], ['email', (x) => x.email], ['team', (x) => x.teamId]]) : 'No owners yet.'));
    }));
  owners
    .command('create')
    .description('Create an owner.')
    .argument('<handle>', 'handle or email, e.g. alice@example.com')
    .option('--name <display-name>', 'display name')
    .option('--email <email>', 'email address')
    .option('--team <team>', 'team name or id')
    .action(ctx.action(async (handle: string, o: { name?: string; email?: string; team?: string }) => {
      const r = await ctx.client().call<{ owner: OwnerView }>('POST', '/owners', { handle, display_name: o.name, email: o.email, team: o.team });
      print(ctx.out(), r, () => `Created owner ${r.owner.handle} (${r.owner.id}).`);
    }));
  owners
    .command('show')
    .description('Show an owner.')
    .argument('<owner>', 'handle or id')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ owner: OwnerView }>('GET', `/owners/${encodeURIComponent(id)}`);
      print(ctx.out(), r, () => table([r.owner], [['handle', (x) => x.handle], ['id', (x) => x.id], ['name', (x) => x.displayName], ['email', (x) => x.email], ['team', (x) => x.teamId]]));
    }));
}
