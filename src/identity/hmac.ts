import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stored form of a bearer secret: HMAC-SHA256 under a server-side pepper that lives in the vault. */
export class SecretHasher {
  constructor(private readonly pepper: Buffer) {}

  digest(secret: string): string {
    return createHmac('sha256', this.pepper).update(secret, 'utf8').digest('base64url');
  }

  /** Constant-time comparison of two digests produced by digest(). */
  static equal(a: string, b: string): boolean {
    const x = Buffer.from(a, 'base64url');
    const y = Buffer.from(b, 'base64url');
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
