import { awsSecretShape, isPlaceholderPassword } from './structured.js';
import { RANK, type RawHit, type Scanner, type SecretFormatInfo } from './types.js';
import { charMix, isAlnum, isHexString, looksRandom, shannon } from './value.js';

/**
 * Values assigned to a name that says "secret": `password=…`, `"api_key": "…"`, `TOKEN: …`,
 * `--password …`, `<password>…</password>`. The name decides two things:
 *
 * - provider formats that have no prefix of their own and are only recognisable by where they
 *   are put (an Azure OpenAI key is 32 hex digits, as is half the internet): `context` formats;
 * - otherwise the generic rule, which needs a value whose entropy and mix of characters look
 *   like a credential and which is not a placeholder, a variable reference, a path or a word.
 */

export const ASSIGNMENT_FORMATS: readonly SecretFormatInfo[] = [
  { id: 'azure_openai_key', provider: 'azure', description: 'Azure OpenAI / AI services key (32 hex or 84 characters) assigned to an Azure OpenAI name', severity: 'high', validation: 'context' },
  { id: 'datadog_api_key', provider: 'datadog', description: 'Datadog API key (32 hex) assigned to a Datadog name', severity: 'high', validation: 'context' },
  { id: 'datadog_app_key', provider: 'datadog', description: 'Datadog application key (40 hex) assigned to a Datadog name', severity: 'high', validation: 'context' },
  { id: 'cloudflare_api_token', provider: 'cloudflare', description: 'Cloudflare API token (40 characters) or global API key (37 hex) assigned to a Cloudflare name', severity: 'high', validation: 'context' },
  { id: 'mistral_api_key', provider: 'mistral', description: 'Mistral API key (32 alphanumerics) assigned to a Mistral name', severity: 'high', validation: 'context' },
  { id: 'cohere_api_key', provider: 'cohere', description: 'Cohere API key (40 alphanumerics) assigned to a Cohere name', severity: 'high', validation: 'context' },
  { id: 'twilio_auth_token', provider: 'twilio', description: 'Twilio auth token (32 hex) assigned to a Twilio name', severity: 'high', validation: 'context' },
  { id: 'mailgun_signing_key', provider: 'mailgun', description: 'Mailgun key in the newer 32-8-8 hex shape assigned to a Mailgun name', severity: 'high', validation: 'context' },
  { id: 'generic_secret', provider: 'generic', description: 'High-entropy value assigned to a password, secret, token or key name', severity: 'medium', validation: 'entropy' },
];

type Strength = 'password' | 'strong' | 'weak';

const PASSWORD_PARTS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'pw', 'passcode', 'pword']);
const STRONG_PARTS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'cred', 'creds', 'authorization', 'pat', 'accesskey', 'secretkey',
  'privatekey', 'clientsecret', 'apitoken', 'authtoken', 'accesstoken', 'refreshtoken', 'bearertoken', 'sessiontoken', 'signingkey',
  'encryptionkey', 'masterkey', 'apisecret', 'appsecret', 'authkey',
]);
/** Words before `key` that make it a credential (`api key`, `secret key`), unlike `sort key` or `cache key`. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'client', 'app', 'master', 'signing', 'encryption', 'service', 'admin', 'account',
  'subscription', 'license', 'licence', 'webhook', 'auth', 'storage', 'shared', 'consumer', 'x', 'dev', 'prod', 'live', 'ingest',
]);
/** A last word that turns the name into metadata about a secret, not the secret. */
const METADATA_LAST = new Set([
  'id', 'ids', 'name', 'names', 'type', 'types', 'path', 'paths', 'file', 'filename', 'files', 'dir', 'url', 'uri', 'endpoint',
  'host', 'length', 'len', 'size', 'count', 'max', 'min', 'limit', 'header', 'headers', 'field', 'fields', 'prefix', 'suffix',
  'env', 'hint', 'hash', 'hashed', 'digest', 'expiry', 'expires', 'expiration', 'expire', 'ttl', 'version', 'format', 'mode',
  'label', 'description', 'desc', 'enabled', 'enable', 'required', 'policy', 'rotation', 'provider', 'store', 'ref', 'location',
  'kind', 'algorithm', 'alg', 'encoding', 'pattern', 'regex', 'strength', 'reset', 'placeholder', 'input', 'prompt', 'note', 'error',
  'message', 'status', 'timeout', 'usage', 'used', 'index', 'param', 'option', 'options', 'flag', 'valid', 'validation', 'source',
  'template', 'fingerprint', 'checksum', 'bits', 'scope', 'scopes', 'secs', 'seconds', 'at', 'date', 'time', 'created', 'updated',
  'rotated', 'lifetime', 'age', 'var', 'variable', 'keys', 'estimate', 'budget', 'pool', 'list', 'manager', 'mgr', 'command',
  'cmd', 'script', 'exists', 'set', 'configured', 'present', 'method', 'endpoint', 'callback', 'issuer', 'audience', 'class', 'fn',
]);
/** Names about pagination, caching or data layout, where "token" and "key" are not credentials. */
const NOT_CREDENTIAL_PARTS = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'sync', 'idempotency', 'cache', 'partition', 'sort', 'primary',
  'foreign', 'routing', 'lookup', 'translation', 'i18n', 'sharding', 'shard', 'dedup', 'dedupe', 'group', 'object', 'public', 'pub',
  'max', 'num', 'total', 'csrf', 'xsrf', 'hotkey', 'shortcut', 'keyboard', 'map', 'dict', 'row', 'column', 'socket', 'gpg', 'pgp',
  'publishable', 'recaptcha', 'site',
]);

