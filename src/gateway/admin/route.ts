import type { z } from 'zod';
import type { Actor } from '../../audit/types.js';
import type { AdminPrincipal } from '../../identity/admin-tokens.js';
import type { Permission } from '../../identity/roles.js';
import type { Services } from '../../services.js';

export interface AdminContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  actor: Actor;
  admin: AdminPrincipal;
  services: Services;
}

/**
 * One admin API operation. The table of these is the single source for routing, input
 * validation, authorisation and the OpenAPI document, so the four cannot drift apart.
 */
export interface AdminRoute<B = unknown, Q = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** null: any valid admin token. */
  permission: Permission | null;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  status?: number;
  handler(ctx: AdminContext<B, Q, P>): Promise<unknown>;
}

/** Keeps each route's handler typed by its own schemas while the table holds them uniformly. */
export function route<B = undefined, Q = undefined, P = undefined>(r: AdminRoute<B, Q, P>): AdminRoute<unknown, unknown, unknown> {
  return r as unknown as AdminRoute<unknown, unknown, unknown>;
}
