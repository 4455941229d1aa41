import { EventEmitter } from 'node:events';

/**
 * Cancelling one exchange with a provider: the agent left, a stream was denied midway, or the
 * provider's time limit passed. undici accepts any EventEmitter with `aborted` and `reason` as
 * a request's signal; these cost a fraction of an AbortController, an AbortSignal.timeout and
 * the AbortSignal.any joining them, which every request used to build (tens of µs of CPU).
 */
export class Cancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Aborts once (later calls do nothing); `reason` is what a pending upstream call rejects with. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/**
 * One attempt at a provider: aborted with the request (`parent`), or with a TimeoutError once
 * `ms` have passed since it began, headers and body together. end() releases its timer and its
 * hold on the parent.
 */
export class Attempt extends Cancel {
  private readonly timer: NodeJS.Timeout;
  private readonly onParent = () => this.abort(this.parent.reason);

  constructor(
    private readonly parent: Cancel,
    ms: number,
  ) {
    super();
    if (parent.aborted) this.abort(parent.reason);
    else parent.once('abort', this.onParent);
    this.timer = setTimeout(() => this.abort(new DOMException(`The provider did not finish within ${ms} ms.`, 'TimeoutError')), ms);
    this.timer.unref();
  }

  /** Whether the time limit (not the request) ended it. */
  get timedOut(): boolean {
    return this.aborted && (this.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
  }

  end(): void {
    clearTimeout(this.timer);
    this.parent.removeListener('abort', this.onParent);
  }
}
