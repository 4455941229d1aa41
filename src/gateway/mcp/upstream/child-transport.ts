import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';

/**
 * The stdio transport to a spawned MCP server. Ours rather than the SDK's StdioClientTransport,
 * which always merges part of the parent's environment (HOME, PATH, USER, ...) into the child's
 * and inherits its stderr: here the child gets exactly the environment it is given, its stderr is
 * kept as a bounded tail (never streamed into Warden's log), and it runs in its own process group
 * so stopping it also stops whatever it started (an `npx` wrapper's node, a shell's children).
 *
 * It exposes `pid` and `stderr` like the SDK's, which is how the client recognises a stdio-shaped
 * transport during version negotiation (a silent probe then means a 2025-era server, not an
 * outage), and it probes in place: one process per connection, every one of them audited.
 */
export interface ChildSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string | undefined;
}

export interface ChildExit {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when close() asked it to stop. */
  requested: boolean;
}

export interface ChildTransportOptions {
  /** How long close() waits after closing stdin, then after SIGTERM, before the next step. */
  graceMs?: number;
  /** The most stderr kept, in bytes (the newest). */
  stderrTailBytes?: number;
  /** Largest single JSON-RPC message accepted from the child. */
  maxMessageBytes?: number;
  onSpawn?(pid: number): void;
  onExit?(exit: ChildExit): void;
}

const DEFAULT_GRACE_MS = 2_000;
const DEFAULT_TAIL_BYTES = 8 * 1024;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const EXIT_DRAIN_MS = 250;

export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private child: ChildProcess | undefined;
  private readonly buffer: ReadBuffer;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private stopRequested = false;
  private exitedUnasked = false;
  private closedOnce = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: ChildSpec,
    private readonly opts: ChildTransportOptions = {},
  ) {
    this.buffer = new ReadBuffer({ maxBufferSize: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Not streamed anywhere: see stderrTail(). Present so the client classifies this transport as stdio. */
  get stderr(): Readable | null {
    return null;
  }

  /** True once the child has exited without close() asking it to. */
  get exitedOnItsOwn(): boolean {
    return this.exitedUnasked;
  }

  /** The last few KB the child wrote to stderr (for diagnostics at debug level; may hold anything the child printed). */
  stderrTail(): string {
    return Buffer.concat(this.tail).toString('utf8');
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('the MCP server process is already started');
    const child = spawn(this.spec.command, this.spec.args, {
      env: this.spec.env,
      cwd: this.spec.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      // Its own process group, so close() can signal everything the server started.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.child = child;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(e));
      });
    } catch (e) {
      // Never started (no such command, cwd missing): nothing to stop later.
      this.child = undefined;
      this.exited = Promise.resolve();
      throw e;
    }
    const pid = child.pid!;
    this.opts.onSpawn?.(pid);
    child.on('error', (e) => this.onerror?.(e));
    child.stdin!.on('error', (e) => this.onerror?.(e));
    child.stdout!.on('error', (e) => this.onerror?.(e));
    child.stderr!.on('error', () => undefined);
    child.stdout!.on('data', (chunk: Buffer) => {
      try {
        this.buffer.append(chunk);
      } catch (e) {
        // A message over the limit: the stream cannot be resynchronised, so the connection ends.
        this.onerror?.(e as Error);
        void this.close();
        return;
      }
      this.drain();
    });
    child.stderr!.on('data', (chunk: Buffer) => this.keepTail(chunk));
    child.once('exit', (code, signal) => {
      // Whatever the server started dies with it: a group outliving its leader is orphans.
      this.signal(child, 'SIGKILL');
      this.exitedUnasked = !this.stopRequested;
      this.opts.onExit?.({ pid, code, signal, requested: this.stopRequested });
      // Its last answers may still be in the pipe: end once stdout has drained ('close'), or shortly
      // after in case something outside the group still holds the pipe open.
      const t = setTimeout(() => this.finish(), EXIT_DRAIN_MS);
      t.unref();
    });
    child.once('close', () => this.finish());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || !stdin.writable) throw new Error('the MCP server process is not running');
    const line = serializeMessage(message);
    await new Promise<void>((resolve, reject) => {
      stdin.write(line, (e) => (e ? reject(e) : resolve()));
    });
  }

  /** Stops the child: stdin closed, then SIGTERM to its group, then SIGKILL; resolves once it has exited. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.finish();
    this.stopRequested = true;
    const grace = this.opts.graceMs ?? DEFAULT_GRACE_MS;
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    if (!(await this.exitedWithin(grace))) {
      this.signal(child, 'SIGTERM');
      if (!(await this.exitedWithin(grace))) {
        this.signal(child, 'SIGKILL');
        await this.exited;
      }
    }
    this.finish();
  }

  private drain(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (e) {
        // One unparseable line (a stray log on stdout) is reported, not fatal.
        this.onerror?.(e as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  private keepTail(chunk: Buffer): void {
    const max = this.opts.stderrTailBytes ?? DEFAULT_TAIL_BYTES;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > max && this.tail.length > 0) {
      const first = this.tail[0]!;
      const over = this.tailBytes - max;
      if (first.length <= over) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(over);
        this.tailBytes -= over;
      }
    }
  }

  private signal(child: ChildProcess, sig: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
      if (process.platform !== 'win32') process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // gone already
    }
  }

  private exitedWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      t.unref();
      void this.exited.then(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  private finish(): void {
    if (this.closedOnce) return;
    this.closedOnce = true;
    this.buffer.clear();
    this.onclose?.();
  }
}
