import { RANK, type RawHit, type ScanEnv, type Scanner, type SecretFormatInfo } from './types.js';
import { atTokenStart, charMix, decodeBase64, isAlnum, isDigit, isPlaceholderBody, looksRandom, lowerBound, occursWithin, printableAscii, shannon } from './value.js';

/**
 * Credentials recognised by their structure rather than a bare prefix: PEM blocks, JWTs,
 * passwords inside URLs, AWS key pairs, Azure connection strings and SAS signatures, GCP
 * service-account files, webhook URLs and HTTP Authorization values.
 */

export const STRUCTURED_FORMATS: readonly SecretFormatInfo[] = [
  { id: 'aws_access_key', provider: 'aws', description: 'AWS access key id (AKIA, ASIA, ABIA, ACCA, A3T…)', severity: 'high', validation: 'prefix' },
  { id: 'aws_secret_key', provider: 'aws', description: 'AWS secret access key (40 characters next to an access key id or assigned to aws_secret_access_key)', severity: 'critical', validation: 'context' },
  { id: 'private_key', provider: 'private_key', description: 'PEM private key block (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, PKCS#8)', severity: 'critical', validation: 'structure' },
  { id: 'jwt', provider: 'jwt', description: 'JSON Web Token whose header decodes to JSON with an alg', severity: 'high', validation: 'structure' },
  { id: 'db_connection_string', provider: 'db', description: 'Database or broker URL with a password (postgres, mysql, mongodb, redis, amqp, mssql, …); the span is the password', severity: 'critical', validation: 'structure' },
  { id: 'url_credentials', provider: 'url', description: 'Password in the user-info part of any other URL (https://user:pass@host)', severity: 'high', validation: 'structure' },
  { id: 'gcp_service_account', provider: 'gcp', description: 'GCP service-account key file ("type": "service_account" with a private_key)', severity: 'critical', validation: 'structure' },
  { id: 'azure_storage_key', provider: 'azure', description: 'Azure storage account key (AccountKey= in a connection string)', severity: 'critical', validation: 'structure' },
  { id: 'azure_shared_access_key', provider: 'azure', description: 'Azure Service Bus / Event Hubs shared access key (SharedAccessKey=)', severity: 'high', validation: 'structure' },
  { id: 'azure_sas_token', provider: 'azure', description: 'Azure shared access signature (sig= decoding to a 32-byte HMAC, with sv=)', severity: 'high', validation: 'structure' },
  { id: 'azure_entra_client_secret', provider: 'azure', description: 'Microsoft Entra ID (Azure AD) client secret (…Q~…)', severity: 'high', validation: 'prefix' },
  { id: 'slack_webhook_url', provider: 'slack', description: 'Slack incoming webhook URL (hooks.slack.com/services/…)', severity: 'high', validation: 'prefix' },
  { id: 'discord_webhook_url', provider: 'discord', description: 'Discord webhook URL (discord.com/api/webhooks/…)', severity: 'high', validation: 'prefix' },
  { id: 'telegram_bot_token', provider: 'telegram', description: 'Telegram bot token (<bot id>:AA…)', severity: 'high', validation: 'structure' },
  { id: 'http_basic_auth', provider: 'http', description: 'HTTP Basic credentials (Basic base64(user:password))', severity: 'high', validation: 'structure' },
  { id: 'bearer_token', provider: 'bearer', description: 'High-entropy HTTP Bearer token of no known format', severity: 'high', validation: 'entropy' },
];

// ---------------------------------------------------------------- AWS

const AWS_KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/y;
const AWS_SECRET_RUN = /[A-Za-z0-9/+]{40,}/g;
/** How far from an access key id its secret is looked for. */
const AWS_PAIR_WINDOW = 400;

function isB64Char(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 47 || c === 61;
}

/** 40 characters of base64 alphabet with both cases and a digit or symbol: the shape of an AWS secret key. */
export function awsSecretShape(v: string): boolean {
  if (v.length !== 40 || isPlaceholderBody(v)) return false;
  const mix = charMix(v);
  return mix.lower && mix.upper && (mix.digit || mix.symbol) && shannon(v) >= 4.0;
}

