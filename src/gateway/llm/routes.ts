import type { FastifyInstance } from 'fastify';
import { toWardenError } from '../errors.js';
import { CachedSuite } from '../../detect/cache.js';
import { createDetectorSuite } from '../../detect/index.js';
import type { Services } from '../../services.js';
import { SessionTaint } from '../session-taint.js';
import { LlmPipeline } from './pipeline.js';
import { QuotaService } from './quotas.js';
import type { WireFormat } from './types.js';
import { Upstream } from './upstream.js';

/** The agent-facing LLM endpoints, each a wire format into the one pipeline. */
const ENDPOINTS: Array<[string, WireFormat]> = [
  ['/v1/chat/completions', 'openai.chat'],
  ['/v1/responses', 'openai.responses'],
  ['/v1/embeddings', 'openai.embeddings'],
  ['/v1/messages', 'anthropic.messages'],
];

export interface LlmGateway {
  pipeline: LlmPipeline;
  taint: SessionTaint;
  quotas: QuotaService;
  close(): Promise<void>;
}

/** Builds the LLM side's parts once (detectors compiled, upstream pool) and registers its routes. */
export function llmGateway(services: Services, taint = new SessionTaint()): { gateway: LlmGateway; register: (app: FastifyInstance) => void } {
  const upstream = new Upstream(services.config, services.vault);
  const quotas = QuotaService.fromConfig(services.config, services.clock);
  const pipeline = new LlmPipeline({ services, upstream, detectors: new CachedSuite(createDetectorSuite(services.config.detectors)), quotas, taint });
  return {
    gateway: { pipeline, taint, quotas, close: () => upstream.close() },
    register(app) {
      for (const [path, format] of ENDPOINTS) {
        app.post(
          path,
          {
            // Bodies refused before the handler runs get the endpoint's own error shape and an audit event.
            errorHandler: (error, req, reply) => {
              const e = toWardenError(error);
              if (e.status >= 500) req.log.error({ err: { message: (error as Error).message, code: (error as { code?: string }).code } }, 'llm request failed');
              pipeline.rejectUnreadable(format, req, reply, e);
            },
          },
          (req, reply) => pipeline.handle(format, req, reply),
        );
      }
    },
  };
}