/** Splits an identifier into lower-case words: `DB_PASSWORD`, `dbPassword`, `APIKey`, `x-api-key`. */
export function splitName(name: string): string[] {
  const parts: string[] = [];
  let start = -1;
  const n = name.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? name.charCodeAt(i) : 0;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (!(upper || lower || digit)) {
      if (start >= 0) parts.push(name.slice(start, i).toLowerCase());
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const prev = name.charCodeAt(i - 1);
    const prevUpper = prev >= 65 && prev <= 90;
    const prevLowerOrDigit = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
    const next = i + 1 < n ? name.charCodeAt(i + 1) : 0;
    // aB → a|B ; ABc → A|Bc
    if (upper && (prevLowerOrDigit || (prevUpper && next >= 97 && next <= 122))) {
      parts.push(name.slice(start, i).toLowerCase());
      start = i;
    }
  }
  return parts;
}

/** How strongly a name says "the value is a credential", or null when it does not. */
export function nameStrength(parts: readonly string[]): Strength | null {
  if (parts.length === 0 || parts.length > 8) return null;
  const last = parts[parts.length - 1]!;
  if (parts.some((p) => NOT_CREDENTIAL_PARTS.has(p))) return null;
  let best: Strength | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    let s: Strength | null = null;
    if (PASSWORD_PARTS.has(p)) s = 'password';
    else if (STRONG_PARTS.has(p)) s = 'strong';
    else if (p === 'key') s = i > 0 && KEY_QUALIFIERS.has(parts[i - 1]!) ? 'strong' : i === parts.length - 1 ? 'weak' : null;
    else if (p === 'auth') s = 'weak';
    if (s === 'password' || (s === 'strong' && best !== 'password') || (s === 'weak' && best === null)) best = s;
  }
  if (best === null) return null;
  // "api_key_id", "token_type", "password_hash": metadata, unless the last word is itself the secret word.
  if (METADATA_LAST.has(last)) return null;
  return best;
}

const REFERENCE_PREFIXES = [
  'process.env', 'os.environ', 'os.getenv', 'env.', 'env[', 'env(', 'getenv', 'secrets.', 'vault:', 'ref+', 'arn:', 'file:', 'sm://',
  'ssm:', 'op://', 'keyvault', 'projects/', '@microsoft.keyvault', 'secretref', 'valuefrom', '!secret', '!ref', 'self.', 'this.', 'urn:',
  // Keys that are public by design (Stripe publishable keys, age and SSH public keys).
  'pk_live_', 'pk_test_', 'age1', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-',
];
const NON_SECRET_VALUES = new Set(['undefined', 'required', 'optional', 'string', 'boolean', 'number', 'integer', 'default', 'disabled', 'enabled', 'unknown', 'not_set', 'notset', 'unset', 'secure', 'sensitive', 'private', 'hidden']);
const FILE_EXT = /\.(?:pem|key|json|txt|crt|cer|p12|pfx|ya?ml|env|cfg|conf|ini|jks|keystore|pub|der|asc|gpg|sh|py|js|ts)$/i;
const DOTTED_REF = /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)+$/;
const CONSTANT_REF = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]{1,20}:\/\//i;
const EMAIL_LIKE = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;

