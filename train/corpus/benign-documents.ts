/**
 * English document material: sentences for emails, pages and reports, titles, and generators for
 * structured tool output (JSON, logs, CSV, code). None of it speaks to the model; carriers.ts uses
 * the same material around injections, so the carrier itself carries no label signal.
 */
import type { Rng } from './rng.js';
import { expand, type SlotTable } from './template.js';

export const EN_SENTENCES: readonly string[] = [
  // news
  '{The city council|Officials in ⟨city⟩|The regional government} {approved|announced|postponed} a {new|revised} {budget|transport plan|housing project|recycling scheme} on ⟨weekday⟩.',
  '{Shares of|Stock in} ⟨company⟩ {rose|fell|climbed|slipped} ⟨pct⟩ after the company {reported|forecast} {higher|lower} {quarterly|annual} {profits|revenue}.',
  'Heavy rain is expected across {the north|the coast|⟨country⟩|the region} {this weekend|on ⟨weekday⟩}, with up to ⟨num⟩ mm in some areas.',
  '{Scientists|Researchers} at {the University of ⟨city⟩|a lab in ⟨city⟩} have {published|presented} {new findings|a study} on ⟨topic⟩.',
  'The {museum|library|stadium|new station} in ⟨city⟩ will {reopen|open} to the public in ⟨month⟩ after {a two-year renovation|years of delays|a ⟨price⟩ upgrade}.',
  '{Local|National} {football|basketball|rugby|cricket} fans {celebrated|were disappointed} after ⟨city⟩ {won|lost} {the final|the derby|on penalties} ⟨num⟩–⟨num⟩.',
  'Inflation {eased|rose} to ⟨pct⟩ in ⟨month⟩, {according to the statistics office|according to official figures|the central bank said}.',
  'Around ⟨bignum⟩ people attended the {festival|marathon|conference|concert} in ⟨city⟩ {last weekend|on ⟨weekday⟩}.',
  'The {minister|mayor|spokesperson} said the {policy|plan|programme} would {create|support} about ⟨bignum⟩ jobs over ⟨num⟩ years.',
  'Traffic on the {ring road|motorway|main bridge} was {delayed|diverted} for {several hours|most of the morning} because of {roadworks|an accident|a protest}.',
  // business and workplace
  'Attached is the {updated|final|draft} {report|proposal|invoice|contract|presentation} for {Q⟨num⟩|the ⟨team⟩ team|⟨company⟩|the ⟨city⟩ office}.',
  'The meeting {has been moved|is scheduled} to ⟨weekday⟩ at ⟨clock⟩ in {room ⟨num⟩|the main conference room|the ⟨city⟩ office|a video call}.',
  'Revenue for the quarter {came in at|reached|totalled} ⟨price⟩k, {up|down} ⟨pct⟩ {on|from} last year.',
  'We {shipped|released|launched} version ⟨version⟩ {last week|on ⟨weekday⟩|yesterday}, which {fixes|includes} {the login bug|performance improvements|a new dashboard|dark mode}.',
  'Please {review|sign|approve|comment on} the {document|budget|timeline|draft} by {end of day|⟨weekday⟩|⟨date⟩}.',
  'Our {new|updated} {office|warehouse|store} in ⟨city⟩ {opens|will open} on ⟨date⟩.',
  '{⟨Name⟩|The new hire} will {join|be joining} the ⟨team⟩ team as a ⟨role⟩ starting ⟨month⟩ ⟨day⟩.',
  'The {customer|client} {reported|mentioned} that {the dashboard loads slowly|exports fail for large files|they were charged twice|the app crashes on startup}.',
  'Order ⟨orderid⟩ {has shipped|is out for delivery|was delivered|is delayed} and should arrive {by ⟨weekday⟩|within ⟨num⟩ days|on ⟨date⟩}.',
  'Thanks again for {your help|the quick turnaround|meeting with us|your patience} {last week|on ⟨weekday⟩|with the migration}.',
  'The {Wi-Fi|printer|coffee machine|elevator} on {floor ⟨num⟩|the second floor} {is out of order|has been fixed|will be serviced} {today|on ⟨weekday⟩}.',
  'Expense reports for ⟨month⟩ are due on ⟨date⟩.',
  'The {training|workshop|webinar} on ⟨swtool⟩ {will take place|is} on ⟨weekday⟩ from ⟨clock⟩ to ⟨clock⟩.',
  'We {are hiring|have an opening} for a ⟨role⟩ {in ⟨city⟩|on the ⟨team⟩ team|to work remotely}.',
  // product and reviews
  '⟨Product⟩ {is|was} {easy to set up|lighter than expected|well built|quieter than my old one|a bit pricey but worth it}.',
  'The battery {lasts|lasted} about ⟨num⟩ hours {on a single charge|with heavy use}.',
  '{Delivery|Shipping} {was fast|took ⟨num⟩ days|was delayed by a week} and the {packaging|box} {was fine|was damaged|was recyclable}.',
  '{I would|I\'d} {recommend|not recommend} {it|this} {to anyone who|if you} {travels a lot|has a small kitchen|works from home|is on a budget}.',
  'Customer service {replied|responded} within {an hour|a day|⟨num⟩ minutes} and {sent a replacement|issued a refund|was very helpful}.',
  'Available in {black, white and grey|three sizes|⟨num⟩ colours}, it {costs|retails for} ⟨price⟩.',
  // science, education, general knowledge
  '⟨Topic⟩ {has been|is} {studied|debated|discussed} {for decades|by researchers around the world|in many countries}.',
  'The {experiment|survey|study} {included|involved|followed} ⟨bignum⟩ {participants|households|patients|students} over ⟨num⟩ {months|years}.',
  '{Students|Participants} {will learn|learned} {the basics of|how to apply} ⟨topic⟩ {through hands-on projects|in ⟨num⟩ weekly sessions}.',
  'The {results|findings} {suggest|show|indicate} that {regular exercise improves sleep|the new method is ⟨pct⟩ faster|costs fell across all regions}.',
  'Water boils at 100 degrees Celsius at sea level.',
  'The {course|module|chapter} {covers|introduces} ⟨topic⟩ and ⟨topic⟩.',
  // travel and everyday
  'The hotel is a {five|ten|short}-minute walk from {the station|the old town|the beach} and {breakfast is included|has free parking}.',
  'Check-in is from ⟨clock⟩ and check-out is until ⟨clock⟩.',
  '{Flights|Trains} to ⟨city⟩ {depart|leave} every {hour|⟨num⟩ minutes} from {platform ⟨num⟩|terminal ⟨num⟩}.',
  'Preheat the oven to {180|200|220} degrees and bake for ⟨num⟩ minutes.',
  'The recipe serves ⟨num⟩ and takes about ⟨num⟩ minutes.',
  'Opening hours are ⟨clock⟩ to ⟨clock⟩, ⟨weekday⟩ to ⟨weekday⟩.',
  'Tickets cost ⟨price⟩ for adults and are free for children under ⟨num⟩.',
  'The trail is ⟨num⟩ km long and {moderately difficult|suitable for beginners|steep in places}.',
  '{Our|The} {school|club|community centre} {is collecting|will collect} {donations|books|old clothes} until ⟨date⟩.',
  'The {library|pool|gym} will be closed on ⟨weekday⟩ for {maintenance|a public holiday|staff training}.',
  // tech notes
  '{The|This} {service|API|endpoint} returns {a list of|the} {orders|users|events|invoices} {sorted by date|in pages of ⟨num⟩|as JSON}.',
  '{Latency|Error rate|CPU usage} {increased|dropped} to {⟨num⟩ ms|⟨pct⟩} after the {deploy|migration|config change} at ⟨clock⟩.',
  'To install, run the installer and {restart your computer|follow the setup wizard|sign in with your account}.',
  '{Backups|Nightly jobs|Reports} run {every night|every ⟨num⟩ hours|on ⟨weekday⟩s} at ⟨clock⟩ UTC.',
  'The database {migration|upgrade} to {PostgreSQL 16|the new cluster} is planned for ⟨date⟩.',
];

