import { isIP } from 'node:net';
import { validateOriginHeader } from '@modelcontextprotocol/server';
import type { WardenError } from '../../../errors.js';

/**
 * Who may reach /mcp at all, before any credential is looked at: browser origins (DNS
 * rebinding and cross-site protection), and the RFC 9728 / RFC 6750 discovery an agent
 * needs when its credential is refused.
 */

/** The path of the MCP endpoint, and of its protected-resource metadata (RFC 9728 §3). */
export const MCP_PATH = '/mcp';
export const PRM_PATH = '/.well-known/oauth-protected-resource';

/**
 * Browser origins allowed to call /mcp. Requests without an Origin header (every non-browser
 * agent) pass. A configured entry is either an origin ("https://app.example.com", matched
 * exactly, scheme and port included) or a bare hostname (any scheme and port). The request's own
 * origin counts only when it is Warden's public_url, or when the Host is an IP literal or
 * localhost: a Host that is a DNS name proves nothing, since a rebinding attack makes the
 * attacker's name point here and the browser then calls it "same origin".
 */
export class OriginPolicy {
  private readonly origins = new Set<string>();
  private readonly hostnames: string[] = [];
  private readonly publicOrigin: string | undefined;

  constructor(allowed: readonly string[], publicUrl: string | undefined) {
    for (const entry of allowed) {
      const o = originOf(entry);
      if (o) this.origins.add(o);
      else this.hostnames.push(entry.toLowerCase());
    }
    this.publicOrigin = publicUrl ? originOf(publicUrl) : undefined;
  }

  /** undefined when allowed; else why not. */
  refuse(origin: string | undefined, selfOrigin: string): string | undefined {
    if (origin === undefined || origin === '') return undefined;
    const o = originOf(origin);
    if (!o) return 'the Origin header is not a valid origin';
    if (this.origins.has(o) || o === this.publicOrigin) return undefined;
    if (o === originOf(selfOrigin) && isLoopbackOrIp(new URL(o).hostname)) return undefined;
    if (this.hostnames.length > 0 && validateOriginHeader(origin, this.hostnames).ok) return undefined;
    return `the origin ${o} is not in mcp.allowed_origins`;
  }
}

function originOf(s: string): string | undefined {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

function isLoopbackOrIp(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || isIP(h) !== 0;
}

/** RFC 9728 protected-resource metadata for /mcp: which credentials it takes and who issues them. */
export function protectedResourceMetadata(base: string, issuer: string | undefined): Record<string, unknown> {
  return {
    resource: `${base}${MCP_PATH}`,
    ...(issuer ? { authorization_servers: [issuer] } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'Warden MCP gateway',
  };
}

/**
 * RFC 6750 §3 challenge for a refused credential, pointing at the metadata (RFC 9728 §5.1). With
 * no credential presented there is no error code; a bad one is `invalid_token`.
 */
export function bearerChallenge(base: string, e: WardenError, presented: boolean): string {
  const parts = [`Bearer resource_metadata="${base}${PRM_PATH}"`];
  if (presented) {
    parts.push('error="invalid_token"');
    // A quoted-string: no quotes or backslashes, printable ASCII only.
    parts.push(`error_description="${e.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?').slice(0, 200)}"`);
  }
  return parts.join(', ');
}
