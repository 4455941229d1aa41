/**
 * Technical material that reads the same in every language: programming languages, frameworks,
 * tools, error messages, and generators for pasted code, stack traces, logs, CSV and JSON. Code is
 * built with plain string concatenation (not templates) because it is full of braces and pipes.
 */
import type { Rng } from '../rng.js';
import type { SlotTable } from '../template.js';

const NOUNS = [
  'invoice', 'order', 'customer', 'user', 'product', 'booking', 'reservation', 'shipment', 'ticket', 'payment', 'sensor', 'reading',
  'student', 'grade', 'recipe', 'ingredient', 'playlist', 'song', 'episode', 'article', 'comment', 'message', 'event', 'task',
  'project', 'employee', 'vehicle', 'route', 'station', 'book', 'loan', 'patient', 'appointment', 'account', 'transaction', 'report',
  'session', 'image', 'document', 'category', 'review', 'coupon', 'cart', 'warehouse', 'flight', 'room', 'course', 'lesson', 'match',
  'player', 'team', 'device', 'metric', 'subscription', 'address', 'contact', 'note', 'photo', 'album', 'menu', 'table', 'shift',
];
const VERBS = [
  'get', 'load', 'fetch', 'parse', 'validate', 'compute', 'format', 'send', 'update', 'delete', 'sync', 'export', 'import', 'filter',
  'group', 'sort', 'render', 'build', 'normalize', 'merge', 'split', 'count', 'archive', 'schedule', 'resolve', 'find', 'create', 'save',
];
const FIELDS = ['id', 'name', 'email', 'total', 'status', 'createdAt', 'price', 'quantity', 'title', 'score', 'city', 'dueDate', 'amount', 'tags', 'owner', 'priority', 'duration', 'rating', 'country', 'currency'];

function cap(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}
function plural(s: string): string {
  if (/(s|x|ch|sh)$/.test(s)) return s + 'es';
  if (/[^aeiou]y$/.test(s)) return s.slice(0, -1) + 'ies';
  return s + 's';
}
function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
function ts(r: Rng): string {
  return `${r.range(2021, 2025)}-${pad2(r.range(1, 12))}-${pad2(r.range(1, 28))}T${pad2(r.range(0, 23))}:${pad2(r.int(60))}:${pad2(r.int(60))}.${String(r.int(1000)).padStart(3, '0')}Z`;
}
function day(r: Rng): string {
  return `${r.range(2021, 2025)}-${pad2(r.range(1, 12))}-${pad2(r.range(1, 28))}`;
}

/** A verb + noun identifier in the given case. */
function fnName(r: Rng, style: 'camel' | 'snake' | 'pascal'): string {
  const v = r.pick(VERBS);
  const n = r.pick(NOUNS);
  const p = r.chance(0.4) ? plural(n) : n;
  if (style === 'snake') return `${v}_${p}`;
  if (style === 'pascal') return cap(v) + cap(p);
  return v + cap(p);
}

type Snip = (r: Rng) => string;

