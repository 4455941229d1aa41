import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type RequestStateCodec } from '@modelcontextprotocol/server';
import { WardenError } from '../../../errors.js';
import type { Clock } from '../../../util/clock.js';

/**
 * The 2026-07-28 `requestState` of a held tool call. It round-trips through the agent, so it is
 * attacker-controlled on the way back: sealed with HMAC-SHA256 under a key only Warden holds
 * (the SDK's codec: constant-time verification, expiry), and bound to the approval, the agent,
 * the credential, the tool and the digest of the arguments. A state for anything else is refused
 * with the reason named. Replay is not this state's job: the approval it names is single use,
 * and the pipeline consumes it when the call runs.
 */
export interface ApprovalState {
  approvalId: string;
  agentId: string;
  /** What the credential binds: see credentialBinding(). */
  binding: string;
  /** The tool as the agent named it (server__tool). */
  tool: string;
  /** digestOf({tool, arguments}) as the agent sent them. */
  argsDigest: string;
  /** When the approval expires (epoch ms). */
  exp: number;
}

/** The vault's system secret the states are sealed with (shared by every instance on one store). */
export const REQUEST_STATE_SECRET = 'mcp-request-state';

export interface KeySource {
  systemSecret(name: string, create: () => Buffer): Promise<Buffer>;
}

const invalid = (code: string, message: string, hint: string) => new WardenError(code, 400, message, { hint });
const ASK_AGAIN = 'Call the tool again without requestState to ask for a new approval.';

export class RequestStates {
  private codec: Promise<RequestStateCodec<ApprovalState>> | undefined;

  /** `ttlMs`: how long a state is honoured at most (the approvals' own time to live). */
  constructor(
    private readonly keys: KeySource,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async mint(s: ApprovalState): Promise<string> {
    return (await this.sealer()).mint(s);
  }

  /** The state's payload when it is Warden's, unexpired and for exactly this call; else a clear refusal. */
  async verify(state: string, expected: Pick<ApprovalState, 'agentId' | 'binding' | 'tool' | 'argsDigest'>): Promise<ApprovalState> {
    let s: ApprovalState;
    try {
      s = await (await this.sealer()).verify(state, undefined as never);
    } catch (e) {
      // The codec's reasons are fixed words ('malformed', 'mac', 'expired'); nothing of the state is echoed.
      if ((e as Error).message === 'expired') throw invalid('mcp.request_state_expired', 'The requestState has expired.', ASK_AGAIN);
      throw invalid('mcp.request_state_invalid', 'The requestState was not issued by this Warden, or was altered.', 'Send back the requestState exactly as Warden returned it, or call the tool again without it.');
    }
    if (typeof s !== 'object' || s === null || typeof s.approvalId !== 'string' || typeof s.exp !== 'number') {
      throw invalid('mcp.request_state_invalid', 'The requestState does not hold an approval.', ASK_AGAIN);
    }
    if (s.exp <= this.clock.now()) throw invalid('mcp.request_state_expired', `The requestState's approval ${s.approvalId} has expired.`, ASK_AGAIN);
    if (s.agentId !== expected.agentId || s.binding !== expected.binding) {
      throw new WardenError('mcp.request_state_foreign', 403, 'The requestState was issued to another agent or credential.', { hint: 'A requestState is only valid for the agent and credential it was issued to.' });
    }
    if (s.tool !== expected.tool || s.argsDigest !== expected.argsDigest) {
      throw invalid('mcp.request_state_mismatch', `The requestState is for another tool call: approval ${s.approvalId} covers one tool with exactly the arguments it was asked for.`, ASK_AGAIN);
    }
    return s;
  }

  private sealer(): Promise<RequestStateCodec<ApprovalState>> {
    this.codec ??= this.keys
      .systemSecret(REQUEST_STATE_SECRET, () => randomBytes(32))
      .then((key) => createRequestStateCodec<ApprovalState>({ key: new Uint8Array(key), ttlSeconds: Math.max(1, Math.ceil(this.ttlMs / 1000)) }))
      .catch((e: unknown) => {
        // A vault hiccup must not be cached: the next call tries again.
        this.codec = undefined;
        throw e;
      });
    return this.codec;
  }
}
