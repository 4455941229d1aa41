export type Phase = 'llm.request' | 'llm.response' | 'tool.list' | 'tool.call' | 'tool.result' | 'admin';
export const PHASES: readonly Phase[] = ['llm.request', 'llm.response', 'tool.list', 'tool.call', 'tool.result', 'admin'];

/** Who did it. For admins the token id and name; for agents the agent and credential ids. Never a secret. */
export interface Actor {
  kind: 'admin' | 'agent' | 'system';
  id: string | null;
  name?: string;
  role?: string;
  ip?: string;
  /** For agents: the credential presented (id only). */
  credentialId?: string;
  /** For agents acting for a person. */
  onBehalfOf?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'warden', name: 'warden' };

export interface AuditEventInput {
  phase: Phase;
  /** Dotted verb: agent.create, key.rotate, secret.create, kill.engage, auth.denied, ... */
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actor: Actor;
  agentId?: string | null;
  target?: { kind: string; id: string; name?: string };
  sessionId?: string | null;
  /** Event details. Callers put identifiers and changed fields here, never secret values. */
  data?: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  id: string;
  ts: number;
}