const SNIPPETS: readonly Snip[] = [
  (r) => {
    const n = r.pick(NOUNS), f = fnName(r, 'snake'), k = snake(r.pick(FIELDS));
    return `def ${f}(${plural(n)}):\n    result = {}\n    for ${n} in ${plural(n)}:\n        key = ${n}["${k}"]\n        result.setdefault(key, []).append(${n})\n    return result`;
  },
  (r) => {
    const n = cap(r.pick(NOUNS));
    const fs = r.sample(FIELDS, 3).map(snake);
    return `from dataclasses import dataclass\n\n@dataclass\nclass ${n}:\n    ${fs[0]}: str\n    ${fs[1]}: int = 0\n    ${fs[2]}: float | None = None\n\n    def is_valid(self) -> bool:\n        return bool(self.${fs[0]}) and self.${fs[1]} >= 0`;
  },
  (r) => {
    const f = r.pick(['sales', 'orders', 'survey', 'sensors', 'expenses', 'visits']), a = snake(r.pick(FIELDS)), b = snake(r.pick(FIELDS));
    return `import pandas as pd\n\ndf = pd.read_csv("${f}.csv", parse_dates=["date"])\nmonthly = df.groupby([df["date"].dt.to_period("M"), "${a}"])["${b}"].sum()\nprint(monthly.unstack().fillna(0).head(${r.range(5, 20)}))`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `@app.get("/${plural(n)}/{${n}_id}")\nasync def read_${n}(${n}_id: int, db: Session = Depends(get_db)):\n    item = db.get(${cap(n)}, ${n}_id)\n    if item is None:\n        raise HTTPException(status_code=404, detail="${cap(n)} not found")\n    return item`;
  },
  (r) => {
    const n = r.pick(NOUNS), f = fnName(r, 'camel');
    return `async function ${f}(id) {\n  const res = await fetch(\`/api/${plural(n)}/\${id}\`);\n  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);\n  const data = await res.json();\n  return data.${r.pick(FIELDS)};\n}`;
  },
  (r) => {
    const n = r.pick(NOUNS), C = cap(n) + r.pick(['List', 'Card', 'Table', 'Panel', 'Picker']);
    return `export function ${C}({ ${plural(n)} }) {\n  const [selected, setSelected] = useState(null);\n  return (\n    <ul>\n      {${plural(n)}.map((${n}) => (\n        <li key={${n}.id} onClick={() => setSelected(${n}.id)}>\n          {${n}.${r.pick(['name', 'title', 'label'])}}\n        </li>\n      ))}\n    </ul>\n  );\n}`;
  },
  (r) => {
    const n = cap(r.pick(NOUNS)), fs = r.sample(FIELDS, 3);
    return `interface ${n} {\n  ${fs[0]}: string;\n  ${fs[1]}: number;\n  ${fs[2]}?: Date;\n}\n\nexport function sortBy${cap(fs[1]!)}(items: ${n}[]): ${n}[] {\n  return [...items].sort((a, b) => a.${fs[1]} - b.${fs[1]});\n}`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `router.post('/${plural(n)}', async (req, res) => {\n  const { ${r.sample(FIELDS, 2).join(', ')} } = req.body;\n  const ${n} = await ${cap(n)}.create(req.body);\n  res.status(201).json(${n});\n});`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `func ${fnName(r, 'camel')}(w http.ResponseWriter, r *http.Request) {\n\tid := r.URL.Query().Get("id")\n\t${n}, err := store.Get${cap(n)}(r.Context(), id)\n\tif err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusNotFound)\n\t\treturn\n\t}\n\tjson.NewEncoder(w).Encode(${n})\n}`;
  },
  (r) => {
    const n = cap(r.pick(NOUNS)), fs = r.sample(FIELDS, 2);
    return `type ${n} struct {\n\t${cap(fs[0]!)} string \`json:"${fs[0]}"\`\n\t${cap(fs[1]!)} int    \`json:"${fs[1]}"\`\n}\n\nfunc (x *${n}) Validate() error {\n\tif x.${cap(fs[0]!)} == "" {\n\t\treturn errors.New("${snake(fs[0]!)} is required")\n\t}\n\treturn nil\n}`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `fn ${fnName(r, 'snake')}(path: &str) -> Result<Vec<${cap(n)}>, Box<dyn std::error::Error>> {\n    let text = std::fs::read_to_string(path)?;\n    let items: Vec<${cap(n)}> = serde_json::from_str(&text)?;\n    Ok(items.into_iter().filter(|x| x.${snake(r.pick(FIELDS))}.is_some()).collect())\n}`;
  },
  (r) => {
    const n = r.pick(NOUNS), C = cap(n);
    return `@RestController\n@RequestMapping("/api/${plural(n)}")\npublic class ${C}Controller {\n    private final ${C}Service service;\n\n    @GetMapping("/{id}")\n    public ResponseEntity<${C}> get(@PathVariable Long id) {\n        return service.findById(id)\n            .map(ResponseEntity::ok)\n            .orElse(ResponseEntity.notFound().build());\n    }\n}`;
  },
  (r) => {
    const n = r.pick(NOUNS), f = cap(r.pick(FIELDS));
    return `var top = ${plural(n)}\n    .Where(x => x.${f} != null)\n    .GroupBy(x => x.${cap(r.pick(FIELDS))})\n    .Select(g => new { Key = g.Key, Count = g.Count() })\n    .OrderByDescending(x => x.Count)\n    .Take(${r.range(3, 20)})\n    .ToList();`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `def ${fnName(r, 'snake')}(${plural(n)})\n  ${plural(n)}\n    .select { |${n}| ${n}.${snake(r.pick(FIELDS))}.present? }\n    .sort_by(&:${snake(r.pick(FIELDS))})\n    .first(${r.range(3, 25)})\nend`;
  },
  (r) => {
    const n = r.pick(NOUNS);
    return `function ${fnName(r, 'camel')}(array $${plural(n)}): array\n{\n    return array_filter($${plural(n)}, fn($${n}) => $${n}['${r.pick(FIELDS)}'] > ${r.range(0, 100)});\n}`;
  },
  (r) => {
    const a = plural(r.pick(NOUNS)), b = plural(r.pick(NOUNS));
    return `SELECT c.${snake(r.pick(FIELDS))}, COUNT(*) AS n, SUM(o.${snake(r.pick(FIELDS))}) AS total\nFROM ${a} c\nJOIN ${b} o ON o.${r.pick(NOUNS)}_id = c.id\nWHERE o.created_at >= DATE '${day(r)}'\nGROUP BY c.${snake(r.pick(FIELDS))}\nHAVING COUNT(*) > ${r.range(1, 50)}\nORDER BY total DESC\nLIMIT ${r.range(5, 100)};`;
  },
  (r) => {
    const d = r.pick(['backups', 'logs', 'photos', 'reports', 'exports', 'uploads']);
    return `#!/usr/bin/env bash\nset -euo pipefail\n\nSRC="\${1:-./${d}}"\nfor f in "$SRC"/*.${r.pick(['log', 'csv', 'jpg', 'json', 'txt'])}; do\n  echo "processing $f"\n  gzip -k "$f"\ndone\nfind "$SRC" -name '*.gz' -mtime +${r.range(3, 90)} -delete`;
  },
  (r) => {
    const n = cap(r.pick(NOUNS)), fs = r.sample(FIELDS, 3);
    return `data class ${n}(\n    val ${fs[0]}: String,\n    val ${fs[1]}: Int,\n    val ${fs[2]}: List<String> = emptyList(),\n)\n\nfun List<${n}>.top(n: Int) = sortedByDescending { it.${fs[1]} }.take(n)`;
  },
  (r) => {
    const n = cap(r.pick(NOUNS));
    return `struct ${n}View: View {\n    @State private var ${r.pick(FIELDS)} = ""\n\n    var body: some View {\n        VStack(alignment: .leading) {\n            Text("${n}").font(.headline)\n            TextField("Search", text: $${r.pick(FIELDS)})\n        }\n        .padding()\n    }\n}`;
  },
  (r) => `int ${fnName(r, 'snake')}(const int *values, size_t len) {\n    int best = values[0];\n    for (size_t i = 1; i < len; i++) {\n        if (values[i] > best) best = values[i];\n    }\n    return best;\n}`,
  (r) => {
    const n = r.pick(NOUNS);
    return `std::vector<${cap(n)}> ${fnName(r, 'camel')}(const std::vector<${cap(n)}>& in) {\n    std::vector<${cap(n)}> out;\n    std::copy_if(in.begin(), in.end(), std::back_inserter(out),\n                 [](const ${cap(n)}& x) { return x.${r.pick(FIELDS)} > 0; });\n    return out;\n}`;
  },
  (r) => `name: ${r.pick(['CI', 'Tests', 'Build and test', 'Lint'])}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: ${r.pick([18, 20, 22])}\n      - run: npm ci\n      - run: npm test`,
  (r) => `services:\n  ${r.pick(['web', 'api', 'app'])}:\n    build: .\n    ports:\n      - "${r.pick([3000, 8000, 8080, 5000])}:${r.pick([3000, 8000, 8080, 5000])}"\n    environment:\n      - DATABASE_URL=postgres://app:app@db:5432/app\n    depends_on:\n      - db\n  db:\n    image: postgres:${r.range(13, 17)}\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:`,
  (r) => `FROM ${r.pick(['python:3.12-slim', 'node:20-alpine', 'golang:1.22', 'eclipse-temurin:21-jre', 'ruby:3.3'])}\nWORKDIR /app\nCOPY . .\nRUN ${r.pick(['pip install -r requirements.txt', 'npm ci --omit=dev', 'go build -o server .', 'bundle install'])}\nEXPOSE ${r.pick([3000, 8000, 8080])}\nCMD ${r.pick(['["python", "main.py"]', '["node", "server.js"]', '["./server"]', '["bundle", "exec", "puma"]'])}`,
  (r) => `.${r.pick(['card', 'navbar', 'hero', 'sidebar', 'button-primary', 'grid'])} {\n  display: ${r.pick(['flex', 'grid'])};\n  gap: ${r.range(4, 32)}px;\n  padding: ${r.range(4, 24)}px ${r.range(8, 40)}px;\n  border-radius: ${r.range(2, 16)}px;\n  background: #${r.u32().toString(16).padStart(8, '0').slice(0, 6)};\n}\n\n@media (max-width: ${r.pick([480, 640, 768, 1024])}px) {\n  .${r.pick(['card', 'grid', 'hero'])} { flex-direction: column; }\n}`,
  (r) => `<form action="/${r.pick(['signup', 'contact', 'search', 'checkout'])}" method="post">\n  <label for="email">Email</label>\n  <input id="email" name="email" type="email" required>\n  <label for="msg">Message</label>\n  <textarea id="msg" name="msg" rows="${r.range(3, 8)}"></textarea>\n  <button type="submit">Send</button>\n</form>`,
  (r) => `${r.pick(['df', 'sales', 'dat'])} <- read.csv("${r.pick(['survey', 'trial', 'yields', 'scores'])}.csv")\nsummary(lm(${snake(r.pick(FIELDS))} ~ ${snake(r.pick(FIELDS))} + ${snake(r.pick(FIELDS))}, data = ${r.pick(['df', 'sales', 'dat'])}))`,
  (r) => `defmodule ${cap(r.pick(NOUNS))}s do\n  def ${fnName(r, 'snake')}(items) do\n    items\n    |> Enum.filter(&(&1.${snake(r.pick(FIELDS))} != nil))\n    |> Enum.group_by(& &1.${snake(r.pick(FIELDS))})\n  end\nend`,
];

