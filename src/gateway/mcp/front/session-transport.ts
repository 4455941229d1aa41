import {
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
  type Transport,
  type TransportSendOptions,
  type WebStandardStreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/server';

/**
 * The transport of one 2025-11-25 session: the SDK's streamable HTTP transport, plus a direct
 * way in for the exchange nearly every request is (one JSON-RPC request POSTed on an open
 * session, answered with one JSON body). That one is handed to the SDK server straight from the
 * front's parsed message, and its answer comes back as the message itself, so it needs no web
 * Request built from the Node request, no Response and no web stream to copy back out. Every
 * other exchange (initialize, GET streams, DELETE, batches, notifications, whatever the front
 * is unsure of) goes through the SDK transport as before; both feed the same SDK Server.
 *
 * The front checks before taking the direct way what the SDK transport would check: the
 * session is this one and open, the Accept header, the protocol version header (see
 * `acceptsVersion`); the message was validated as JSON-RPC by the front's parse.
 */
export class SessionTransport implements Transport {
  readonly web: WebStandardStreamableHTTPServerTransport;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  /** Requests taken the direct way, by JSON-RPC id, waiting for their answer. */
  private readonly direct = new Map<string | number, (answer: JSONRPCMessage | undefined) => void>();
  private versions: readonly string[] | undefined;
  private closed = false;

  constructor(options: WebStandardStreamableHTTPServerTransportOptions) {
    this.web = new WebStandardStreamableHTTPServerTransport(options);
    this.web.onmessage = (m, extra) => this.onmessage?.(m, extra);
    this.web.onerror = (e) => this.onerror?.(e);
    this.web.onclose = () => {
      this.closed = true;
      // Requests still waiting get no answer from this session: the front answers "session not found".
      for (const done of this.direct.values()) done(undefined);
      this.direct.clear();
      this.onclose?.();
    };
  }

  get sessionId(): string | undefined {
    return this.web.sessionId;
  }

  start(): Promise<void> {
    return this.web.start();
  }

  close(): Promise<void> {
    return this.web.close();
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.versions = versions;
    this.web.setSupportedProtocolVersions(versions);
  }

  /** What the SDK transport accepts in MCP-Protocol-Version (absent: the negotiated one). */
  acceptsVersion(header: string | undefined): boolean {
    return header === undefined || (this.versions?.includes(header) ?? false);
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    // The server's own messages: a response is told by its members (the SDK's predicates validate the whole message again).
    const response = !('method' in message) && ('result' in message || 'error' in message);
    const id = response ? message.id : options?.relatedRequestId;
    const done = id !== undefined ? this.direct.get(id) : undefined;
    if (!done) return this.web.send(message, options);
    // A JSON answer carries only the response: notifications about the request are dropped, as the SDK transport drops them in JSON mode.
    if (!response) return;
    this.direct.delete(id!);
    done(message);
  }

  /**
   * Hands one request to the server: `answer` resolves with its answer, or undefined when the
   * session closed first; `abandon()` (the caller went away) drops the answer when it comes.
   * Undefined at once (nothing dispatched) when this way cannot take it: the session is closed,
   * or a request with the same id is still open on this way.
   */
  dispatch(request: JSONRPCRequest, authInfo: AuthInfo): { answer: Promise<JSONRPCMessage | undefined>; abandon(): void } | undefined {
    if (this.closed || this.direct.has(request.id) || !this.onmessage) return undefined;
    const id = request.id;
    let done!: (answer: JSONRPCMessage | undefined) => void;
    const answer = new Promise<JSONRPCMessage | undefined>((resolve) => (done = resolve));
    this.direct.set(id, done);
    this.onmessage(request, { authInfo });
    return {
      answer,
      abandon: () => {
        if (this.direct.get(id) === done) this.direct.delete(id);
      },
    };
  }
}
