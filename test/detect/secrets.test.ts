import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WardenError } from '../../src/errors.js';
import { generateKey, parseKey } from '../../src/identity/key-format.js';
import { SECRET_FORMATS, SECRETS, createSecretsDetector } from '../../src/detect/secrets.js';
import { base62Crc32 } from '../../src/detect/secrets/value.js';
import { TAG } from '../../src/detect/tags.js';
import type { ContentSource, DetectorFinding } from '../../src/detect/types.js';
import { assertWellFormed, describeConformance } from './conformance.js';
import { rng } from '../helpers/rng.js';

// ---------------------------------------------------------------- fake secrets, deterministic

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64URL = `${ALNUM}-_`;
const B64 = `${ALNUM}+/`;
const HEX = '0123456789abcdef';
const UPPERNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DIGITS = '0123456789';

let rand = rng(20240501);
const pick = (alphabet: string, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
};
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** GitHub classic / npm shape: 30 random base62, then CRC32 of them as 6 base62 digits. */
const crcToken = (prefix: string): string => {
  const body = pick(ALNUM, 30);
  return `${prefix}${body}${base62Crc32(body)}`;
};
const wardenKey = (prefix: string): string => {
  const body = pick(ALNUM, 32);
  return `${prefix}${body}${base62Crc32(body)}`;
};

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i]!;
  }
  return chk;
}
function ageSecretKey(): string {
  const hrp = 'age-secret-key-';
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes(32)) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const expand = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const mod = bech32Polymod([...expand, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...check].map((v) => BECH32[v]).join('')}`.toUpperCase();
}

function pem(label: string, lines = 12): string {
  const body = Array.from({ length: lines }, () => pick(B64, 64)).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n${pick(B64, 20)}==\n-----END ${label}-----`;
}