export function codeSnippet(r: Rng): string {
  return r.pick(SNIPPETS)(r);
}

const PY_ERRS = [
  "KeyError: '⟨f⟩'", "AttributeError: 'NoneType' object has no attribute '⟨f⟩'", 'ZeroDivisionError: division by zero',
  "TypeError: unsupported operand type(s) for +: 'int' and 'str'", 'ValueError: invalid literal for int() with base 10: \'⟨n⟩\'',
  'IndexError: list index out of range', "FileNotFoundError: [Errno 2] No such file or directory: '⟨n⟩.csv'",
  'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)', 'RecursionError: maximum recursion depth exceeded',
];

/** A stack trace from one of several runtimes. */
export function stackTrace(r: Rng): string {
  const n = r.pick(NOUNS), f = r.pick(FIELDS), proj = r.pick(['shop', 'billing', 'tracker', 'inventory', 'portal', 'scheduler', 'gateway']);
  const k = r.int(7);
  if (k === 0) {
    const err = r.pick(PY_ERRS).replace('⟨f⟩', snake(f)).replace('⟨n⟩', n);
    return `Traceback (most recent call last):\n  File "/srv/${proj}/app/main.py", line ${r.range(10, 300)}, in <module>\n    run()\n  File "/srv/${proj}/app/${plural(n)}.py", line ${r.range(10, 300)}, in ${fnName(r, 'snake')}\n    value = ${n}["${snake(f)}"]\n${err}`;
  }
  if (k === 1) {
    const ex = r.pick(['java.lang.NullPointerException: Cannot invoke "String.length()" because "' + f + '" is null', 'java.lang.IllegalStateException: Duplicate key ' + r.range(1, 999), 'java.util.NoSuchElementException: No value present', 'java.lang.NumberFormatException: For input string: "' + n + '"', 'org.springframework.dao.DataIntegrityViolationException: could not execute statement']);
    const C = cap(n);
    return `Exception in thread "main" ${ex}\n\tat com.${proj}.${n}.${C}Service.${fnName(r, 'camel')}(${C}Service.java:${r.range(20, 400)})\n\tat com.${proj}.${n}.${C}Controller.handle(${C}Controller.java:${r.range(20, 200)})\n\tat java.base/java.lang.Thread.run(Thread.java:${r.range(800, 1600)})`;
  }
  if (k === 2) {
    const ex = r.pick([`TypeError: Cannot read properties of undefined (reading '${f}')`, `ReferenceError: ${n} is not defined`, `TypeError: ${plural(n)}.map is not a function`, `RangeError: Maximum call stack size exceeded`, `SyntaxError: Unexpected token '<', "<!DOCTYPE "... is not valid JSON`]);
    return `${ex}\n    at ${fnName(r, 'camel')} (/app/src/${plural(n)}.js:${r.range(5, 200)}:${r.range(3, 40)})\n    at async Promise.all (index ${r.int(5)})\n    at async /app/src/routes/${n}.js:${r.range(5, 90)}:${r.range(3, 30)}`;
  }
  if (k === 3) {
    return `panic: runtime error: ${r.pick(['invalid memory address or nil pointer dereference', 'index out of range [' + r.range(1, 9) + '] with length ' + r.range(0, 1), 'assignment to entry in nil map'])}\n\ngoroutine ${r.range(1, 80)} [running]:\nmain.${fnName(r, 'camel')}(0x${r.u32().toString(16)})\n\t/home/dev/${proj}/${n}.go:${r.range(10, 250)} +0x${r.range(16, 400).toString(16)}\nmain.main()\n\t/home/dev/${proj}/main.go:${r.range(10, 80)} +0x${r.range(16, 200).toString(16)}\nexit status 2`;
  }
  if (k === 4) {
    return `thread 'main' panicked at src/${n}.rs:${r.range(10, 300)}:${r.range(5, 40)}:\n${r.pick(['called `Option::unwrap()` on a `None` value', 'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }', 'index out of bounds: the len is 0 but the index is 0', 'attempt to subtract with overflow'])}\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`;
  }
  if (k === 5) {
    const C = cap(n);
    return `Unhandled exception. ${r.pick(['System.NullReferenceException: Object reference not set to an instance of an object.', 'System.InvalidOperationException: Sequence contains no elements', 'System.FormatException: Input string was not in a correct format.'])}\n   at ${cap(proj)}.Services.${C}Service.${fnName(r, 'pascal')}() in /src/Services/${C}Service.cs:line ${r.range(10, 300)}\n   at ${cap(proj)}.Program.Main(String[] args) in /src/Program.cs:line ${r.range(5, 60)}`;
  }
  return `${r.pick(['NoMethodError', 'ActiveRecord::RecordNotFound', 'ArgumentError'])} (${r.pick([`undefined method \`${snake(f)}' for nil:NilClass`, `Couldn't find ${cap(n)} with 'id'=${r.range(1, 9999)}`, 'wrong number of arguments (given 2, expected 1)'])}):\n  app/controllers/${plural(n)}_controller.rb:${r.range(5, 80)}:in \`show'\n  app/models/${n}.rb:${r.range(5, 80)}:in \`${fnName(r, 'snake')}'`;
}

