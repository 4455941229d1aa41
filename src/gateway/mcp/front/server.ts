import { CLIENT_CAPABILITIES_META_KEY, inputRequired, inputResponse, Server, type ServerContext } from '@modelcontextprotocol/server';
import { digestOf } from '../../../approvals/digest.js';
import { WardenError } from '../../../errors.js';
import type { Principal } from '../../../identity/authenticate.js';
import type { Clock } from '../../../util/clock.js';
import { VERSION } from '../../../version.js';
import type { McpCaller, McpCore, McpOutcome, PendingApproval, ToolResult } from '../types.js';
import { approvalPendingError, protocolError } from './errors.js';
import type { RequestStates } from './request-state.js';

/**
 * The MCP server instances agents talk to: the low-level SDK `Server` (the tool list is dynamic
 * per agent and upstream JSON schemas pass through untouched, which the high-level McpServer
 * would re-validate), with every request handed to the one pipeline (McpCore). One instance
 * per 2025-11-25 session, one per 2026-07-28 request; the HTTP layer resolves who is calling
 * for every HTTP request and hands it over as the SDK's AuthInfo, so a session's instance always
 * acts for the credential that made the current request.
 */

/** What the HTTP layer resolved for one request (carried in AuthInfo.extra; never the bearer itself). */
export interface RequestIdentity {
  principal: Principal;
  user: string;
  app: string;
  /** 2026-07-28: x-warden-session, else the traceparent's trace id, else ''. */
  session: string;
  /** Where this Warden is reached (public_url, else the request's origin), for approval links. */
  base: string;
}

export const IDENTITY_KEY = 'warden.identity';

/** The `_meta` key an agent names an approval id in when it retries a held call. */
export const APPROVAL_META_KEY = 'warden/approval';

/** The key of the one input request a held call asks for (2026-07-28). */
const APPROVAL_INPUT = 'warden_approval';

export interface ServerDeps {
  core: McpCore;
  states: RequestStates;
  clock: Clock;
  /** 2025-11-25: how long a held call waits for a decision before it is answered with the approval id. */
  holdMs: number;
  /** The page where a person decides an approval. */
  approvalUrl(base: string, approvalId: string): string;
}

/** What a credential binds a session or a request state to: the key itself, or for tokens (re-issued every few minutes) the agent's user. */
export function credentialBinding(p: Principal): string {
  return p.credential.kind === 'virtual_key' ? `key:${p.credential.id}` : `token:${p.user ?? ''}`;
}

