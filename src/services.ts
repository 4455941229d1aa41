import type { AuditLog } from './audit/audit-log.js';
import type { WardenConfig } from './config/schema.js';
import type { AdminTokenService } from './identity/admin-tokens.js';
import type { AgentService } from './identity/agents.js';
import type { Authenticator } from './identity/authenticate.js';
import type { CredentialService } from './identity/credentials.js';
import type { Directory } from './identity/directory.js';
import type { KillSwitchService } from './identity/kill-switch.js';
import type { AccessTokens } from './identity/tokens/access-tokens.js';
import type { TokenExchange } from './identity/tokens/exchange.js';
import type { SigningKeys } from './identity/tokens/signing-keys.js';
import type { Store } from './store/store.js';
import type { ControlBus } from './util/bus.js';
import type { Clock } from './util/clock.js';
import type { Vault } from './vault/vault.js';
import type { ExporterSet } from './audit/exporters/index.js';
import type { Metrics } from './observability/metrics.js';
import type { Monitor } from './monitor/index.js';
import type { Checkpointer } from './audit/checkpoints.js';
import type { PolicyService } from './policy/service.js';
import type { ApprovalService } from './approvals/service.js';
import type { McpGateway } from './gateway/mcp/index.js';

/** Everything a request handler may use; built once by app.ts. */
export interface Services {
  config: WardenConfig;
  clock: Clock;
  store: Store;
  bus: ControlBus;
  audit: AuditLog;
  vault: Vault;
  directory: Directory;
  agents: AgentService;
  credentials: CredentialService;
  adminTokens: AdminTokenService;
  kill: KillSwitchService;
  signingKeys: SigningKeys;
  accessTokens: AccessTokens;
  tokenExchange: TokenExchange;
  authenticator: Authenticator;
  exporters: ExporterSet;
  checkpointer: Checkpointer;
  metrics: Metrics;
  monitor: Monitor;
  /** The policy decision point and its versions. */
  policy: PolicyService;
  /** Human approval of held requests (LLM and MCP). */
  approvals: ApprovalService;
  /** The MCP gateway's parts (upstream connections, tool catalog, pipeline); set once built. */
  mcp?: McpGateway;
  /** The data directory (state files: exporter queues, checkpoints). */
  dataDir: string;
  /** Where relative paths in the configuration resolve. */
  baseDir: string;
}