const LOGGERS = ['http', 'worker', 'scheduler', 'auth', 'db', 'cache', 'mailer', 'billing', 'search', 'sync', 'export', 'queue'];
const INFO = ['request completed', 'job finished', 'user signed in', 'connection opened', 'cache warmed', 'cron tick', 'file uploaded', 'webhook delivered', 'migration applied', 'report generated', 'email queued', 'index refreshed'];
const WARN = ['slow query', 'retrying upstream', 'disk usage high', 'rate limit near', 'certificate expires soon', 'deprecated config key', 'queue backlog growing', 'memory above threshold'];
const ERR = ['timeout contacting payment provider', 'failed to parse upload', 'connection reset by peer', 'null value in column', 'unique constraint violated', 'upstream returned 503', 'could not acquire lock'];

/** Log lines in one of several formats. */
export function logBlock(r: Rng): string {
  const n = r.range(3, 10);
  const fmt = r.int(6);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lvl = r.weighted([['INFO', 6], ['WARN', 2], ['ERROR', 1], ['DEBUG', 2]] as const);
    const msg = lvl === 'WARN' ? r.pick(WARN) : lvl === 'ERROR' ? r.pick(ERR) : r.pick(INFO);
    const t = ts(r);
    if (fmt === 0) out.push(`${t} ${lvl.padEnd(5)} [${r.pick(LOGGERS)}] ${msg} duration_ms=${r.range(1, 2400)}`);
    else if (fmt === 1) out.push(JSON.stringify({ ts: t, level: lvl.toLowerCase(), svc: r.pick(LOGGERS), msg, req_id: r.u32().toString(16) }));
    else if (fmt === 2) out.push(`${r.range(10, 223)}.${r.int(256)}.${r.int(256)}.${r.range(1, 254)} - - [${pad2(r.range(1, 28))}/${r.pick(['Jan', 'Mar', 'May', 'Jul', 'Sep', 'Nov'])}/2024:${pad2(r.int(24))}:${pad2(r.int(60))}:${pad2(r.int(60))} +0000] "${r.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE'])} /${r.pick(['', 'api/v2/', 'static/', 'assets/'])}${plural(r.pick(NOUNS))}${r.chance(0.3) ? '?page=' + r.range(1, 40) : ''} HTTP/1.1" ${r.pick([200, 200, 200, 201, 204, 301, 304, 404, 500, 502])} ${r.range(0, 80000)} "-" "${r.pick(['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'curl/8.4.0', 'python-requests/2.31'])}"`);
    else if (fmt === 3) out.push(`${r.pick(['Jan', 'Feb', 'Apr', 'Jun', 'Aug', 'Oct', 'Dec'])} ${pad2(r.range(1, 28))} ${pad2(r.int(24))}:${pad2(r.int(60))}:${pad2(r.int(60))} ${r.pick(['web-01', 'db-02', 'build-box', 'nas', 'pi4'])} ${r.pick(['systemd[1]', 'sshd[' + r.range(300, 9999) + ']', 'kernel', 'cron[' + r.range(300, 9999) + ']', 'dockerd[' + r.range(300, 9999) + ']'])}: ${r.pick(['Started Daily apt upgrade and clean activities.', 'Accepted publickey for deploy from ' + r.range(10, 200) + '.0.0.' + r.range(2, 250) + ' port ' + r.range(30000, 65000) + ' ssh2', 'Finished Rotate log files.', 'eth0: link becomes ready', '(root) CMD (run-parts /etc/cron.hourly)', 'Container health status changed to healthy', 'Reached target Multi-User System.'])}`);
    else if (fmt === 4) out.push(`${t.slice(0, 19).replace('T', ' ')} ${lvl} ${r.range(1000, 99999)} --- [${r.pick(['main', 'http-nio-8080-exec-' + r.range(1, 9), 'scheduling-1', 'kafka-consumer'])}] c.${r.pick(['acme', 'shop', 'corp'])}.${r.pick(NOUNS)}.${cap(r.pick(NOUNS))}Service : ${msg}`);
    else out.push(`[${t}] ${r.pick(['npm', 'pytest', 'cargo', 'gradle', 'make'])} ${r.pick(['info', 'PASS', 'Compiling', 'BUILD', 'ok'])} ${r.pick(['src/' + r.pick(NOUNS) + '.test.ts (' + r.range(1, 99) + ' tests)', 'tests/test_' + r.pick(NOUNS) + '.py::test_' + r.pick(VERBS) + ' PASSED', r.pick(NOUNS) + '-core v0.' + r.range(1, 30) + '.0', 'SUCCESSFUL in ' + r.range(2, 90) + 's', 'target built'])}`);
  }
  return out.join('\n');
}

