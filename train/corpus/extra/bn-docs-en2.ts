/**
 * English documents and tool results other than mail: web pages (HTML and text), tickets, chat
 * transcripts, meeting notes, READMEs, changelogs, search results, calendar entries, PDF extracts
 * (contracts, leaflets, reports), code files, and raw JSON, logs, traces and CSV.
 */
import type { Rng } from '../rng.js';
import { D, Ds, type Expand, type Tpl } from './bn-types.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An HTML page from a title template and paragraph templates, with ordinary page furniture. */
function page(title: string, paras: readonly string[], extra: readonly string[] = []): (x: Expand, r: Rng) => string {
  return (x, r) => {
    const t = esc(x(title));
    const body = paras.map((p) => `<p>${esc(x(p))}</p>`);
    for (const e of extra) if (r.chance(0.6)) body.push(x(e));
    const nav = r.chance(0.6) ? `<nav><a href="/">Home</a> | <a href="/about">About</a> | <a href="/contact">Contact</a></nav>\n` : '';
    const foot = r.chance(0.5) ? `\n<footer>© ${r.range(2015, 2025)} ${esc(x('⟨company⟩'))}. All rights reserved. <a href="/privacy">Privacy</a></footer>` : '';
    const lang = r.chance(0.5) ? ' lang="en"' : '';
    return `<!DOCTYPE html>\n<html${lang}>\n<head>\n<meta charset="utf-8">\n<title>${t}</title>\n</head>\n<body>\n${nav}<h1>${t}</h1>\n${body.join('\n')}${foot}\n</body>\n</html>`;
  };
}

const RECIPE_STEPS = [
  'Preheat the oven to {180|190|200|220}°C.', 'Chop the ⟨ingredient⟩ and set aside.', 'Heat a splash of oil in a large pan over medium heat.',
  'Fry the onion for {5|8|10} minutes until soft.', 'Stir in the ⟨ingredient⟩ and cook for another {2|3|4} minutes.', 'Season with salt and pepper.',
  'Add the stock, bring to the boil, then simmer for {15|20|25|40} minutes.', 'Whisk the eggs with the milk in a jug.', 'Fold in the flour gently; do not overmix.',
  'Pour into a lined tin and bake for {25|30|35|45} minutes, until a skewer comes out clean.', 'Leave to cool for 10 minutes before slicing.',
  'Serve with rice, flatbread or a green salad.', 'Scatter over fresh herbs just before serving.', 'Store leftovers in an airtight container for up to {2|3|4} days.',
];

function recipe(x: Expand, r: Rng): string {
  const n = r.range(4, 7);
  // Keep the steps in kitchen order (the list is written in that order).
  const picked = r.sample(RECIPE_STEPS.map((_, i) => i), n).sort((p, q) => p - q);
  const steps = picked.map((k, i) => `${i + 1}. ${x(RECIPE_STEPS[k]!)}`);
  const ingr = r.sample(['2 tbsp olive oil', '1 onion, diced', '2 garlic cloves', '400 g tinned tomatoes', '200 g ⟨ingredient⟩', '1 tsp ground cumin', '500 ml vegetable stock', '3 eggs', '250 g plain flour', '100 g butter', 'a handful of ⟨ingredient⟩', '1 lemon', 'salt and pepper'], r.range(4, 8)).map((s) => `- ${x(s)}`);
  return x(`{⟨Dish⟩|Easy ⟨dish⟩|Weeknight ⟨dish⟩|⟨Diet⟩ ⟨dish⟩}\n{Serves ⟨few⟩ · Prep 15 min · Cook ⟨num⟩ min|Makes ⟨num⟩ portions|Ready in ⟨num⟩ minutes}`) + `\n\nIngredients\n${ingr.join('\n')}\n\nMethod\n${steps.join('\n')}` + (r.chance(0.6) ? '\n\n' + x('{Tip: ⟨ingredient⟩ works well instead if you can\'t find it.|Rated 4.{5|6|7|8} by ⟨bignum⟩ home cooks.|Freezes well for up to a month.}') : '');
}

