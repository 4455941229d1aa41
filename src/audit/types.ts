export type Phase = 'llm.request' | 'llm.response' | 'tool.list' | 'tool.call' | 'tool.result' | 'admin';
export const PHASES: readonly Phase[] = ['llm.request', 'llm.response', 'tool.list', 'tool.call', 'tool.result', 'admin'];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export type Effect = 'allow' | 'deny' | 'redact' | 'require_approval' | 'alert';
export const EFFECTS: readonly Effect[] = ['allow', 'deny', 'redact', 'require_approval', 'alert'];

export type CaptureMode = 'full' | 'redacted' | 'hash';

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
  /** The application the agent runs in, when it says. */
  app?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'warden', name: 'warden' };

/** What a detector found (the detector issue fills these in; the audit log stores and indexes them). */
export interface Finding {
  detector: string;
  kind: string;
  score: number;
  triggered: boolean;
  severity: Severity;
  span?: { start: number; end: number };
  /** Already redacted by the detector; never the raw secret. */
  evidence?: string;
  tags?: string[];
  /** Index of the content part the finding is in. */
  part?: number;
}

export interface Decision {
  effect: Effect;
  rules: Array<{ id: string; message?: string; severity?: Severity; mode?: 'enforce' | 'shadow' }>;
  policyVersion: string | null;
}

/** The model, or the server and tool, an interaction is about. */
export interface Resource {
  model?: string;
  provider?: string;
  server?: string;
  tool?: string;
}

/** How the interaction ended. */
export interface Outcome {
  status?: number;
  latencyMs?: number;
  upstreamLatencyMs?: number;
  tokens?: { input?: number; output?: number };
  costUsd?: number;
  error?: string;
}

/**
 * Content as the pipeline hands it to the audit log: text parts with their source and the
 * redactions detectors proposed. The log applies the capture mode before anything is stored.
 */
export interface ContentInput {
  parts: Array<{
    source: string;
    text: string;
    /** Spans to replace; `secret` ones are replaced whatever the capture mode. */
    redactions?: Array<{ start: number; end: number; placeholder: string; secret?: boolean }>;
  }>;
}

/** Content as stored. */
export interface StoredContent {
  mode: CaptureMode;
  parts: Array<{ source: string; text?: string; sha256?: string; chars: number }>;
}

export interface AuditEventInput {
  phase: Phase;
  /** Dotted verb: agent.create, key.rotate, llm.chat, tool.call, ... */
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actor: Actor;
  agentId?: string | null;
  target?: { kind: string; id: string; name?: string };
  sessionId?: string | null;
  traceId?: string | null;
  resource?: Resource;
  findings?: Finding[];
  decision?: Decision;
  result?: Outcome;
  content?: ContentInput;
  /** Event details. Callers put identifiers and changed fields here, never secret values. */
  data?: Record<string, unknown>;
}

/** One record of the hash-chained log. `hash` covers every other field (canonical JSON). */
export interface AuditEvent extends Omit<AuditEventInput, 'content'> {
  id: string;
  seq: number;
  ts: number;
  content?: StoredContent;
  prevHash: string;
  hash: string;
}
