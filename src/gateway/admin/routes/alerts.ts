import type { AdminRoute } from '../route.js';

/** Alerts raised by the monitor: list, show, acknowledge, resolve. */
export const alertRoutes: AdminRoute[] = [];
