import type { Command } from 'commander';
import { keyValue, list, type CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';

interface AgentView {
  id: string;
  name: string;
  ownerId: string;
  teamId: string | null;
  environment: string;
  risk: string;
  autonomy: string;
  status: string;
  statusReason: string | null;
  purpose: string;
  labels: Record<string, string>;
  grants: { models: string[]; servers: string[]; tools: string[] };
  createdAt: number;
  updatedAt: number;
}

export function describeAgent(a: AgentView): string {
  return [
    `agent      ${a.name} (${a.id})`,
    `status     ${a.status}${a.statusReason ? ` — ${a.statusReason}` : ''}`,
    `owner      ${a.ownerId}${a.teamId ? `   team ${a.teamId}` : ''}`,
    `env/risk   ${a.environment} / ${a.risk}   autonomy ${a.autonomy}`,
    `purpose    ${a.purpose || '-'}`,
    `labels     ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`,
    `models     ${a.grants.models.join(', ') || '-'}`,
    `servers    ${a.grants.servers.join(', ') || '-'}`,
    `tools      ${a.grants.tools.join(', ') || '-'}`,
    `created    ${fmtTime(a.createdAt)}   updated ${fmtTime(a.updatedAt)}`,
  ].join('\n');
}

function grantOptions(cmd: Command): Command {
  return cmd
    .option('--grant-model <pattern>', 'model the agent may use (repeatable, comma-separated, * wildcard)', list)
    .option('--grant-server <pattern>', 'MCP server the agent may reach (repeatable)', list)
    .option('--grant-tool <pattern>', 'tool the agent may call, as server/tool (repeatable)', list)
    .option('--label <key=value>', 'label (repeatable)', keyValue);
}

type GrantOpts = { grantModel?: string[]; grantServer?: string[]; grantTool?: string[] };
function grantsFrom(o: GrantOpts) {
  const g: Record<string, string[]> = {};
  if (o.grantModel) g.models = o.grantModel;
  if (o.grantServer) g.servers = o.grantServer;
  if (o.grantTool) g.tools = o.grantTool;
  return Object.keys(g).length ? g : undefined;
}

export function register(program: Command, ctx: CliContext): void {
  const agents = program.command('agents').description('Manage agent identities: create, inspect, change, quarantine, decommission.');

  agents
    .command('list')
    .description('List agents.')
    .option('--status <status>', 'active | quarantined | decommissioned')
    .option('--owner <owner>', 'owner id or handle')
    .option('--team <team>', 'team id or name')
    .option('--env <environment>', 'environment')
    .option('--risk <risk>', 'low | medium | high | critical')
    .action(ctx.action(async (o: { status?: string; owner?: string; team?: string; env?: string; risk?: string }) => {
      const r = await ctx.client().call<{ agents: AgentView[] }>('GET', '/agents', undefined, { status: o.status, owner: o.owner, team: o.team, environment: o.env, risk: o.risk });
      print(ctx.out(), r, () =>
        r.agents.length === 0
          ? 'No agents. Create one with `warden agents create NAME --owner HANDLE`.'
          : table(r.agents, [['name', (a) => a.name], ['id', (a) => a.id], ['status', (a) => a.status], ['env', (a) => a.environment], ['risk', (a) => a.risk], ['owner', (a) => a.ownerId], ['models', (a) => a.grants.models]]),
      );
    }));

  grantOptions(
    agents
      .command('create')
      .description('Create an agent identity.')
      .argument('<name>', 'unique lowercase name, e.g. billing-bot')
      .requiredOption('--owner <owner>', 'owner handle or id (create with `warden owners create`)')
      .option('--team <team>', 'team name or id (default: the owner\'s team)')
      .option('--purpose <text>', 'what the agent is for')
      .option('--env <environment>', 'environment, e.g. dev, staging, prod')
      .option('--risk <risk>', 'low | medium | high | critical')
      .option('--autonomy <level>', 'assistive | supervised | autonomous'),
  ).action(ctx.action(async (name: string, o: GrantOpts & { owner: string; team?: string; purpose?: string; env?: string; risk?: string; autonomy?: string; label?: Record<string, string> }) => {
    const r = await ctx.client().call<{ agent: AgentView }>('POST', '/agents', {
      name, owner: o.owner, team: o.team, purpose: o.purpose, environment: o.env, risk: o.risk, autonomy: o.autonomy, labels: o.label, grants: grantsFrom(o),
    });
    print(ctx.out(), r, () => `Created agent ${r.agent.name} (${r.agent.id}).\nIssue it a key with: warden keys create ${r.agent.name}`);
  }));

  agents
    .command('show')
    .description('Show one agent.')
    .argument('<agent>', 'agent id or name')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ agent: AgentView }>('GET', `/agents/${encodeURIComponent(id)}`);
      print(ctx.out(), r, () => describeAgent(r.agent));
    }));

  grantOptions(
    agents
      .command('update')
      .description('Change an agent. Grant options replace the whole list of that kind.')
      .argument('<agent>', 'agent id or name')
      .option('--owner <owner>', 'new owner')
      .option('--team <team>', 'new team ("none" to clear)')
      .option('--purpose <text>', 'new purpose')
      .option('--env <environment>', 'new environment')
      .option('--risk <risk>', 'low | medium | high | critical')
      .option('--autonomy <level>', 'assistive | supervised | autonomous'),
  ).action(ctx.action(async (id: string, o: GrantOpts & { owner?: string; team?: string; purpose?: string; env?: string; risk?: string; autonomy?: string; label?: Record<string, string> }) => {
    const r = await ctx.client().call<{ agent: AgentView }>('PATCH', `/agents/${encodeURIComponent(id)}`, {
      owner: o.owner, team: o.team === 'none' ? null : o.team, purpose: o.purpose, environment: o.env, risk: o.risk, autonomy: o.autonomy, labels: o.label, grants: grantsFrom(o),
    });
    print(ctx.out(), r, () => describeAgent(r.agent));
  }));

  for (const [verb, path, desc] of [
    ['quarantine', 'quarantine', 'Quarantine an agent: all its requests are refused until it is activated.'],
    ['activate', 'activate', 'Lift an agent\'s quarantine.'],
    ['decommission', 'decommission', 'Decommission an agent for good and revoke all of its keys at once.'],
  ] as const) {
    agents
      .command(verb)
      .description(desc)
      .argument('<agent>', 'agent id or name')
      .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
      .action(ctx.action(async (id: string, o: { reason: string }) => {
        const r = await ctx.client().call<{ agent: AgentView; revokedCredentials?: string[] }>('POST', `/agents/${encodeURIComponent(id)}/${path}`, { reason: o.reason });
        print(ctx.out(), r, () =>
          `Agent ${r.agent.name} is now ${r.agent.status}.` + (r.revokedCredentials ? `\nRevoked ${r.revokedCredentials.length} key(s)${r.revokedCredentials.length ? `: ${r.revokedCredentials.join(', ')}` : ''}.` : ''),
        );
      }));
  }
}