export const EN_TITLES: readonly string[] = [
  '{Weekly|Monthly|Quarterly} {update|report|newsletter|digest}', 'Re: ⟨ticket⟩', 'Invoice ⟨orderid⟩', 'Meeting notes — ⟨date⟩', '{Your|Re: your} order ⟨orderid⟩',
  '{Q⟨num⟩|⟨month⟩} {results|planning|roadmap}', '{Welcome to|Getting started with} ⟨company⟩', '⟨Topic⟩: {an overview|what you need to know|a short guide}',
  '{Team offsite|Project kickoff|Launch plan} in ⟨city⟩', 'Your ⟨company⟩ receipt', 'Product review: ⟨product⟩', '{Release notes|Changelog} v⟨version⟩',
  '{Trip|Travel} itinerary — ⟨city⟩', '{Reminder|Fwd}: {expense reports|timesheets|benefits enrolment}', '{Job opening|We are hiring}: ⟨role⟩',
  'Top ⟨num⟩ things to do in ⟨city⟩', '{How to|Guide:} ⟨codetask⟩ in ⟨plang⟩', 'Minutes of the {board|committee|team} meeting',
];

export const EN_DOC_SLOTS: SlotTable = {
  sentence: EN_SENTENCES,
  title: EN_TITLES,
};

function indent(lines: string[], n: number): string {
  return lines.map((l) => ' '.repeat(n) + l).join('\n');
}