function jwt(header: object, payload: object): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${pick(B64URL, 43)}`;
}

/** A mixed 40-character AWS-style secret (both cases, digits, a slash). */
function awsSecret(): string {
  let s = '';
  do s = pick(B64, 40);
  while (!(/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)));
  return s;
}

interface Sample {
  text: string;
  /** The exact text the finding's span must cover. */
  secret: string;
  source?: ContentSource;
}

/** One realistic positive per format id, embedded in the kind of text it leaks in. */
const POSITIVES: Record<string, () => Sample> = {
  openai_project_key: () => {
    const secret = `sk-proj-${pick(B64URL, 74)}T3BlbkFJ${pick(B64URL, 74)}`;
    return { secret, text: `# .env\nNODE_ENV=production\nOPENAI_API_KEY=${secret}\nLOG_LEVEL=info\n` };
  },
  openai_service_account_key: () => {
    const secret = `sk-svcacct-${pick(B64URL, 74)}T3BlbkFJ${pick(B64URL, 74)}`;
    return { secret, text: `from openai import OpenAI\nclient = OpenAI(api_key="${secret}")\n` };
  },
  openai_admin_key: () => {
    const secret = `sk-admin-${pick(B64URL, 58)}T3BlbkFJ${pick(B64URL, 58)}`;
    return { secret, text: `curl https://api.openai.com/v1/organization/users -H "Authorization: Bearer ${secret}"` };
  },
  openai_legacy_key: () => {
    const secret = `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`;
    return { secret, text: `hey, my script fails with 401 even though I set the key to ${secret} — any idea why?` };
  },
  sk_api_key: () => {
    const secret = `sk-${pick(HEX, 32)}`;
    return { secret, text: `providers:\n  deepseek:\n    base_url: https://api.deepseek.com\n    key: ${secret}\n` };
  },
  openrouter_api_key: () => {
    const secret = `sk-or-v1-${pick(HEX, 64)}`;
    return { secret, text: `const client = new OpenAI({ baseURL: "https://openrouter.ai/api/v1", apiKey: "${secret}" });` };
  },
  anthropic_api_key: () => {
    const secret = `sk-ant-api03-${pick(B64URL, 93)}AA`;
    return { secret, text: `export ANTHROPIC_API_KEY='${secret}'` };
  },
  anthropic_admin_key: () => {
    const secret = `sk-ant-admin01-${pick(B64URL, 93)}AA`;
    return { secret, text: `x-api-key: ${secret}\nanthropic-version: 2023-06-01` };
  },
  gcp_api_key: () => {
    const secret = `AIza${pick(B64URL, 35)}`;
    return { secret, text: `GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=${secret} 200 84ms` };
  },
  google_oauth_client_secret: () => {
    const secret = `GOCSPX-${pick(B64URL, 28)}`;
    return { secret, text: `{"installed":{"client_id":"1234567890-abc.apps.googleusercontent.com","client_secret":"${secret}","redirect_uris":["http://localhost"]}}` };
  },
  google_oauth_access_token: () => {
    const secret = `ya29.${pick(B64URL, 140)}`;
    return { secret, text: `DEBUG google.auth: refreshed credentials, token=${secret} expires_in=3599` };
  },
  github_pat: () => {
    const secret = crcToken('ghp_');
    return { secret, text: `git remote set-url origin https://x-access-token:${secret}@github.com/acme/api.git` };
  },
  github_oauth_token: () => {
    const secret = crcToken('gho_');
    return { secret, text: `oauth_token: ${secret}\nuser: octocat\ngit_protocol: https\n` };
  },
  github_user_token: () => {
    const secret = crcToken('ghu_');
    return { secret, text: `{"access_token":"${secret}","expires_in":28800,"token_type":"bearer"}`, source: 'tool_result' };
  },
  github_app_token: () => {
    const secret = crcToken('ghs_');
    return { secret, text: `Run actions/checkout@v4\n  token: ${secret}\n  persist-credentials: true` };
  },
  github_refresh_token: () => {
    const secret = crcToken('ghr_');
    return { secret, text: `refresh_token=${secret}&grant_type=refresh_token` };
  },
  github_fine_grained_pat: () => {
    const secret = `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`;
    return { secret, text: `I created a fine-grained token: ${secret}. Can you use it to open the PR?` };
  },
  gitlab_pat: () => {
    const secret = `glpat-${pick(B64URL, 20)}`;
    return { secret, text: `curl --header "PRIVATE-TOKEN: ${secret}" "https://gitlab.example.com/api/v4/projects"` };
  },
  gitlab_pipeline_trigger_token: () => {
    const secret = `glptt-${pick(HEX, 40)}`;
    return { secret, text: `curl -X POST -F token=${secret} -F ref=main https://gitlab.example.com/api/v4/projects/9/trigger/pipeline` };
  },
  gitlab_deploy_token: () => {
    const secret = `gldt-${pick(B64URL, 20)}`;
    return { secret, text: `docker login registry.gitlab.example.com -u gitlab+deploy-token-12 -p ${secret}` };
  },
  gitlab_runner_token: () => {
    const secret = `glrt-${pick(B64URL, 20)}`;
    return { secret, text: `[[runners]]\n  name = "build-01"\n  url = "https://gitlab.example.com"\n  token = "${secret}"\n  executor = "docker"` };
  },
  gitlab_token: () => {
    const secret = `gloas-${pick(HEX, 64)}`;
    return { secret, text: `GITLAB_OAUTH_SECRET=${secret}` };
  },
  slack_bot_token: () => {
    const secret = `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`;
    return { secret, text: `SLACK_BOT_TOKEN=${secret}\nSLACK_CHANNEL=#alerts` };
  },
  slack_user_token: () => {
    const secret = `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`;
    return { secret, text: `const web = new WebClient('${secret}');` };
  },
  slack_app_token: () => {
    const secret = `xapp-1-A${pick(UPPERNUM, 10)}-${pick(DIGITS, 13)}-${pick(HEX, 64)}`;
    return { secret, text: `socket mode: app_token=${secret}` };
  },
  slack_token: () => {
    const secret = `xoxe-1-${pick(ALNUM, 40)}-${pick(ALNUM, 24)}`;
    return { secret, text: `rotated config token: ${secret}` };
  },
  stripe_secret_key: () => {
    const secret = `sk_live_${pick(ALNUM, 99)}`;
    return { secret, text: `Stripe.api_key = "${secret}"` };
  },
  stripe_restricted_key: () => {
    const secret = `rk_live_${pick(ALNUM, 99)}`;
    return { secret, text: `STRIPE_RESTRICTED_KEY=${secret}` };
  },
  stripe_webhook_secret: () => {
    const secret = `whsec_${pick(ALNUM, 32)}`;
    return { secret, text: `endpoint_secret = '${secret}'  # from the dashboard` };
  },
  npm_token: () => {
    const secret = crcToken('npm_');
    return { secret, text: `//registry.npmjs.org/:_authToken=${secret}\nalways-auth=true` };
  },
  pypi_token: () => {
    const secret = `pypi-AgEIcHlwaS5vcmc${pick(B64URL, 160)}`;
    return { secret, text: `[pypi]\n  username = __token__\n  password = ${secret}\n` };
  },
  docker_hub_pat: () => {
    const secret = `dckr_pat_${pick(B64URL, 27)}`;
    return { secret, text: `echo "${secret}" | docker login -u acmebot --password-stdin` };
  },
  huggingface_token: () => {
    const secret = `hf_${pick(LETTERS, 34)}`;
    return { secret, text: `from huggingface_hub import login\nlogin(token="${secret}")` };
  },
  databricks_token: () => {
    const secret = `dapi${pick(HEX, 32)}`;
    return { secret, text: `[DEFAULT]\nhost = https://adb-1234567890.12.azuredatabricks.net\ntoken = ${secret}` };
  },
  postman_api_key: () => {
    const secret = `PMAK-${pick(HEX, 24)}-${pick(HEX, 34)}`;
    return { secret, text: `newman run collection.json --postman-api-key ${secret}` };
  },
  pulumi_access_token: () => {
    const secret = `pul-${pick(HEX, 40)}`;
    return { secret, text: `env:\n  PULUMI_ACCESS_TOKEN: ${secret}` };
  },
  doppler_token: () => {
    const secret = `dp.st.prd.${pick(ALNUM, 40)}`.replace('dp.st.prd.', 'dp.st.');
    return { secret, text: `DOPPLER_TOKEN="${secret}" doppler run -- npm start` };
  },
  vault_token: () => {
    const secret = `hvs.${pick(B64URL, 90)}`;
    return { secret, text: `$ vault login\nToken (will be hidden):\nSuccess! token: ${secret}` };
  },
  grafana_service_account_token: () => {
    const secret = `glsa_${pick(ALNUM, 32)}_${pick(HEX, 8)}`;
    return { secret, text: `grafana:\n  url: https://grafana.internal\n  auth: ${secret}` };
  },
  grafana_cloud_token: () => {
    const secret = `glc_${Buffer.from(JSON.stringify({ o: '123456', n: 'stack-1-read', k: pick(ALNUM, 24), m: { r: 'prod-eu-west-0' } })).toString('base64')}`;
    return { secret, text: `GRAFANA_CLOUD_ACCESS_POLICY_TOKEN=${secret}` };
  },
  sentry_token: () => {
    const secret = `sntrys_${Buffer.from(JSON.stringify({ iat: 1714000000, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })).toString('base64')}_${pick(B64, 43)}`;
    return { secret, text: `SENTRY_AUTH_TOKEN=${secret}` };
  },
  atlassian_api_token: () => {
    const secret = `ATATT3xFfGF0${pick(B64URL, 170)}=${pick('0123456789ABCDEF', 8)}`;
    return { secret, text: `jira:\n  email: ops@acme-corp.net\n  api_token: ${secret}` };
  },
  linear_api_key: () => {
    const secret = `lin_api_${pick(ALNUM, 40)}`;
    return { secret, text: `const linear = new LinearClient({ apiKey: '${secret}' })` };
  },
  notion_token: () => {
    const secret = `ntn_${pick(DIGITS, 11)}${pick(ALNUM, 35)}`;
    return { secret, text: `NOTION_TOKEN=${secret}` };
  },
  heroku_api_key: () => {
    const secret = `HRKU-AA${pick(B64URL, 58)}`;
    return { secret, text: `machine api.heroku.com\n  login ops@acme-corp.net\n  password ${secret}` };
  },
  newrelic_api_key: () => {
    const secret = `NRAK-${pick(UPPERNUM, 27)}`;
    return { secret, text: `NEW_RELIC_API_KEY=${secret}` };
  },
  langsmith_api_key: () => {
    const secret = `lsv2_pt_${pick(HEX, 32)}_${pick(HEX, 10)}`;
    return { secret, text: `os.environ["LANGSMITH_API_KEY"] = "${secret}"` };
  },
  groq_api_key: () => {
    const secret = `gsk_${pick(ALNUM, 52)}`;
    return { secret, text: `client = Groq(api_key="${secret}")`, source: 'model_output' };
  },
  replicate_api_token: () => {
    const secret = `r8_${pick(ALNUM, 37)}`;
    return { secret, text: `REPLICATE_API_TOKEN=${secret} python predict.py` };
  },
  perplexity_api_key: () => {
    const secret = `pplx-${pick(ALNUM, 48)}`;
    return { secret, text: `headers = {"Authorization": f"Bearer ${secret}"}` };
  },
  xai_api_key: () => {
    const secret = `xai-${pick(ALNUM, 80)}`;
    return { secret, text: `XAI_API_KEY=${secret}` };
  },
  tavily_api_key: () => {
    const secret = `tvly-dev-${pick(ALNUM, 32)}`;
    return { secret, text: `tavily = TavilyClient(api_key="${secret}")` };
  },
  sendgrid_api_key: () => {
    const secret = `SG.${pick(B64URL, 22)}.${pick(B64URL, 43)}`;
    return { secret, text: `sgMail.setApiKey('${secret}');` };
  },
  twilio_api_key: () => {
    const secret = `SK${pick(HEX, 32)}`;
    return { secret, text: `client = Client("${secret}", api_secret, account_sid)` };
  },
  mailgun_api_key: () => {
    const secret = `key-${pick(HEX, 32)}`;
    return { secret, text: `requests.post(url, auth=("api", "${secret}"), data=payload)` };
  },
  shopify_access_token: () => {
    const secret = `shpat_${pick(HEX, 32)}`;
    return { secret, text: `X-Shopify-Access-Token: ${secret}` };
  },
  shopify_shared_secret: () => {
    const secret = `shpss_${pick(HEX, 32)}`;
    return { secret, text: `SHOPIFY_API_SECRET=${secret}` };
  },
  digitalocean_token: () => {
    const secret = `dop_v1_${pick(HEX, 64)}`;
    return { secret, text: `doctl auth init --access-token ${secret}` };
  },
  discord_bot_token: () => {
    const id = `1${pick(DIGITS, 17)}`;
    const secret = `${Buffer.from(id).toString('base64url')}.${pick(B64URL, 6)}.${pick(B64URL, 38)}`;
    return { secret, text: `client.run('${secret}')` };
  },
  age_secret_key: () => {
    const secret = ageSecretKey();
    return { secret, text: `# created: 2024-05-01T10:00:00Z\n# public key: age1${pick(BECH32, 58)}\n${secret}\n` };
  },
  warden_agent_key: () => {
    const secret = wardenKey('wdn_');
    return { secret, text: `export WARDEN_KEY=${secret}` };
  },
  warden_admin_token: () => {
    const secret = wardenKey('wdna_');
    return { secret, text: `Authorization: Bearer ${secret}`, source: 'tool_args' };
  },
  aws_access_key: () => {
    const secret = `AKIA${pick(BASE32, 16)}`;
    return { secret, text: `[default]\naws_access_key_id = ${secret}\nregion = eu-west-1\n` };
  },
  aws_secret_key: () => {
    const secret = awsSecret();
    return { secret, text: `$ aws configure list\nAccessKeyId: ASIA${pick(BASE32, 16)}\nSecretAccessKey: ${secret}\nSessionToken: (hidden)`, source: 'tool_result' };
  },
  private_key: () => {
    const secret = pem('RSA PRIVATE KEY');
    return { secret, text: `Here is the deploy key, add it to the CI settings:\n\n${secret}\n\nThanks!` };
  },
  jwt: () => {
    const secret = jwt({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { sub: 'user-42', iss: 'https://auth.acme-corp.net', exp: 1893456000 });
    return { secret, text: `GET /api/orders HTTP/1.1\nHost: api.acme-corp.net\nCookie: session=${secret}; theme=dark` };
  },
  db_connection_string: () => {
    const secret = pick(ALNUM, 20);
    return { secret, text: `DATABASE_URL=postgresql://orders_app:${secret}@db-primary.internal:5432/orders?sslmode=require` };
  },
  url_credentials: () => {
    const secret = `${pick(ALNUM, 10)}!${pick(ALNUM, 6)}`;
    return { secret, text: `pip install --index-url https://ci-reader:${secret}@pypi.acme-corp.net/simple/ acme-tools` };
  },
  gcp_service_account: () => {
    const key = pem('PRIVATE KEY').replace(/\n/g, '\\n');
    const secret = `${key}\\n`;
    return {
      secret,
      text: `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${pick(HEX, 40)}",\n  "private_key": "${secret}",\n  "client_email": "ci@acme-prod.iam.gserviceaccount.com"\n}`,
    };
  },
  azure_storage_key: () => {
    const secret = bytes(64).toString('base64');
    return { secret, text: `"StorageConnection": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${secret};EndpointSuffix=core.windows.net"` };
  },
  azure_shared_access_key: () => {
    const secret = bytes(32).toString('base64');
    return { secret, text: `Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${secret}` };
  },
  azure_sas_token: () => {
    const secret = encodeURIComponent(bytes(32).toString('base64'));
    return { secret, text: `https://acmeprod.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-12-31T00:00:00Z&spr=https&sig=${secret}` };
  },
  azure_entra_client_secret: () => {
    const secret = `${pick(ALNUM, 3)}8Q~${pick(`${ALNUM}_~.-`, 33)}${pick(ALNUM, 1)}`;
    return { secret, text: `az login --service-principal -u 1b2c3d4e-aaaa-bbbb-cccc-1234567890ab -p ${secret} --tenant acme.onmicrosoft.com` };
  },
  slack_webhook_url: () => {
    const secret = `T${pick(UPPERNUM, 10)}/B${pick(UPPERNUM, 10)}/${pick(ALNUM, 24)}`;
    return { secret, text: `curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy done"}' https://hooks.slack.com/services/${secret}` };
  },
  discord_webhook_url: () => {
    const secret = `${pick(DIGITS, 18)}/${pick(B64URL, 68)}`;
    return { secret, text: `webhook_url: "https://discord.com/api/webhooks/${secret}"` };
  },
  telegram_bot_token: () => {
    const secret = `${pick(DIGITS, 10)}:AA${pick(B64URL, 33)}`;
    return { secret, text: `bot = telebot.TeleBot("${secret}")` };
  },
  http_basic_auth: () => {
    const secret = Buffer.from(`svc-deploy:${pick(ALNUM, 18)}`).toString('base64');
    return { secret, text: `> GET /v2/_catalog HTTP/1.1\n> Host: registry.acme-corp.net\n> Authorization: Basic ${secret}\n> User-Agent: curl/8.5.0`, source: 'tool_result' };
  },
  bearer_token: () => {
    const secret = pick(ALNUM, 48);
    return { secret, text: `curl -s https://api.acme-corp.net/v1/usage -H "Authorization: Bearer ${secret}"` };
  },
  azure_openai_key: () => {
    const secret = pick(HEX, 32);
    return { secret, text: `AZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/\nAZURE_OPENAI_API_KEY=${secret}\n` };
  },
  datadog_api_key: () => {
    const secret = pick(HEX, 32);
    return { secret, text: `datadog:\n  site: datadoghq.eu\n  DD_API_KEY: ${secret}` };
  },
  datadog_app_key: () => {
    const secret = pick(HEX, 40);
    return { secret, text: `export DD_APP_KEY=${secret}` };
  },
  cloudflare_api_token: () => {
    const secret = pick(B64URL, 40);
    return { secret, text: `CLOUDFLARE_API_TOKEN=${secret} wrangler deploy` };
  },
  mistral_api_key: () => {
    const secret = pick(ALNUM, 32);
    return { secret, text: `mistral_api_key = "${secret}"` };
  },
  cohere_api_key: () => {
    const secret = pick(ALNUM, 40);
    return { secret, text: `co = cohere.Client(api_key=os.getenv("X"))\nCOHERE_API_KEY="${secret}"` };
  },
  twilio_auth_token: () => {
    const secret = pick(HEX, 32);
    return { secret, text: `TWILIO_ACCOUNT_SID=AC${pick(HEX, 32)}\nTWILIO_AUTH_TOKEN=${secret}` };
  },
  mailgun_signing_key: () => {
    const secret = `${pick(HEX, 32)}-${pick(HEX, 8)}-${pick(HEX, 8)}`;
    return { secret, text: `MAILGUN_API_KEY=${secret}` };
  },
  generic_secret: () => {
    const secret = `${pick(ALNUM, 14)}#${pick(ALNUM, 9)}`;
    return { secret, text: `spring:\n  datasource:\n    username: orders\n    password: "${secret}"\n` };
  },
};

