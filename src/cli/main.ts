import { Command, CommanderError, Option } from 'commander';
import { CliContext, defaultUrl } from './context.js';
import { EXIT } from './output.js';
import { VERSION } from '../version.js';
import * as serve from './serve.js';
import * as agents from './agents.js';
import * as keys from './keys.js';
import * as owners from './owners.js';
import * as teams from './teams.js';
import * as secrets from './secrets.js';
import * as vault from './vault.js';
import * as kill from './kill.js';
import * as revive from './revive.js';
import * as admin from './admin.js';
import * as config from './config.js';
import * as audit from './audit.js';
import * as alerts from './alerts.js';
import * as approvals from './approvals.js';
import * as signingKeys from './signing-keys.js';
import * as scan from './scan.js';
import * as policy from './policy.js';
import * as mockProvider from './mock-provider.js';
import * as mockMcp from './mock-mcp.js';
import * as mcpStdio from './mcp-stdio.js';
import * as mcp from './mcp.js';

export function buildProgram(): Command {
  const program = new Command('warden')
    .description('Warden: security control plane for AI agents (identities, keys, vault, policy, audit).')
    .version(VERSION, '-v, --version')
    .addOption(new Option('--url <url>', `Warden server URL (env WARDEN_URL; default ${defaultUrl()})`))
    .addOption(new Option('--token <token>', 'admin token (env WARDEN_ADMIN_TOKEN; prefer the env var: arguments show in process lists)'))
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureHelp({ sortSubcommands: false });
  const ctx = new CliContext(program);
  for (const verb of [serve, agents, keys, owners, teams, secrets, vault, kill, revive, admin, signingKeys, audit, alerts, approvals, mcp, policy, scan, mockProvider, mockMcp, mcpStdio, config]) verb.register(program, ctx);
  // Every subcommand exits through the same path so usage errors are always exit code 2.
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      // `warden help` asked for help (exit 0); `warden`, `warden agents` or `warden help bogus` is help shown
      // in place of a missing or unknown command: a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return EXIT.usage;
    }
    throw e;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
}
