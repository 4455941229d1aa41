import { createDetectorSuite } from '../../../detect/index.js';
import type { Services } from '../../../services.js';
import type { UpstreamSet } from '../types.js';
import { ToolCatalog } from './catalog.js';
import type { DefinitionScanner } from './scan.js';

/** The catalog over the configured servers, with the configured detectors (pass the pipeline's suite to share it). */
export function createToolCatalog(services: Services, upstreams: UpstreamSet, o: { scanner?: DefinitionScanner; onError?: (server: string, error: Error) => void } = {}): ToolCatalog {
  return new ToolCatalog({
    upstreams,
    store: services.store,
    audit: services.audit,
    bus: services.bus,
    clock: services.clock,
    servers: services.config.mcp_servers,
    scanner: o.scanner ?? createDetectorSuite(services.config.detectors),
    ...(o.onError ? { onError: o.onError } : {}),
  });
}
