import { ProtocolError } from '@modelcontextprotocol/server';
import { WardenError } from '../../../errors.js';
import type { PendingApproval } from '../types.js';

/**
 * How Warden's refusals reach an MCP agent: as JSON-RPC errors, never as a tool's own
 * `isError` result (a model would read that as the tool's answer and try to work around it).
 *
 * JSON-RPC error codes (the reserved -32000..-32099 range is "implementation-defined server
 * errors"; -32001, -32002, -32020..-32022 and -32042 are taken by the SDK and the spec, so
 * Warden's own sit beside them):
 *
 *   code     meaning                                    Warden codes (data.code)
 *   -32700   parse error: the body is not JSON (or not   mcp.parse_error
 *            UTF-8, or empty)
 *   -32600   invalid request: not a JSON-RPC 2.0         mcp.invalid_request, request.too_deep
 *            message, or nested too deep
 *   -32601   method not found (answered by the SDK)      -
 *   -32602   invalid params: no such tool, prompt or     mcp.unknown_tool, mcp.unknown_prompt, mcp.unknown_resource,
 *            resource; a bad requestState; other 4xx     mcp.request_state_invalid, mcp.request_state_expired,
 *                                                        mcp.request_state_mismatch, approval.not_found
 *   -32603   internal error: upstream or Warden failed   mcp.upstream_error, mcp.upstream_unavailable, internal.*
 *   -32000   transport-level refusal, answered with the  auth.* (401, with WWW-Authenticate; 403 for a killed or
 *            HTTP status that fits, before any MCP       quarantined agent), mcp.origin_refused (403),
 *            server instance sees the message (the SDK   mcp.too_large (413), mcp.unsupported_media_type (415),
 *            uses -32000 the same way)                   mcp.session_required (400), mcp.method_not_allowed (405),
 *                                                        mcp.too_many_sessions, mcp.too_many_streams (503)
 *   -32001   session not found (the SDK's code): an      mcp.session_not_found (404)
 *            unknown, expired, closed or foreign session
 *   -32003   forbidden: policy, an administrator or the  policy.denied, mcp.tool_quarantined, mcp.tool_rejected,
 *            approval's state refuses this call;         approval.denied, approval.used, approval.mismatch,
 *            retrying the same way will not help         approval.expired, mcp.request_state_foreign, key.scope_denied
 *   -32004   approval required: a person must decide;    policy.approval_required, approval.pending
 *            data.approval_id names the approval; retry
 *            with params._meta["warden/approval"] once approved
 *   -32005   rate limited: a quota is exhausted (429)    quota.*
 *   -32020   Mcp-Method / Mcp-Name header disagrees      (answered by the SDK, as 2026-07-28 prescribes; HTTP 400)
 *            with the body
 *
 * `data` always carries Warden's stable `code` and, where there is one, the `hint`, the
 * policy `rule`, the `approval_id` and when it expires; never a secret or the request's content.
 */
export const JSONRPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  TRANSPORT: -32000,
  SESSION_NOT_FOUND: -32001,
  FORBIDDEN: -32003,
  APPROVAL_REQUIRED: -32004,
  RATE_LIMITED: -32005,
} as const;

/** The Warden codes that mean "a person has not decided yet", not "refused". */
const APPROVAL_PENDING = new Set(['policy.approval_required', 'approval.pending']);

/** What an agent sees of a WardenError: the stable code, the hint, the rule and approval when known. */
export interface ErrorData {
  code: string;
  hint?: string;
  rule?: string;
  approval_id?: string;
  expires_at?: string;
}

export function jsonRpcCodeOf(e: WardenError): number {
  if (APPROVAL_PENDING.has(e.code)) return JSONRPC.APPROVAL_REQUIRED;
  if (e.status === 429) return JSONRPC.RATE_LIMITED;
  if (e.status >= 500) return JSONRPC.INTERNAL_ERROR;
  if (e.status === 401 || e.status === 403) return JSONRPC.FORBIDDEN;
  return JSONRPC.INVALID_PARAMS;
}

export function errorData(e: WardenError): ErrorData {
  const d = e.details ?? {};
  const out: ErrorData = { code: e.code };
  if (e.hint) out.hint = e.hint;
  if (typeof d.rule === 'string' && d.rule) out.rule = d.rule;
  if (typeof d.approvalId === 'string') out.approval_id = d.approvalId;
  if (typeof d.expiresAt === 'number') out.expires_at = new Date(d.expiresAt).toISOString();
  return out;
}

/** A WardenError as the error a request handler throws; the SDK turns it into the JSON-RPC error. */
export function protocolError(e: WardenError): ProtocolError {
  return new ProtocolError(jsonRpcCodeOf(e), e.message, errorData(e));
}

/** The error a held call ends with when no decision came in time (or the client cannot be asked). */
export function approvalPendingError(a: PendingApproval, how: string): WardenError {
  return new WardenError(
    'policy.approval_required',
    403,
    `This call needs a person's approval${a.message ? `: ${a.message.replace(/[.\s]+$/, '')}` : ''}. Approval ${a.id} is waiting for a decision.`,
    {
      hint: `An approver decides it (\`warden approvals approve ${a.id}\`); then ${how}. It expires at ${new Date(a.expiresAt).toISOString()}.`,
      details: { approvalId: a.id, expiresAt: a.expiresAt, ...(a.rule ? { rule: a.rule } : {}) },
    },
  );
}

/** A JSON-RPC error response body for refusals answered before any MCP server instance sees the message. */
export function jsonRpcErrorBody(code: number, e: WardenError, id: string | number | null = null) {
  return { jsonrpc: '2.0' as const, id, error: { code, message: e.message, data: errorData(e) } };
}
