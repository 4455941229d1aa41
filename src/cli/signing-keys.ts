import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { print, table } from './output.js';

export function register(program: Command, ctx: CliContext): void {
  const sk = program.command('signing-keys').description('Warden\'s Ed25519 keys that sign exchanged access tokens.');
  sk.command('list')
    .description('Published public keys (as in /.well-known/jwks.json).')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ keys: Array<{ kid: string; alg: string }> }>('GET', '/signing-keys');
      print(ctx.out(), r, () => table(r.keys, [['kid', (k) => k.kid], ['alg', (k) => k.alg]]));
    }));
  sk.command('rotate')
    .description('Sign with a new key from now on; the old key stays published until its tokens expire.')
    .action(ctx.action(async () => {
      const r = await ctx.client().call<{ kid: string }>('POST', '/signing-keys/rotate');
      print(ctx.out(), r, () => `New signing key ${r.kid}.`);
    }));
}
