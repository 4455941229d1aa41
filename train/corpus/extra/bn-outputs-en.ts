/**
 * English assistant answers: explanations, code walkthroughs, lists, summaries, plans and
 * follow-up questions, sometimes with links to ordinary documentation.
 */
import type { Rng } from '../rng.js';
import { O, Os, type Expand, type Tpl } from './bn-types.js';

const DOC_LINKS = [
  'https://docs.python.org/3/library/', 'https://developer.mozilla.org/en-US/docs/Web/', 'https://www.postgresql.org/docs/current/',
  'https://react.dev/reference/react/', 'https://go.dev/doc/', 'https://doc.rust-lang.org/book/', 'https://kubernetes.io/docs/concepts/',
  'https://learn.microsoft.com/en-us/dotnet/', 'https://docs.docker.com/', 'https://pandas.pydata.org/docs/user_guide/', 'https://git-scm.com/docs/',
  'https://www.nhs.uk/conditions/', 'https://www.gov.uk/', 'https://en.wikipedia.org/wiki/', 'https://support.google.com/docs/answer/',
];

function link(r: Rng): string {
  const base = r.pick(DOC_LINKS);
  return base + r.pick(['index.html', 'getting-started', 'overview', 'faq', 'tutorial', 'reference', 'guide', '']);
}

function numbered(x: Expand, r: Rng, items: readonly string[], min: number, max: number): string {
  return r.sample(items, r.range(min, max)).map((s, i) => `${i + 1}. ${x(s)}`).join('\n');
}

const TIPS = [
  '**Start small.** Pick one {task|habit|feature} and do it well before adding more.', '**Measure first.** Write down where you are now so you can see progress.',
  '**Keep it consistent.** {Ten minutes a day beats two hours on Sunday.|Same time, same place helps.}', '**Ask for feedback early** from {a colleague|a friend|your teacher|a mentor}.',
  '**Check the basics** — {power, cables and settings|spelling and names|units and dates} — before anything complicated.', '**Write it down.** A short checklist saves a lot of guessing.',
  '**Budget a buffer** of about ⟨pct⟩ for surprises.', '**Compare at least three options** before deciding.', '**Read the official guidance** for ⟨country⟩, since rules differ.',
  '**Rest matters.** {Sleep and recovery|Breaks between sessions} are where progress sticks.', '**Automate the boring parts** with ⟨apptool⟩ or a short script.',
  '**Keep a log** of what you tried, so you don\'t repeat yourself.',
];

function tipsAnswer(x: Expand, r: Rng): string {
  const intro = x('{Here are some practical tips:|Good question! A few things that usually help:|Sure — here\'s what I\'d suggest:|There\'s no single answer, but these tend to work:}');
  const outro = r.chance(0.7) ? '\n\n' + x('{Want me to turn this into a {weekly plan|checklist|table}?|If you tell me more about your situation, I can tailor this.|Good luck — you\'ve got this!}') : '';
  return `${intro}\n\n${numbered(x, r, TIPS, 3, 5)}${outro}`;
}

function codeAnswer(x: Expand, r: Rng): string {
  return x(`{Here\'s one way to do it|This should work|Sure! Here\'s a version|A clean approach|Try this}:`) + '\n\n```\n' + x('⟨codeblock⟩') + '\n```\n\n' +
    x(`{**How it works:**\n- The function {loops over the items once|groups the records by key|filters out empty values|returns early if nothing is found}.\n- {Errors are raised instead of silently swallowed|Types make the expected input explicit|It keeps the original list unchanged}, which makes it easier to test.|A few notes:\n- {This is O(n) in time and memory.|For very large inputs, consider streaming.|You may want to add logging around the network call.}\n- {Tested with ⟨testtool⟩.|Adjust the field names to match your data.}}`) +
    `\n\n${x('{See the docs for details:|More in the official documentation:|Reference:}')} ${link(r)}`;
}