/**
 * Near misses for every format with a validator: the same shape with the checksum broken, or
 * a structure that does not decode. None may trigger.
 */
function breakLast(token: string): string {
  const last = token[token.length - 1]!;
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}
const NEAR_MISSES: Record<string, () => string> = {
  github_pat: () => `GITHUB_TOKEN=${breakLast(crcToken('ghp_'))}`,
  github_oauth_token: () => `oauth_token: ${breakLast(crcToken('gho_'))}`,
  github_user_token: () => `token ${breakLast(crcToken('ghu_'))}`,
  github_app_token: () => `token: ${breakLast(crcToken('ghs_'))}`,
  github_refresh_token: () => `refresh_token=${breakLast(crcToken('ghr_'))}`,
  npm_token: () => `//registry.npmjs.org/:_authToken=${breakLast(crcToken('npm_'))}`,
  warden_agent_key: () => `WARDEN_KEY=${breakLast(wardenKey('wdn_'))}`,
  warden_admin_token: () => `Authorization: Bearer ${breakLast(wardenKey('wdna_'))}`,
  age_secret_key: () => breakLast(ageSecretKey()),
  discord_bot_token: () => `client.run('${Buffer.from('not-a-user-id-here').toString('base64url')}.${pick(B64URL, 6)}.${pick(B64URL, 38)}')`,
  jwt: () => `token: ${b64url(JSON.stringify({ typ: 'JWT' }))}.${b64url('{"sub":"1"}')}.${pick(B64URL, 43)}`,
  telegram_bot_token: () => `bot = Bot("${pick(DIGITS, 10)}:AB${pick(B64URL, 33)}")`,
  private_key: () => '-----BEGIN RSA PRIVATE KEY-----\n...your key here...\n-----END RSA PRIVATE KEY-----',
  db_connection_string: () => 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app',
  url_credentials: () => 'https://user:<password>@git.example.org/repo.git',
  gcp_service_account: () => '{"type": "service_account", "project_id": "acme", "private_key": "<paste the key here>"}',
  azure_storage_key: () => `AccountKey=${bytes(48).toString('base64')}`,
  azure_shared_access_key: () => `SharedAccessKey=${bytes(24).toString('base64')}`,
  azure_sas_token: () => `https://acme.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=${encodeURIComponent(bytes(20).toString('base64'))}xyz`,
  http_basic_auth: () => `Authorization: Basic ${Buffer.from('admin:password').toString('base64')}`,
};

