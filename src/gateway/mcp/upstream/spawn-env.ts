import path from 'node:path';
import { WardenError } from '../../../errors.js';
import type { McpServerConfig } from '../../../config/schema.js';

/**
 * The environment of a spawned stdio server is exactly what its configuration says, with vault
 * secrets resolved at spawn time. Nothing of Warden's own environment is inherited: not
 * WARDEN_* settings, not provider keys, not HOME or USER (a tool server has no business with the
 * gateway's identity). The one addition: when the configuration names no PATH, a fixed system
 * PATH is given (never Warden's own, which may point into a developer's or a CI's directories),
 * so that `#!/usr/bin/env node` scripts and bare command names still resolve.
 */
export const DEFAULT_CHILD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string | undefined;
  /** The vault values placed in `env`, so upstream text can be scrubbed of them. Never logged. */
  secretValues: string[];
  /** Variable names, for the audit trail (values never go there). */
  envNames: string[];
}

export type ResolveSecret = (name: string) => Promise<string>;

export async function spawnSpec(server: McpServerConfig, resolveSecret: ResolveSecret, baseDir: string): Promise<SpawnSpec> {
  if (!server.command) throw configError(server.name, 'a stdio server needs a command');
  const env: Record<string, string> = {};
  const secretValues: string[] = [];
  for (const [key, value] of Object.entries(server.env)) {
    if (!ENV_NAME.test(key)) throw configError(server.name, `"${key}" is not a valid environment variable name`);
    if (typeof value === 'string') {
      env[key] = value;
      continue;
    }
    let resolved: string;
    try {
      resolved = await resolveSecret(value.secret);
    } catch (e) {
      // The vault's own code says why (not found, unavailable); the value never appears.
      const code = e instanceof WardenError ? e.code : 'vault.error';
      throw new WardenError('mcp.upstream_secret', 503, `The MCP server "${server.name}" cannot start: its environment variable ${key} names the vault secret "${value.secret}", which could not be resolved (${code}).`, {
        hint: `Store it with \`warden secrets create ${value.secret} --stdin\`, or fix mcp_servers[].env.`,
        details: { server: server.name, secret: value.secret },
      });
    }
    if (resolved.includes('\0')) throw configError(server.name, `the vault secret "${value.secret}" contains a NUL byte and cannot be placed in the environment`);
    env[key] = resolved;
    secretValues.push(resolved);
  }
  if (!Object.hasOwn(env, 'PATH')) env.PATH = DEFAULT_CHILD_PATH;
  return {
    command: server.command,
    args: [...server.args],
    env,
    cwd: server.cwd === undefined ? undefined : path.resolve(baseDir, server.cwd),
    secretValues,
    envNames: Object.keys(env).sort(),
  };
}

function configError(server: string, why: string): WardenError {
  return new WardenError('mcp.upstream_config', 500, `The MCP server "${server}" cannot start: ${why}.`, {
    hint: 'Fix this server in mcp_servers (warden.yaml).',
    details: { server },
  });
}