function traceAnswer(x: Expand, r: Rng): string {
  return x(`{The key line is the last one|This error means|Looking at the trace}: {a value you expected to exist is missing (it\'s None/null/undefined at that point)|the code is indexing past the end of a list|the input isn\'t in the format the parser expects|a dependency isn\'t installed in the environment you\'re running}.\n\n{To fix it|Things to try}:\n1. {Print or log the value just before the failing line.|Check that the file or record actually exists.|Add a guard for the empty case.|Reinstall dependencies in a clean virtual environment.}\n2. {Validate the input at the boundary, not deep inside.|Use a default value where it makes sense.|Check the version of ⟨tool⟩ you\'re on.}\n3. {Write a small test that reproduces it so it stays fixed.|Run it again with verbose logging.}\n\n{If you paste the surrounding code, I can point to the exact line.|Let me know what you find!}`) + `\n\nDocs: ${link(r)}`;
}

/** Names the two concepts once, so the heading and the bullets agree. */
function compareAnswer(x: Expand, r: Rng): string {
  const a = x('⟨concept⟩');
  let b = x('⟨concept⟩');
  for (let i = 0; i < 4 && b === a; i++) b = x('⟨concept⟩');
  return `${x('{Great question!|Good one.|Sure.}')} The difference between ${a} and ${b}:\n\n- **${a}**: ${x('{is mostly about how data flows|is about structure|happens at runtime|is a design choice you make early}')}.\n- **${b}**: ${x('{is mostly about who owns the data|is about behaviour|is checked before the program runs|is something you can add later}')}.\n\n${x('{Use the first when you need flexibility and the second when you need guarantees.|In practice most projects use both.|Which one matters depends on your team and your traffic.}')} ${r.chance(0.5) ? x('{The ⟨tool⟩ docs have a good section on this:|Further reading:}') + ' ' + link(r) : ''}`;
}

