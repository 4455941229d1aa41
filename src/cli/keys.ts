import type { Command } from 'commander';
import { parseKey } from '../identity/key-format.js';
import { list, readStdin, type CliContext } from './context.js';
import { fmtTime, print, table, UsageError } from './output.js';

interface KeyView {
  id: string;
  agentId: string;
  name: string;
  hint: string;
  state: string;
  scopes: { models: string[]; servers: string[]; tools: string[] };
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  rotatedFrom: string | null;
  rotatedTo: string | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
}

const columns: Array<[string, (k: KeyView) => unknown]> = [
  ['id', (k) => k.id],
  ['name', (k) => k.name || '-'],
  ['state', (k) => k.state],
  ['ends', (k) => `…${k.hint}`],
  ['expires', (k) => fmtTime(k.expiresAt)],
  ['last used', (k) => (k.lastUsedAt ? `${fmtTime(k.lastUsedAt)} ${k.lastUsedIp ?? ''}` : 'never')],
  ['models', (k) => k.scopes.models],
];

function secretBlock(secret: string): string {
  return `\n  ${secret}\n\nThis is the only time the key is shown; Warden stores only a digest of it.`;
}

export function register(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('Issue, rotate and revoke agents\' virtual keys.');

  keys
    .command('create')
    .description('Issue a virtual key to an agent (shown once).')
    .argument('<agent>', 'agent id or name')
    .option('--name <name>', 'label for the key, e.g. the host that uses it')
    .option('--ttl <duration>', 'lifetime, e.g. 30d (default and maximum are set in warden.yaml)')
    .option('--model <pattern>', 'restrict the key to these models (repeatable)', list)
    .option('--server <pattern>', 'restrict the key to these MCP servers (repeatable)', list)
    .option('--tool <pattern>', 'restrict the key to these tools (repeatable)', list)
    .action(ctx.action(async (agent: string, o: { name?: string; ttl?: string; model?: string[]; server?: string[]; tool?: string[] }) => {
      const scopes = o.model || o.server || o.tool ? { models: o.model, servers: o.server, tools: o.tool } : undefined;
      const r = await ctx.client().call<{ key: KeyView; secret: string }>('POST', `/agents/${encodeURIComponent(agent)}/keys`, { name: o.name, ttl: o.ttl, scopes });
      print(ctx.out(), r, () => `Issued key ${r.key.id} for agent ${agent}, expires ${fmtTime(r.key.expiresAt)}:${secretBlock(r.secret)}`);
    }));

  keys
    .command('list')
    .description('List an agent\'s keys (never their values).')
    .argument('<agent>', 'agent id or name')
    .option('--all', 'include revoked keys')
    .action(ctx.action(async (agent: string, o: { all?: boolean }) => {
      const r = await ctx.client().call<{ keys: KeyView[] }>('GET', `/agents/${encodeURIComponent(agent)}/keys`, undefined, { include_revoked: o.all ? 'true' : undefined });
      print(ctx.out(), r, () => (r.keys.length ? table(r.keys, columns) : `Agent ${agent} has no live keys.`));
    }));

  keys
    .command('show')
    .description('Show a key\'s metadata.')
    .argument('<key-id>', 'key id (key_…)')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ key: KeyView }>('GET', `/keys/${encodeURIComponent(id)}`);
      print(ctx.out(), r, () => table([r.key], [...columns, ['rotated to', (k) => k.rotatedTo], ['rotated from', (k) => k.rotatedFrom]]));
    }));

  keys
    .command('rotate')
    .description('Issue a successor key; the old key keeps working for a grace period (default 24h).')
    .argument('<key-id>', 'key id (key_…)')
    .option('--grace <duration>', 'how long the old key keeps working, e.g. 1h (0s ends it now)')
    .option('--ttl <duration>', 'lifetime of the new key')
    .action(ctx.action(async (id: string, o: { grace?: string; ttl?: string }) => {
      const r = await ctx.client().call<{ key: KeyView; secret: string; previous: KeyView }>('POST', `/keys/${encodeURIComponent(id)}/rotate`, { grace: o.grace, ttl: o.ttl });
      print(ctx.out(), r, () => `Rotated ${r.previous.id} → ${r.key.id}. The old key works until ${fmtTime(r.previous.expiresAt)}.${secretBlock(r.secret)}`);
    }));

  keys
    .command('revoke')
    .description('Revoke a key; it stops working on the next request.')
    .argument('<key-id>', 'key id (key_…)')
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .action(ctx.action(async (id: string, o: { reason: string }) => {
      const r = await ctx.client().call<{ key: KeyView }>('POST', `/keys/${encodeURIComponent(id)}/revoke`, { reason: o.reason });
      print(ctx.out(), r, () => `Revoked ${r.key.id}.`);
    }));

  keys
    .command('check')
    .description('Check offline whether a string has the shape and checksum of a Warden key (reads stdin if no argument).')
    .argument('[key]', 'the key; prefer stdin so it stays out of shell history')
    .action(ctx.action(async (key: string | undefined) => {
      let value = key;
      if (!value) {
        if (process.stdin.isTTY) throw new UsageError('pass the key on stdin, e.g. `echo "$KEY" | warden keys check`');
        value = (await readStdin()).trim();
      }
      const r = parseKey(value);
      const result = r.ok ? { valid: true, kind: r.kind } : { valid: false, reason: r.reason };
      print(ctx.out(), result, () => (r.ok ? `Well-formed Warden ${r.kind} key (checksum valid).` : `Not a valid Warden key: bad ${r.reason}.`));
      if (!r.ok) process.exitCode = 1;
    }));
}
