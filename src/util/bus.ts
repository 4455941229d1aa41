/**
 * Control messages that must reach every Warden instance quickly: kill switch changes,
 * credential revocations, agent status changes, policy activations. In one process this is a direct call;
 * the scale-out mode carries the same messages over a broker, behind this interface.
 */
export type ControlMessage =
  | { kind: 'kill.changed' }
  | { kind: 'credential.changed'; credentialId: string; agentId: string }
  | { kind: 'agent.changed'; agentId: string }
  | { kind: 'admin_token.changed'; tokenId: string }
  | { kind: 'vault.changed'; secret?: string }
  | { kind: 'signing_keys.changed' }
  /** The active policy version or the shadow candidate changed: reload them from the store. */
  | { kind: 'policy.changed' }
  /** An approval was approved or denied: requests held waiting for it re-read it. */
  | { kind: 'approval.decided'; id: string }
  /** An MCP server's tool pins changed (approved, rejected, labelled): instances re-read them. */
  | { kind: 'mcp.tools.changed'; server: string };

export type ControlHandler = (m: ControlMessage) => void;

export interface ControlBus {
  publish(m: ControlMessage): Promise<void>;
  subscribe(h: ControlHandler): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements ControlBus {
  private handlers = new Set<ControlHandler>();

  async publish(m: ControlMessage): Promise<void> {
    for (const h of this.handlers) {
      try {
        h(m);
      } catch {
        // A failing subscriber must not stop the others from hearing a kill switch.
      }
    }
  }

  subscribe(h: ControlHandler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
