import type { Command } from 'commander';
import type { CliContext } from './context.js';

export function register(program: Command, _ctx: CliContext): void {
  program.command('alerts').description('Alerts raised by the monitor\'s detection rules: list, show, acknowledge, resolve.');
}
