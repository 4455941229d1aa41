import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { CliContext } from './context.js';
import { print } from './output.js';

export function register(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('Check warden.yaml without starting the server.');
  config
    .command('validate')
    .description('Validate a configuration file (default: $WARDEN_CONFIG or ./warden.yaml) with environment overrides applied.')
    .argument('[file]', 'configuration file')
    .action(ctx.action(async (file: string | undefined) => {
      const loaded = await loadConfig({ file });
      print(ctx.out(), { valid: true, file: loaded.file ?? null }, () => `${loaded.file ?? 'embedded defaults'}: valid.`);
    }));
  config
    .command('show')
    .description('Print the effective configuration (defaults, file and environment merged).')
    .argument('[file]', 'configuration file')
    .action(ctx.action(async (file: string | undefined) => {
      const loaded = await loadConfig({ file });
      // The configuration never holds secret values (they live in the vault), so it is safe to print;
      // a database URL may carry a password, so that is masked.
      const shown = structuredClone(loaded.config);
      if (shown.database.url) shown.database.url = shown.database.url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
      print(ctx.out(), shown, () => JSON.stringify(shown, null, 2));
    }));
}
