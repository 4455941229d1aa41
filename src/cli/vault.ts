import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { print, table } from './output.js';

interface Status { source: string; file?: string; primaryKid: string; keys: Array<{ kid: string; primary: boolean; inKeyring: boolean; envelopes: number }>; removableKids: string[] }

export function register(program: Command, ctx: CliContext): void {
  const vault = program.command('vault').description('The vault\'s master key: status, rotation, re-wrapping.');
  vault
    .command('status')
    .description('Master key ids, where the key comes from, and what each key still protects.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ vault: Status }>('GET', '/vault/status');
      print(ctx.out(), r, () =>
        `master key source: ${r.vault.source}${r.vault.file ? ` (${r.vault.file})` : ''}\n` +
        table(r.vault.keys, [['kid', (k) => k.kid], ['primary', (k) => (k.primary ? 'yes' : '')], ['in keyring', (k) => (k.inKeyring ? 'yes' : 'MISSING')], ['envelopes', (k) => k.envelopes]]) +
        (r.vault.removableKids.length ? `\nNo longer needed: ${r.vault.removableKids.join(', ')}` : ''),
      );
    }));
  vault
    .command('rewrap')
    .description('Re-wrap every data key under the primary master key (after adding a new key first in WARDEN_MASTER_KEY).')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ rewrap: Record<string, number | string> }>('POST', '/vault/rewrap');
      print(ctx.out(), r, () => `Re-wrapped under ${r.rewrap.primaryKid}: ${r.rewrap.secretVersions} secret versions, ${r.rewrap.systemSecrets} system secrets, ${r.rewrap.signingKeys} signing keys (${r.rewrap.unchanged} already current).`);
    }));
  vault
    .command('rotate-master-key')
    .description('Generate a new master key into the key file and re-wrap everything, without downtime.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ rotation: { kid: string; previousKid: string } }>('POST', '/vault/rotate-master-key');
      print(ctx.out(), r, () => `New primary master key ${r.rotation.kid} (was ${r.rotation.previousKid}); all data keys re-wrapped.`);
    }));
}