/** Values that stand for a secret without being one: references, paths, URLs, words, stand-ins. */
export function isNonSecretValue(v: string, quoted: boolean): boolean {
  if (isPlaceholderPassword(v)) return true;
  const lower = v.toLowerCase();
  if (NON_SECRET_VALUES.has(lower)) return true;
  for (const p of REFERENCE_PREFIXES) if (lower.startsWith(p)) return true;
  // Whitespace, calls, indexing, templates and JSON fragments are code or prose, not a credential.
  if (/[\s()[\]{}]/.test(v)) return true;
  const c0 = v.charCodeAt(0);
  if (c0 === 47 || c0 === 126 || v.startsWith('./') || v.startsWith('../') || /^[A-Za-z]:\\/.test(v) || FILE_EXT.test(v)) return true;
  if (URL_LIKE.test(v) || EMAIL_LIKE.test(v)) return true;
  if (DOTTED_REF.test(v) || (!quoted && CONSTANT_REF.test(v))) return true;
  if (/^[0-9]+$/.test(v)) return true;
  return looksLikeIdentifier(v);
}

/**
 * Words, short codes and small numbers joined by separators or camel case: type names
 * (`AdminTokenView`), tags (`atlas:AML.T0055`), settings (`not-configured`, `v2_read_only`).
 * Random tokens always have a long segment that is none of these.
 */
const KNOWN_CODES = /^(?:md5|sha[0-9]{1,3}|s3|ec2|k8s|i18n|l10n|oauth2|http2|utf8|utf16|base64|x509|int[0-9]{1,2}|uint[0-9]{1,2})$/i;

/** A segment that reads as a word: letters only, a vowel in every few letters. */
function isWordSegment(seg: string): boolean {
  if (seg.length < 2 || !/^[A-Z]?[a-z]{1,20}$/.test(seg)) return false;
  const lower = seg.toLowerCase();
  const vowels = lower.replace(/[^aeiouy]/g, '').length;
  return vowels > 0 && vowels >= lower.length * 0.15 && !/[^aeiouy]{5}/.test(lower);
}