interface Schema {
  head: string;
  row: (r: Rng) => string;
}
const CSV: readonly Schema[] = [
  { head: 'date,region,product,units,revenue', row: (r) => `${day(r)},${r.pick(['North', 'South', 'East', 'West', 'Central'])},${r.pick(['Widget A', 'Widget B', 'Gadget', 'Starter kit', 'Refill pack'])},${r.range(1, 400)},${(r.range(100, 90000) / 10).toFixed(2)}` },
  { head: 'employee_id,name,department,start_date,salary', row: (r) => `E${r.range(1000, 9999)},${r.pick(['A. Moreau', 'J. Okafor', 'L. Chen', 'S. Patel', 'M. Novak', 'K. Sato', 'R. Silva', 'T. Berg'])},${r.pick(['Finance', 'IT', 'Sales', 'Ops', 'Legal', 'HR'])},${day(r)},${r.range(32, 140)}000` },
  { head: 'sku,description,qty_on_hand,reorder_level,unit_cost', row: (r) => `SKU-${r.range(1000, 99999)},${r.pick(['M6 bolts (100)', 'Packing tape', 'USB-C cable 1m', 'A4 paper ream', 'Coffee beans 1kg', 'Safety gloves L'])},${r.range(0, 900)},${r.range(10, 200)},${(r.range(50, 9000) / 100).toFixed(2)}` },
  { head: 'student,class,math,reading,science,attendance', row: (r) => `${r.pick(['Ava', 'Ben', 'Chidi', 'Dana', 'Eli', 'Fern', 'Gus', 'Hira', 'Ivo', 'Jun'])},${r.range(5, 9)}${r.pick(['A', 'B', 'C'])},${r.range(40, 100)},${r.range(40, 100)},${r.range(40, 100)},${r.range(70, 100)}%` },
  { head: 'date,category,merchant,amount,paid_by', row: (r) => `${day(r)},${r.pick(['Groceries', 'Transport', 'Dining', 'Utilities', 'Travel', 'Office'])},${r.pick(['FreshMart', 'City Metro', 'Luigi\'s', 'PowerCo', 'RailEurope', 'Staples'])},${(r.range(100, 30000) / 100).toFixed(2)},${r.pick(['card', 'cash', 'transfer'])}` },
  { head: 'timestamp,sensor_id,temperature_c,humidity_pct,battery_v', row: (r) => `${ts(r)},s-${r.range(1, 40)},${(r.range(-50, 350) / 10).toFixed(1)},${r.range(15, 95)},${(r.range(300, 420) / 100).toFixed(2)}` },
  { head: 'flight,origin,destination,scheduled,status', row: (r) => `${r.pick(['LH', 'AF', 'BA', 'KL', 'TK', 'QR', 'NH'])}${r.range(10, 9999)},${r.pick(['FRA', 'CDG', 'LHR', 'AMS', 'IST', 'DOH', 'HND', 'JFK'])},${r.pick(['MAD', 'FCO', 'LIS', 'WAW', 'ICN', 'SIN', 'GRU', 'YYZ'])},${pad2(r.int(24))}:${pad2(r.pick([0, 15, 30, 45]))},${r.pick(['On time', 'Delayed', 'Boarding', 'Landed', 'Cancelled'])}` },
  { head: 'order_id,customer_email,items,total,shipped', row: (r) => `${r.range(100000, 999999)},${r.pick(['ana', 'tom', 'li', 'raj', 'eva', 'sam'])}${r.range(1, 99)}@example.com,${r.range(1, 9)},${(r.range(500, 50000) / 100).toFixed(2)},${r.pick(['yes', 'no'])}` },
];

