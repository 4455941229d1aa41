import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';

/** Prometheus metrics, derived from committed audit events and component stats. */
export interface Metrics {
  /** Registers GET {path} on the server. */
  register(app: FastifyInstance): void;
  close(): void;
}

export function createMetrics(_services: Services): Metrics {
  return {
    register() {},
    close() {},
  };
}
