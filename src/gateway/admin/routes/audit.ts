import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest, notFound, WardenError } from '../../../errors.js';
import { followAudit } from '../../../audit/forensics/follow.js';
import { auditFilterFields, findEvent, headSeq, searchEvents, toAuditQuery, type AuditFilters } from '../../../audit/forensics/query.js';
import { buildTrace } from '../../../audit/forensics/trace.js';
import type { AuditEvent } from '../../../audit/types.js';
import type { Services } from '../../../services.js';
import { ADMIN_PREFIX, authorizeAdmin } from '../register.js';
import { route } from '../route.js';

const seqSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const searchQuery = z
  .object({
    ...auditFilterFields,
    after: seqSchema.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

const traceQuery = z.object({ admin: z.enum(['true', 'false']).optional() }).strict();

const streamQuery = z
  .object({
    ...auditFilterFields,
    after: seqSchema.optional(),
    /** Without "after": first replay the last N matching events, then go live. */
    last: z.coerce.number().int().min(0).max(1000).optional(),
  })
  .strict();

/** A session's trace reads at most this many of its events; the document says when it stopped short. */
const TRACE_MAX = 5000;

const toQuery = (services: Services, f: AuditFilters) => toAuditQuery(f, services.clock.now(), (a) => services.agents.find(a));

export const auditRoutes = [
  route({
    method: 'GET', path: '/audit/events', operationId: 'searchAuditEvents', tag: 'audit', summary: 'Search audit events, oldest first (page with "after" = the previous page\'s "next")', permission: 'audit.read', query: searchQuery,
    handler: async ({ services, query: q }) => {
      return searchEvents(services.audit, await toQuery(services, q), { afterSeq: q.after, limit: q.limit ?? 100, order: q.order ?? 'asc' });
    },
  }),
  route({
    method: 'GET', path: '/audit/events/:id', operationId: 'getAuditEvent', tag: 'audit', summary: 'Show one audit event (by id or seq)', permission: 'audit.read', params: z.object({ id: z.string().min(1).max(100) }).strict(),
    handler: async ({ services, params }) => {
      const event = await findEvent(services.audit, params.id);
      if (!event) throw notFound('audit.event_not_found', `No audit event "${params.id}".`, 'Give an event id (evt_…) or a seq number; `warden audit search` lists both.');
      return { event };
    },
  }),
  route({
    method: 'GET', path: '/audit/sessions/:session/trace', operationId: 'traceAuditSession', tag: 'audit', summary: 'Trace a session: its events in chain order shaped for reading, with a summary', permission: 'audit.read',
    params: z.object({ session: z.string().min(1).max(200) }).strict(), query: traceQuery,
    handler: async ({ services, params, query: q }) => {
      const events: AuditEvent[] = [];
      let after: number | undefined;
      while (events.length < TRACE_MAX) {
        const page = await services.audit.query({ sessionId: params.session, afterSeq: after, limit: Math.min(1000, TRACE_MAX - events.length), order: 'asc' });
        events.push(...page);
        if (page.length < 1000) break;
        after = page[page.length - 1]!.seq;
      }
      if (events.length === 0) throw notFound('audit.session_not_found', `No audit events for session "${params.session}".`, 'Session ids are in the sessionId of events: `warden audit search --agent NAME`.');
      const truncated = events.length === TRACE_MAX && (await services.audit.query({ sessionId: params.session, afterSeq: events[events.length - 1]!.seq, limit: 1 })).length > 0;

      // Control-plane changes to the session's agents while it ran (a quarantine, a revoked key) explain what follows them.
      const related: AuditEvent[] = [];
      if (q.admin !== 'false') {
        const agentIds = [...new Set(events.map((e) => e.agentId).filter((a): a is string => !!a))].slice(0, 20);
        const first = Math.min(...events.map((e) => e.ts));
        const last = Math.max(...events.map((e) => e.ts));
        for (const agentId of agentIds) related.push(...(await services.audit.query({ agentId, phase: 'admin', since: first, until: last + 1, limit: 200 })));
      }
      const doc = buildTrace(params.session, events, related, truncated);
      // Events carry agent ids; names make the summary readable.
      for (const a of doc.summary.agents) a.name ??= (await services.agents.find(a.id))?.name;
      return doc;
    },
  }),
];

export interface AuditStreamOptions {
  /** Comment lines keep proxies and idle timeouts from closing a quiet stream. */
  heartbeatMs?: number;
  /** How often each stream looks for events other instances committed. */
  pollMs?: number;
  /** Each open stream polls the store, so their number is bounded. */
  maxStreams?: number;
}

/**
 * GET /admin/v1/audit/stream: Server-Sent Events of committed audit events, for live tailing.
 * Replays from "after" (or the Last-Event-ID a reconnecting client sends) and then follows;
 * without either it starts at the head, after replaying the "last" N. Each message is
 * `id: SEQ`, `event: audit`, `data: EVENT-JSON`. Registered on Fastify directly (the admin
 * route table answers JSON), with the same token check, permission and audit of refusals.
 */
export function registerAuditStream(app: FastifyInstance, services: Services, opts: AuditStreamOptions = {}): void {
  const open = new Set<() => void>();
  const maxStreams = opts.maxStreams ?? 100;
  // Open streams would hold server.close() forever: end them as the server begins to close.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(`${ADMIN_PREFIX}/audit/stream`, async (req: FastifyRequest, reply) => {
    await authorizeAdmin(req, reply, services, 'audit.read', { id: 'streamAuditEvents', what: 'stream audit events' });
    const parsed = streamQuery.safeParse(req.query ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      const field = i.path.map(String).join('.') || '(root)';
      throw badRequest('request.invalid', `Invalid query: ${field}: ${i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message}.`);
    }
    const q = parsed.data;
    const lastEventId = req.headers['last-event-id'];
    const resume = typeof lastEventId === 'string' && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    if (open.size >= maxStreams) throw new WardenError('audit.too_many_streams', 503, `This instance already serves ${maxStreams} audit streams.`, { hint: 'Close idle `warden audit tail -f` sessions, or page with GET /audit/events.' });

    const filter = await toQuery(services, q);
    let after = q.after ?? resume;
    let backlog: AuditEvent[] = [];
    if (after === undefined) {
      after = await headSeq(services.audit);
      if (q.last) backlog = (await searchEvents(services.audit, filter, { afterSeq: after + 1, order: 'desc', limit: q.last })).events.reverse();
    }

    // From here the response is ours, not Fastify's: headers now, then messages as they come.
    reply.hijack();
    const res = reply.raw;
    // "connection: close": a stream owns its connection, and one ended on shutdown must not linger as keep-alive.
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'close', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');

    const write = (text: string) =>
      new Promise<void>((resolve) => {
        if (res.destroyed || res.writableEnded) return resolve();
        if (res.write(text)) return resolve();
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    const send = (e: AuditEvent) => write(`id: ${e.seq}\nevent: audit\ndata: ${JSON.stringify(e)}\n\n`);

    let stop = () => {};
    // A client that is not reading already knows the connection is busy; heartbeats would only pile up.
    const heartbeat = setInterval(() => res.writableNeedDrain || void write(': heartbeat\n\n'), opts.heartbeatMs ?? 15_000);
    const end = () => {
      if (!open.delete(end)) return;
      stop();
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    res.on('close', end);

    for (const e of backlog) await send(e);
    if (!open.has(end)) return;
    stop = followAudit(services.audit, {
      query: filter,
      afterSeq: after,
      deliver: send,
      pollMs: opts.pollMs,
      onError: (err) => {
        req.log.error({ err: { message: err.message } }, 'audit stream failed');
        void write(`event: error\ndata: ${JSON.stringify({ code: 'audit.stream_failed', message: 'Reading the audit log failed; reconnect with Last-Event-ID to resume.' })}\n\n`).then(end);
      },
    });
  });
}

/** The admin route table's token check and permission, for the one route outside it. */