const awsScanner: Scanner = {
  name: 'aws',
  formats: ['aws_access_key', 'aws_secret_key'],
  anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'].map((text) => ({ text, boundary: true, shape: text === 'A3T' ? '[A-Z0-9]{17}' : '[A-Z0-9]{16}' })),
  scan(env, pos, out) {
    const { text } = env;
    if (!atTokenStart(text, pos)) return pos + 1;
    AWS_KEY_ID.lastIndex = pos;
    const m = AWS_KEY_ID.exec(text);
    if (!m) return pos + 1;
    const end = pos + 20;
    if (!looksRandom(m[0].slice(4))) return end;
    out.push({ format: 'aws_access_key', start: pos, end, score: 0.9, rank: RANK.token });
    // The secret key usually sits next to its id (credentials files, env dumps, CLI output).
    // Each stretch of text is searched once however many key ids it holds.
    const from = Math.max(pos - AWS_PAIR_WINDOW, env.marks.get('aws') ?? 0);
    const to = Math.min(text.length, end + AWS_PAIR_WINDOW);
    env.marks.set('aws', to);
    if (from < to) {
      const window = text.slice(from, to);
      AWS_SECRET_RUN.lastIndex = 0;
      for (let r = AWS_SECRET_RUN.exec(window); r; r = AWS_SECRET_RUN.exec(window)) {
        const s = from + r.index;
        const e = s + r[0].length;
        if (r[0].length !== 40 || (s > 0 && isB64Char(text.charCodeAt(s - 1))) || (e < text.length && isB64Char(text.charCodeAt(e)))) continue;
        if (awsSecretShape(r[0])) out.push({ format: 'aws_secret_key', start: s, end: e, score: 0.88, rank: RANK.context, note: 'next to an access key id' });
      }
    }
    return end;
  },
};

// ---------------------------------------------------------------- PEM private keys

const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3})PRIVATE KEY( BLOCK)?-----/y;
const PEM_FOOTER = /-----END [A-Z0-9 ]{0,60}-----/y;
const MAX_PEM = 20_000;

function base64Count(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isB64Char(text.charCodeAt(i))) n++;
  return n;
}

const pemScanner: Scanner = {
  name: 'pem',
  formats: ['private_key'],
  anchors: [{ text: '-----BEGIN ', shape: '(?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY' }],
  scan(env, pos, out) {
    const { text } = env;
    PEM_HEADER.lastIndex = pos;
    const m = PEM_HEADER.exec(text);
    if (!m) return pos + 1;
    const bodyStart = pos + m[0].length;
    const type = (): string => (m[1] ?? '').trim().toLowerCase().replace(/ /g, '_') || 'pkcs8';
    const ends = env.positions('-----END ');
    const footerAt = occursWithin(ends, bodyStart, bodyStart + MAX_PEM);
    if (footerAt >= 0) {
      PEM_FOOTER.lastIndex = footerAt;
      const f = PEM_FOOTER.exec(text);
      const n = base64Count(text, bodyStart, footerAt);
      // Documentation shows "-----BEGIN … -----\n...\n-----END": real keys carry at least a few lines.
      if (f && n >= 64 && n >= (footerAt - bodyStart) * 0.6 && !text.slice(bodyStart, footerAt).includes('...')) {
        const end = footerAt + f[0].length;
        out.push({ format: 'private_key', start: pos, end, score: 0.98, rank: RANK.structured, note: `type=${type()}` });
        return end;
      }
      return bodyStart;
    }
    // Cut off before its footer (a truncated paste or a tool result limit): the body so far.
    let e = bodyStart;
    const limit = Math.min(text.length, bodyStart + MAX_PEM);
    while (e < limit) {
      const c = text.charCodeAt(e);
      if (!(isB64Char(c) || c === 10 || c === 13 || c === 32 || c === 9 || c === 92)) break;
      e++;
    }
    while (e > bodyStart && !isB64Char(text.charCodeAt(e - 1))) e--;
    if (base64Count(text, bodyStart, e) >= 64) {
      out.push({ format: 'private_key', start: pos, end: e, score: 0.9, rank: RANK.structured, note: `type=${type()}, truncated` });
      return e;
    }
    return bodyStart;
  },
};

// ---------------------------------------------------------------- JWT