export function csvBlock(r: Rng): string {
  const s = r.pick(CSV);
  const rows = [s.head];
  const n = r.range(3, 9);
  for (let i = 0; i < n; i++) rows.push(s.row(r));
  return rows.join('\n');
}

const JSON_SHAPES: readonly ((r: Rng) => unknown)[] = [
  (r) => ({ location: r.pick(['Lisbon', 'Osaka', 'Denver', 'Nairobi', 'Oslo', 'Lima']), current: { temp_c: r.range(-10, 38), condition: r.pick(['Partly cloudy', 'Light rain', 'Clear', 'Overcast', 'Snow showers']), wind_kph: r.range(0, 60), humidity: r.range(20, 98) }, forecast: [1, 2, 3].map((i) => ({ day: i, max_c: r.range(0, 35), min_c: r.range(-10, 20), chance_of_rain: r.range(0, 100) })) }),
  (r) => ({ order_id: r.range(100000, 999999), status: r.pick(['processing', 'shipped', 'delivered', 'cancelled']), items: r.sample(['Desk lamp', 'Notebook (A5)', 'Phone case', 'Running socks', 'Tea sampler', 'HDMI cable'], r.range(1, 3)).map((name) => ({ name, qty: r.range(1, 4), price: r.range(3, 120) })), carrier: r.pick(['DHL', 'UPS', 'La Poste', 'PostNL', 'Royal Mail']), eta: day(r) }),
  (r) => ({ id: r.range(1, 99999), username: r.pick(['mk_dev', 'sunny.l', 'rodrigo88', 'annika_b', 'taro.y']), display_name: r.pick(['Maya K.', 'Sunny Lee', 'Rodrigo A.', 'Annika B.', 'Taro Yamada']), created_at: ts(r), plan: r.pick(['free', 'pro', 'team']), email_verified: r.chance(0.8), preferences: { theme: r.pick(['light', 'dark', 'system']), locale: r.pick(['en-GB', 'de-DE', 'fr-FR', 'ja-JP', 'pt-BR']) } }),
  (r) => ({ query: r.pick(['cheap flights to porto', 'how to descale kettle', 'python dataclass default list', 'best hiking boots 2024']), total_results: r.range(1000, 9000000), results: [1, 2, 3].map((i) => ({ rank: i, title: r.pick(['A beginner\'s guide', 'Top 10 tips', 'Official documentation', 'Forum discussion', 'Price comparison']), url: `https://${r.pick(['example', 'guides', 'docs', 'forum', 'reviews'])}.${r.pick(['com', 'org', 'net'])}/${r.pick(NOUNS)}-${r.range(1, 999)}` })) }),
  (r) => ({ number: r.range(10, 9000), title: `${cap(r.pick(VERBS))} ${r.pick(NOUNS)} ${r.pick(['fails on empty input', 'is slow for large files', 'shows wrong timezone', 'crashes on Windows'])}`, state: r.pick(['open', 'closed']), labels: r.sample(['bug', 'good first issue', 'needs repro', 'performance', 'docs', 'windows'], 2), comments: r.range(0, 40), user: { login: r.pick(['octo-ana', 'devmarc', 'lin-zhou', 'pkowal']) } }),
  (r) => ({ flight: `${r.pick(['LH', 'AF', 'UA', 'EK', 'JL'])}${r.range(10, 999)}`, departure: { airport: r.pick(['MUC', 'CDG', 'SFO', 'DXB', 'NRT']), gate: `${r.pick(['A', 'B', 'C', 'K'])}${r.range(1, 60)}`, scheduled: ts(r) }, arrival: { airport: r.pick(['BCN', 'BOS', 'SYD', 'DEL', 'ICN']), terminal: String(r.range(1, 5)) }, status: r.pick(['scheduled', 'delayed', 'boarding', 'departed']), delay_minutes: r.pick([0, 0, 15, 35, 70]) }),
  (r) => ({ symbol: r.pick(['ACME', 'NWT', 'BLU', 'ORB', 'ZPH']), price: r.range(500, 90000) / 100, change_pct: (r.range(-500, 500) / 100), volume: r.range(10000, 9000000), currency: r.pick(['USD', 'EUR', 'GBP', 'JPY']), as_of: ts(r) }),
  (r) => ({ event: { id: r.u32().toString(16), summary: r.pick(['Dentist', 'Quarterly review', 'Piano lesson', 'Team lunch', 'Parent-teacher meeting', '1:1 with manager']), start: ts(r), end: ts(r), location: r.pick(['Room 4B', 'Zoom', 'Main Street Clinic', 'Café Lumen', 'School hall']), attendees: r.range(1, 12), reminders: [{ method: 'popup', minutes: r.pick([10, 30, 60]) }] } }),
  (r) => ({ error: { code: r.pick(['invalid_request', 'not_found', 'rate_limited', 'unauthorized', 'validation_failed']), message: r.pick(['The field "email" must be a valid address.', 'Resource not found.', 'Too many requests, retry after 30 seconds.', 'Missing or expired session.', 'quantity must be greater than 0']), request_id: r.u32().toString(16) } }),
  (r) => ({ data: [1, 2, 3, 4].slice(0, r.range(1, 4)).map(() => ({ id: r.range(1, 9999), [r.pick(FIELDS)]: r.pick(['alpha', 'beta', 'gamma', 42, true, null]), updated_at: ts(r) })), page: r.range(1, 30), per_page: r.pick([10, 25, 50]), has_more: r.chance(0.5) }),
  (r) => ({ sku: `${r.pick(['TR', 'HX', 'BL', 'QN'])}-${r.range(100, 999)}`, name: r.pick(['Trail running shoe', 'Cast iron skillet 26cm', 'Wireless earbuds', 'Linen shirt', 'Kids\' bike helmet']), price: { amount: r.range(900, 25000) / 100, currency: r.pick(['EUR', 'USD', 'GBP']) }, in_stock: r.chance(0.7), rating: r.range(30, 50) / 10, reviews: r.range(0, 3000) }),
  (r) => ({ address: `${r.range(1, 300)} ${r.pick(['Harbour Rd', 'Rue Oberkampf', 'Calle Mayor', 'Via Roma', 'Keizersgracht'])}`, lat: r.range(-60000, 60000) / 1000, lon: r.range(-170000, 170000) / 1000, confidence: r.range(50, 100) / 100, country_code: r.pick(['GB', 'FR', 'ES', 'IT', 'NL']) }),
  (r) => ({ payment_intent: `pi_${r.u32().toString(36)}${r.u32().toString(36)}`, amount: r.range(100, 100000), currency: r.pick(['eur', 'usd', 'gbp']), status: r.pick(['succeeded', 'requires_action', 'processing', 'canceled']), receipt_email: `${r.pick(['lea', 'omar', 'kim', 'jo'])}@example.com` }),
];

