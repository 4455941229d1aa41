import type { Server } from '@modelcontextprotocol/server';
import type { SessionTransport } from './session-transport.js';

/**
 * The open 2025-11-25 sessions of this instance. A session is bound to the agent and credential
 * that opened it (another presenting its id is refused as if it did not exist), closed when idle,
 * and bounded in number overall and per agent, so one agent cannot exhaust the instance.
 */
export interface LegacySession {
  id: string;
  agentId: string;
  /** credentialBinding() of the principal that opened it. */
  binding: string;
  /** The credential of the latest request (a kill switch may name one key). */
  credentialId: string;
  server: Server;
  transport: SessionTransport;
  openedAt: number;
  lastSeen: number;
  /** HTTP exchanges in flight (an open GET stream counts): a session in use is never idle. */
  active: number;
}

export interface SessionLimits {
  idleMs: number;
  max: number;
  maxPerAgent: number;
}

export type CloseReason = 'idle' | 'deleted' | 'killed' | 'quarantined' | 'decommissioned' | 'revoked' | 'shutdown';

export class SessionRegistry {
  private readonly sessions = new Map<string, LegacySession>();
  private readonly perAgent = new Map<string, Set<string>>();

  constructor(
    readonly limits: SessionLimits,
    private readonly onClosed: (s: LegacySession, reason: CloseReason) => void,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): LegacySession | undefined {
    return this.sessions.get(id);
  }

  /** Why a new session for this agent may not open now, if it may not. */
  refusal(agentId: string): 'instance' | 'agent' | undefined {
    if (this.sessions.size >= this.limits.max) return 'instance';
    if ((this.perAgent.get(agentId)?.size ?? 0) >= this.limits.maxPerAgent) return 'agent';
    return undefined;
  }

  add(s: LegacySession): void {
    this.sessions.set(s.id, s);
    let ids = this.perAgent.get(s.agentId);
    if (!ids) this.perAgent.set(s.agentId, (ids = new Set()));
    ids.add(s.id);
  }

  /** Forgets the session (its transport closed); idempotent. */
  forget(id: string): LegacySession | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    this.sessions.delete(id);
    const ids = this.perAgent.get(s.agentId);
    ids?.delete(id);
    if (ids?.size === 0) this.perAgent.delete(s.agentId);
    return s;
  }

  /** Closes a session: its streams end, its in-flight handlers are cancelled. */
  async close(id: string, reason: CloseReason): Promise<void> {
    const s = this.forget(id);
    if (!s) return;
    this.onClosed(s, reason);
    await s.server.close().catch(() => undefined);
  }

  ofAgent(agentId: string): LegacySession[] {
    return [...(this.perAgent.get(agentId) ?? [])].map((id) => this.sessions.get(id)!).filter(Boolean);
  }

  all(): LegacySession[] {
    return [...this.sessions.values()];
  }

  /** Closes the sessions nobody used for longer than the idle limit. */
  async sweep(now: number): Promise<number> {
    const idle = this.all().filter((s) => s.active === 0 && now - s.lastSeen > this.limits.idleMs);
    await Promise.all(idle.map((s) => this.close(s.id, 'idle')));
    return idle.length;
  }

  async closeAll(reason: CloseReason): Promise<void> {
    await Promise.all(this.all().map((s) => this.close(s.id, reason)));
  }
}
