import type { AdminRoute } from '../route.js';

/** Chain verification and signed checkpoints. */
export const auditIntegrityRoutes: AdminRoute[] = [];