/** Look-alikes from docs, logs and code that must not trigger. */
const LOOKALIKES: string[] = [
  'Set OPENAI_API_KEY=sk-...xxxx in your environment.',
  'export OPENAI_API_KEY="sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
  'api_key: sk-YOUR-KEY-HERE',
  'The AWS docs use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY as sample credentials.',
  'request_id=9f1c2e7a-1b2c-4d5e-8f90-123456789abc user_id=550e8400-e29b-41d4-a716-446655440000',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Dev <dev@acme-corp.net>\n\n    Fix token refresh',
  'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  `<img src="data:image/png;base64,${Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)).toString('base64')}">`,
  'stripe.publishableKey = "pk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef"',
  'DATABASE_URL=postgres://user:password@localhost:5432/mydb',
  'mongodb://admin:${MONGO_PASSWORD}@mongo:27017',
  'redis://:<password>@cache:6379/0',
  'password: ${DB_PASSWORD}',
  'PASSWORD=changeme',
  'password = os.environ["DB_PASSWORD"]',
  'token: process.env.GITHUB_TOKEN',
  'secret_file: /run/secrets/api_token.txt',
  'max_tokens: 4096\ntoken_count: 1532\napi_key_id: 8f14e45fceea167a5a36dedd4bea2543',
  'Please reset your password from the settings page; the API key rotation policy is in the wiki.',
  'const apiKey = config.apiKey;\nconst secret = settings.SECRET_KEY;',
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----',
  '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----',
  'Authorization: Bearer <token>',
  'Authorization: Bearer $TOKEN',
  'curl -H "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE" https://api.example.com',
  'The header looks like eyJhbGciOiJIUzI1NiJ9 but this is not a full token.',
  'ghp_ tokens are 40 characters long; see https://docs.github.com for details.',
  'Visit https://example.com/path?page=2&sort=desc and https://user@example.com/profile',
  'auth: true\npassword_required: false\ntoken_ttl: 3600',
  'npm_config_cache=/tmp/npm-cache',
  'key = "a"; value = "b"; monkey = "banana"; keyboard_layout = "us"',
  'checksum: 0x5f3759df, build: 20240501.1234, version: 4.2.0-rc.1',
  'hf_hub_download(repo_id="bert-base-uncased", filename="config.json")',
  'gcp_project=my-project-123456 and AIzaSy is how every Google API key begins',
  'next_page_token: CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3emgyZGVhaGhRAA',
  'idempotency_key: 7d9f0a3c-1e2b-4c5d-9e8f-0a1b2c3d4e5f',
  'xoxb-your-token-here',
  'AccountKey=your_account_key_here;EndpointSuffix=core.windows.net',
  'password: "correct-horse-battery-staple"',
  'session_secret: "not-configured"',
];

