import { forbidden, unauthorized, WardenError } from '../errors.js';
import { repos } from '../store/repos/index.js';
import type { Agent } from '../store/repos/agents.js';
import type { CredentialScopes } from '../store/repos/credentials.js';
import type { Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import type { Clock } from '../util/clock.js';
import type { CredentialService } from './credentials.js';
import type { KillSwitchService } from './kill-switch.js';

/** The resolved identity of one agent request. */
export interface Principal {
  agent: Agent;
  credential: { id: string; kind: 'virtual_key' | 'access_token'; scopes: CredentialScopes; expiresAt: number };
  /** The person the agent acts for, when a token asserts one. */
  user: string | null;
  ip: string | null;
}

/** What the authenticator needs from Warden's access tokens (implemented in identity/tokens). */
export interface AccessTokenVerifier {
  verifyAccessToken(token: string): Promise<{ agentId: string; tokenId: string; expiresAt: number; user: string | null }>;
}

const AGENT_TTL_MS = 30_000;
const NO_SCOPES: CredentialScopes = { models: [], servers: [], tools: [] };

/**
 * authenticate → principal: the first step of the one pipeline. Checks, in order: the
 * credential (shape, known, not revoked or expired), the kill switch, the agent's status.
 */
export class Authenticator {
  private agents = new Map<string, { agent: Agent; freshUntil: number }>();
  private unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly bus: ControlBus,
    private readonly clock: Clock,
    private readonly credentials: CredentialService,
    private readonly kill: KillSwitchService,
    private readonly tokens: AccessTokenVerifier | undefined,
  ) {
    this.unsubscribe = bus.subscribe((m) => {
      if (m.kind === 'agent.changed') this.agents.delete(m.agentId);
      if (m.kind === 'credential.changed') this.agents.delete(m.agentId);
    });
  }

  /** Extracts the bearer from `Authorization: Bearer …` or `x-api-key` (Anthropic's header). */
  static bearer(headers: Record<string, string | string[] | undefined>): string | undefined {
    const auth = headers.authorization;
    if (typeof auth === 'string') {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (m) return m[1];
    }
    const k = headers['x-api-key'];
    return typeof k === 'string' && k.length > 0 ? k.trim() : undefined;
  }

  async authenticate(bearer: string | undefined, ip: string | null): Promise<Principal> {
    if (!bearer) {
      throw unauthorized('auth.missing_credential', 'No credential was presented.', 'Send the agent\'s Warden key as "Authorization: Bearer wdn_…" or "x-api-key".');
    }
    if (bearer.length > 8192) throw unauthorized('auth.credential_malformed', 'The credential is too long.');
    let principal: Omit<Principal, 'agent'> & { agentId: string };
    if (bearer.startsWith('wdn_')) {
      const c = await this.credentials.verify(bearer, ip);
      principal = { agentId: c.agentId, credential: { id: c.id, kind: 'virtual_key', scopes: c.scopes, expiresAt: c.expiresAt }, user: null, ip };
    } else if (bearer.split('.').length === 3) {
      if (!this.tokens) throw unauthorized('auth.tokens_disabled', 'Access tokens are not enabled on this Warden.');
      const t = await this.tokens.verifyAccessToken(bearer);
      principal = { agentId: t.agentId, credential: { id: t.tokenId, kind: 'access_token', scopes: NO_SCOPES, expiresAt: t.expiresAt }, user: t.user, ip };
    } else {
      throw unauthorized('auth.credential_malformed', 'The credential is neither a Warden key nor a Warden access token.', 'Use a key that starts with "wdn_" or a token from /oauth/token.');
    }
    const killed = this.kill.check(principal.agentId, principal.credential.id);
    if (killed) {
      const what = killed.scope === 'all' ? 'all agents' : killed.scope === 'agent' ? 'this agent' : 'this key';
      throw new WardenError('auth.killed', 403, `The kill switch is engaged for ${what}.`, {
        hint: 'An operator must lift it with `warden revive`.',
        details: { killSwitch: killed.id, scope: killed.scope },
      });
    }
    const agent = await this.agent(principal.agentId);
    if (agent.status === 'quarantined') {
      throw forbidden('auth.agent_quarantined', `Agent "${agent.name}" is quarantined.`, 'Its owner or an operator must review and activate it.');
    }
    if (agent.status === 'decommissioned') throw unauthorized('auth.agent_decommissioned', `Agent "${agent.name}" is decommissioned.`);
    return { agent, credential: principal.credential, user: principal.user, ip };
  }

  private async agent(id: string): Promise<Agent> {
    const now = this.clock.now();
    const hit = this.agents.get(id);
    if (hit && hit.freshUntil > now) return hit.agent;
    const agent = await repos(this.store.db).agents.get(id);
    // Fail closed: a credential whose agent cannot be found authorises nothing.
    if (!agent) throw unauthorized('auth.agent_unknown', 'The credential belongs to no known agent.');
    this.agents.set(id, { agent, freshUntil: now + AGENT_TTL_MS });
    return agent;
  }

  close(): void {
    this.unsubscribe();
  }
}
