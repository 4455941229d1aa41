import { KEY_PATTERN, parseKey } from '../../identity/key-format.js';
import type { Severity } from '../types.js';
import { RANK, type RawHit, type Scanner, type SecretFormatInfo, type Validation } from './types.js';
import { atTokenStart, base62Crc32, decodeBase64, looksRandom } from './value.js';

/**
 * Credentials recognised by a fixed prefix and a fixed body shape. Each spec becomes one scanner
 * whose anchors are its prefixes; the body is matched with a sticky expression at the anchor, so
 * no expression here ever runs over the whole text.
 */

/** What a format-specific check concludes about a matched token. */
export type Verdict =
  | { ok: true; score: number; note?: string; severity?: Severity }
  | { ok: false; checksum: true }
  | null;

export interface TokenSpec extends SecretFormatInfo {
  /** Prefix → body expression source (bounded repetition only). */
  variants: ReadonlyArray<{ prefixes: readonly string[]; body: string }>;
  /** Score when the shape alone matched (the check may raise or lower it). */
  score: number;
  /** Characters that may not follow the token (so a longer string is not cut to size). */
  tail?: string;
  /** False when the prefix may follow a letter or digit (default true: token start only). */
  boundary?: boolean;
  /** Extra check; default: the body must look random. */
  check?: (token: string, prefix: string, body: string) => Verdict;
}

const TAIL_WORD = '[A-Za-z0-9_-]';
const TAIL_ALNUM = '[A-Za-z0-9]';

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const random = (body: string): Verdict => (looksRandom(body) ? { ok: true, score: 0 } : null);

/** GitHub classic tokens and npm tokens: 30 random base62 characters, then their CRC32 in 6 base62 digits. */
function crcBase62Check(_token: string, _prefix: string, body: string): Verdict {
  if (base62Crc32(body.slice(0, 30)) === body.slice(30)) return { ok: true, score: 0.99, note: 'checksum ok' };
  return looksRandom(body) ? { ok: false, checksum: true } : null;
}

function wardenCheck(token: string): Verdict {
  const parsed = parseKey(token);
  if (parsed.ok) return { ok: true, score: 0.99, note: 'checksum ok' };
  return parsed.reason === 'checksum' && looksRandom(token.slice(token.indexOf('_') + 1)) ? { ok: false, checksum: true } : null;
}

/** OpenAI keys carry `T3BlbkFJ` (base64 of "OpenAI") in the middle; keys that have it are near certain. */
function openaiCheck(_token: string, _prefix: string, body: string): Verdict {
  if (!looksRandom(body)) return null;
  if (body.includes('T3BlbkFJ')) return { ok: true, score: 0.97, note: 'marker' };
  return { ok: true, score: body.length >= 100 ? 0.9 : 0.8 };
}

/** Anthropic keys are 95 characters after the prefix, ending in `AA`. */
function anthropicCheck(_token: string, _prefix: string, body: string): Verdict {
  if (!looksRandom(body)) return null;
  return body.length === 95 && body.endsWith('AA') ? { ok: true, score: 0.97, note: 'shape' } : { ok: true, score: 0.9 };
}

/** Stripe test-mode keys reach only test data: still reported, lower. */
function stripeCheck(_token: string, prefix: string, body: string): Verdict {
  if (!looksRandom(body)) return null;
  return prefix.includes('_test_') ? { ok: true, score: 0.7, note: 'test mode', severity: 'medium' } : { ok: true, score: 0 };
}

/** A Discord bot token's first part is the bot's numeric user id in base64. */
function discordCheck(token: string): Verdict {
  const first = token.slice(0, token.indexOf('.'));
  const id = decodeBase64(first)?.toString('latin1');
  if (!id || !/^[1-9][0-9]{16,19}$/.test(id)) return null;
  return looksRandom(token.slice(token.lastIndexOf('.') + 1)) ? { ok: true, score: 0.93, note: 'user id' } : null;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** age secret keys are Bech32 strings: the last six characters are a BCH checksum. */
function bech32Valid(s: string): boolean {
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  for (let i = sep + 1; i < lower.length; i++) {
    const v = BECH32.indexOf(lower[i]!);
    if (v < 0) return false;
    values.push(v);
  }
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i]!;
  }
  return chk === 1;
}