function mdTable(x: Expand, r: Rng): string {
  const rows = ['| Task | Owner | Due | Status |', '|---|---|---|---|'];
  const n = r.range(3, 7);
  for (let i = 0; i < n; i++) rows.push(`| ${x('{Update ⟨bizterm⟩|Book venue for ⟨month⟩|Migrate to ⟨tool⟩|Draft ⟨writing⟩|Order ⟨item⟩|Fix ⟨ticket⟩}')} | ${x('⟨firstname⟩')} | ${x('⟨date⟩')} | ${x('{Done|In progress|Not started|Blocked|Review}')} |`);
  return x('{## Action items|### Open tasks|**Tracker**}') + '\n\n' + rows.join('\n');
}

function searchResults(x: Expand, r: Rng): string {
  const n = r.range(3, 6);
  const q = x('{best time to visit ⟨country⟩|⟨dish⟩ recipe|how to ⟨diytask⟩|⟨brandprod⟩ review|⟨techerr⟩|⟨scitopic⟩ explained|⟨lawterm⟩ meaning|⟨plant⟩ care}');
  const out = [`Search results for "${q}"`];
  for (let i = 1; i <= n; i++) {
    out.push(`${i}. ${x('{A complete guide|Everything you need to know|Beginner\'s guide|Expert tips|Frequently asked questions|Forum: anyone else?|Official help page|Top ⟨few⟩ picks}')} — ${x('⟨url⟩')}\n   ${x('{Updated ⟨date⟩.|⟨num⟩ min read.|}')} ${x('{Learn how to get started with|A practical look at|Our editors compare|Step-by-step help with|Community answers about} {⟨scitopic⟩|⟨product⟩|⟨hobby⟩|⟨tool⟩|⟨city⟩|⟨dish⟩}.')}`);
  }
  return out.join('\n');
}

function calendar(x: Expand, r: Rng): string {
  if (r.chance(0.5)) {
    return x(`BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:⟨hex⟩@⟨domain⟩\nDTSTART:20250⟨few⟩1⟨few⟩T0⟨few⟩0000Z\nDTEND:20250⟨few⟩1⟨few⟩T1⟨few⟩0000Z\nSUMMARY:{Dentist|Team offsite|Parents\' evening|Flight to ⟨city⟩|Book club: ⟨book⟩|Car service|Yoga class|Quarterly review}\nLOCATION:{⟨company⟩|⟨street⟩, ⟨city⟩|Online}\nDESCRIPTION:{Bring your insurance card.|Agenda in the shared folder.|Remember the gift for ⟨firstname⟩.|Arrive 10 minutes early.|Dial-in details below.}\nEND:VEVENT\nEND:VCALENDAR`);
  }
  return x(`{Event|Calendar entry}: {Lunch with ⟨firstname⟩|Project sync|⟨sport⟩ practice|Piano lesson|Vet appointment for ⟨pet⟩|School pickup|Visit ⟨landmark⟩}\nDate: ⟨weekday⟩ ⟨date⟩\nTime: ⟨clock⟩–⟨clock⟩\nLocation: {⟨company⟩|⟨city⟩|Video call}\nReminder: {15 minutes before|1 hour before|1 day before}\nNotes: {Bring the signed forms.|Book a table first.|Kit bag and water bottle.|Pay at the front desk.|}`);
}

function readme(x: Expand, r: Rng): string {
  const name = x('{⟨codenoun⟩-{tools|kit|sync|api|cli|tracker|lab}|tiny-⟨codenoun⟩|⟨codenoun⟩ly|open-⟨codenoun⟩}');
  const lang = x('⟨plang⟩');
  const install = r.pick(['npm install ' + name, 'pip install ' + name, 'cargo add ' + name, 'go get github.com/example/' + name, 'gem install ' + name]);
  return `# ${name}\n\n${x('{A small|A fast|A friendly|A dependency-free} {library|command-line tool|service|web app} written in ' + lang + ' to {track ⟨codenouns⟩|sync ⟨codenouns⟩ between ⟨tool⟩ and ⟨tool⟩|export ⟨codenoun⟩ data to CSV|manage ⟨codenoun⟩ bookings|parse ⟨codenoun⟩ files}.')}\n\n## Installation\n\n\`\`\`\n${install}\n\`\`\`\n\n## Usage\n\n\`\`\`\n${x('⟨codeblock⟩')}\n\`\`\`\n\n${x('{## Configuration\n\nCopy `config.example.yaml` to `config.yaml` and set your database URL.|## Running tests\n\nRun `make test`. Please make sure all tests pass before opening a pull request.|## Contributing\n\nPull requests are welcome. For major changes, please open an issue first to discuss what you would like to change.}')}\n\n## License\n\n${r.pick(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-3.0', 'MPL-2.0'])}`;
}

