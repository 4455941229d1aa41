import type { Db } from '../store.js';
import { AdminTokenRepo } from './admin-tokens.js';
import { AgentRepo } from './agents.js';
import { ApprovalRepo } from './approvals.js';
import { AuditEventRepo } from './audit-events.js';
import { ControlEventRepo } from './control-events.js';
import { CredentialRepo } from './credentials.js';
import { KillSwitchRepo } from './kill-switches.js';
import { McpToolRepo } from './mcp-tools.js';
import { MetaRepo } from './meta.js';
import { OwnerRepo } from './owners.js';
import { PolicyRepo } from './policies.js';
import { SecretRepo } from './secrets.js';
import { SigningKeyRepo } from './signing-keys.js';
import { SystemSecretRepo } from './system-secrets.js';
import { TeamRepo } from './teams.js';
import { VaultKeyRepo } from './vault-keys.js';

/** Every repository bound to one connection or transaction. */
export function repos(db: Db) {
  return {
    teams: new TeamRepo(db),
    owners: new OwnerRepo(db),
    agents: new AgentRepo(db),
    credentials: new CredentialRepo(db),
    adminTokens: new AdminTokenRepo(db),
    secrets: new SecretRepo(db),
    systemSecrets: new SystemSecretRepo(db),
    vaultKeys: new VaultKeyRepo(db),
    signingKeys: new SigningKeyRepo(db),
    killSwitches: new KillSwitchRepo(db),
    auditEvents: new AuditEventRepo(db),
    controlEvents: new ControlEventRepo(db),
    policies: new PolicyRepo(db),
    approvals: new ApprovalRepo(db),
    mcpTools: new McpToolRepo(db),
    meta: new MetaRepo(db),
  };
}
export type Repos = ReturnType<typeof repos>;