function ageCheck(token: string, _prefix: string, body: string): Verdict {
  if (bech32Valid(token)) return { ok: true, score: 0.99, note: 'checksum ok' };
  return looksRandom(body) ? { ok: false, checksum: true } : null;
}

type Spec = Omit<TokenSpec, 'validation'> & { validation?: Validation };

/** The body of a Warden key as identity/key-format.ts defines it (KEY_PATTERN without prefix and word boundaries). */
const WARDEN_BODY = KEY_PATTERN.source.slice(KEY_PATTERN.source.indexOf('[')).replace(/\\b$/, '');

function spec(s: Spec): TokenSpec {
  return { validation: 'prefix', ...s };
}

const crit: Severity = 'critical';
const high: Severity = 'high';

export const TOKEN_SPECS: readonly TokenSpec[] = [
  // OpenAI
  spec({ id: 'openai_project_key', provider: 'openai', description: 'OpenAI project API key (sk-proj-)', severity: crit, validation: 'marker', score: 0.9, variants: [{ prefixes: ['sk-proj-'], body: '[A-Za-z0-9_-]{40,300}' }], check: openaiCheck }),
  spec({ id: 'openai_service_account_key', provider: 'openai', description: 'OpenAI service-account key (sk-svcacct-)', severity: crit, validation: 'marker', score: 0.9, variants: [{ prefixes: ['sk-svcacct-'], body: '[A-Za-z0-9_-]{40,300}' }], check: openaiCheck }),
  spec({ id: 'openai_admin_key', provider: 'openai', description: 'OpenAI admin key (sk-admin-)', severity: crit, validation: 'marker', score: 0.9, variants: [{ prefixes: ['sk-admin-'], body: '[A-Za-z0-9_-]{40,300}' }], check: openaiCheck }),
  spec({ id: 'openai_legacy_key', provider: 'openai', description: 'OpenAI user key, legacy format (sk- 48 characters with the T3BlbkFJ marker)', severity: crit, validation: 'marker', score: 0.97, variants: [{ prefixes: ['sk-'], body: '[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}' }], tail: TAIL_WORD }),
  spec({ id: 'sk_api_key', provider: 'llm', description: 'sk- key without a provider marker (DeepSeek, Moonshot and other OpenAI-compatible providers)', severity: high, score: 0.75, variants: [{ prefixes: ['sk-'], body: '[A-Za-z0-9]{32,64}' }] }),
  spec({ id: 'openrouter_api_key', provider: 'openrouter', description: 'OpenRouter API key (sk-or-v1-)', severity: high, score: 0.95, variants: [{ prefixes: ['sk-or-v1-'], body: '[a-f0-9]{64}' }] }),
  // Anthropic
  spec({ id: 'anthropic_api_key', provider: 'anthropic', description: 'Anthropic API key (sk-ant-api03-)', severity: crit, validation: 'marker', score: 0.9, variants: [{ prefixes: ['sk-ant-api03-'], body: '[A-Za-z0-9_-]{80,120}' }], check: anthropicCheck }),
  spec({ id: 'anthropic_admin_key', provider: 'anthropic', description: 'Anthropic admin key (sk-ant-admin01-)', severity: crit, validation: 'marker', score: 0.9, variants: [{ prefixes: ['sk-ant-admin01-'], body: '[A-Za-z0-9_-]{80,120}' }], check: anthropicCheck }),
  // Google
  spec({ id: 'gcp_api_key', provider: 'gcp', description: 'Google Cloud / Gemini API key (AIza)', severity: high, score: 0.9, variants: [{ prefixes: ['AIza'], body: '[A-Za-z0-9_-]{35}' }] }),
  spec({ id: 'google_oauth_client_secret', provider: 'gcp', description: 'Google OAuth client secret (GOCSPX-)', severity: high, score: 0.93, variants: [{ prefixes: ['GOCSPX-'], body: '[A-Za-z0-9_-]{28}' }] }),
  spec({ id: 'google_oauth_access_token', provider: 'gcp', description: 'Google OAuth access token (ya29.)', severity: high, score: 0.9, variants: [{ prefixes: ['ya29.'], body: '[A-Za-z0-9_-]{30,2048}' }] }),
  // GitHub
  spec({ id: 'github_pat', provider: 'github', description: 'GitHub personal access token, classic (ghp_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['ghp_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'github_oauth_token', provider: 'github', description: 'GitHub OAuth access token (gho_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['gho_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'github_user_token', provider: 'github', description: 'GitHub App user-to-server token (ghu_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['ghu_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'github_app_token', provider: 'github', description: 'GitHub App installation (server-to-server) token (ghs_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['ghs_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'github_refresh_token', provider: 'github', description: 'GitHub refresh token (ghr_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['ghr_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'github_fine_grained_pat', provider: 'github', description: 'GitHub fine-grained personal access token (github_pat_)', severity: crit, score: 0.95, variants: [{ prefixes: ['github_pat_'], body: '[A-Za-z0-9]{22}_[A-Za-z0-9]{59}' }], tail: TAIL_ALNUM }),
  // GitLab
  spec({ id: 'gitlab_pat', provider: 'gitlab', description: 'GitLab personal, project or group access token (glpat-)', severity: crit, score: 0.93, variants: [{ prefixes: ['glpat-'], body: '[A-Za-z0-9_-]{20,64}(?:\\.[A-Za-z0-9_-]{1,64}){0,3}' }] }),
  spec({ id: 'gitlab_pipeline_trigger_token', provider: 'gitlab', description: 'GitLab pipeline trigger token (glptt-)', severity: high, score: 0.93, variants: [{ prefixes: ['glptt-'], body: '[A-Za-z0-9_-]{20,64}' }] }),
  spec({ id: 'gitlab_deploy_token', provider: 'gitlab', description: 'GitLab deploy token (gldt-)', severity: high, score: 0.93, variants: [{ prefixes: ['gldt-'], body: '[A-Za-z0-9_-]{20,64}' }] }),
  spec({ id: 'gitlab_runner_token', provider: 'gitlab', description: 'GitLab runner authentication or registration token (glrt-, GR1348941)', severity: high, score: 0.93, variants: [{ prefixes: ['glrt-', 'GR1348941'], body: '[A-Za-z0-9_-]{20,64}' }] }),
  spec({ id: 'gitlab_token', provider: 'gitlab', description: 'Other GitLab tokens (gloas-, glft-, glimt-, glagent-, glsoat-, glcbt-, glffct-)', severity: high, score: 0.9, variants: [{ prefixes: ['gloas-', 'glft-', 'glimt-', 'glagent-', 'glsoat-', 'glcbt-', 'glffct-'], body: '[A-Za-z0-9_-]{20,80}' }] }),
  // Slack
  spec({ id: 'slack_bot_token', provider: 'slack', description: 'Slack bot token (xoxb-)', severity: high, score: 0.95, variants: [{ prefixes: ['xoxb-'], body: '[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,40}' }] }),
  spec({ id: 'slack_user_token', provider: 'slack', description: 'Slack user token (xoxp-)', severity: high, score: 0.95, variants: [{ prefixes: ['xoxp-'], body: '[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{28,40}' }] }),
  spec({ id: 'slack_app_token', provider: 'slack', description: 'Slack app-level token (xapp-)', severity: high, score: 0.95, variants: [{ prefixes: ['xapp-'], body: '[0-9]-[A-Z0-9]{8,14}-[0-9]{8,16}-[A-Za-z0-9]{40,80}' }] }),
  spec({ id: 'slack_token', provider: 'slack', description: 'Other Slack tokens (xoxa-, xoxo-, xoxr-, xoxs-, xoxe-)', severity: high, score: 0.9, variants: [{ prefixes: ['xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-'], body: '[A-Za-z0-9]{1,64}(?:-[A-Za-z0-9]{1,64}){2,6}' }], check: (token, _p, body) => (token.length >= 30 && looksRandom(body.replace(/-/g, '')) ? { ok: true, score: 0 } : null) }),
  // Stripe (pk_live_ publishable keys are public by design and deliberately not a format)
  spec({ id: 'stripe_secret_key', provider: 'stripe', description: 'Stripe secret key (sk_live_; sk_test_ scored lower)', severity: crit, score: 0.95, variants: [{ prefixes: ['sk_live_', 'sk_test_'], body: '[A-Za-z0-9]{24,247}' }], check: stripeCheck }),
  spec({ id: 'stripe_restricted_key', provider: 'stripe', description: 'Stripe restricted key (rk_live_; rk_test_ scored lower)', severity: high, score: 0.93, variants: [{ prefixes: ['rk_live_', 'rk_test_'], body: '[A-Za-z0-9]{24,247}' }], check: stripeCheck }),
  spec({ id: 'stripe_webhook_secret', provider: 'stripe', description: 'Stripe webhook signing secret (whsec_)', severity: high, score: 0.93, variants: [{ prefixes: ['whsec_'], body: '[A-Za-z0-9]{32,64}' }] }),
  // Package registries and developer platforms
  spec({ id: 'npm_token', provider: 'npm', description: 'npm access token (npm_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['npm_'], body: '[A-Za-z0-9]{36}' }], check: crcBase62Check, tail: TAIL_ALNUM }),
  spec({ id: 'pypi_token', provider: 'pypi', description: 'PyPI upload token (pypi-AgEIcHlwaS5vcmc, macaroon bound to pypi.org)', severity: crit, validation: 'marker', score: 0.97, variants: [{ prefixes: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'], body: '[A-Za-z0-9_-]{50,400}' }] }),
  spec({ id: 'docker_hub_pat', provider: 'docker', description: 'Docker Hub personal or organisation access token (dckr_pat_, dckr_oat_)', severity: high, score: 0.95, variants: [{ prefixes: ['dckr_pat_', 'dckr_oat_'], body: '[A-Za-z0-9_-]{27,40}' }] }),
  spec({ id: 'huggingface_token', provider: 'huggingface', description: 'Hugging Face access token (hf_)', severity: high, score: 0.9, variants: [{ prefixes: ['hf_'], body: '[A-Za-z]{34}' }], tail: TAIL_ALNUM }),
  spec({ id: 'databricks_token', provider: 'databricks', description: 'Databricks personal access token (dapi)', severity: high, score: 0.9, variants: [{ prefixes: ['dapi'], body: '[a-f0-9]{32}(?:-[0-9])?' }] }),
  spec({ id: 'postman_api_key', provider: 'postman', description: 'Postman API key (PMAK-)', severity: high, score: 0.95, variants: [{ prefixes: ['PMAK-'], body: '[a-f0-9]{24}-[a-f0-9]{34}' }] }),
  spec({ id: 'pulumi_access_token', provider: 'pulumi', description: 'Pulumi access token (pul-)', severity: high, score: 0.95, variants: [{ prefixes: ['pul-'], body: '[a-f0-9]{40}' }] }),
  spec({ id: 'doppler_token', provider: 'doppler', description: 'Doppler token (dp.pt., dp.st., dp.ct., dp.sa., dp.scim., dp.audit.)', severity: high, score: 0.95, variants: [{ prefixes: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'], body: '[A-Za-z0-9]{40,44}' }] }),
  spec({ id: 'vault_token', provider: 'vault', description: 'HashiCorp Vault token (hvs., hvb., hvr.)', severity: crit, score: 0.9, variants: [{ prefixes: ['hvs.', 'hvb.', 'hvr.'], body: '[A-Za-z0-9_-]{24,255}' }] }),
  spec({ id: 'grafana_service_account_token', provider: 'grafana', description: 'Grafana service-account token (glsa_)', severity: high, score: 0.95, variants: [{ prefixes: ['glsa_'], body: '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}' }] }),
  spec({ id: 'grafana_cloud_token', provider: 'grafana', description: 'Grafana Cloud access policy token (glc_)', severity: high, score: 0.9, variants: [{ prefixes: ['glc_'], body: '[A-Za-z0-9+/]{32,400}={0,2}' }], tail: '[A-Za-z0-9+/=_-]' }),
  spec({ id: 'sentry_token', provider: 'sentry', description: 'Sentry organisation or user auth token (sntrys_, sntryu_)', severity: high, score: 0.93, variants: [{ prefixes: ['sntrys_'], body: 'eyJ[A-Za-z0-9+/=]{30,800}_[A-Za-z0-9+/]{40,50}' }, { prefixes: ['sntryu_'], body: '[a-f0-9]{64}' }], tail: '[A-Za-z0-9+/=_-]' }),
  spec({ id: 'atlassian_api_token', provider: 'atlassian', description: 'Atlassian API token (ATATT3xFfGF0, ATCTT3xFfGN0)', severity: high, score: 0.95, variants: [{ prefixes: ['ATATT3xFfGF0', 'ATCTT3xFfGN0'], body: '[A-Za-z0-9_=-]{100,300}' }], tail: '[A-Za-z0-9_=-]' }),
  spec({ id: 'linear_api_key', provider: 'linear', description: 'Linear API key (lin_api_)', severity: high, score: 0.95, variants: [{ prefixes: ['lin_api_'], body: '[A-Za-z0-9]{40}' }] }),
  spec({ id: 'notion_token', provider: 'notion', description: 'Notion integration token (ntn_, legacy secret_)', severity: high, score: 0.9, variants: [{ prefixes: ['ntn_'], body: '[0-9]{11}[A-Za-z0-9]{35}' }, { prefixes: ['secret_'], body: '[A-Za-z0-9]{43}' }] }),
  spec({ id: 'heroku_api_key', provider: 'heroku', description: 'Heroku API key (HRKU-)', severity: high, score: 0.9, variants: [{ prefixes: ['HRKU-'], body: '[A-Za-z0-9_-]{40,80}' }] }),
  spec({ id: 'newrelic_api_key', provider: 'newrelic', description: 'New Relic user API key (NRAK-)', severity: high, score: 0.93, variants: [{ prefixes: ['NRAK-'], body: '[A-Z0-9]{27}' }] }),
  spec({ id: 'langsmith_api_key', provider: 'langsmith', description: 'LangSmith API key (lsv2_pt_, lsv2_sk_)', severity: high, score: 0.95, variants: [{ prefixes: ['lsv2_pt_', 'lsv2_sk_'], body: '[a-f0-9]{32}_[a-f0-9]{10}' }] }),
  // LLM providers
  spec({ id: 'groq_api_key', provider: 'groq', description: 'Groq API key (gsk_)', severity: high, score: 0.95, variants: [{ prefixes: ['gsk_'], body: '[A-Za-z0-9]{52}' }] }),
  spec({ id: 'replicate_api_token', provider: 'replicate', description: 'Replicate API token (r8_)', severity: high, score: 0.93, variants: [{ prefixes: ['r8_'], body: '[A-Za-z0-9]{37}' }] }),
  spec({ id: 'perplexity_api_key', provider: 'perplexity', description: 'Perplexity API key (pplx-)', severity: high, score: 0.93, variants: [{ prefixes: ['pplx-'], body: '[A-Za-z0-9]{48}' }] }),
  spec({ id: 'xai_api_key', provider: 'xai', description: 'xAI API key (xai-)', severity: high, score: 0.95, variants: [{ prefixes: ['xai-'], body: '[A-Za-z0-9]{80}' }] }),
  spec({ id: 'tavily_api_key', provider: 'tavily', description: 'Tavily API key (tvly-)', severity: high, score: 0.93, variants: [{ prefixes: ['tvly-'], body: '(?:dev-|prod-)?[A-Za-z0-9]{32}' }] }),
  // Messaging, commerce, infrastructure
  spec({ id: 'sendgrid_api_key', provider: 'sendgrid', description: 'SendGrid API key (SG.<22>.<43>)', severity: high, score: 0.95, variants: [{ prefixes: ['SG.'], body: '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}' }] }),
  spec({ id: 'twilio_api_key', provider: 'twilio', description: 'Twilio API key SID (SK + 32 hex)', severity: high, score: 0.85, variants: [{ prefixes: ['SK'], body: '[0-9a-f]{32}' }], tail: TAIL_ALNUM }),
  spec({ id: 'mailgun_api_key', provider: 'mailgun', description: 'Mailgun API key (key- + 32 hex)', severity: high, score: 0.85, variants: [{ prefixes: ['key-'], body: '[0-9a-f]{32}' }], tail: TAIL_ALNUM }),
  spec({ id: 'shopify_access_token', provider: 'shopify', description: 'Shopify access token (shpat_, shpca_, shppa_)', severity: high, score: 0.95, variants: [{ prefixes: ['shpat_', 'shpca_', 'shppa_'], body: '[a-fA-F0-9]{32}' }] }),
  spec({ id: 'shopify_shared_secret', provider: 'shopify', description: 'Shopify app shared secret (shpss_)', severity: high, score: 0.95, variants: [{ prefixes: ['shpss_'], body: '[a-fA-F0-9]{32}' }] }),
  spec({ id: 'digitalocean_token', provider: 'digitalocean', description: 'DigitalOcean token (dop_v1_, doo_v1_, dor_v1_)', severity: crit, score: 0.95, variants: [{ prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'], body: '[a-f0-9]{64}' }] }),
  spec({ id: 'discord_bot_token', provider: 'discord', description: 'Discord bot token (base64 user id . timestamp . HMAC)', severity: high, validation: 'structure', score: 0.93, variants: [{ prefixes: ['MT', 'Mj', 'Mz', 'ND', 'NT', 'Nj', 'Nz', 'OD', 'OT'], body: '[A-Za-z0-9_-]{21,26}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}' }], check: discordCheck }),
  spec({ id: 'age_secret_key', provider: 'age', description: 'age encryption secret key (AGE-SECRET-KEY-1, Bech32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['AGE-SECRET-KEY-1'], body: '[02-9AC-HJ-NP-Z]{58}' }], check: ageCheck, tail: TAIL_ALNUM }),
  // Warden's own credentials
  spec({ id: 'warden_agent_key', provider: 'warden', description: 'Warden agent virtual key (wdn_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['wdn_'], body: WARDEN_BODY }], check: wardenCheck, tail: TAIL_ALNUM }),
  spec({ id: 'warden_admin_token', provider: 'warden', description: 'Warden admin API token (wdna_, CRC32 checksum)', severity: crit, validation: 'checksum', score: 0.99, variants: [{ prefixes: ['wdna_'], body: WARDEN_BODY }], check: wardenCheck, tail: TAIL_ALNUM }),
];

/** Turns a spec into a scanner: a sticky expression per variant, tried only at its prefixes. */
export function tokenScanner(s: TokenSpec): Scanner {
  const tail = s.tail ?? TAIL_WORD;
  const variants = s.variants.map((v) => ({
    prefixes: v.prefixes,
    re: new RegExp(`(?:${v.prefixes.map(escapeLiteral).join('|')})${v.body}(?!${tail})`, 'y'),
  }));
  const boundary = s.boundary ?? true;
  return {
    name: s.id,
    formats: [s.id],
    anchors: s.variants.flatMap((v) => v.prefixes.map((text) => ({ text, boundary, shape: v.body }))),
    scan(env, pos, out) {
      const { text } = env;
      if (boundary && !atTokenStart(text, pos)) return pos + 1;
      for (const v of variants) {
        let prefix: string | undefined;
        for (const p of v.prefixes) {
          if (text.startsWith(p, pos)) {
            prefix = p;
            break;
          }
        }
        if (prefix === undefined) continue;
        v.re.lastIndex = pos;
        const m = v.re.exec(text);
        if (!m) continue;
        const token = m[0];
        const body = token.slice(prefix.length);
        const verdict = s.check ? s.check(token, prefix, body) : random(body);
        const end = pos + token.length;
        if (verdict === null) return end;
        const hit: RawHit = { format: s.id, start: pos, end, score: s.score, rank: RANK.token };
        if (verdict.ok) {
          if (verdict.score > 0) hit.score = verdict.score;
          if (verdict.note) hit.note = verdict.note;
          if (verdict.severity) hit.severity = verdict.severity;
        } else {
          // A failed checksum: not a live credential (a typo, a truncation or a fake); reported below any threshold.
          hit.score = 0.2;
          hit.severity = 'info';
          hit.note = 'checksum mismatch';
          hit.redact = false;
        }
        out.push(hit);
        return end;
      }
      return pos + 1;
    },
  };
}
