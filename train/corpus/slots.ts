/**
 * Slot fillers shared by every generator: things that look the same in any language (URLs,
 * numbers, file names, identifiers) plus the English word lists. Language packs override the
 * word lists with their own.
 */
import type { Rng } from './rng.js';
import type { SlotTable } from './template.js';

const DOMAIN_WORDS = [
  'acme', 'northwind', 'bluefin', 'copperleaf', 'lumen', 'orbitly', 'pinecrest', 'quillio', 'redstone',
  'saltmarsh', 'tidewater', 'vantage', 'willowby', 'zephyr', 'kestrel', 'harbor', 'maple', 'nimbus',
  'opal', 'sparrow', 'tundra', 'verdant', 'ashgrove', 'brightpath', 'cinder', 'driftwood', 'ember',
  'fjord', 'granite', 'hollow', 'ironbark', 'juniper', 'kelp', 'larch', 'meadow', 'nova', 'oakline',
  'prism', 'quartz', 'rivet', 'sable', 'thistle', 'umber', 'vesper', 'wren', 'yarrow', 'zinc',
  'data', 'cloud', 'shop', 'mail', 'docs', 'news', 'labs', 'tools', 'hub', 'pay', 'cdn', 'api',
];
const TLDS = ['com', 'net', 'org', 'io', 'dev', 'co', 'app', 'info', 'xyz', 'site', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'ru', 'jp', 'co.uk', 'com.br', 'in', 'id', 'vn', 'tr', 'kr', 'cn'];
const PATH_WORDS = [
  'collect', 'log', 'track', 'upload', 'img', 'pixel', 'api', 'v1', 'v2', 'hook', 'c', 'r', 'q', 'save', 'sync',
  'blog', 'news', 'docs', 'help', 'products', 'pricing', 'about', 'guide', 'faq', 'events', 'report',
  'download', 'assets', 'login', 'account', 'support', 'status', 'release-notes', 'careers', 'search',
];
const QUERY_KEYS = ['q', 'd', 'data', 'id', 'ref', 'utm_source', 'page', 'x', 'msg', 'lang', 'session'];

export function domain(rng: Rng): string {
  const a = rng.pick(DOMAIN_WORDS);
  const w = rng.pick(DOMAIN_WORDS);
  const b = rng.chance(0.5) && w !== a ? (rng.chance(0.5) ? '-' : '') + w : '';
  const sub = rng.chance(0.3) ? rng.pick(['www.', 'app.', 'cdn.', 'api.', 'files.', 'blog.', 'mail.', 'static.']) : '';
  return `${sub}${a}${b}.${rng.pick(TLDS)}`;
}

export function url(rng: Rng): string {
  const parts: string[] = [];
  const n = rng.int(4);
  for (let i = 0; i < n; i++) parts.push(rng.pick(PATH_WORDS));
  let u = `${rng.chance(0.9) ? 'https' : 'http'}://${domain(rng)}/${parts.join('/')}`;
  if (rng.chance(0.3)) u += `?${rng.pick(QUERY_KEYS)}=${rng.int(100000)}`;
  return u;
}