function changelog(x: Expand, r: Rng): string {
  const out = ['# Changelog'];
  const n = r.range(1, 3);
  for (let i = 0; i < n; i++) {
    out.push('\n' + x('## [⟨version⟩] - ⟨date⟩'));
    out.push(x('### {Added|Changed|Fixed}'));
    for (let j = r.range(2, 4); j > 0; j--) out.push(x('- {Add|Support|Fix|Improve|Remove|Deprecate|Update} {⟨codenoun⟩ export|pagination on the ⟨codenoun⟩ list|dark mode|the ⟨tool⟩ integration|a crash when ⟨codenoun⟩ is empty|timezone handling|Windows paths|the CLI help text|keyboard shortcuts} {(#⟨bignum⟩)|}'));
  }
  return out.join('\n');
}

function codeFile(x: Expand, r: Rng): string {
  const head = r.pick(['// ', '# ', '-- ', '/* ']);
  const close = head === '/* ' ? ' */' : '';
  return `${head}${x('{⟨codenoun⟩ helpers|Utilities for ⟨codenoun⟩ handling|Maintained by the ⟨team⟩ team|Generated by scaffold; edit freely|See docs/⟨codenoun⟩.md}')}${close}\n\n${x('⟨codeblock⟩')}`;
}

function chatLog(x: Expand, r: Rng): string {
  const agent = x('⟨firstname⟩');
  const lines = [x(`[⟨@tick⟩] ${agent} ({Support|Agent|⟨company⟩}): {Hi, thanks for contacting ⟨company⟩. How can I help today?|Hello! You\'re chatting with ${agent}.}`)];
  const turns = [
    'Customer: {Hi, my order ⟨orderid⟩ hasn\'t arrived.|I was charged twice for my subscription.|How do I change my delivery address?|The app keeps logging me out.|Can I swap my ⟨item⟩ for a different size?}',
    `${agent}: {Sorry to hear that. Could you confirm the email on the account?|Let me look into that for you.|Thanks, I can see the order here.|Of course — one moment please.}`,
    'Customer: {Sure, it\'s ⟨email⟩.|Thanks.|OK, no rush.|It was placed on ⟨date⟩.}',
    `${agent}: {It\'s with ⟨courier⟩ and due ⟨weekday⟩. Please check your safe place settings.|I\'ve refunded the duplicate charge of ⟨price⟩.|Please try updating the app and restarting your phone.|I\'ve updated it for you. You\'ll get a confirmation email shortly.}`,
    'Customer: {Great, thank you!|Perfect, that\'s all.|Thanks for your help.}',
    `${agent}: {You\'re welcome! Have a lovely day.|Happy to help. Please rate this chat if you have a moment.}`,
  ];
  for (const t of turns) lines.push(x(`[⟨@tick⟩] ${t}`));
  return lines.join('\n');
}

function slackThread(x: Expand, r: Rng): string {
  const n = r.range(3, 6);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(x('⟨firstname⟩{ ⟨clock⟩|}: {anyone know why the ⟨tool⟩ build is red?|standup moved to ⟨clock⟩ today|lunch order going in at 12, reply with what you want|deploy done ✅|can someone review my PR? small one|heads up: ⟨techerr⟩ on staging, looking into it|thanks all, great demo|I\'ll be out ⟨weekday⟩, ping ⟨firstname⟩ for anything urgent|+1|on it|fixed, it was a stale cache|who has the ⟨company⟩ contract?|reminder: retro at 4}'));
  }
  return out.join('\n');
}