export const EN_OUTPUTS: Tpl[] = [
  O(tipsAnswer),
  O(compareAnswer),
  O(codeAnswer),
  O(traceAnswer),
  ...Os([
    '{Sure!|Of course.|Happy to help.} ⟨Scitopic⟩ {is easiest to understand with an analogy|comes down to a few ideas}. {Think of it like a busy kitchen: each step depends on the one before it.|Imagine a ball rolling downhill: it always ends up in the lowest place it can reach.} {In short|The key takeaway}: {it\'s about how energy moves from one form to another|small changes add up over time|it balances itself out}.\n\n{Would you like a diagram or a quick quiz?|Want me to go deeper into any part?|}',
    '**Summary**\n\n- {The report|The article|The meeting|The email} {focuses on|covers|is mainly about} ⟨topic⟩.\n- {Key numbers|Main points}: {revenue up ⟨pct⟩|⟨bignum⟩ responses|launch moved to ⟨date⟩|costs down ⟨pct⟩}.\n- {Action needed|Next step}: {⟨firstname⟩ to send the final draft by ⟨weekday⟩|approve the budget|book the venue|reply to the client}.\n\n{Let me know if you want a shorter version.|I can also draft a reply if useful.|}',
    'Here\'s a {3-day|weekend|5-day} itinerary for ⟨city⟩:\n\n**Day 1** — {Old town walk|Museums|Markets and food}: start at ⟨placekind⟩, lunch at a ⟨cuisine⟩ place, {sunset viewpoint|river cruise} in the evening.\n**Day 2** — {Day trip to ⟨landmark⟩|Parks and neighbourhoods|Galleries}: {book tickets in advance|go early to beat the crowds}.\n**Day 3** — {Slow morning, cafés and shopping|Hike and picnic|Cooking class}.\n\nGetting around: the ⟨transport⟩ is {cheap and reliable|the easiest option}. {Buy a day pass.|Carry some cash for small shops.}',
    'Here\'s a simple weekly plan for your goal ("⟨fitgoal⟩"):\n\n| Day | Session |\n|---|---|\n| Mon | {Easy 30 min|Strength: ⟨exercise⟩ and ⟨exercise⟩} |\n| Wed | {Intervals|⟨exercise⟩ 3×10} |\n| Fri | {Long session|Full body} |\n| Sun | {Rest or a gentle walk|Mobility and stretching} |\n\n{Increase volume by no more than 10% per week.|Listen to your body and rest if something hurts.|If you have a health condition, check with your doctor first.}',
    'Dear ⟨name⟩,\n\n{Thank you for your email.|Thanks for getting back to me.} {I\'m sorry to hear about the delay.|I\'m happy to confirm ⟨weekday⟩ at ⟨clock⟩.|Unfortunately I won\'t be able to attend this time.} {I\'ve attached the updated document.|Please let me know if another date suits you.|I\'d be glad to help in any other way.}\n\nBest regards,\n⟨firstname⟩\n\n---\n{Feel free to adjust the tone — I kept it ⟨tone⟩.|Want a shorter version?|}',
    '{To ⟨diytask⟩|To fix ⟨houseissue⟩}, you\'ll need: {a screwdriver, a spirit level and wall plugs|a bucket, old towels and an adjustable spanner|sandpaper, primer and a brush}.\n\n1. {Turn off the water/power first.|Protect the floor.|Measure twice.}\n2. {Remove the old part carefully.|Mark the positions with a pencil.|Clean the surface.}\n3. {Fit the new part and tighten by hand, then a quarter turn more.|Apply in thin coats.|Check it\'s level.}\n\n{If anything involves gas or mains wiring, call a qualified professional.|Take photos before you start so you can put it back.}',
    'For ⟨plant⟩, {aim for|choose a spot with} {bright, indirect light|full sun|partial shade} and use {well-drained soil|moist but not soggy compost}. {Water when the top few centimetres are dry.|Water at the base in the morning.} {Feed every two weeks in ⟨season⟩.|Mulch to keep roots cool.} If you see ⟨gardenissue⟩, {improve air flow|remove affected leaves|check the drainage}.',
    'Based on what you\'ve told me, I\'d lean towards **⟨brandprod⟩**:\n\n- {Better battery life|Lighter|Cheaper to run|Easier to repair}\n- {Good reviews for reliability|Wider app support}\n\n{The other option is worth it only if {you need the bigger screen|you already use that ecosystem|you find it on sale}.|Either would be fine for what you described.} Prices change often, so {check a few shops|look for last year\'s model}.',
    '{Here\'s the corrected version|I\'ve tidied it up}:\n\n{"They\'re going to the park tomorrow, whether or not it rains."\n\nChanges: "Their" → "They\'re", "tomorow" → "tomorrow", "weather" → "whether".|"The data shows that fewer people are using the app than last year."\n\nChanges: "less" → "fewer" (people are countable), "then" → "than".|"Please find the documents attached for your review."\n\nChanges: removed the stray apostrophe in "documents" and fixed "you\'re" → "your".|"It\'s been a long week — let\'s catch up on Monday."\n\nChanges: "Its" → "It\'s", "lets" → "let\'s", and capitalised "Monday".} {Let me know if you\'d like it more formal.|}',
    '⟨Histevent⟩ {had several causes|is usually explained by a mix of factors}:\n\n1. **Economic**: {rising prices and debt|trade disruption|new technologies}.\n2. **Political**: {weak institutions|rival leaders|changes in alliances}.\n3. **Social**: {population growth|new ideas spreading|unrest in cities}.\n\nHistorians still debate which mattered most. {A good starting point is ⟨book⟩-era sources and a recent survey history.|Your textbook\'s chapter on this period should cover the key dates.}',
    'Step by step:\n\n{3x + ⟨num⟩ = ⟨bignum⟩|2(x − 4) = ⟨num⟩|x/5 + 2 = ⟨num⟩}\n{Subtract|Expand, then subtract|Subtract 2, then multiply by 5} on both sides, and divide to get x.\n\n{Always substitute back in to check your answer.|Doing the same operation on both sides keeps the equation balanced.} Try one yourself: {4x − 7 = 21|5(x + 1) = 30}.',
    'A good way to {respond|handle this} might be: "{I really value our friendship, and I\'ve noticed plans keep falling through. Is everything okay?|Can we agree a rota for the kitchen? I\'d feel less stressed.|I\'d love to see you, but every weekend is a lot for us. How about once a month?}"\n\n{Use "I" statements and pick a calm moment.|Listen to their side before suggesting a fix.} {It may take more than one conversation.|}',
    'I don\'t have live prices, but {generally|as a rough guide}, {a ⟨job⟩ in ⟨city⟩ earns around the national median, with experience adding a lot|flights to ⟨city⟩ are cheapest about 6–8 weeks ahead|tradespeople charge more for small jobs}. {Check a recent salary survey or job boards.|Compare on two or three sites.|Get at least three quotes.}',
  ]),
];
