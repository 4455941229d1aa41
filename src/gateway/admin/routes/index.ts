import type { AdminRoute } from '../route.js';
import { adminTokenRoutes } from './admin-tokens.js';
import { alertRoutes } from './alerts.js';
import { approvalRoutes } from './approvals.js';
import { auditIntegrityRoutes } from './audit-integrity.js';
import { agentRoutes } from './agents.js';
import { auditRoutes } from './audit.js';
import { directoryRoutes } from './directory.js';
import { killRoutes } from './kill.js';
import { mcpToolRoutes } from './mcp-tools.js';
import { policyRoutes } from './policy.js';
import { policyReviewRoutes } from './policy-review.js';
import { secretRoutes } from './secrets.js';
import { signingKeyRoutes } from './signing-keys.js';

export function adminRoutes(extra: AdminRoute[] = []): AdminRoute[] {
  return [...adminTokenRoutes, ...directoryRoutes, ...agentRoutes, ...killRoutes, ...secretRoutes, ...signingKeyRoutes, ...auditRoutes, ...auditIntegrityRoutes, ...alertRoutes, ...policyRoutes, ...policyReviewRoutes, ...approvalRoutes, ...mcpToolRoutes, ...extra];
}
