import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readStdin, type CliContext } from './context.js';
import { fmtTime, print, table, UsageError } from './output.js';

interface SecretView { id: string; name: string; kind: string; description: string; currentVersion: number; createdAt: number; updatedAt: number; versions?: Array<{ version: number; createdAt: number; retireAt: number | null; current: boolean; active: boolean }> }

/** Reads a secret value without putting it on the command line unless the user insists. */
export async function secretValue(o: { fromFile?: string; stdin?: boolean; value?: string }): Promise<string> {
  const given = [o.fromFile !== undefined, Boolean(o.stdin), o.value !== undefined].filter(Boolean).length;
  if (given > 1) throw new UsageError('give only one of --from-file, --stdin or --value');
  if (o.fromFile) return (await readFile(o.fromFile, 'utf8')).replace(/\r?\n$/, '');
  if (o.value !== undefined) {
    process.stderr.write('warning: --value leaves the secret in your shell history and process list; prefer --stdin or --from-file\n');
    return o.value;
  }
  if (o.stdin || !process.stdin.isTTY) return (await readStdin()).replace(/\r?\n$/, '');
  throw new UsageError('pass the value with --stdin (e.g. `printf %s "$KEY" | warden secrets create NAME --stdin`) or --from-file PATH');
}

export function register(program: Command, ctx: CliContext): void {
  const secrets = program.command('secrets').description('Upstream secrets in the vault: write-only; only the gateway reads them, to inject upstream.');

  secrets
    .command('list')
    .description('List secrets (names and versions, never values).')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ secrets: SecretView[] }>('GET', '/secrets');
      print(ctx.out(), r, () => (r.secrets.length ? table(r.secrets, [['name', (s) => s.name], ['id', (s) => s.id], ['kind', (s) => s.kind], ['version', (s) => s.currentVersion], ['updated', (s) => fmtTime(s.updatedAt)], ['description', (s) => s.description]]) : 'The vault holds no secrets.'));
    }));

  for (const verb of ['create', 'rotate'] as const) {
    const cmd = secrets
      .command(verb)
      .description(verb === 'create' ? 'Store a secret (value from --stdin or --from-file).' : 'Store a new version; the previous one stays usable for a grace period.')
      .argument('<name>', 'secret name, e.g. openai-prod')
      .option('--stdin', 'read the value from standard input')
      .option('--from-file <path>', 'read the value from a file')
      .option('--value <value>', 'the value itself (discouraged: visible in shell history)');
    if (verb === 'create') {
      cmd.option('--kind <kind>', 'provider_key | mcp_token | env | generic', 'generic').option('--description <text>', 'what it is for');
    } else {
      cmd.option('--grace <duration>', 'how long the previous version stays usable (default 24h)');
    }
    cmd.action(ctx.action(async (name: string, o: { stdin?: boolean; fromFile?: string; value?: string; kind?: string; description?: string; grace?: string }) => {
      const value = await secretValue(o);
      const r =
        verb === 'create'
          ? await ctx.client().call<{ secret: SecretView }>('POST', '/secrets', { name, kind: o.kind, description: o.description, value })
          : await ctx.client().call<{ secret: SecretView }>('POST', `/secrets/${encodeURIComponent(name)}/rotate`, { value, grace: o.grace });
      print(ctx.out(), r, () => `${verb === 'create' ? 'Stored' : 'Rotated'} secret ${r.secret.name} (version ${r.secret.currentVersion}). Its value cannot be read back.`);
    }));
  }

  secrets
    .command('show')
    .description('Show a secret\'s metadata and versions.')
    .argument('<name>', 'secret name or id')
    .action(ctx.action(async (name: string) => {
      const r = await ctx.client().call<{ secret: SecretView }>('GET', `/secrets/${encodeURIComponent(name)}`);
      print(ctx.out(), r, () =>
        `${r.secret.name} (${r.secret.id}) kind ${r.secret.kind}\n` +
        table(r.secret.versions ?? [], [['version', (v) => v.version], ['created', (v) => fmtTime(v.createdAt)], ['state', (v) => (v.current ? 'current' : v.active ? `grace until ${fmtTime(v.retireAt)}` : 'retired')]]),
      );
    }));

  secrets
    .command('delete')
    .description('Delete a secret; the gateway can no longer use it.')
    .argument('<name>', 'secret name or id')
    .action(ctx.action(async (name: string) => {
      const r = await ctx.client().call('DELETE', `/secrets/${encodeURIComponent(name)}`);
      print(ctx.out(), r, () => `Deleted secret ${name}.`);
    }));
}