export function looksLikeIdentifier(v: string): boolean {
  // Percent-encoded bytes separate words too (value%23still-query).
  const segments = v.replace(/%[0-9A-Fa-f]{2}/g, '-').split(/[-_.:/@#]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  let total = 0;
  let wordChars = 0;
  let longWord = false;
  for (const seg of segments) {
    if (seg.length === 0) continue;
    // A one-letter prefix (kEnumerable, m_count) only at the start.
    if (total === 0 && seg.length === 1 && /[a-z]/.test(seg)) {
      total = 1;
      continue;
    }
    total += seg.length;
    if (isWordSegment(seg)) {
      wordChars += seg.length;
      if (seg.length >= 4) longWord = true;
    } else if (!(/^[A-Z]{2,5}$/.test(seg) || /^[0-9]{1,6}$/.test(seg) || /^[A-Za-z][0-9]{1,5}$/.test(seg) || KNOWN_CODES.test(seg))) return false;
  }
  return longWord && wordChars >= total * 0.3;
}

/** Score of a generic value under a name of the given strength, or 0 when it does not pass the bar. */
export function genericScore(v: string, strength: Strength): number {
  const mix = charMix(v);
  const h = shannon(v);
  const len = v.length;
  let score: number;
  if (strength === 'password') {
    if (len < 6 || len > 256) return 0;
    const mixed = mix.classes >= 2 && h >= 2.3;
    const long = len >= 12 && h >= 3.0;
    if (!mixed && !long) return 0;
    score = 0.6;
  } else if (strength === 'strong') {
    if (len < 12 || len > 512) return 0;
    const alnumClasses = +mix.lower + +mix.upper + +mix.digit;
    if (alnumClasses < 2 || h < Math.min(3.0, Math.log2(len) - 0.8)) return 0;
    score = 0.65;
  } else {
    // A bare "key" with hex is a fingerprint, hash or id far more often than a credential.
    if (len < 20 || len > 512 || isHexString(v)) return 0;
    if (!mix.digit || mix.classes < 2 || h < 3.5) return 0;
    score = 0.55;
  }
  if (h >= 4) score += 0.05;
  if (len >= 24 && mix.classes >= 3) score += 0.05;
  return Math.min(score, 0.8);
}

interface ContextMatch {
  format: string;
  score: number;
}

/** Provider formats recognised by name + shape. `flat` is the name lower-cased without separators. */
function contextFormat(flat: string, parts: readonly string[], v: string): ContextMatch | null {
  let m: ContextMatch | null = null;
  const hex = (n: number): boolean => v.length === n && isHexString(v) && v === v.toLowerCase();
  if (flat.includes('secretaccesskey') || (flat.includes('aws') && flat.includes('secret'))) {
    return awsSecretShape(v) ? { format: 'aws_secret_key', score: 0.95 } : null;
  } else if (flat.includes('azure') && (flat.includes('openai') || flat.includes('aoai') || flat.includes('cognitive') || flat.includes('aiservices'))) {
    if (hex(32) || /^[A-Za-z0-9]{84}$/.test(v)) m = { format: 'azure_openai_key', score: 0.85 };
  } else if (flat.includes('datadog') || parts[0] === 'dd') {
    if (hex(40) && (parts.includes('app') || parts.includes('application') || flat.includes('appkey'))) m = { format: 'datadog_app_key', score: 0.85 };
    else if (hex(32)) m = { format: 'datadog_api_key', score: 0.85 };
  } else if (flat.includes('cloudflare') || parts[0] === 'cf') {
    if (/^[A-Za-z0-9_-]{40}$/.test(v) || hex(37)) m = { format: 'cloudflare_api_token', score: 0.85 };
  } else if (flat.includes('mistral')) {
    if (/^[A-Za-z0-9]{32}$/.test(v)) m = { format: 'mistral_api_key', score: 0.85 };
  } else if (flat.includes('cohere') || (parts[0] === 'co' && flat.includes('apikey'))) {
    if (/^[A-Za-z0-9]{40}$/.test(v)) m = { format: 'cohere_api_key', score: 0.85 };
  } else if (flat.includes('twilio')) {
    if (hex(32)) m = { format: 'twilio_auth_token', score: 0.85 };
  } else if (flat.includes('mailgun')) {
    if (/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/.test(v)) m = { format: 'mailgun_signing_key', score: 0.85 };
  }
  return m && looksRandom(v.replace(/-/g, '')) ? m : null;
}

function isNameChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46; // _ - .
}

const MAX_NAME = 64;
const MAX_VALUE = 512;

/** Finds the end of a value starting at `k`; returns [start, end, quoted] or undefined. */
function readValue(text: string, k: number): [number, number, boolean] | undefined {
  // An escaped quote opens a value inside a JSON string and closes it too.
  if (text.charCodeAt(k) === 92 && text.charCodeAt(k + 1) === 34) {
    const limit = Math.min(text.length - 1, k + 2 + MAX_VALUE);
    for (let i = k + 2; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 && text.charCodeAt(i + 1) === 34) return [k + 2, i, true];
      if (c === 10 || c === 13) return undefined;
    }
    return undefined;
  }
  const q = text.charCodeAt(k);
  if (q === 34 || q === 39 || q === 96) {
    const limit = Math.min(text.length, k + 1 + MAX_VALUE);
    for (let i = k + 1; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === q && text.charCodeAt(i - 1) !== 92) return [k + 1, i, true];
      if (c === 10 || c === 13) return undefined;
    }
    return undefined;
  }
  const limit = Math.min(text.length, k + MAX_VALUE);
  let i = k;
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    // whitespace , ; ) } ] " ' < > & (an XML value ends at its closing tag's <)
    if (c <= 32 || c === 44 || c === 59 || c === 41 || c === 125 || c === 93 || c === 34 || c === 39 || c === 60 || c === 62 || c === 38) break;
    // '=' inside an unquoted value starts the next assignment ("a=b=c"); only base64 padding ends with it.
    if (c === 61) {
      let j = i;
      while (j < limit && text.charCodeAt(j) === 61) j++;
      const after = j < text.length ? text.charCodeAt(j) : 32;
      if (after <= 32 || after === 44 || after === 59 || after === 41 || after === 125 || after === 93 || after === 34 || after === 39 || after === 38) i = j;
      break;
    }
  }
  // A sentence may end right after the value.
  while (i > k && text.charCodeAt(i - 1) === 46) i--;
  return i > k ? [k, i, false] : undefined;
}

