import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';

interface TokenView { id: string; name: string; role: string; hint: string; createdAt: number; expiresAt: number | null; revokedAt: number | null; lastUsedAt: number | null }

export function register(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description('The admin API\'s own tokens and roles (admin, operator, approver, auditor, viewer).');

  admin
    .command('bootstrap')
    .description('Create the first admin token directly in the store (needs the data directory and master key); --recover makes one even if tokens exist.')
    .option('-c, --config <file>', 'configuration file')
    .option('--recover', 'create an extra admin token although admin tokens exist (break-glass; audited)')
    .action(ctx.action(async (o: { config?: string; recover?: boolean }) => {
      const loaded = await loadConfig({ file: o.config });
      // Loaded here, not at the top: other verbs should not pay for loading the whole server.
      const { createWarden } = await import('../app.js');
      const w = await createWarden({ config: loaded.config, baseDir: loaded.baseDir, logLevel: 'silent' });
      try {
        const r = await w.services.adminTokens.bootstrap({ kind: 'system', id: 'cli', name: 'warden admin bootstrap' }, Boolean(o.recover));
        if (!r) {
          print(ctx.out(), { created: false }, () => 'An admin token already exists; nothing created. Use --recover to create another (audited).');
          process.exitCode = 1;
          return;
        }
        print(ctx.out(), { created: true, token: r.token, secret: r.secret }, () => `Admin token ${r.token.id} (role admin), shown once:\n\n  export WARDEN_ADMIN_TOKEN=${r.secret}\n`);
      } finally {
        await w.close();
      }
    }));

  admin
    .command('whoami')
    .description('Show the admin token in use and its permissions.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ token: { tokenId: string; name: string; role: string }; permissions: string[] }>('GET', '/whoami');
      print(ctx.out(), r, () => `${r.token.name} (${r.token.tokenId}) role ${r.token.role}\npermissions: ${r.permissions.join(', ')}`);
    }));

  const tokens = admin.command('tokens').description('Create, list and revoke admin tokens.');
  tokens
    .command('list')
    .description('List admin tokens (never their values).')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ tokens: TokenView[] }>('GET', '/admin-tokens');
      print(ctx.out(), r, () => table(r.tokens, [['id', (t) => t.id], ['name', (t) => t.name], ['role', (t) => t.role], ['ends', (t) => `…${t.hint}`], ['created', (t) => fmtTime(t.createdAt)], ['expires', (t) => fmtTime(t.expiresAt)], ['revoked', (t) => fmtTime(t.revokedAt)]]));
    }));
  tokens
    .command('create')
    .description('Create an admin token with one role (shown once).')
    .argument('<name>', 'who or what uses it, e.g. ci-pipeline')
    .requiredOption('--role <role>', 'admin | operator | approver | auditor | viewer')
    .option('--ttl <duration>', 'lifetime, e.g. 90d (default: no expiry)')
    .action(ctx.action(async (name: string, o: { role: string; ttl?: string }) => {
      const r = await ctx.client().call<{ token: TokenView; secret: string }>('POST', '/admin-tokens', { name, role: o.role, ttl: o.ttl });
      print(ctx.out(), r, () => `Created admin token ${r.token.id} (${r.token.role}), shown once:\n\n  ${r.secret}\n`);
    }));
  tokens
    .command('revoke')
    .description('Revoke an admin token.')
    .argument('<id>', 'admin token id (adm_…)')
    .action(ctx.action(async (id: string) => {
      const r = await ctx.client().call<{ token: TokenView }>('POST', `/admin-tokens/${encodeURIComponent(id)}/revoke`);
      print(ctx.out(), r, () => `Revoked admin token ${r.token.id}.`);
    }));
}