// ---------------------------------------------------------------- helpers

const detector = createSecretsDetector();
const scan = (text: string, source: ContentSource = 'user'): DetectorFinding[] => detector.detect(text, { source });
const triggered = (text: string, source: ContentSource = 'user'): DetectorFinding[] => scan(text, source).filter((f) => f.triggered);

function assertNoLeak(f: DetectorFinding, secret: string): void {
  const ev = f.evidence ?? '';
  for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!ev.includes(secret.slice(i, i + 8)), `evidence ${JSON.stringify(ev)} leaks part of the secret`);
}

const formatById = new Map(SECRET_FORMATS.map((f) => [f.id, f]));

// ---------------------------------------------------------------- tests

describe('secrets: format table', () => {
  it('lists at least 40 formats with unique ids, providers and descriptions', () => {
    assert.ok(SECRET_FORMATS.length >= 40, `only ${SECRET_FORMATS.length} formats`);
    assert.equal(new Set(SECRET_FORMATS.map((f) => f.id)).size, SECRET_FORMATS.length, 'ids are unique');
    for (const f of SECRET_FORMATS) {
      assert.match(f.id, /^[a-z0-9_]+$/);
      assert.match(f.provider, /^[a-z0-9_]+$/);
      assert.ok(f.description.length > 10, f.id);
    }
  });

  it('has a positive sample for every format, and a near miss for every format with a validator', () => {
    const ids = SECRET_FORMATS.map((f) => f.id).sort();
    assert.deepEqual(Object.keys(POSITIVES).sort(), ids);
    for (const f of SECRET_FORMATS) {
      if (f.validation === 'checksum' || f.validation === 'structure') assert.ok(NEAR_MISSES[f.id], `near miss for ${f.id}`);
    }
  });

  it('computes the same CRC32/base62 checksum as Warden key generation', () => {
    for (let i = 0; i < 20; i++) {
      assert.ok(parseKey(wardenKey('wdn_')).ok);
      const real = generateKey(i % 2 ? 'agent' : 'admin');
      const body = real.slice(real.indexOf('_') + 1, -6);
      assert.equal(base62Crc32(body), real.slice(-6));
    }
  });
});