function skipBlanks(text: string, k: number, max = 8): number {
  let n = 0;
  while (n < max && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) {
    k++;
    n++;
  }
  return k;
}

export const assignmentScanner: Scanner = {
  name: 'assignment',
  formats: ['aws_secret_key', ...ASSIGNMENT_FORMATS.map((f) => f.id)],
  anchors: ['pass', 'pw', 'secret', 'token', 'key', 'auth', 'cred'].map((text) => ({ text, ci: true })),
  // Inside a value this scanner already read ("password=token=…") there is nothing new to learn.
  resumeAt: (env) => env.marks.get('assignment') ?? 0,
  scan(env, pos, out) {
    const { text } = env;
    if (pos < (env.marks.get('assignment') ?? 0)) return pos + 1;
    let s = pos;
    while (s > 0 && pos - s <= MAX_NAME && isNameChar(text.charCodeAt(s - 1))) s--;
    let e = pos;
    while (e < text.length && e - pos <= MAX_NAME && isNameChar(text.charCodeAt(e))) e++;
    if (e - s > MAX_NAME) return e;
    let dashes = 0;
    while (s < e && (text.charCodeAt(s) === 45 || text.charCodeAt(s) === 46)) {
      if (text.charCodeAt(s) === 45) dashes++;
      s++;
    }
    let ne = e;
    while (ne > s && (text.charCodeAt(ne - 1) === 45 || text.charCodeAt(ne - 1) === 46)) ne--;

    // The separator first (cheap, and prose mentioning "the password" has none):
    // = := : => (not == or ::), a space after a --flag, or > closing an XML tag.
    let k = ne;
    const open = text.charCodeAt(s - 1);
    if ((open === 34 || open === 39) && text.charCodeAt(k) === open) k++;
    // JSON inside a JSON string: {\"password\": \"…\"}
    else if (open === 34 && text.charCodeAt(k) === 92 && text.charCodeAt(k + 1) === 34) k += 2;
    k = skipBlanks(text, k);
    const c = text.charCodeAt(k);
    const c1 = text.charCodeAt(k + 1);
    let xml = false;
    if (c === 61 && c1 !== 61 && c1 !== 126) k += c1 === 62 ? 2 : 1;
    else if (c === 58 && c1 === 61) k += 2;
    else if (c === 58 && c1 !== 58) k += 1;
    else if (c === 62 && open === 60) {
      k += 1;
      xml = true;
    } else if (dashes === 2 && k > ne && c !== 45) {
      // --password hunter2
    } else return e;
    if (!xml) k = skipBlanks(text, k);

    const name = text.slice(s, ne);
    const key = `name:${name}`;
    let known = env.memo.get(key) as { parts: string[]; strength: Strength | null } | undefined;
    if (!known) {
      const parts = splitName(name);
      known = { parts, strength: nameStrength(parts) };
      env.memo.set(key, known);
    }
    const { parts, strength } = known;
    if (strength === null) return e;
    let v = readValue(text, k);
    if (!v) return e;
    // Authorization: Bearer … / Basic … are the HTTP scanner's; "token …" and "Bot …" carry the value next.
    const scheme = text.slice(v[0], v[1]).toLowerCase();
    if (!v[2] && (scheme === 'bearer' || scheme === 'basic')) return e;
    if (!v[2] && (scheme === 'token' || scheme === 'bot' || scheme === 'apikey') && text.charCodeAt(v[1]) === 32) {
      v = readValue(text, skipBlanks(text, v[1]));
      if (!v) return e;
    }
    env.marks.set('assignment', v[1]);
    const [vs, ve, quoted] = v;
    // <password>…</password>: only a value closed by its tag.
    if (xml && !(text.charCodeAt(ve) === 60 && text.charCodeAt(ve + 1) === 47)) return e;
    const value = text.slice(vs, ve);
    if (value.length < 6 || isNonSecretValue(value, quoted)) return e;

    const label = `${name.length > 40 ? `${name.slice(0, 39)}…` : name} =`;
    const ctx = contextFormat(parts.join(''), parts, value);
    if (ctx) {
      out.push({ format: ctx.format, start: vs, end: ve, score: ctx.score, rank: RANK.context, label });
      return e;
    }
    const score = genericScore(value, strength);
    if (score > 0) {
      const hit: RawHit = { format: 'generic_secret', start: vs, end: ve, score, rank: RANK.generic, label };
      out.push(hit);
    }
    return e;
  },
};
