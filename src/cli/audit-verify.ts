import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** `warden audit verify` and `warden audit checkpoints`: added to the audit verb. */
export function addIntegrityCommands(_audit: Command, _ctx: CliContext): void {}