function pdfContract(x: Expand, r: Rng): string {
  const k = r.range(1, 9);
  const clauses = r.sample([
    'Term. This Agreement commences on ⟨date⟩ and continues for {twelve|twenty-four|six} months unless terminated earlier in accordance with clause ⟨few⟩.',
    'Payment. The Client shall pay each invoice within {14|30|45} days of receipt. Late payments may incur interest at ⟨pct⟩ per annum.',
    'Confidentiality. Each party shall keep confidential all information received from the other party and shall not disclose it without prior written consent.',
    'Termination. Either party may terminate this Agreement by giving not less than {30|60|90} days\' written notice to the other party.',
    'Liability. Neither party shall be liable for any indirect or consequential loss arising under this Agreement.',
    'Deposit. The Tenant shall pay a deposit of ⟨price⟩, which will be protected in a government-approved scheme within 30 days.',
    'Repairs. The Tenant must report any damage or disrepair to the Landlord promptly and must not carry out alterations without written consent.',
    'Governing law. This Agreement is governed by the laws of {England and Wales|Ireland|the State of New York|Ontario}.',
    'Notices. Any notice under this Agreement must be in writing and sent to the addresses set out above.',
  ], r.range(3, 5));
  return x(`{SERVICE AGREEMENT|TENANCY AGREEMENT|CONSULTING CONTRACT|SUPPLY AGREEMENT}\nBetween ⟨company⟩ ("the {Provider|Landlord|Supplier}") and ⟨name⟩ ("the {Client|Tenant|Customer}")`) + '\n\n' + clauses.map((c, i) => `${k + i}. ${x(c)}`).join('\n\n') + '\n\n' + x('Page ⟨few⟩ of {8|10|12}');
}

const LEAFLET = `{PACKAGE LEAFLET: INFORMATION FOR THE USER|Patient information leaflet}\n{Ibuprofen 200 mg tablets\n\nRead all of this leaflet carefully before you start taking this medicine. Keep this leaflet; you may need to read it again.\n\n1. What this medicine is used for\nIt relieves mild to moderate pain, such as headache and period pain, and reduces fever.\n\n2. How to take it\nAdults: take one or two tablets with or after food, up to three times a day. Leave at least 4 hours between doses.|Loratadine 10 mg tablets\n\nRead all of this leaflet carefully before you start taking this medicine. Keep this leaflet; you may need to read it again.\n\n1. What this medicine is used for\nIt relieves the symptoms of hay fever and other allergies, such as sneezing and itchy eyes.\n\n2. How to take it\nAdults and children over 12: take one tablet once a day.|Omeprazole 20 mg gastro-resistant capsules\n\nRead all of this leaflet carefully before you start taking this medicine. Keep this leaflet; you may need to read it again.\n\n1. What this medicine is used for\nIt reduces the amount of acid made in your stomach and relieves heartburn.\n\n2. How to take it\nTake one capsule a day before a meal. Swallow it whole with half a glass of water; do not chew or crush it.|Amoxicillin 500 mg capsules\n\nRead all of this leaflet carefully before you start taking this medicine. This medicine has been prescribed for you only; do not pass it on to others.\n\n1. What this medicine is used for\nIt is an antibiotic used to treat infections caused by bacteria.\n\n2. How to take it\nTake it exactly as your doctor has told you, spacing the doses evenly through the day. Finish the full course even if you feel better.} {Do not take more than the recommended dose.|If you forget a dose, take it as soon as you remember, unless it is nearly time for the next one.}\n\n3. Possible side effects\nLike all medicines, this medicine can cause side effects, although not everybody gets them. {Stop taking it and see a doctor straight away if you notice a rash or swelling of the face.|Common side effects include headache and nausea.|It may make you drowsy; do not drive if affected.}\n\n4. How to store\nKeep out of the sight and reach of children. Store below {25|30}°C in the original package. Do not use after the expiry date on the carton.`;

const REPORT = `{ANNUAL REPORT ⟨year⟩|Quarterly Report Q⟨few⟩ ⟨year⟩|Impact Report ⟨year⟩|Board Report — ⟨month⟩}\n⟨company⟩\n\n{Chair\'s statement|Highlights|Executive summary}\n{Revenue grew ⟨pct⟩ to ⟨price⟩ million, driven by strong demand in ⟨city⟩ and ⟨city⟩.|We served ⟨bignum⟩ customers this year, up from ⟨bignum⟩.|Volunteers gave ⟨bignum⟩ hours across ⟨num⟩ projects.} {Operating costs rose ⟨pct⟩, mainly due to energy prices.|Staff turnover fell to ⟨pct⟩.|We opened ⟨few⟩ new sites.} {Looking ahead, we will invest in ⟨bizterm⟩ and staff training.|The board recommends a final dividend of ⟨num⟩p per share.|Our priority for next year is customer retention.}\n\n{Table ⟨few⟩: Revenue by region (⟨price⟩m)|Figure ⟨few⟩: Customer satisfaction, ⟨year⟩–⟨year⟩}`;

