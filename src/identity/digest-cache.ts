/**
 * Remembers what a bearer-secret digest resolved to (a record, or nothing), so a busy credential
 * costs a Map lookup instead of a query. Misses are remembered briefly too, and the size is
 * bounded: the checksum in Warden's key format is public, so well-formed garbage is cheap to
 * make and must not grow memory without limit.
 */
export class DigestCache<T> {
  private entries = new Map<string, { value: T | null; freshUntil: number }>();

  constructor(private readonly opts: { hitTtlMs: number; missTtlMs: number; max: number }) {}

  async get(digest: string, now: number, load: () => Promise<T | undefined>): Promise<T | null> {
    const hit = this.entries.get(digest);
    if (hit && hit.freshUntil > now) return hit.value;
    const value = (await load()) ?? null;
    if (this.entries.size >= this.opts.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(digest, { value, freshUntil: now + (value === null ? this.opts.missTtlMs : this.opts.hitTtlMs) });
    return value;
  }

  /** Drops every entry whose value matches, e.g. a revoked credential. */
  forgetWhere(match: (value: T) => boolean): void {
    for (const [digest, e] of this.entries) if (e.value !== null && match(e.value)) this.entries.delete(digest);
  }

  clear(): void {
    this.entries.clear();
  }
}
