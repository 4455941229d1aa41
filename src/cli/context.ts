import { InvalidArgumentError, type Command } from 'commander';
import { AdminClient } from './client.js';
import { EXIT, printError, type OutputOptions } from './output.js';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export function defaultUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.WARDEN_URL ?? `http://127.0.0.1:${env.WARDEN_PORT || 8080}`;
}

/** What every verb needs: the admin client, output mode, and uniform error handling and exit codes. */
export class CliContext {
  constructor(private readonly program: Command) {}

  globals(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  out(): OutputOptions {
    return { json: Boolean(this.globals().json) };
  }

  client(): AdminClient {
    const g = this.globals();
    return new AdminClient({ url: g.url ?? defaultUrl(), token: g.token ?? process.env.WARDEN_ADMIN_TOKEN });
  }

  /** Wraps an action: errors print as "error: … [code]" plus a hint, and set the exit code. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      try {
        await fn(...args);
        process.exitCode ??= EXIT.ok;
      } catch (e) {
        process.exitCode = printError(e, this.out().json);
      }
    };
  }
}

export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const i = value.indexOf('=');
  // InvalidArgumentError makes commander report a usage error (exit 2), naming the option.
  if (i <= 0) throw new InvalidArgumentError(`expected KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** All of standard input as text (for secrets and keys kept out of the command line). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