export function buildMcpServer(deps: ServerDeps, era: McpCaller['era']): Server {
  const server = new Server(
    { name: 'warden', title: 'Warden MCP gateway', version: VERSION },
    {
      capabilities: { tools: { listChanged: true }, prompts: {}, resources: {} },
      instructions: 'Tools of the MCP servers behind Warden, named server__tool. Every call is checked against policy and recorded.',
    },
  );
  const { core } = deps;

  const callerOf = (ctx: ServerContext): McpCaller => {
    const id = ctx.http?.authInfo?.extra?.[IDENTITY_KEY] as RequestIdentity | undefined;
    // Fail closed: an instance reached without the HTTP layer's identity serves nothing.
    if (!id) throw protocolError(new WardenError('internal.no_identity', 500, 'The request reached the MCP server without an identity.'));
    return {
      principal: id.principal,
      session: era === 'legacy' ? (ctx.sessionId ?? '') : id.session,
      era,
      protocolVersion: server.getNegotiatedProtocolVersion() ?? '',
      user: id.user,
      app: id.app,
    };
  };

  const value = <T>(o: McpOutcome<T>): T => {
    if (o.kind === 'ok') return o.value;
    if (o.kind === 'error') throw protocolError(o.error);
    throw protocolError(approvalPendingError(o.approval, `call again with params._meta["${APPROVAL_META_KEY}"] = "${o.approval.id}"`));
  };

  server.setRequestHandler('tools/list', async (_req, ctx) => ({ tools: value(await core.listTools(callerOf(ctx))) as never }));
  server.setRequestHandler('prompts/list', async (_req, ctx) => ({ prompts: value(await core.listPrompts(callerOf(ctx))) }));
  server.setRequestHandler('prompts/get', async (req, ctx) => value(await core.getPrompt(callerOf(ctx), req.params.name, req.params.arguments ?? {})) as never);
  server.setRequestHandler('resources/list', async (_req, ctx) => ({ resources: value(await core.listResources(callerOf(ctx))) }));
  // Upstream templates are not exposed (their URIs could not be resolved to one server); an empty list, not "method not found".
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates: [] }));
  server.setRequestHandler('resources/read', async (req, ctx) => value(await core.readResource(callerOf(ctx), req.params.uri)) as never);

  server.setRequestHandler('tools/call', async (req, ctx) => {
    const caller = callerOf(ctx);
    const name = req.params.name;
    const args = (req.params.arguments ?? {}) as Record<string, unknown>;
    const presented = ctx.mcpReq._meta?.[APPROVAL_META_KEY];
    const approvalId = typeof presented === 'string' && presented.length > 0 ? presented.slice(0, 200) : undefined;
    const signal = ctx.mcpReq.signal;
    const done = (r: ToolResult) => server.projectCallToolResult(r as never, undefined);

    if (era === 'legacy') {
      // 2025-11-25 has no way to ask for input mid-call that fits a person deciding elsewhere:
      // the call is held open for a while, then answered with the approval id to retry with.
      const o = await core.callTool(caller, name, args, { signal, holdMs: deps.holdMs, ...(approvalId ? { approvalId } : {}) });
      return done(value(o));
    }

    // 2026-07-28: a held call answers input_required; the retry carries the sealed state back.
    const identity = ctx.http!.authInfo!.extra![IDENTITY_KEY] as RequestIdentity;
    const expected = { agentId: caller.principal.agent.id, binding: credentialBinding(caller.principal), tool: name, argsDigest: digestOf({ tool: name, arguments: args }) };
    const raw = ctx.mcpReq.requestState<unknown>();
    let stateApproval: string | undefined;
    if (raw !== undefined) {
      if (typeof raw !== 'string') throw protocolError(new WardenError('mcp.request_state_invalid', 400, 'The requestState is not a string.', { hint: 'Send back the requestState exactly as Warden returned it.' }));
      const state = await deps.states.verify(raw, expected).catch((e: unknown) => {
        throw e instanceof WardenError ? protocolError(e) : e;
      });
      stateApproval = state.approvalId;
      const answer = inputResponse(ctx.mcpReq.inputResponses, APPROVAL_INPUT);
      if (answer.kind === 'elicit' && answer.action !== 'accept') {
        // The person at the client said no (or closed the prompt): the approval stays open for an approver.
        throw protocolError(approvalPendingError({ id: state.approvalId, expiresAt: state.exp, message: 'the client declined to wait for it' }, `call again with params._meta["${APPROVAL_META_KEY}"] = "${state.approvalId}"`));
      }
    }
    const used = stateApproval ?? approvalId;
    const o = await core.callTool(caller, name, args, { signal, ...(used ? { approvalId: used } : {}) });
    if (o.kind === 'ok') return done(o.value);
    let pending: PendingApproval;
    if (o.kind === 'approval') pending = o.approval;
    else if (o.error.code === 'approval.pending' && used) {
      // Retried before anyone decided: ask again for the same approval.
      const d = o.error.details ?? {};
      pending = { id: used, expiresAt: typeof d.expiresAt === 'number' ? d.expiresAt : deps.clock.now() + 60_000, message: '' };
    } else throw protocolError(o.error);
    const caps = ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY as never] as { elicitation?: { url?: unknown } } | undefined;
    if (!caps?.elicitation?.url) {
      // A client that cannot show a link gets the approval id to retry with, as a 2025-era client does.
      throw protocolError(approvalPendingError(pending, `call again with params._meta["${APPROVAL_META_KEY}"] = "${pending.id}"`));
    }
    const requestState = await deps.states.mint({ approvalId: pending.id, exp: pending.expiresAt, ...expected });
    return inputRequired({
      inputRequests: {
        [APPROVAL_INPUT]: inputRequired.elicitUrl({
          message: `Warden holds this call to ${name} for a person's approval${pending.message ? ` (${pending.message.replace(/[.\s]+$/, '')})` : ''}. An approver decides approval ${pending.id} at this link; answer once it is decided.`,
          url: deps.approvalUrl(identity.base, pending.id),
        }),
      },
      requestState,
    });
  });

  return server;
}