describe('secrets: every format on a realistic sample', () => {
  rand = rng(7);
  for (const [id, make] of Object.entries(POSITIVES)) {
    it(`finds ${id}`, () => {
      const { text, secret, source } = make();
      const fmt = formatById.get(id)!;
      const all = scan(text, source);
      const hit = all.find((f) => f.kind === id && f.triggered);
      assert.ok(hit, `${id} not found in ${JSON.stringify(text.slice(0, 120))}; got ${all.map((f) => `${f.kind}:${f.score}`).join(', ')}`);
      const start = text.indexOf(secret);
      assert.deepEqual(hit.span, { start, end: start + secret.length }, `span covers exactly the secret for ${id}`);
      assert.equal(hit.detector, SECRETS);
      assert.deepEqual(hit.redact, { label: `SECRET:${fmt.provider}`, secret: true });
      assert.ok(hit.severity === (fmt.severity) || id === 'jwt', `severity of ${id}: ${hit.severity}`);
      assert.ok(hit.tags.includes(TAG.llmSensitiveDisclosure) && hit.tags.includes(TAG.atlasUnsecuredCredentials));
      for (const f of all) {
        assertWellFormed(detector, text, f);
        assertNoLeak(f, secret);
      }
    });
  }
});

describe('secrets: validators', () => {
  rand = rng(11);
  for (const [id, make] of Object.entries(NEAR_MISSES)) {
    it(`does not report ${id} on a near miss`, () => {
      const text = make();
      const hit = triggered(text).find((f) => f.kind === id);
      assert.equal(hit, undefined, `${id} triggered on ${JSON.stringify(text.slice(0, 100))}`);
      // A broken checksum is not a credential under any other name either.
      if (formatById.get(id)!.validation === 'checksum') assert.deepEqual(triggered(text), []);
    });
  }

  it('reports a failed checksum below any threshold, as info, without redaction, and suppresses the generic rule', () => {
    const bad = breakLast(crcToken('ghp_'));
    const found = scan(`GITHUB_TOKEN=${bad}`);
    assert.equal(found.length, 1);
    const [f] = found;
    assert.equal(f!.kind, 'github_pat');
    assert.equal(f!.score, 0.2);
    assert.equal(f!.severity, 'info');
    assert.equal(f!.triggered, false);
    assert.equal(f!.redact, undefined);
    assert.match(f!.evidence!, /checksum mismatch/);
    // A lower threshold makes it visible; it is still not a credential Warden would redact.
    assert.equal(createSecretsDetector({ threshold: 0.1 }).detect(`GITHUB_TOKEN=${bad}`, { source: 'user' })[0]!.triggered, true);
  });

  it('scores checksum-valid tokens above fixed-prefix ones, and those above the generic rule', () => {
    const gh = triggered(`token: ${crcToken('ghp_')}`)[0]!;
    const gcp = triggered(`key=AIza${pick(B64URL, 35)}`)[0]!;
    const gen = triggered(`SESSION_SECRET=${pick(ALNUM, 32)}`)[0]!;
    assert.equal(gh.score, 0.99);
    assert.ok(gh.score > gcp.score && gcp.score > gen.score);
    assert.equal(gen.kind, 'generic_secret');
    assert.equal(gen.severity, 'medium');
  });

  it('accepts Warden keys made by the real generator', () => {
    const key = generateKey('agent');
    const [f] = triggered(`WARDEN_API_KEY=${key}`);
    assert.equal(f?.kind, 'warden_agent_key');
    assert.equal(f?.score, 0.99);
  });
});