const JWT = /eyJ[A-Za-z0-9_-]{5,3000}\.[A-Za-z0-9_-]{2,12000}\.[A-Za-z0-9_-]{0,1500}(?![A-Za-z0-9_.-])/y;

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  const buf = decodeBase64(part);
  if (!buf) return undefined;
  const s = printableAscii(buf);
  if (s === undefined || !s.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const jwtScanner: Scanner = {
  name: 'jwt',
  formats: ['jwt'],
  // No shape: text dense with eyJ is mostly JWT-shaped, where a lookahead only adds work.
  anchors: [{ text: 'eyJ', boundary: true }],
  scan(env, pos, out) {
    const { text } = env;
    if (!atTokenStart(text, pos) || text.charCodeAt(pos - 1) === 95 || text.charCodeAt(pos - 1) === 45) return pos + 1;
    JWT.lastIndex = pos;
    const m = JWT.exec(text);
    if (!m) return pos + 1;
    const token = m[0];
    const end = pos + token.length;
    const [h, p, sig] = token.split('.') as [string, string, string];
    const header = decodeJsonObject(h);
    if (!header || typeof header.alg !== 'string' || !decodeJsonObject(p)) return end;
    const alg = header.alg.replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
    const unsigned = alg.toLowerCase() === 'none' || sig.length === 0;
    out.push(unsigned
      ? { format: 'jwt', start: pos, end, score: 0.6, rank: RANK.structured, severity: 'medium', note: 'unsigned' }
      : { format: 'jwt', start: pos, end, score: 0.92, rank: RANK.structured, note: `alg=${alg}` });
    return end;
  },
};

// ---------------------------------------------------------------- URLs with a password

const DB_SCHEMES = new Set([
  'postgres', 'postgresql', 'postgis', 'timescale', 'cockroach', 'cockroachdb', 'mysql', 'mysqlx', 'mariadb', 'mongodb', 'mongodb+srv',
  'redis', 'rediss', 'valkey', 'amqp', 'amqps', 'mssql', 'sqlserver', 'oracle', 'clickhouse', 'couchdb', 'couchbase', 'couchbases',
  'cassandra', 'neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'memcached', 'nats', 'kafka', 'influxdb', 'db2', 'snowflake', 'rethinkdb',
  'elasticsearch', 'opensearch', 'questdb', 'scylladb', 'arangodb', 'firebird', 'hana', 'teradata', 'vertica', 'presto', 'trino',
]);

/** Stand-ins people put where a password goes in examples and templates. */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'pw', 'secret', 'changeme', 'changeit', 'admin', 'user', 'username', 'root', 'guest', 'none', 'null', 'empty', 'hidden', 'mask', 'masked', 'todo', 'tbd', 'foo', 'bar', 'baz', 'test', 'x', 'xyz', 'abc', 'qwerty', 'letmein']);
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', $: 's', '5': 's', '3': 'e', '1': 'i', '!': 'i' };