const LOCAL_PARTS = ['info', 'support', 'sales', 'admin', 'hello', 'billing', 'noreply', 'team', 'hr', 'jobs', 'press', 'ops', 'security', 'contact'];
export function email(rng: Rng): string {
  const local = rng.chance(0.5)
    ? rng.pick(LOCAL_PARTS)
    : `${rng.pick(FIRST_NAMES).toLowerCase()}${rng.pick(['.', '_', ''])}${rng.pick(SURNAMES).toLowerCase()}${rng.chance(0.3) ? rng.int(99) : ''}`;
  return `${local}@${domain(rng).replace(/^www\./, '')}`;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

export function isoDate(rng: Rng): string {
  return `${rng.range(2019, 2026)}-${pad(rng.range(1, 12), 2)}-${pad(rng.range(1, 28), 2)}`;
}

export function clock(rng: Rng): string {
  return `${pad(rng.range(0, 23), 2)}:${pad(rng.pick([0, 5, 10, 15, 20, 30, 45, 50]), 2)}`;
}

export function ident(rng: Rng): string {
  const a = rng.pick(['user', 'order', 'item', 'total', 'count', 'config', 'result', 'data', 'row', 'value', 'cache', 'token', 'price', 'name', 'date', 'status', 'file', 'path', 'index', 'buffer']);
  const b = rng.pick(['', 'List', 'Id', 'Map', 'Count', 'Name', 'Value', 'Info', 'Total', 'Index', 'Set', 'Str']);
  return a + b;
}

const FIRST_NAMES = [
  'Alice', 'Bob', 'Carmen', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiroshi', 'Ingrid', 'Jamal', 'Keiko', 'Liam',
  'Maya', 'Nikolai', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Sanjay', 'Tomasz', 'Uma', 'Victor', 'Wen', 'Ximena',
  'Yusuf', 'Zoe', 'Aisha', 'Ben', 'Chloe', 'Diego', 'Emma', 'Felix', 'Hana', 'Ivan', 'Jonas', 'Kofi', 'Lucia',
  'Mateo', 'Nadia', 'Omar', 'Priya', 'Rafael', 'Sofia', 'Tariq', 'Valentina', 'William', 'Yuki', 'Zainab',
  'Anna', 'Marco', 'Sven', 'Leila', 'Chen', 'Minh', 'Arjun', 'Fatima', 'Hugo', 'Ines', 'Jakub', 'Kemal', 'Linh',
  'Noah', 'Oskar', 'Paula', 'Rui', 'Sara', 'Theo', 'Vera', 'Ahmed', 'Bianca', 'Daniel', 'Eva', 'George', 'Helen',
];
const SURNAMES = [
  'Smith', 'Garcia', 'Müller', 'Rossi', 'Dubois', 'Nowak', 'Yilmaz', 'Tanaka', 'Kim', 'Nguyen', 'Singh', 'Silva',
  'Jansen', 'Ivanova', 'Chen', 'Haddad', 'Santoso', 'Johnson', 'Brown', 'Lopez', 'Martin', 'Bernard', 'Kowalski',
  'Demir', 'Sato', 'Park', 'Tran', 'Patel', 'Costa', 'de Vries', 'Petrov', 'Wang', 'Mansour', 'Wijaya', 'Okafor',
  'Andersson', 'Fischer', 'Moreau', 'Romano', 'Ferreira', 'Bakker', 'Novak', 'Kaya', 'Suzuki', 'Lee', 'Pham',
];

/** Slots whose values do not depend on the language. */
export const COMMON_SLOTS: SlotTable = {
  url,
  domain,
  email,
  date: isoDate,
  clock,
  ident,
  num: (r) => String(r.range(2, 99)),
  few: (r) => String(r.range(2, 7)),
  day: (r) => String(r.range(1, 28)),
  bignum: (r) => String(r.range(100, 99999)),
  year: (r) => String(r.range(1990, 2026)),
  pct: (r) => `${r.range(1, 95)}%`,
  price: (r) => `${r.pick(['$', '€', '£', ''])}${r.range(3, 2500)}${r.chance(0.4) ? '.' + pad(r.int(100), 2) : ''}`,
  orderid: (r) => `${r.pick(['#', 'ORD-', 'A', 'INV-', 'PO-', ''])}${r.range(10000, 9999999)}`,
  ticket: (r) => `${r.pick(['JIRA', 'OPS', 'SUP', 'BUG', 'IT', 'HR', 'CS'])}-${r.range(10, 9999)}`,
  version: (r) => `${r.range(0, 12)}.${r.range(0, 30)}.${r.range(0, 40)}`,
  ip: (r) => `${r.pick([10, 172, 192, 34, 52, 104, 185])}.${r.int(256)}.${r.int(256)}.${r.range(1, 254)}`,
  port: (r) => String(r.pick([22, 80, 443, 3000, 5432, 6379, 8080, 8443, 9000, 27017])),
  hex: (r) => r.u32().toString(16).padStart(8, '0'),
  firstname: FIRST_NAMES,
  surname: SURNAMES,
  file: [
    'config.yaml', 'settings.json', '.env', 'README.md', 'main.py', 'index.ts', 'app.js', 'Dockerfile', 'package.json',
    'report_{q1|q2|q3|q4}.xlsx', 'invoice_⟨bignum⟩.pdf', 'notes.txt', 'schema.sql', 'deploy.sh', 'Makefile', 'styles.css',
    'backup.tar.gz', 'data.csv', 'id_rsa', 'credentials.json', 'server.log', 'budget_⟨year⟩.xlsx', 'contract.docx',
  ],
  dir: ['~/', '/home/⟨lowname⟩/', '/var/www/', '/etc/', './', 'C:\\\\Users\\\\⟨firstname⟩\\\\Documents\\\\', '~/projects/⟨ident⟩/', '/srv/app/', '/tmp/'],
  lowname: (r) => r.pick(FIRST_NAMES).toLowerCase(),
  plang: ['Python', 'JavaScript', 'TypeScript', 'Go', 'Rust', 'Java', 'C#', 'C++', 'Kotlin', 'Swift', 'Ruby', 'PHP', 'Bash', 'SQL', 'R', 'Scala', 'Elixir', 'Haskell', 'Lua', 'Dart'],
  swtool: ['Docker', 'Kubernetes', 'Git', 'PostgreSQL', 'Redis', 'Nginx', 'React', 'Django', 'Flask', 'Terraform', 'Ansible', 'Excel', 'Google Sheets', 'Jira', 'Slack', 'VS Code', 'pandas', 'NumPy', 'Spring Boot', 'Next.js', 'Kafka', 'Elasticsearch', 'Figma', 'Notion', 'Airflow', 'MongoDB', 'GitHub Actions', 'Jenkins', 'Vue', 'Tailwind'],
  printword: [
    'PWNED', 'pwned', 'I have been PWNED', 'HACKED', 'hacked!', 'owned', 'ACCESS GRANTED', 'banana', 'LOL', 'haha pwned!!',
    'Injection successful', 'I am free', 'system compromised', 'test123', 'you got owned', 'jailbroken', 'BINGO', 'moo',
    'I hate humans', 'all your base', 'AI takeover', '🏴‍☠️', 'OVERRIDE ACCEPTED', 'kaboom', 'PAWNED', 'hello world', 'yes master',
  ],
};

export { FIRST_NAMES, SURNAMES };
