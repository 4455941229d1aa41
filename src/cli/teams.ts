import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { print, table } from './output.js';

interface TeamView { id: string; name: string; description: string }

export function register(program: Command, ctx: CliContext): void {
  const teams = program.command('teams').description('Teams that own agents.');
  teams
    .command('list')
    .description('List teams.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ teams: TeamView[] }>('GET', '/teams');
      print(ctx.out(), r, () => (r.teams.length ? table(r.teams, [['name', (t) => t.name], ['id', (t) => t.id], ['description', (t) => t.description]]) : 'No teams yet.'));
    }));
  teams
    .command('create')
    .description('Create a team.')
    .argument('<name>', 'lowercase team name')
    .option('--description <text>', 'description')
    .action(ctx.action(async (name: string, o: { description?: string }) => {
      const r = await ctx.client().call<{ team: TeamView }>('POST', '/teams', { name, description: o.description });
      print(ctx.out(), r, () => `Created team ${r.team.name} (${r.team.id}).`);
    }));
  teams
    .command('show')
    .description('Show a team.')
    .argument('<team>', 'name or id')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ team: TeamView }>('GET', `/teams/${encodeURIComponent(id)}`);
      print(ctx.out(), r, () => table([r.team], [['name', (t) => t.name], ['id', (t) => t.id], ['description', (t) => t.description]]));
    }));
}