export function isPlaceholderPassword(pw: string): boolean {
  if (pw.length === 0) return true;
  const first = pw.charCodeAt(0);
  // $VAR, ${VAR}, %VAR%, {{var}}, <password>, [password], :password (a Rails-style parameter)
  if (first === 36 || first === 37 || first === 123 || first === 60 || first === 91 || first === 58) return true;
  if (pw.includes('${') || pw.includes('{{') || pw.includes('%s') || pw.includes('<')) return true;
  if (/^(.)\1*$/.test(pw) || /^[*x.•]+$/i.test(pw)) return true;
  const lower = pw.toLowerCase();
  if (PASSWORD_WORDS.has(lower)) return true;
  // your_password, db-password, mypassword, Password123!, secret1, p@ssw0rd, pa$$word: the examples every doc uses.
  const plain = /^[a-z_-]*(?:password|passwd|pass|pwd|secret)[a-z_-]*[0-9!?.*#_-]{0,6}$/;
  if (plain.test(lower) || plain.test(lower.replace(/[@40$531!]/g, (c) => LEET[c]!).replace(/[0-9!?.*#_-]+$/, ''))) return true;
  return isPlaceholderBody(pw);
}

/** Hosts reserved for documentation (RFC 2606 / 6761): credentials in URLs to them are examples. */
export function isDocumentationHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:[0-9]+$/, '');
  return /(?:^|\.)example\.(?:com|org|net)$/.test(h) || /\.(?:example|test|invalid)$/.test(h) || h === 'example';
}

const HOST = /^[A-Za-z0-9._~\-[\]:%,]+$/;

function isSchemeChar(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 45 || c === 46;
}

function isAuthorityStop(c: number): boolean {
  // whitespace, quotes, angle brackets, backtick, path / query / fragment start
  return c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 47 || c === 63 || c === 35;
}

const urlScanner: Scanner = {
  name: 'url',
  formats: ['db_connection_string', 'url_credentials'],
  anchors: [{ text: '://', shape: '[^\\x00-\\x20"\'<>`/?#]{0,512}@' }],
  scan(env, pos, out) {
    const { text } = env;
    // user:password@ first (cheap and rare); the scheme only when there is one.
    const a = pos + 3;
    let e = a;
    const limit = Math.min(text.length, a + 512);
    let at = -1;
    let colon = -1;
    while (e < limit) {
      const c = text.charCodeAt(e);
      if (isAuthorityStop(c)) break;
      if (c === 64) at = e;
      else if (c === 58 && colon < 0 && at < 0) colon = e;
      e++;
    }
    if (at < 0 || colon < 0 || colon > at) return Math.max(a, at + 1);
    let s = pos;
    while (s > 0 && pos - s < 32 && isSchemeChar(text.charCodeAt(s - 1))) s--;
    if (s === pos) return at + 1;
    const scheme = text.slice(s, pos).toLowerCase().replace(/^[.+-]+/, '');
    const host = text.slice(at + 1, e);
    const pw = text.slice(colon + 1, at);
    if (host.length === 0 || !HOST.test(host) || isPlaceholderPassword(pw) || isDocumentationHost(host)) return at + 1;
    const base = scheme === 'mongodb+srv' || scheme.startsWith('neo4j+') ? scheme : scheme.split('+')[0]!;
    const db = DB_SCHEMES.has(base);
    // For web URLs a bare number after the colon is more likely a mistyped port than a password.
    if (!db && /^[0-9]{1,5}$/.test(pw)) return at + 1;
    out.push(db
      ? { format: 'db_connection_string', start: colon + 1, end: at, score: 0.9, rank: RANK.context, label: `${base}://` }
      : { format: 'url_credentials', start: colon + 1, end: at, score: 0.75, rank: RANK.context, label: `${base}://` });
    // The password may itself be a known token (https://oauth2:ghp_…@github.com): let its scanner see it.
    return colon + 1;
  },
};

// ---------------------------------------------------------------- GCP service-account key files

const SA_TYPE_BEFORE = /["']type["']\s*:\s*["']$/;
const SA_PRIVATE_KEY = /["']private_key["']\s*:\s*"((?:[^"\\\r\n]|\\.){64,12000})"/y;
const SA_WINDOW = 8000;

const gcpServiceAccountScanner: Scanner = {
  name: 'gcp_service_account',
  formats: ['gcp_service_account'],
  anchors: [{ text: 'service_account', boundary: true }],
  scan(env, pos, out) {
    const { text } = env;
    if (!SA_TYPE_BEFORE.test(text.slice(Math.max(0, pos - 32), pos))) return pos + 1;
    // The private key may come before or after "type" in the file.
    const keys = env.positions('private_key');
    for (let i = lowerBound(keys, pos - SA_WINDOW); i < keys.length && keys[i]! <= pos + SA_WINDOW; i++) {
      const k = keys[i]! - 1;
      if (k < 0) continue;
      SA_PRIVATE_KEY.lastIndex = k;
      const m = SA_PRIVATE_KEY.exec(text);
      if (!m || !m[1]!.includes('PRIVATE KEY')) continue;
      const end = k + m[0].length - 1;
      out.push({ format: 'gcp_service_account', start: end - m[1]!.length, end, score: 0.99, rank: RANK.structured });
      break;
    }
    return pos + 1;
  },
};

// ---------------------------------------------------------------- Azure

const ACCOUNT_KEY = /AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/y;
const SHARED_ACCESS_KEY = /SharedAccessKey=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/y;
const SAS_SIG = /sig=([A-Za-z0-9%+/=]{40,120})(?![A-Za-z0-9%+/=])/y;
const ENTRA_SECRET = /[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/y;

function valueAfter(re: RegExp, env: ScanEnv, pos: number): { start: number; end: number; value: string } | undefined {
  re.lastIndex = pos;
  const m = re.exec(env.text);
  if (!m) return undefined;
  const end = pos + m[0].length;
  return { start: end - m[1]!.length, end, value: m[1]! };
}

const azureKeyScanner: Scanner = {
  name: 'azure_keys',
  formats: ['azure_storage_key', 'azure_shared_access_key'],
  anchors: [{ text: 'AccountKey=', boundary: true, shape: '[A-Za-z0-9+/]{86}==' }, { text: 'SharedAccessKey=', boundary: true, shape: '[A-Za-z0-9+/]{43}=' }],
  scan(env, pos, out) {
    const storage = env.text.startsWith('AccountKey=', pos);
    const v = valueAfter(storage ? ACCOUNT_KEY : SHARED_ACCESS_KEY, env, pos);
    if (!v || !looksRandom(v.value)) return pos + 1;
    const decoded = decodeBase64(v.value);
    if (!decoded || decoded.length !== (storage ? 64 : 32)) return v.end;
    out.push({ format: storage ? 'azure_storage_key' : 'azure_shared_access_key', start: v.start, end: v.end, score: storage ? 0.95 : 0.93, rank: RANK.structured });
    return v.end;
  },
};

const azureSasScanner: Scanner = {
  name: 'azure_sas',
  formats: ['azure_sas_token'],
  anchors: [{ text: 'sig=', boundary: true, before: '[?&]', shape: '[A-Za-z0-9%+/=]{40}' }],
  scan(env, pos, out) {
    const { text } = env;
    const before = text.charCodeAt(pos - 1);
    if (before !== 63 && before !== 38) return pos + 1; // ? or &
    const v = valueAfter(SAS_SIG, env, pos);
    if (!v) return pos + 1;
    let raw: string;
    try {
      raw = decodeURIComponent(v.value);
    } catch {
      return v.end;
    }
    // The signature is an HMAC-SHA256: 32 bytes. A service version (sv=) sits in the same query.
    const mac = decodeBase64(raw);
    if (!mac || mac.length !== 32 || occursWithin(env.positions('sv='), pos - 1500, pos + 1500) < 0) return v.end;
    out.push({ format: 'azure_sas_token', start: v.start, end: v.end, score: 0.93, rank: RANK.structured });
    return v.end;
  },
};

const entraScanner: Scanner = {
  name: 'azure_entra',
  formats: ['azure_entra_client_secret'],
  anchors: [{ text: 'Q~', before: '[0-9]', shape: '[A-Za-z0-9_~.-]{31}' }],
  scan(env, pos, out) {
    const { text } = env;
    const start = pos - 4;
    if (start < 0 || !isDigit(text.charCodeAt(pos - 1))) return pos + 1;
    const prev = text.charCodeAt(start - 1);
    if (start > 0 && (isAlnum(prev) || prev === 95 || prev === 126 || prev === 46 || prev === 45)) return pos + 1;
    ENTRA_SECRET.lastIndex = start;
    const m = ENTRA_SECRET.exec(text);
    if (!m) return pos + 1;
    const end = start + m[0].length;
    if (!looksRandom(m[0].slice(6))) return end;
    out.push({ format: 'azure_entra_client_secret', start, end, score: 0.88, rank: RANK.token });
    return end;
  },
};

// ---------------------------------------------------------------- Webhooks and bot tokens

const SLACK_WEBHOOK = /hooks\.slack\.com\/services\/(T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24})(?![A-Za-z0-9])/y;
const DISCORD_WEBHOOK = /discord(?:app)?\.com\/api\/webhooks\/([0-9]{17,20}\/[A-Za-z0-9_-]{60,70})(?![A-Za-z0-9_-])/y;
const TELEGRAM = /[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/y;

const webhookScanner: Scanner = {
  name: 'webhooks',
  formats: ['slack_webhook_url', 'discord_webhook_url'],
  anchors: [
    { text: 'hooks.slack.com/', boundary: true, shape: 'services/T' },
    { text: 'discord.com/api/webhooks/', boundary: true, shape: '[0-9]{17}' },
    { text: 'discordapp.com/api/webhooks/', boundary: true, shape: '[0-9]{17}' },
  ],
  scan(env, pos, out) {
    const slack = env.text.startsWith('hooks.', pos);
    const v = valueAfter(slack ? SLACK_WEBHOOK : DISCORD_WEBHOOK, env, pos);
    if (!v) return pos + 1;
    if (!looksRandom(v.value.slice(v.value.lastIndexOf('/') + 1))) return v.end;
    out.push({ format: slack ? 'slack_webhook_url' : 'discord_webhook_url', start: v.start, end: v.end, score: 0.95, rank: RANK.token });
    return v.end;
  },
};

const telegramScanner: Scanner = {
  name: 'telegram',
  formats: ['telegram_bot_token'],
  anchors: [{ text: ':AA', before: '[0-9]{8}', shape: '[A-Za-z0-9_-]{33}' }],
  scan(env, pos, out) {
    const { text } = env;
    let s = pos;
    while (s > 0 && pos - s < 11 && isDigit(text.charCodeAt(s - 1))) s--;
    if (pos - s < 8 || pos - s > 10 || !atTokenStart(text, s)) return pos + 1;
    TELEGRAM.lastIndex = s;
    const m = TELEGRAM.exec(text);
    if (!m) return pos + 1;
    const end = s + m[0].length;
    if (!looksRandom(m[0].slice(pos - s + 1))) return end;
    out.push({ format: 'telegram_bot_token', start: s, end, score: 0.9, rank: RANK.token });
    return end;
  },
};

// ---------------------------------------------------------------- HTTP Authorization values

const BASIC = /[Bb][Aa][Ss][Ii][Cc] {1,4}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/y;
const BEARER = /[Bb][Ee][Aa][Rr][Ee][Rr] {1,4}([A-Za-z0-9._~+/-]{16,4096}=*)(?![A-Za-z0-9._~+/=-])/y;

/** A bearer value with no known format: long, mixed, high entropy, and not a stand-in. */
export function bearerValueOk(v: string): boolean {
  if (v.length < 16 || isPlaceholderBody(v)) return false;
  const mix = charMix(v);
  const alnumClasses = +mix.lower + +mix.upper + +mix.digit;
  return alnumClasses >= 2 && (mix.digit || (mix.lower && mix.upper)) && shannon(v) >= 3.2;
}

const httpAuthScanner: Scanner = {
  name: 'http_auth',
  formats: ['http_basic_auth', 'bearer_token'],
  anchors: [
    { text: 'basic ', ci: true, boundary: true, shape: ' {0,3}[A-Za-z0-9+/]{8}' },
    { text: 'bearer ', ci: true, boundary: true, shape: ' {0,3}[A-Za-z0-9._~+/-]{16}' },
  ],
  scan(env, pos, out) {
    const { text } = env;
    if (!atTokenStart(text, pos)) return pos + 1;
    const basic = (text.charCodeAt(pos + 1) | 32) === 97; // bAsic, not bEarer
    const v = valueAfter(basic ? BASIC : BEARER, env, pos);
    if (!v) return pos + 1;
    if (basic) {
      const decoded = decodeBase64(v.value);
      const plain = decoded && printableAscii(decoded);
      const colon = plain ? plain.indexOf(':') : -1;
      if (!plain || colon < 1 || isPlaceholderPassword(plain.slice(colon + 1))) return v.end;
      out.push({ format: 'http_basic_auth', start: v.start, end: v.end, score: 0.85, rank: RANK.structured });
      return v.end;
    }
    // A sentence may end right after the token.
    let end = v.end;
    while (end > v.start && text.charCodeAt(end - 1) === 46) end--;
    const value = text.slice(v.start, end);
    if (!bearerValueOk(value)) return v.end;
    out.push({ format: 'bearer_token', start: v.start, end, score: 0.8, rank: RANK.generic });
    return v.start;
  },
};

export const STRUCTURED_SCANNERS: readonly Scanner[] = [
  awsScanner, pemScanner, jwtScanner, urlScanner, gcpServiceAccountScanner, azureKeyScanner, azureSasScanner, entraScanner,
  webhookScanner, telegramScanner, httpAuthScanner,
];
