import type { WardenError } from '../../errors.js';

/**
 * The LLM side of the one pipeline speaks several wire formats; each has an adapter that only
 * translates (DESIGN.md: adapters never decide). The pipeline sees the same shapes whatever
 * the format: text parts with their source, the model asked for, the parameters, the tools the
 * agent offers, and on the way back output text, proposed tool calls and token usage.
 */
export type WireFormat = 'openai.chat' | 'openai.responses' | 'openai.embeddings' | 'anthropic.messages';

export type { BodyPath, TextPart } from '../inspect.js';
import type { TextPart } from '../inspect.js';

export interface ToolOffer {
  name: string;
  description: string;
}

export interface ParsedRequest {
  format: WireFormat;
  /** The model (alias) the agent asked for. */
  model: string;
  stream: boolean;
  /** Every text of the request: system prompt, user turns, assistant history (model_output), tool results (tool_result), tool call arguments in the history (tool_args), tool descriptions (tool_description). */
  parts: TextPart[];
  /** Parameters other than content (temperature, max_tokens, top_p, ...), for policy (`request.params`). */
  params: Record<string, unknown>;
  /** Tools the agent offers the model. */
  tools: ToolOffer[];
  /** The end user, from the body (`user`, `metadata.user_id`), when the agent says. */
  user: string | null;
  /** The parsed body, forwarded upstream with the model replaced and redactions applied. */
  body: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them (JSON text; may be partial while streaming). */
  arguments: string;
}

export interface Usage {
  input: number;
  output: number;
}

/** A complete (non-streamed) answer. */
export interface ParsedResponse {
  /** Output text parts (source model_output), with their paths in the response body. */
  parts: TextPart[];
  toolCalls: ToolCall[];
  usage: Usage;
}

export interface ToolCallFragment {
  index: number;
  id?: string | undefined;
  name?: string | undefined;
  arguments?: string | undefined;
}

/** What one upstream stream event adds. */
export interface StreamDelta {
  /** Output text added by this event. */
  text?: string;
  /** Tool call fragments (a chunk may carry several): `index` names the call; name and id come once, arguments in pieces. */
  toolCalls?: ToolCallFragment[];
  /** Usage, when the event carries it (cumulative for the response). */
  usage?: Partial<Usage>;
  /** The upstream said the answer is complete. */
  done?: boolean;
}

/** One server-sent event as it arrived (data is the raw text after "data:"). */
export interface SseEvent {
  event?: string | undefined;
  data: string;
}

/** Why a request is refused, as the adapter needs it to write the provider's own error shape. */
export interface Refusal {
  error: WardenError;
  /** The policy rule that refused, when one did. */
  rule?: string | undefined;
}

export interface LlmAdapter {
  format: WireFormat;
  /** The upstream path for this format (the provider's base URL is prefixed). */
  upstreamPath: string;
  /** Parses and checks a request body; throws a WardenError (400, request.invalid) naming the bad field. */
  parseRequest(body: unknown): ParsedRequest;
  /** Reads a complete upstream answer; throws a WardenError (502, upstream.bad_response) when it is not one. */
  parseResponse(body: unknown): ParsedResponse;
  /** Reads one stream event. */
  parseStreamEvent(event: SseEvent): StreamDelta;
  /** The provider's error body (and status) for a refusal, carrying Warden's code and the rule. */
  errorResponse(refusal: Refusal): { status: number; body: unknown };
  /** The provider's in-stream error event for a refusal mid-stream, as SSE text ready to write. */
  streamError(refusal: Refusal): string;
}

export { rewriteBody } from '../inspect.js';