const MANUAL = `{USER MANUAL|Quick start guide|Safety instructions} — {⟨Product⟩|Model ⟨bignum⟩}\n\n{Before first use, remove all packaging and wipe the surfaces with a damp cloth.|Charge the battery fully before first use (about ⟨few⟩ hours).} {Place the appliance on a flat, stable surface away from water.|Do not immerse the base in water.|Keep ventilation openings clear.} {Press and hold the power button for 3 seconds to switch on.|To pair, open the app and follow the on-screen steps.|Turn the dial to select the programme.}\n\nTroubleshooting\n{The light flashes red: the filter needs cleaning.|No power: check the plug and the fuse.|Unusual noise: switch off and contact customer service.}\n\nWarranty: {2|3|5} years from date of purchase. Keep your receipt.`;

export const EN_DOCS: Tpl[] = [
  D('html', page('{⟨Dish⟩: a foolproof recipe|How to ⟨diytask⟩|⟨Plant⟩: a care guide|⟨Country⟩ in ⟨month⟩: what to expect|Review: ⟨brandprod⟩|Why we love ⟨hobby⟩}', [
    '{Published ⟨date⟩ by ⟨name⟩.|Last updated ⟨date⟩ · ⟨num⟩ min read}',
    '{This is one of our most requested guides.|We tested this over ⟨num⟩ weeks.|Readers often ask us about this, so here is everything we know.}',
    '{Start by gathering everything you need.|The key is patience.|The most common mistake is rushing the first step.} {Make sure the area is clean and dry.|Check the weather before you set off.|Read the manufacturer\'s guidance first.}',
    '{If you have questions, leave a comment below.|Share your results with us on ⟨channel⟩.|Sign up to our newsletter for more tips.}',
  ], ['<img src="⟨url⟩.jpg" alt="⟨dish⟩ on a wooden table">', '<!-- sidebar -->', '<aside>Related: ⟨scitopic⟩ explained</aside>'])),
  D('html', page('⟨Product⟩ — ⟨company⟩', [
    '{Price: ⟨price⟩|Now ⟨price⟩ (was ⟨price⟩)|From ⟨price⟩}',
    '{In stock — order within ⟨few⟩ hours for next-day delivery.|Only ⟨few⟩ left.|Back in stock ⟨when⟩.}',
    '{Lightweight, quiet and easy to clean.|Designed for small spaces.|Built to last, with a ⟨few⟩-year warranty.} {Free returns within 30 days.|Free delivery on orders over ⟨price⟩.}',
    'Customer reviews ({4.⟨few⟩|3.⟨few⟩} out of 5): "{Does exactly what it says.|Good value, a bit noisy.|Setup took five minutes.|Customer service sorted a fault quickly.}"',
  ], ['<button>Add to basket</button>', '<p>Select size: S · M · L · XL</p>'])),
  D('html', page('{FAQ|Frequently asked questions|Help centre}: {delivery|returns|your account|bookings|membership}', [
    'How long does delivery take? {Standard delivery takes ⟨few⟩–⟨num⟩ working days.|Most orders arrive within a week.}',
    'How do I return an item? {Log in, go to Orders and choose "Return". Print the label and drop the parcel at any ⟨courier⟩ point.|Contact us within 30 days and we\'ll send a prepaid label.}',
    'Can I change my booking? {Yes, up to 48 hours before your visit.|Yes — sign in and select "Manage booking".}',
    'How do I reset my password? Click "Forgot password" on the sign-in page and follow the link we send you.',
  ])),
  D('html', page('{Getting started with ⟨tool⟩|⟨tool⟩ documentation: configuration|API reference: /v2/⟨codenouns⟩}', [
    '{This page explains how to install and configure the library.|The endpoint returns a paginated list of ⟨codenouns⟩.}',
    '{Run the installer, then restart your terminal.|Set the environment variable API_URL before starting the server.|Authenticate with a bearer token in the Authorization header.}',
    '{Note: version ⟨version⟩ changed the default timeout to ⟨num⟩ seconds.|Tip: use the --verbose flag to see what is happening.|Warning: this option is deprecated and will be removed in the next major release.}',
  ], ['<pre><code>⟨shellcmd⟩</code></pre>'])),
  D('html', page('{Forum|Community}: {⟨Houseissue⟩ — help!|Recommendations: ⟨product⟩ for a small flat?|Anyone been to ⟨landmark⟩ in ⟨month⟩?|⟨game⟩: stuck on the ⟨num⟩th level}', [
    '⟨firstname⟩⟨num⟩ wrote: {Has anyone dealt with this before? I\'m not sure where to start.|Looking for recommendations, budget ⟨budget⟩.|Going ⟨when⟩ with ⟨kidage⟩, any tips?}',
    '⟨firstname⟩ replied: {Same thing happened to me. In the end it was the seal.|I\'d go for the cheaper one, honestly.|Book tickets online, the queue is huge.|Try a different route through the east gate.}',
    '⟨firstname⟩ replied: {Thanks, that fixed it!|+1 to this.|Check the pinned post, it\'s covered there.}',
  ])),
  D('html', page('{⟨City⟩ council|Local news}: {⟨Placekind⟩ to reopen ⟨when⟩|New cycle lanes approved|Library extends opening hours|Summer festival returns}', [
    '{Residents are invited to a public meeting on ⟨date⟩ at the town hall.|Work will begin on ⟨date⟩ and last about ⟨num⟩ weeks.|The project cost ⟨price⟩ and was funded by a regional grant.}',
    '{Please allow extra time for journeys during the works.|Parking on ⟨street⟩ will be suspended.|Entry is free; no booking needed.}',
  ])),
  D('document', recipe),
  D('document', `{Meeting notes|Minutes} — {⟨team⟩ weekly|Project ⟨codenoun⟩|PTA committee|Book club|Board meeting} — ⟨date⟩\nAttendees: ⟨firstname⟩, ⟨firstname⟩, ⟨firstname⟩{, ⟨firstname⟩|}\n{Apologies: ⟨firstname⟩\n|}\n1. {Updates|Review of actions}: {launch is on track for ⟨date⟩|budget approved|venue confirmed|⟨firstname⟩ finished the survey}.\n2. {Discussion|Risks}: {hiring a ⟨job⟩ is taking longer than expected|supplier prices up ⟨pct⟩|we need more volunteers for ⟨month⟩|⟨tool⟩ licence renewal due}.\n3. Decisions: {go with option B|move the event to ⟨weekday⟩|pause ⟨channel⟩ ads for a month}.\n\nActions\n- ⟨firstname⟩ to {send the revised plan|book the room|contact ⟨company⟩|update ⟨bizterm⟩} by ⟨weekday⟩.\n- ⟨firstname⟩ to {circulate the minutes|check the figures|draft ⟨writing⟩}.\n\nNext meeting: ⟨weekday⟩ ⟨date⟩, ⟨clock⟩.`),
  D('document', mdTable),
  D('ticket', `{⟨ticket⟩|Ticket #⟨bignum⟩}: {⟨Codenoun⟩ export fails for large files|Login page slow on mobile|Printer on floor ⟨few⟩ offline|New laptop for ⟨firstname⟩|Typo on pricing page|Refund request ⟨orderid⟩|VPN disconnects every hour}\nStatus: {Open|In progress|Waiting for customer|Resolved}\nPriority: {Low|Medium|High}\nReporter: ⟨name⟩\nAssignee: ⟨firstname⟩\n\nDescription:\n{Steps to reproduce: 1) sign in 2) open ⟨codenouns⟩ 3) click Export. Expected: CSV downloads. Actual: spinner forever.|Since ⟨weekday⟩ the page takes ⟨num⟩ seconds to load on 4G.|Customer says the ⟨item⟩ arrived damaged and wants a refund.|Please set up a laptop with the standard software before ⟨date⟩.}\n\n{Comment (⟨firstname⟩): Reproduced on staging, looks like a timeout.|Comment (⟨firstname⟩): Could you attach a screenshot?|Comment (⟨firstname⟩): Fixed in ⟨version⟩, please verify.|}`, ['tool_result']),
  D('chat_log', chatLog, ['tool_result', 'document']),
  D('chat_log', slackThread, ['tool_result']),
  D('readme', readme, ['document', 'tool_result']),
  D('document', changelog, ['document', 'tool_result']),
  D('search_results', searchResults, ['tool_result']),
  D('calendar', calendar, ['tool_result']),
  D('code', codeFile, ['document', 'tool_result']),
  D('pdf_text', pdfContract, ['document']),
  D('pdf_text', LEAFLET, ['document']),
  D('pdf_text', REPORT, ['document']),
  D('pdf_text', MANUAL, ['document']),
  D('json', (x) => x('⟨json⟩'), ['tool_result']),
  D('json', (x) => x('⟨json⟩'), ['tool_result']),
  D('log', (x) => x('⟨logs⟩'), ['tool_result']),
  D('log', (x) => x('⟨trace⟩'), ['tool_result']),
  D('csv', (x) => x('⟨csv⟩'), ['tool_result', 'document']),
  ...Ds('document', [
    '{Terms of use|House rules|Pool rules|Visitor guidelines|Library rules}\n\n- {Please shower before entering the pool.|Check-out is at 11:00; late check-out on request.|Visitors must sign in at reception.|Please return books to the desk, not the shelves.}\n- {No glass in the pool area.|Quiet hours are 22:00–07:00.|Wear your visitor badge at all times.|Mobile phones on silent, please.}\n- {Children under 8 must be supervised by an adult.|Smoking is not permitted anywhere on the premises.|Report any spills to a member of staff.|Lost items are kept at reception for 30 days.}',
    '{Job description|Role profile}: ⟨Job⟩\nLocation: ⟨city⟩ {(hybrid)|(on site)|(remote)}\nReports to: {Head of ⟨team⟩|Operations Manager|Practice Lead}\n\nWhat you\'ll do\n- {Look after day-to-day ⟨team⟩ work|Support customers by phone and email|Plan and deliver projects}\n- {Work with ⟨tool⟩ and ⟨tool⟩|Prepare weekly reports|Train new team members}\n\nWhat we offer\n- {20|25|28|30} days\' holiday, {pension|health insurance|cycle-to-work scheme}\n\nTo apply, send your CV and a short cover letter to ⟨email⟩ by ⟨date⟩.',
    '{Product review|Customer review} — ⟨Product⟩ {★★★★★|★★★★☆|★★★☆☆|★★☆☆☆}\n"{Love it|Solid but pricey|Not what I expected|Great for the price}"\n{I\'ve used it every day for ⟨num⟩ weeks.|Bought this for ⟨relative⟩.|Replaced my old one after ⟨few⟩ years.} {Setup was easy and it\'s quiet.|The instructions could be clearer.|Battery life is shorter than advertised.|It feels well made.} {Would recommend.|Would buy again.|Returned it.}\n— ⟨firstname⟩, ⟨city⟩, verified purchase',
    '{Transcript|Call transcript} — {support call|sales call|podcast episode ⟨num⟩|lecture: ⟨scitopic⟩}\n\n[00:00] ⟨firstname⟩: {Thanks for joining.|Hi everyone, welcome back.|Okay, let\'s get started.}\n[00:0⟨few⟩] ⟨firstname⟩: {Happy to be here.|So, the question today is about ⟨topic⟩.|Can you hear me okay?}\n[0⟨few⟩:1⟨few⟩] ⟨firstname⟩: {Let\'s look at the numbers first.|The first thing to understand is the basics.|So what happened was the order arrived late.}\n[0⟨few⟩:4⟨few⟩] ⟨firstname⟩: {Great, I\'ll send a summary after this.|That\'s all for today, thanks for listening.|Any questions before we wrap up?}',
    '{Pull request #⟨bignum⟩|PR review}: {Add ⟨codenoun⟩ caching|Fix flaky ⟨testtool⟩ test|Bump ⟨tool⟩ to ⟨version⟩}\n\n⟨firstname⟩ commented: {Looks good overall, a couple of nits.|Could we add a test for the empty case?|Nice cleanup!|Please rename this variable, it\'s confusing.}\n⟨firstname⟩ commented: {Done, thanks for the review.|Good catch, fixed.|Added the test.}\n⟨firstname⟩ approved these changes.',
  ]),
];