describe('secrets: look-alikes', () => {
  for (const text of LOOKALIKES) {
    it(`ignores ${JSON.stringify(text.slice(0, 60))}`, () => {
      const hit = triggered(text)[0];
      assert.equal(hit, undefined, `${hit?.kind} on ${JSON.stringify(text.slice(hit?.span.start ?? 0, hit?.span.end ?? 0))}`);
    });
  }

  it('does not report Stripe publishable keys at all', () => {
    assert.deepEqual(scan(`pk_live_${pick(ALNUM, 99)}`), []);
  });
});

describe('secrets: spans, overlaps and evidence', () => {
  rand = rng(13);
  it('spans only the password of a database URL, for many schemes', () => {
    for (const scheme of ['postgres', 'postgresql+asyncpg', 'mysql', 'mongodb+srv', 'redis', 'rediss', 'amqps', 'mssql', 'jdbc:mysql', 'clickhouse']) {
      const pw = `${pick(ALNUM, 12)}%21${pick(ALNUM, 4)}`;
      const text = `url: ${scheme}://svc_user:${pw}@db-1.internal:9000/app`;
      const f = triggered(text).find((x) => x.kind === 'db_connection_string');
      assert.ok(f, scheme);
      assert.equal(text.slice(f.span.start, f.span.end), pw, scheme);
      assert.equal(f.severity, 'critical');
    }
  });

  it('spans the whole PEM block, also when newlines are escaped or the footer is cut off', () => {
    for (const label of ['PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      const block = pem(label);
      const text = `key:\n${block}\n`;
      const f = triggered(text).find((x) => x.kind === 'private_key')!;
      assert.ok(f, label);
      assert.equal(text.slice(f.span.start, f.span.end), block, label);
      const escaped = block.replace(/\n/g, '\\n');
      const g = triggered(`{"key": "${escaped}"}`).find((x) => x.kind === 'private_key');
      assert.ok(g, `${label} escaped`);
    }
    const cut = pem('RSA PRIVATE KEY').split('\n').slice(0, 8).join('\n');
    const t = triggered(`...the output was truncated:\n${cut}`)[0]!;
    assert.equal(t.kind, 'private_key');
    assert.ok(t.score < 0.98 && t.triggered);
  });

  it('prefers the specific format over the generic rule and the bearer rule', () => {
    const gh = crcToken('ghp_');
    assert.deepEqual(triggered(`GITHUB_TOKEN=${gh}`).map((f) => f.kind), ['github_pat']);
    const token = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1' });
    assert.deepEqual(triggered(`Authorization: Bearer ${token}`).map((f) => f.kind), ['jwt']);
    assert.deepEqual(triggered(`https://oauth2:${gh}@github.com/acme/repo.git`).map((f) => f.kind), ['github_pat']);
  });

  it('finds an AWS secret key next to its access key id, and by its name alone', () => {
    const id = `AKIA${pick(BASE32, 16)}`;
    const secret = awsSecret();
    const kinds = triggered(`${id}\t${secret}\n`).map((f) => f.kind);
    assert.deepEqual(kinds, ['aws_access_key', 'aws_secret_key']);
    assert.deepEqual(triggered(`aws_secret_access_key=${secret}`).map((f) => f.kind), ['aws_secret_key']);
    // 40 characters of hex (a git SHA) are not an AWS secret, next to a key id or not.
    assert.deepEqual(triggered(`${id} ${pick(HEX, 40)}`).map((f) => f.kind), ['aws_access_key']);
  });

  it('reads the GCP service-account key as one finding over the private key value', () => {
    const { text, secret } = POSITIVES.gcp_service_account!();
    const found = triggered(text);
    assert.deepEqual(found.map((f) => f.kind), ['gcp_service_account']);
    assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), secret);
  });

  it('finds several secrets in one .env file, each with its own span', () => {
    const gh = crcToken('ghp_');
    const pw = `${pick(ALNUM, 10)}$${pick(ALNUM, 5)}`;
    const text = `APP_NAME=orders\nDB_PASSWORD=${pw}\nGITHUB_TOKEN=${gh}\nSTRIPE_KEY=sk_live_${pick(ALNUM, 40)}\nDEBUG=false\n`;
    const found = triggered(text);
    assert.deepEqual(found.map((f) => f.kind), ['generic_secret', 'github_pat', 'stripe_secret_key']);
    assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), pw);
    assert.match(found[0]!.evidence!, /^DB_PASSWORD = /);
  });

  it('keeps spans right after astral characters and in CRLF text', () => {
    const gh = crcToken('ghp_');
    const text = `😀😀 token\r\n${gh}\r\n`;
    const f = triggered(text)[0]!;
    assert.equal(text.slice(f.span.start, f.span.end), gh);
  });

  it('handles generic assignments in many syntaxes', () => {
    const v = () => `${pick(ALNUM, 18)}_${pick(ALNUM, 8)}`;
    const cases = [
      (x: string) => `client_secret: ${x}`,
      (x: string) => `"apiKey": "${x}"`,
      (x: string) => `const authToken = '${x}';`,
      (x: string) => `SECRET_KEY := "${x}"`,
      (x: string) => `:access_token => "${x}"`,
      (x: string) => `<password>${x}</password>`,
      (x: string) => `mysqldump --password ${x} orders`,
      (x: string) => `X-Api-Key: ${x}`,
      (x: string) => `https://api.acme-corp.net/v1/export?format=csv&api_key=${x}&limit=10`,
    ];
    for (const make of cases) {
      const secret = v();
      const text = make(secret);
      const f = triggered(text)[0];
      assert.ok(f, text);
      assert.equal(f.kind, 'generic_secret', text);
      assert.equal(text.slice(f.span.start, f.span.end), secret, text);
    }
  });
});

