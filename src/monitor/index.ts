import type { Services } from '../services.js';

/** Streaming detection rules over committed audit events: alerts and responses. */
export interface Monitor {
  close(): Promise<void>;
}

export async function startMonitor(_services: Services): Promise<Monitor> {
  return { async close() {} };
}
