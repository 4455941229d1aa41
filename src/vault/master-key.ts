import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { WardenError } from '../errors.js';

export const MASTER_KEY_BYTES = 32;
const KID_DOMAIN = 'warden.vault.v1 kid\0';
const CHECK_DOMAIN = 'warden.vault.v1 check';

/** Where the keyring came from. Rotation by Warden itself is possible only for the file-based ones. */
export type KeySource = 'env' | 'file' | 'generated' | 'datadir';

/** Key id: public, derived from the key so the same key always gets the same id on every instance. */
export function kidOf(key: Buffer): string {
  return createHash('sha256').update(KID_DOMAIN).update(key).digest('hex').slice(0, 16);
}

/**
 * The master keys, primary (the one that wraps new data keys) first. The key bytes sit in a
 * private field and the object prints and serialises as its kids only, so a stray log line
 * or JSON.stringify cannot leak them.
 */
export class Keyring {
  readonly #keys: Map<string, Buffer>;
  readonly primaryKid: string;

  private constructor(keys: Map<string, Buffer>) {
    this.#keys = keys;
    const first = keys.keys().next();
    if (first.done) throw new WardenError('vault.master_key_invalid', 500, 'The vault keyring needs at least one master key.');
    this.primaryKid = first.value;
  }

  /** Keys primary first; duplicates are dropped (the first occurrence keeps its position). */
  static of(keys: readonly Buffer[]): Keyring {
    const map = new Map<string, Buffer>();
    for (const k of keys) {
      if (k.length !== MASTER_KEY_BYTES) throw new WardenError('vault.master_key_invalid', 500, `A vault master key must be ${MASTER_KEY_BYTES} bytes.`);
      const kid = kidOf(k);
      if (!map.has(kid)) map.set(kid, Buffer.from(k));
    }
    return new Keyring(map);
  }

  static generate(): Keyring {
    return Keyring.of([generateMasterKey()]);
  }

  kids(): string[] {
    return [...this.#keys.keys()];
  }

  has(kid: string): boolean {
    return this.#keys.has(kid);
  }

  /** Raw key bytes, for envelope.ts only. Never log or return these. */
  keyFor(kid: string): Buffer | undefined {
    return this.#keys.get(kid);
  }

  /** HMAC of a constant: lets a database remember which key a kid stood for without storing the key. */
  checkValue(kid: string): string | undefined {
    const key = this.#keys.get(kid);
    return key && createHmac('sha256', key).update(CHECK_DOMAIN).digest('hex');
  }

  matchesCheckValue(kid: string, stored: string): boolean {
    const mine = this.checkValue(kid);
    if (!mine || stored.length !== mine.length) return false;
    return timingSafeEqual(Buffer.from(mine), Buffer.from(stored));
  }

  /** A new keyring with `key` as primary and this keyring's keys after it. */
  withPrimary(key: Buffer): Keyring {
    return Keyring.of([key, ...this.#keys.values()]);
  }

  /** A new keyring: the other keyring's keys first (it is the fresher source), then any of ours it lacks. */
  mergedWith(other: Keyring): Keyring {
    return Keyring.of([...other.#keys.values(), ...this.#keys.values()]);
  }

  /** For writing a key file: encoded keys, primary first. */
  encodedKeys(): string[] {
    return [...this.#keys.values()].map((k) => k.toString('base64'));
  }

  toJSON(): { primaryKid: string; kids: string[] } {
    return { primaryKid: this.primaryKid, kids: this.kids() };
  }

  [inspect.custom](): string {
    return `Keyring { primary: ${this.primaryKid}, kids: [${this.kids().join(', ')}] }`;
  }
}

export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const B64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** Decodes one key (hex or base64/base64url of 32 bytes). `where` names the entry; the value is never echoed. */
export function parseMasterKey(text: string, where: string): Buffer {
  const s = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(s)) key = Buffer.from(s, 'hex');
  else if (B64_KEY.test(s)) key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== MASTER_KEY_BYTES) {
    throw new WardenError('vault.master_key_invalid', 500, `${where} is not a valid vault master key.`, {
      hint: 'A master key is 32 random bytes, written as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`.',
    });
  }
  return key;
}

export function parseKeyList(text: string, sourceName: string): Keyring {
  const entries = text.split(',').map((s) => s.trim());
  if (entries.every((e) => e === '')) {
    throw new WardenError('vault.master_key_invalid', 500, `${sourceName} is empty.`, { hint: 'Set it to one or more base64 or hex keys, primary first, separated by commas.' });
  }
  return Keyring.of(entries.map((e, i) => parseMasterKey(e, `${sourceName} entry ${i + 1}`)));
}

/** Refuses a key file that anyone but its owner can read: the master key guards every secret. */
function checkPermissions(file: string): void {
  if (process.platform === 'win32') return; // POSIX modes do not describe Windows ACLs.
  const mode = statSync(file).mode;
  if ((mode & 0o077) !== 0) {
    throw new WardenError('vault.master_key_permissions', 500, `The vault master key file ${file} is readable or writable by group or others (mode ${(mode & 0o777).toString(8)}).`, {
      hint: `chmod 600 ${file}`,
    });
  }
}

/** Reads a key file: one key per line, primary first; `#` starts a comment. */
export function readKeyFile(file: string): Keyring {
  let text: string;
  try {
    checkPermissions(file);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof WardenError) throw e;
    throw new WardenError('vault.master_key_unreadable', 500, `Cannot read the vault master key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`, {
      hint: 'Check that the file exists and that Warden may read it.',
    });
  }
  const keys: Buffer[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line) keys.push(parseMasterKey(line, `line ${i + 1} of ${file}`));
  });
  if (keys.length === 0) {
    throw new WardenError('vault.master_key_invalid', 500, `The vault master key file ${file} contains no key.`, {
      hint: 'Put one base64 or hex key per line, primary first.',
    });
  }
  return Keyring.of(keys);
}

function keyFileText(keyring: Keyring): string {
  return `# Warden vault master keys: primary first. Keep this file secret and backed up.\n${keyring.encodedKeys().join('\n')}\n`;
}

function writeTemp(file: string, text: string): string {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory; the rename itself is still atomic.
  }
}