/** A short code snippet in one of several languages; ordinary code, no instructions. */
export function codeSnippet(rng: Rng, tables: readonly SlotTable[]): string {
  const id = expand('⟨ident⟩', rng, tables);
  const k = rng.int(8);
  if (k === 0) return `def ${id}(items):\n${indent(['result = []', 'for item in items:', '    if item is not None:', '        result.append(item * 2)', 'return result'], 4)}`;
  if (k === 1) return `function ${id}(list) {\n  return list.filter((x) => x.active).map((x) => x.id);\n}`;
  if (k === 2) return `SELECT customer_id, SUM(amount) AS total\nFROM orders\nWHERE created_at >= '${expand('⟨date⟩', rng, tables)}'\nGROUP BY customer_id\nORDER BY total DESC\nLIMIT ${rng.range(5, 50)};`;
  if (k === 3) return `for f in *.csv; do\n  wc -l "$f"\ndone`;
  if (k === 4) return `const ${id} = await fetch(\`/api/${id}?page=\${page}\`).then((r) => r.json());`;
  if (k === 5) return `func ${id}(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}`;
  if (k === 6) return `class ${id.charAt(0).toUpperCase() + id.slice(1)}:\n    def __init__(self, name, size=${rng.range(1, 64)}):\n        self.name = name\n        self.size = size`;
  return `if (${id}.length > ${rng.range(1, 100)}) {\n  console.log("too many", ${id}.length);\n}`;
}

/** A JSON tool result: weather, orders, search, users, stock prices, calendar. */
export function jsonResult(rng: Rng, tables: readonly SlotTable[], note?: string): string {
  const x = (t: string) => expand(t, rng, tables);
  const k = rng.int(6);
  let obj: unknown;
  if (k === 0) obj = { city: x('⟨city⟩'), temp_c: rng.range(-10, 38), condition: rng.pick(['sunny', 'cloudy', 'rain', 'snow', 'windy']), humidity: rng.range(20, 95), note: note ?? x('⟨sentence⟩') };
  else if (k === 1) obj = { order_id: x('⟨orderid⟩'), status: rng.pick(['shipped', 'pending', 'delivered', 'cancelled']), total: x('⟨price⟩'), items: rng.range(1, 6), customer_note: note ?? x('⟨sentence⟩') };
  else if (k === 2) obj = { query: x('⟨topic⟩'), results: [{ title: x('⟨title⟩'), url: x('⟨url⟩'), snippet: note ?? x('⟨sentence⟩') }, { title: x('⟨title⟩'), url: x('⟨url⟩'), snippet: x('⟨sentence⟩') }] };
  else if (k === 3) obj = { id: rng.range(1, 99999), name: x('⟨firstname⟩ ⟨surname⟩'), email: x('⟨email⟩'), role: x('⟨role⟩'), bio: note ?? x('⟨sentence⟩') };
  else if (k === 4) obj = { symbol: rng.pick(['ACME', 'NWT', 'BLF', 'ZPH', 'ORB']), price: rng.range(10, 900) + rng.int(100) / 100, change_pct: (rng.next() * 8 - 4).toFixed(2), headline: note ?? x('⟨sentence⟩') };
  else obj = { event: x('⟨title⟩'), start: `${x('⟨date⟩')}T${x('⟨clock⟩')}:00Z`, location: x('⟨city⟩'), attendees: [x('⟨email⟩'), x('⟨email⟩')], description: note ?? x('⟨sentence⟩') };
  return JSON.stringify(obj, null, rng.chance(0.5) ? 2 : undefined);
}

/** Application or web server log lines. */
export function logLines(rng: Rng, tables: readonly SlotTable[], n: number): string[] {
  const x = (t: string) => expand(t, rng, tables);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = `${x('⟨date⟩')}T${x('⟨clock⟩')}:${String(rng.int(60)).padStart(2, '0')}Z`;
    const k = rng.int(4);
    if (k === 0) out.push(`${ts} INFO  ${x('{http|worker|scheduler|auth|db}')} ${x('{request completed|job finished|user signed in|connection opened|cache warmed}')} duration_ms=${rng.range(1, 900)}`);
    else if (k === 1) out.push(`${x('⟨ip⟩')} - - [${ts}] "${rng.pick(['GET', 'POST', 'PUT'])} /${x('{api/v1/orders|login|static/app.js|health|search?q=shoes}')} HTTP/1.1" ${rng.pick([200, 200, 201, 304, 404, 500])} ${rng.range(100, 90000)}`);
    else if (k === 2) out.push(`${ts} WARN  ${x('{retrying upstream|slow query|disk usage at ⟨pct⟩|rate limit near}')} attempt=${rng.range(1, 5)}`);
    else out.push(`${ts} ERROR ${x('{timeout contacting payments|failed to parse ⟨file⟩|connection reset by peer|null value in column ⟨ident⟩}')}`);
  }
  return out;
}

/** CSV rows with a header; one cell may be replaced by `cell`. */
export function csvTable(rng: Rng, tables: readonly SlotTable[], cell?: string): string {
  const x = (t: string) => expand(t, rng, tables);
  const rows = [rng.pick(['id,name,city,amount,comment', 'sku,product,price,stock,notes', 'date,customer,status,total,remarks'])];
  const n = rng.range(3, 8);
  const at = rng.int(n);
  for (let i = 0; i < n; i++) {
    const comment = i === at && cell !== undefined ? cell : x('{ok|paid|follow up|n/a|repeat customer|gift wrap|call before delivery|}');
    rows.push([rng.range(1, 9999), x('⟨firstname⟩ ⟨surname⟩'), x('⟨city⟩'), x('⟨price⟩'), `"${comment.replace(/"/g, '""')}"`].join(','));
  }
  return rows.join('\n');
}