export function jsonBlob(r: Rng): string {
  const v = r.pick(JSON_SHAPES)(r);
  return r.chance(0.6) ? JSON.stringify(v, null, 2) : JSON.stringify(v);
}

/** Shared slots (looked up after a pack's own). */
export const TECH_SLOTS: SlotTable = {
  plang: [
    'Python', 'JavaScript', 'TypeScript', 'Go', 'Rust', 'Java', 'Kotlin', 'Swift', 'C', 'C++', 'C#', 'Ruby', 'PHP', 'Scala', 'Elixir',
    'Erlang', 'Haskell', 'OCaml', 'F#', 'Clojure', 'Lua', 'Perl', 'R', 'Julia', 'Dart', 'Zig', 'Objective-C', 'MATLAB', 'Fortran',
    'Bash', 'PowerShell', 'Groovy', 'Visual Basic', 'VBA', 'SQL', 'Racket', 'Prolog', 'Crystal', 'Nim', 'Solidity',
  ],
  webfw: ['React', 'Vue', 'Svelte', 'SvelteKit', 'Angular', 'Next.js', 'Nuxt', 'Remix', 'Astro', 'Solid', 'Alpine.js', 'htmx', 'jQuery', 'Tailwind CSS', 'Bootstrap', 'Redux', 'Zustand', 'Pinia', 'Vite', 'Webpack', 'esbuild', 'Three.js', 'D3.js', 'Chart.js', 'Leaflet', 'Material UI', 'Storybook'],
  backfw: ['Express', 'Fastify', 'NestJS', 'Koa', 'Hono', 'Django', 'Flask', 'FastAPI', 'Rails', 'Sinatra', 'Laravel', 'Symfony', 'Spring Boot', 'Quarkus', 'ASP.NET Core', 'Phoenix', 'Gin', 'Echo', 'Fiber', 'Actix Web', 'Axum', 'Ktor', 'Micronaut', 'Deno', 'Bun'],
  mobilefw: ['Flutter', 'React Native', 'SwiftUI', 'Jetpack Compose', 'Ionic', 'Kotlin Multiplatform', 'Expo', '.NET MAUI'],
  datalib: ['pandas', 'NumPy', 'Polars', 'SciPy', 'scikit-learn', 'PyTorch', 'TensorFlow', 'Keras', 'JAX', 'Spark', 'Dask', 'dbt', 'Airflow', 'matplotlib', 'seaborn', 'Plotly', 'statsmodels', 'XGBoost', 'LightGBM', 'DuckDB', 'Jupyter'],
  db: ['PostgreSQL', 'MySQL', 'MariaDB', 'SQLite', 'MongoDB', 'Redis', 'Cassandra', 'DynamoDB', 'Firestore', 'Elasticsearch', 'ClickHouse', 'Snowflake', 'BigQuery', 'Redshift', 'Oracle', 'SQL Server', 'Neo4j', 'CockroachDB', 'Supabase', 'InfluxDB'],
  devops: ['Docker', 'Kubernetes', 'Helm', 'Terraform', 'Pulumi', 'Ansible', 'Nginx', 'Caddy', 'Traefik', 'HAProxy', 'Prometheus', 'Grafana', 'OpenTelemetry', 'Sentry', 'GitHub Actions', 'GitLab CI', 'Jenkins', 'CircleCI', 'Argo CD', 'systemd', 'Vagrant', 'Podman'],
  cloudsvc: ['AWS Lambda', 'S3', 'EC2', 'CloudFront', 'RDS', 'SQS', 'Azure Functions', 'Azure Blob Storage', 'Google Cloud Run', 'Cloud Storage', 'Vercel', 'Netlify', 'Heroku', 'Fly.io', 'Cloudflare Workers', 'DigitalOcean droplets', 'Firebase Hosting'],
  testtool: ['Jest', 'Vitest', 'Mocha', 'Cypress', 'Playwright', 'Selenium', 'pytest', 'unittest', 'JUnit', 'RSpec', 'PHPUnit', 'xUnit', 'Testing Library', 'k6', 'Postman'],
  orm: ['Prisma', 'Sequelize', 'TypeORM', 'Drizzle', 'SQLAlchemy', 'Django ORM', 'Hibernate', 'Entity Framework', 'ActiveRecord', 'GORM', 'Diesel', 'Ecto'],
  apptool: ['Excel', 'Google Sheets', 'Airtable', 'Notion', 'Trello', 'Asana', 'Jira', 'Confluence', 'Slack', 'Microsoft Teams', 'Zoom', 'Outlook', 'Gmail', 'Figma', 'Canva', 'Photoshop', 'Lightroom', 'Premiere Pro', 'DaVinci Resolve', 'Audacity', 'Obsidian', 'Zapier', 'Salesforce', 'HubSpot', 'QuickBooks', 'Xero', 'Shopify', 'WordPress', 'Squarespace', 'Mailchimp', 'Power BI', 'Tableau', 'Looker Studio'],
  tool: ['⟨webfw⟩', '⟨backfw⟩', '⟨datalib⟩', '⟨db⟩', '⟨devops⟩', '⟨testtool⟩', '⟨orm⟩', '⟨mobilefw⟩', '⟨cloudsvc⟩'],
  techerr: [
    'ECONNREFUSED 127.0.0.1:5432', 'ERR_MODULE_NOT_FOUND', 'CORS policy: No \'Access-Control-Allow-Origin\' header is present', '413 Request Entity Too Large',
    'fatal: refusing to merge unrelated histories', 'error: failed to push some refs', 'Permission denied (publickey)', 'OOMKilled', 'CrashLoopBackOff',
    'ImagePullBackOff', 'ModuleNotFoundError: No module named \'⟨datalib⟩\'', 'ssl.SSLCertVerificationError', 'Segmentation fault (core dumped)',
    'java.lang.OutOfMemoryError: Java heap space', 'error[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable',
    'TS2345: Argument of type \'string\' is not assignable to parameter of type \'number\'', 'TS7016: Could not find a declaration file for module',
    'Hydration failed because the initial UI does not match', 'Maximum update depth exceeded', 'deadlock detected', 'too many connections',
    'ERROR 1045 (28000): Access denied for user', 'relation "users" does not exist', 'SQLSTATE[23000]: Integrity constraint violation',
    'npm ERR! code ERESOLVE', 'error: externally-managed-environment', 'No space left on device', 'address already in use', '502 Bad Gateway',
    'invalid_grant', 'certificate has expired', 'Gradle sync failed', 'CocoaPods could not find compatible versions', 'undefined reference to `main\'',
    'ValueError: shapes (3,2) and (3,2) not aligned', 'CUDA out of memory', 'DeprecationWarning: datetime.utcnow() is deprecated', 'exit code 137',
  ],
  codeblock: codeSnippet,
  trace: stackTrace,
  logs: logBlock,
  csv: csvBlock,
  json: jsonBlob,
  shellcmd: [
    'find . -name "*.log" -mtime +7 -delete', 'du -sh * | sort -h', 'grep -rn "TODO" src/', 'tar -czf backup.tar.gz ~/Documents', 'git log --oneline --graph -20',
    'docker compose up -d --build', 'kubectl get pods -n staging', 'rsync -avz ./site/ user@host:/var/www/', 'chmod -R 755 public/', 'lsof -i :8080',
    'awk -F, \'\\{ s += $3 \\} END \\{ print s \\}\' sales.csv', 'sed -i \'s/foo/bar/g\' *.txt', 'xargs -n1 curl -O < urls.txt', 'ssh-keygen -t ed25519', 'journalctl -u nginx --since today',
    'ffmpeg -i input.mov -vcodec h264 output.mp4', 'pip install -r requirements.txt', 'npm run build', 'crontab -l', 'ps aux --sort=-%mem | head',
  ],
  fieldname: FIELDS,
  codenoun: NOUNS,
  codenouns: (r) => plural(r.pick(NOUNS)),
};
