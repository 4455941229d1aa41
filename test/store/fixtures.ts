// Row builders for the store conformance suite: every field explicit, every time fixed.
import assert from 'node:assert/strict';
import { isForeignKeyViolation, isUniqueViolation } from '../../src/store/dialect.js';
import type { AdminToken } from '../../src/store/repos/admin-tokens.js';
import type { Agent } from '../../src/store/repos/agents.js';
import type { AuditEventRow } from '../../src/store/repos/audit-events.js';
import type { Credential } from '../../src/store/repos/credentials.js';
import type { KillScope, KillSwitch } from '../../src/store/repos/kill-switches.js';
import type { Owner } from '../../src/store/repos/owners.js';
import type { Secret, SecretVersion } from '../../src/store/repos/secrets.js';
import type { Team } from '../../src/store/repos/teams.js';

/** 2023-11-14T22:13:20Z: already far beyond 2^31, so a 32-bit integer path would mangle it. */
export const T0 = 1_700_000_000_000;
/** 2100-01-01T00:00:00Z: beyond 2^32 ms * 1000. */
export const FAR = 4_102_444_800_000;
/** The largest epoch-ms value JS can hold exactly (used for "never expires" style values). */
export const MAX_MS = Number.MAX_SAFE_INTEGER;

export function team(id: string, name: string, over: Partial<Team> = {}): Team {
  return { id, name, description: '', createdAt: T0, updatedAt: T0, ...over };
}

export function owner(id: string, handle: string, over: Partial<Owner> = {}): Owner {
  return { id, handle, displayName: handle, email: null, teamId: null, createdAt: T0, updatedAt: T0, ...over };
}

export function agent(id: string, name: string, ownerId: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    name,
    ownerId,
    teamId: null,
    purpose: '',
    environment: 'prod',
    risk: 'low',
    autonomy: 'assistive',
    labels: {},
    grants: { models: [], servers: [], tools: [] },
    status: 'active',
    statusReason: null,
    source: 'api',
    createdAt: T0,
    updatedAt: T0,
    quarantinedAt: null,
    decommissionedAt: null,
    ...over,
  };
}

export function credential(id: string, agentId: string, over: Partial<Credential> = {}): Credential {
  return {
    id,
    agentId,
    kind: 'virtual_key',
    name: '',
    hmac: `hmac_${id}`,
    hint: 'wdn_sk_…abcd',
    scopes: { models: [], servers: [], tools: [] },
    createdAt: T0,
    createdBy: 'admin:root',
    expiresAt: FAR,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    rotatedFrom: null,
    rotatedTo: null,
    lastUsedAt: null,
    lastUsedIp: null,
    ...over,
  };
}

export function adminToken(id: string, over: Partial<AdminToken> = {}): AdminToken {
  return {
    id,
    name: `token ${id}`,
    role: 'admin',
    hmac: `hmac_${id}`,
    hint: 'wdn_adm_…wxyz',
    createdAt: T0,
    createdBy: 'bootstrap',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    ...over,
  };
}

export function secret(id: string, name: string, over: Partial<Secret> = {}): Secret {
  return {
    id,
    name,
    kind: 'provider_key',
    description: '',
    currentVersion: 1,
    createdAt: T0,
    updatedAt: T0,
    createdBy: 'admin:root',
    deletedAt: null,
    ...over,
  };
}

export function secretVersion(secretId: string, version: number, over: Partial<SecretVersion> = {}): SecretVersion {
  return { secretId, version, envelope: `env:${secretId}:${version}`, createdAt: T0 + version, createdBy: 'admin:root', retireAt: null, ...over };
}

export function killSwitch(id: string, scope: KillScope, target: string | null, over: Partial<KillSwitch> = {}): KillSwitch {
  return {
    id,
    scope,
    target,
    reason: `stop ${target ?? 'everything'}`,
    createdAt: T0,
    createdBy: 'admin:root',
    liftedAt: null,
    liftedBy: null,
    liftReason: null,
    ...over,
  };
}

/** An audit row at chain position seq (hashes are placeholders: the repo stores, the log links). */
export function auditEvent(seq: number, id: string, over: Partial<AuditEventRow> = {}): AuditEventRow {
  return {
    seq,
    id,
    ts: T0,
    phase: 'llm.request',
    action: 'llm.call',
    outcome: 'success',
    effect: null,
    actorKind: 'agent',
    actorId: null,
    agentId: null,
    userId: null,
    sessionId: null,
    targetKind: null,
    targetId: null,
    findingKinds: null,
    prevHash: 'p'.repeat(64),
    hash: `h${String(seq).padStart(63, '0')}`,
    body: '{}',
    ...over,
  };
}

/** The ids of rows, in the order they came back. */
export function ids(rows: Array<{ id: string }>, prefix = ''): string[] {
  return rows.map((r) => r.id).filter((id) => id.startsWith(prefix));
}

function describeError(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown } | null;
  return `code=${String(err?.code)} message=${String(err?.message)}`;
}

/** The write fails with a unique (or primary-key) violation, and nothing else. */
export async function assertUniqueViolation(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isUniqueViolation(e), `expected a unique violation, got ${describeError(e)}`);
    assert.ok(!isForeignKeyViolation(e), 'a unique violation must not also look like a foreign-key violation');
    return true;
  });
}

/** The write fails with a foreign-key violation, and nothing else. */
export async function assertForeignKeyViolation(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isForeignKeyViolation(e), `expected a foreign-key violation, got ${describeError(e)}`);
    assert.ok(!isUniqueViolation(e), 'a foreign-key violation must not also look like a unique violation');
    return true;
  });
}
