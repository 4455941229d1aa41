import type { Generated } from 'kysely';

/**
 * Table shapes as the code sees them (camelCase; the database uses snake_case through
 * Kysely's CamelCasePlugin). Times are epoch milliseconds; JSON columns are text and are
 * parsed only inside the repositories.
 */
export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
}

export interface OwnersTable {
  id: string;
  handle: string;
  displayName: string;
  email: string | null;
  teamId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AgentsTable {
  id: string;
  name: string;
  ownerId: string;
  teamId: string | null;
  purpose: string;
  environment: string;
  risk: string;
  autonomy: string;
  labels: string;
  grants: string;
  status: string;
  statusReason: string | null;
  source: string;
  createdAt: number;
  updatedAt: number;
  quarantinedAt: number | null;
  decommissionedAt: number | null;
}

export interface CredentialsTable {
  id: string;
  agentId: string;
  kind: string;
  name: string;
  hmac: string;
  hint: string;
  scopes: string;
  createdAt: number;
  createdBy: string;
  expiresAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
  rotatedFrom: string | null;
  rotatedTo: string | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
}

export interface AdminTokensTable {
  id: string;
  name: string;
  role: string;
  hmac: string;
  hint: string;
  createdAt: number;
  createdBy: string;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface SecretsTable {
  id: string;
  name: string;
  kind: string;
  description: string;
  currentVersion: number;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  deletedAt: number | null;
}

export interface SecretVersionsTable {
  secretId: string;
  version: number;
  envelope: string;
  createdAt: number;
  createdBy: string;
  /** Null while current; set when superseded, to the end of its overlap window. */
  retireAt: number | null;
}

export interface SystemSecretsTable {
  name: string;
  envelope: string;
  createdAt: number;
  updatedAt: number;
}

export interface VaultKeysTable {
  kid: string;
  checkValue: string;
  createdAt: number;
  retiredAt: number | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  publicJwk: string;
  privateEnvelope: string;
  createdAt: number;
  /** After this time the key no longer signs; it stays published until its tokens expire. */
  retiredAt: number | null;
}

export interface KillSwitchesTable {
  id: string;
  scope: string;
  target: string | null;
  reason: string;
  createdAt: number;
  createdBy: string;
  liftedAt: number | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  ts: number;
  phase: string;
  action: string;
  outcome: string;
  effect: string | null;
  actorKind: string;
  actorId: string | null;
  agentId: string | null;
  userId: string | null;
  sessionId: string | null;
  targetKind: string | null;
  targetId: string | null;
  /** ",kind1,kind2," so one LIKE finds events with a finding kind in either dialect. */
  findingKinds: string | null;
  prevHash: string;
  hash: string;
  body: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  updatedAt: number;
}

export interface AuditCheckpointsTable {
  seq: number;
  origin: string;
  headHash: string;
  ts: number;
  kid: string;
  signature: string;
}

export interface AlertsTable {
  id: string;
  ruleId: string;
  dedupKey: string;
  severity: string;
  title: string;
  status: string;
  agentId: string | null;
  sessionId: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  body: string;
  updatedAt: number;
}

export interface ControlEventsTable {
  seq: Generated<number>;
  ts: number;
  kind: string;
  payload: string;
}

export interface PolicyBundlesTable {
  version: string;
  /** The canonical files, JSON: [{path, text}]. */
  files: string;
  ruleCount: number;
  createdAt: number;
  createdBy: string;
  message: string;
}

export interface PolicyActivationsTable {
  id: string;
  version: string;
  previousVersion: string | null;
  /** pending | active | rejected | superseded | rolled_back */
  status: string;
  /** The requesting actor's id (an admin token id): the two-person rule compares these. */
  requestedBy: string;
  requestedByName: string | null;
  approvedBy: string | null;
  message: string;
  createdAt: number;
  /** When it was approved and took effect, or was rejected. */
  decidedAt: number | null;
  /** When it stopped being active (superseded or rolled back), and by whom. */
  endedAt: number | null;
  endedBy: string | null;
}

export interface PolicyStateTable {
  /** Always 1: one row. */
  id: number;
  activeVersion: string | null;
  shadowVersion: string | null;
  updatedAt: number;
}

export interface ApprovalsTable {
  id: string;
  agentId: string;
  agentName: string | null;
  phase: string;
  model: string | null;
  server: string | null;
  tool: string | null;
  /** SHA-256 (hex) of the canonical JSON of what was asked: any change needs a new approval. */
  digest: string;
  policyVersion: string;
  /** The rule that asked for approval. */
  rule: string;
  message: string;
  /** pending | approved | denied | used | expired */
  status: string;
  /** Set while open (pending, or approved and unused); unique, so retries find it. */
  pendingKey: string | null;
  sessionId: string | null;
  /** The credential (or agent) that made the request. */
  requestedBy: string | null;
  createdAt: number;
  expiresAt: number;
  decidedAt: number | null;
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
  usedAt: number | null;
}

export interface McpToolsTable {
  server: string;
  /** The upstream's own tool name. */
  tool: string;
  /** approved | quarantined | rejected: as of the definition last seen (current_hash). */
  status: string;
  /** SHA-256 (hex) of the canonical definition last seen upstream, and that definition (JSON). */
  currentHash: string;
  currentDefinition: string;
  /** The approved definition: a tool is usable only while what is seen hashes to this. */
  pinnedHash: string | null;
  pinnedDefinition: string | null;
  /** The definition an admin rejected: hidden until it changes or is approved. */
  rejectedHash: string | null;
  reason: string | null;
  /** JSON: the tool_poisoning findings on the current definition. */
  findings: string;
  /** JSON list of capability labels set by an admin (null: from configuration or annotations). */
  labels: string | null;
  labelsSetBy: string | null;
  labelsSetAt: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  changedAt: number;
  removedAt: number | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number | null;
  rejectedBy: string | null;
  rejectedByName: string | null;
  rejectedAt: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  teams: TeamsTable;
  owners: OwnersTable;
  agents: AgentsTable;
  credentials: CredentialsTable;
  adminTokens: AdminTokensTable;
  secrets: SecretsTable;
  secretVersions: SecretVersionsTable;
  systemSecrets: SystemSecretsTable;
  vaultKeys: VaultKeysTable;
  signingKeys: SigningKeysTable;
  killSwitches: KillSwitchesTable;
  auditEvents: AuditEventsTable;
  auditHead: AuditHeadTable;
  auditCheckpoints: AuditCheckpointsTable;
  alerts: AlertsTable;
  controlEvents: ControlEventsTable;
  policyBundles: PolicyBundlesTable;
  policyActivations: PolicyActivationsTable;
  policyState: PolicyStateTable;
  approvals: ApprovalsTable;
  mcpTools: McpToolsTable;
  meta: MetaTable;
}