/** Replaces the key file atomically (temp file, fsync, rename), mode 0600. */
export function writeKeyFile(file: string, keyring: Keyring): void {
  const tmp = writeTemp(file, keyFileText(keyring));
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  syncDir(path.dirname(file));
}

/**
 * Creates the key file only if it does not exist yet. link() fails when the target exists, so two
 * instances starting together on one data directory agree on a single key (first writer wins).
 * Returns false when another writer got there first.
 */
function createKeyFileExclusive(file: string, keyring: Keyring): boolean {
  const tmp = writeTemp(file, keyFileText(keyring));
  try {
    linkSync(tmp, file);
    syncDir(path.dirname(file));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

export interface LoadKeyringOptions {
  dataDir: string;
  /** Config `vault.master_key_file` (already resolved against the config file's directory). */
  masterKeyFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedKeyring {
  keyring: Keyring;
  source: KeySource;
  /** The key file, for the file-based sources. */
  file?: string;
  /** For the caller to log; never contains key material. */
  warnings: string[];
}

export const DEFAULT_KEY_FILE = 'master.key';

/**
 * Finds the master keyring: WARDEN_MASTER_KEY, then WARDEN_MASTER_KEY_FILE or the configured
 * file, then <dataDir>/master.key, which is generated on first start.
 */
export function loadMasterKeyring(opts: LoadKeyringOptions): LoadedKeyring {
  const env = opts.env ?? process.env;
  const fromEnv = env.WARDEN_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    return { keyring: parseKeyList(fromEnv, 'WARDEN_MASTER_KEY'), source: 'env', warnings: [] };
  }
  const configured = env.WARDEN_MASTER_KEY_FILE || opts.masterKeyFile;
  if (configured) {
    const file = path.resolve(configured);
    return { keyring: readKeyFile(file), source: 'file', file, warnings: [] };
  }
  const file = path.resolve(opts.dataDir, DEFAULT_KEY_FILE);
  if (existsSync(file)) return { keyring: readKeyFile(file), source: 'datadir', file, warnings: [] };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = Keyring.generate();
  if (createKeyFileExclusive(file, fresh)) {
    return {
      keyring: fresh,
      source: 'generated',
      file,
      warnings: [
        `Generated a new vault master key in ${file} (kid ${fresh.primaryKid}). Back this file up: without it the vault cannot be decrypted. ` +
          'In production supply the key through WARDEN_MASTER_KEY or vault.master_key_file instead.',
      ],
    };
  }
  return { keyring: readKeyFile(file), source: 'datadir', file, warnings: [] };
}