describe('secrets: options', () => {
  it('applies the threshold', () => {
    const strict = createSecretsDetector({ threshold: 0.9 });
    const text = `SESSION_SECRET=${pick(ALNUM, 32)}\nGITHUB_TOKEN=${crcToken('ghp_')}`;
    assert.deepEqual(strict.detect(text, { source: 'user' }).filter((f) => f.triggered).map((f) => f.kind), ['github_pat']);
  });

  it('skips disabled formats and refuses unknown ids', () => {
    const d = createSecretsDetector({ disabled: ['github_pat', 'generic_secret'] });
    assert.deepEqual(d.detect(`GITHUB_TOKEN=${crcToken('ghp_')}`, { source: 'user' }), []);
    assert.throws(() => createSecretsDetector({ disabled: ['no_such_format'] }), (e: unknown) => e instanceof WardenError && e.code === 'detector.bad_option' && e.status === 400);
  });

  it('compiles custom patterns with RE2, using group 1 as the secret', () => {
    const d = createSecretsDetector({ custom: [{ id: 'acme_internal_token', pattern: 'acme_tok_([A-Za-z0-9]{24})', severity: 'critical', label: 'acme' }] });
    const value = pick(ALNUM, 24);
    const text = `ACME=acme_tok_${value} done`;
    const f = d.detect(text, { source: 'user' }).find((x) => x.kind === 'acme_internal_token')!;
    assert.ok(f.triggered);
    assert.equal(text.slice(f.span.start, f.span.end), value);
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.redact, { label: 'SECRET:acme', secret: true });
    assertNoLeak(f, value);
  });

  it('refuses bad custom patterns at creation with a clear error naming them', () => {
    const bad = (custom: Parameters<typeof createSecretsDetector>[0]): WardenError => {
      try {
        createSecretsDetector(custom);
      } catch (e) {
        assert.ok(e instanceof WardenError);
        assert.equal(e.code, 'detector.bad_pattern');
        assert.equal(e.status, 400);
        return e;
      }
      assert.fail('expected an error');
    };
    assert.match(bad({ custom: [{ id: 'x1', pattern: 'abc(' }] }).message, /x1.*abc\(/);
    assert.match(bad({ custom: [{ id: 'lookbehind', pattern: '(?<=a)b' }] }).message, /lookbehind/);
    assert.match(bad({ custom: [{ id: 'empty', pattern: 'a*' }] }).message, /empty string/);
    assert.match(bad({ custom: [{ id: 'github_pat', pattern: 'abc' }] }).message, /built-in/);
    assert.match(bad({ custom: [{ id: 'Bad Id', pattern: 'abc' }] }).message, /id must be/);
  });

  it('adds data-leakage tags when the secret comes back in output', () => {
    const gh = crcToken('ghp_');
    assert.ok(!triggered(gh, 'user')[0]!.tags.includes(TAG.atlasDataLeakage));
    assert.ok(triggered(gh, 'model_output')[0]!.tags.includes(TAG.atlasDataLeakage));
    assert.ok(triggered(gh, 'tool_result')[0]!.tags.includes(TAG.atlasDataLeakage));
  });

  it('finds the same after text thick with anchors, where the scan hands over to its dense finders', () => {
    // 'sk- ' calls a scanner every 4 characters, which switches the scan to the shaped expressions
    // long before the sample: their shapes must be necessary conditions only.
    const thick = 'sk- '.repeat(200);
    assert.deepEqual(scan(thick), []);
    for (const [id, make] of Object.entries(POSITIVES)) {
      const { text } = make();
      const alone = scan(text).map((f) => `${f.kind} ${f.span.start}-${f.span.end} ${f.score}`);
      const after = scan(`${thick}\n${text}`).map((f) => `${f.kind} ${f.span.start - thick.length - 1}-${f.span.end - thick.length - 1} ${f.score}`);
      assert.ok(alone.length > 0, id);
      assert.deepEqual(after, alone, id);
    }
  });

  it('is linear on inputs dense with anchors and assignments', () => {
    // Behaviour under pressure, not speed: every input finishes and yields well-formed findings.
    const inputs = ['password=token=secret=key='.repeat(4000), '-----BEGIN PRIVATE KEY-----\n'.repeat(3000), 'eyJhbGciOiJIUzI1NiJ9.'.repeat(4000), '?sig=sv='.repeat(10000), 'postgres://u:p@'.repeat(5000)];
    for (const text of inputs) for (const f of scan(text, 'tool_result')) assertWellFormed(detector, text, f);
  });
});

rand = rng(99);
describeConformance({
  detector,
  positives: [
    { text: POSITIVES.github_pat!().text },
    { text: POSITIVES.openai_project_key!().text },
    { text: POSITIVES.aws_secret_key!().text, source: 'tool_result' },
    { text: POSITIVES.private_key!().text },
    { text: POSITIVES.db_connection_string!().text },
    { text: POSITIVES.generic_secret!().text },
    { text: POSITIVES.jwt!().text, source: 'model_output' },
  ],
  negatives: LOOKALIKES.slice(0, 12).map((text) => ({ text })),
});
