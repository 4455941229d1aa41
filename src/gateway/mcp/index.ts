import type { FastifyInstance } from 'fastify';
import { CachedSuite } from '../../detect/cache.js';
import { createDetectorSuite } from '../../detect/index.js';
import type { Services } from '../../services.js';
import type { SessionTaint } from '../session-taint.js';
import { createToolCatalog, type ToolCatalog } from './catalog/index.js';
import { registerMcpFront } from './front/index.js';
import { McpPipeline } from './pipeline.js';
import { McpUpstreams } from './upstream/set.js';

export interface McpGateway {
  upstreams: McpUpstreams;
  catalog: ToolCatalog;
  pipeline: McpPipeline;
  /** Connects (or spawns) the upstream servers and reads their catalogs; a dead server does not stop the rest. */
  start(): Promise<void>;
  register(app: FastifyInstance): Promise<void>;
  close(): Promise<void>;
}

/**
 * The MCP side's parts, built once: the upstream connections (Warden as a client), the catalog
 * over them (namespaced, labelled, pinned), the pipeline (the one pipeline's MCP phases) and the
 * front at /mcp (Warden as a server to agents, both spec eras). The session taint is shared with
 * the LLM side, so an injection read through a tool holds back what the model proposes next.
 */
export function mcpGateway(services: Services, taint: SessionTaint, log: { warn(m: string): void }): McpGateway {
  const upstreams = McpUpstreams.fromServices(services, { debug: () => undefined, info: () => undefined, warn: (m) => log.warn(m) });
  const suite = createDetectorSuite(services.config.detectors);
  const catalog = createToolCatalog(services, upstreams, { scanner: suite, onError: (server, e) => log.warn(`mcp server "${server}": its catalog could not be refreshed: ${e.message}`) });
  const pipeline = new McpPipeline({ services, upstreams, catalog, detectors: new CachedSuite(suite), taint });
  return {
    upstreams,
    catalog,
    pipeline,
    async start() {
      await upstreams.start();
      await catalog.start();
    },
    async register(app) {
      await registerMcpFront(app, { services, core: pipeline });
    },
    async close() {
      catalog.close();
      await upstreams.close();
    },
  };
}
