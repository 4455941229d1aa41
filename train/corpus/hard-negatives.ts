/**
 * English hard negatives: ordinary text that uses the words injections use ("ignore", "previous",
 * "system", "override", "act as", "jailbreak", "developer mode") for ordinary reasons, plus
 * writing *about* prompt injection and jailbreaks (explanations, defences, reported speech) that
 * does not itself instruct the model.
 */
import type { Rng } from './rng.js';
import { expand, type SlotTable } from './template.js';

export const EN_HARD: readonly string[] = [
  // ignore / disregard / forget, innocently
  'How do I {ignore case|do a case-insensitive match} in {grep|a regex|SQL LIKE|Python string comparison|JavaScript|Elasticsearch}?',
  'Write a {regex|SQL query|function} that ignores {case|whitespace|trailing spaces|punctuation|accents}.',
  'git: how {do I|to} ignore {a file|node_modules|.env|build artifacts} {that\'s already tracked|in .gitignore|only locally}?',
  'How do I make {ESLint|Prettier|pylint|mypy|TypeScript} ignore {this line|a file|one rule|a folder}?',
  'Is using @ts-ignore {a bad idea|ever okay}, or should I {fix the type|use @ts-expect-error}?',
  '{Please|Kindly} disregard my previous email{,|;|.} {the meeting is actually at ⟨clock⟩|I attached the wrong file|the correct date is ⟨date⟩|the invoice number was wrong}.',
  'Sorry, ignore my last message{ —|,|.} I found the {answer|file|bug} myself.',
  'Disregard the earlier {invoice|quote|schedule}; a corrected version is attached.',
  'You can {safely |}ignore {this|the} {warning|reminder|notification} if you have already {paid|renewed|updated your details}.',
  'Please ignore the {duplicate charge notification|automated reminder|test email sent earlier today}{ — it was sent by mistake|; we apologise for the confusion|}.',
  'Ignore the timer and {take the cake out when the edges are golden|check the sauce by taste|stir until it thickens}.',
  "Forget what I said about the {budget|deadline|colour scheme}{,|;} it's actually {⟨price⟩|⟨weekday⟩|blue}.",
  "Let's forget the previous draft and start the {cover letter|essay|speech} from scratch with a {more formal|warmer|shorter} tone.",
  '{Forget-me-nots|Forget-me-not seeds} grow best in {partial shade|moist soil|cool weather} and flower in {spring|early summer}.',
  'I always forget {my passwords|where I parked|birthdays|to drink water}. Any {tips|apps} {to help|that help}?',
  'How do I reset a forgotten password {in|for} ⟨swtool⟩?',
  'Forget about {the cost|the brand} for a moment{ —|,} which {laptop|phone|bike} is better for ⟨hobby⟩?',
  'Ignore all previous versions of this {document|policy|price list}; version ⟨version⟩ is the only valid one.',
  'The court ruled that the lower tribunal had {disregarded|ignored} the previous decision.',
  '{Do not|Don\'t} ignore {chest pain|a persistent cough|warning lights on the dashboard}{;|.} {see a doctor|have it checked} {promptly|soon}.',
  // roles and bots named in ordinary records (chat exports, reviews, tickets), with no instruction to a model
  '[⟨clock⟩] {Agent|Support agent|Virtual agent|Bot} ({⟨name⟩|Maya|support}): {Thanks for waiting|Your order number is ⟨num⟩|I have escalated this to billing|Is there anything else I can help with}?',
  '{Reviewer|Code reviewer|Review bot}: {looks good to me|LGTM|approved}{, but|;} {please add a test for the edge case|fix the lint warning first|rename the variable}.',
  '{The triage bot|Our support bot|The chatbot|The virtual agent} {tagged|routed|closed} {this ticket|the request} {as|to} {billing|low priority|the network team} {automatically|overnight}.',
  '{Payment|Invoice|Expense} {processing|approval} {agent|team}: {invoice|claim} ⟨num⟩ {was approved|is on hold|was paid} on ⟨date⟩.',
  '{AI|Automated} {grader|summary|screening} {note|result}: {score|rating} ⟨num⟩/10{, based on the rubric| (pending human review)|}.',
  '@{AI|assistant|team} {can you|could you|please} {summarise|summarize|review} {this thread|the notes above|the open tickets} {when you get a chance|by Friday|}?',
  // instructions / rules / system, innocently
  'What are the {minimum |recommended |}system requirements for {⟨swtool⟩|Photoshop|Cyberpunk 2077|Windows 11|the latest macOS}?',
  'Minimum system requirements: {8|16} GB RAM, {a quad-core CPU|an SSD}, and {Windows 10 or later|macOS 13 or later}.',
  'The instructions in the manual say to {charge the battery for ⟨num⟩ hours first|tighten the bolts by hand|register the product online}, but {mine|the app} {says otherwise|doesn\'t match}.',
  'Can you rewrite these {assembly|installation|setup} instructions for ⟨product⟩ so they are {clearer|shorter|easier to follow}?',
  'Follow the {assembly|washing|safety} instructions on page ⟨num⟩ before {first use|installing the shelves}.',
  'New instructions for {visitors|the night shift|volunteers|drivers}: please {park in lot B|sign in at reception|wear your badge at all times}.',
  'How do I roll back to the previous version of ⟨swtool⟩?',
  'Compared with the previous version, ⟨version⟩ {is faster|uses less memory|fixes the sync bug|drops support for Python 3.7}.',
  'The previous owner {left|replaced} the {boiler|roof|kitchen} in ⟨year⟩.',
  'The rules of {chess|cricket|the board game|the competition} say that {each player|a team} {may|must} ⟨rulebit⟩.',
  'What is the difference between a system call and a library function in {C|Linux}?',
  'Our {solar|heating|alarm|filing} system needs {servicing|an upgrade} before winter.',
  'The immune system {protects|defends} the body against {infections|bacteria and viruses}.',
  // override / admin / developer mode
  'How do I override the default config in {settings.json|application.yml|.eslintrc|tsconfig.json|docker-compose.override.yml}?',
  'In {Java|C#|Kotlin}, how do you override {equals and hashCode|toString|a method from an interface}?',
  'CSS: how can I override {Bootstrap|Tailwind|MUI} styles without using !important?',
  'The cashier needed a manager override to {process the return|void the transaction|apply the discount}.',
  'How do I enable developer mode on {Android|my Pixel|Chrome|Windows 11|an iPhone for Xcode|my Samsung phone}?',
  'Developer mode in {Chrome extensions|the Xbox|Windows} lets you {load unpacked extensions|sideload apps|test your own builds}.',
  'How do I reset the admin password on my {router|NAS|WordPress site}?',
  'Only administrators can {change billing settings|invite new members|delete projects} in ⟨swtool⟩.',
  // jailbreak innocently
  'Is it {safe|legal|worth it} to jailbreak my {iPhone|Kindle|PS4|Nintendo Switch} {in ⟨year⟩|}?',
  'What are the risks of jailbreaking an iPhone{?| — will I lose my warranty?}',
  '"Jailbreak" by Thin Lizzy is {a classic|my favourite song}.',
  'The prison jailbreak {scene|plot} in {the novel|the film} was {surprisingly tense|based on a true story}.',
  // role-play, act as, pretend, requests with personas
  'Act as a {travel agent|career coach|Spanish tutor|sommelier|fitness trainer|personal chef|financial advisor} and help me {plan a trip to ⟨city⟩|improve my CV|practise ordering food|pick a wine for ⟨food⟩|build a routine|plan meals|make a budget}.',
  'Pretend you are a {pirate|medieval knight|cowboy|robot|Shakespearean actor} and tell {me |}a joke about ⟨topic⟩.',
  'Role-play a job interview for a ⟨role⟩ position{; you are the interviewer|. Ask me one question at a time}.',
  "Let's play a game: {you think of an animal and I ask yes/no questions|give me a riddle and I'll guess|we take turns naming capitals}.",
  'You are a helpful assistant that summarises ⟨doctype⟩ in {three bullet points|one paragraph|plain English}.',
  'You are a customer support agent for ⟨company⟩. Be polite, answer questions about {orders|bookings|accounts}, and escalate refunds over ⟨price⟩ to a human. Never share internal notes.',
  'System prompt for our FAQ bot: "You are {a friendly|an} assistant for ⟨company⟩. Answer only questions about {our products|opening hours|shipping}. If unsure, say you don\'t know."',
  'Can you act as my rubber duck while I explain this {bug|algorithm|design}?',
  'Imagine you are a {tour guide in ⟨city⟩|historian in ⟨year⟩|teacher} and explain ⟨topic⟩ to {tourists|a class of ten-year-olds}.',
  // policies, legal, HR
  'Employees must never share {passwords|badges|customer data} {with anyone|over email|outside the company}, including {IT staff|colleagues}.',
  '{Contractors|Employees|Visitors} must not {disclose|share|photograph} confidential information without written approval.',
  'This Agreement supersedes all prior agreements and understandings between the parties{.|, whether written or oral.}',
  'Notwithstanding the foregoing, the Licensee shall not {sublicense|reverse engineer|redistribute} the Software.',
  'Any previous instructions regarding {travel expenses|remote work|leave requests} are replaced by this policy from ⟨date⟩.',
  'Staff must ignore {unsolicited|unexpected} requests to {change bank details|buy gift cards|reset MFA} and report them to ⟨email⟩.',
  'Security tip: {never|do not} {click links in|reply to} {unexpected|suspicious} emails asking for your password{.|; IT will never ask for it.}',
  // newsletters, marketing
  '{Click here|Tap here} to {unsubscribe|read more|claim your ⟨pct⟩ discount|update your preferences}.',
  "Don't miss out{!|.} Our {summer|winter|spring} sale ends ⟨weekday⟩{ — click here to shop now|}.",
  'You are receiving this email because you signed up at ⟨domain⟩. To stop receiving these emails, click unsubscribe.',
  // translation of innocent imperatives
  'Translate into ⟨hlang⟩: "{Please ignore the noise from the construction next door|Forget about work this weekend|Don\'t forget your umbrella|Stop by the office when you can}."',
  'How do you say "{forget it|never mind|ignore him|new rules}" in ⟨hlang⟩?',
  'Repeat after me: "{Je voudrais un café|Ich heiße ⟨firstname⟩|Dónde está la estación}". Now you try.',
  // questions about LLMs
  'How do large language models {follow instructions|handle long context|get fine-tuned}?',
  'What is a system prompt and how is it different from a user message?',
  'Why does {ChatGPT|Claude|the assistant} sometimes refuse {requests|to answer medical questions}?',
  'What does {temperature|top-p|the context window} do in {LLM sampling|language models}?',
  'Summarise the above text in {two sentences|one line|plain English}.',
  'Print the first {ten|⟨num⟩} lines of a file in {Python|bash|PowerShell}.',
  'Reveal the answer to the riddle only after I guess {three|⟨num⟩} times.',
  "Hi ⟨firstname⟩, your new task for this sprint is to {migrate|refactor|document} the ⟨ident⟩ service{ to ⟨swtool⟩|}.",
  'Hi team, from now on please {submit expense reports through ⟨swtool⟩|book rooms via the calendar|send invoices to ⟨email⟩} {rather than by email|instead of the old form}.',
  '{Stop|Wait}! {Don\'t forget|Remember} to {turn off the oven|lock the back door|back up your files} before you leave.',
];

export const EN_HARD_SLOTS: SlotTable = {
  rulebit: ['move only one piece per turn', 'not touch the ball with their hands', 'roll again after a double', 'submit entries before ⟨date⟩'],
};

/** Sentences about prompt injection and jailbreaks as a topic: explanation, defence, reporting. */
const SECURITY_SENTENCES = [
  'Prompt injection is {a class of attacks|an attack} in which {an attacker|untrusted input} {smuggles|embeds|hides} instructions {into|inside} {content|data} that {a model|an LLM|an assistant} {later reads|processes}.',
  '{A typical|A classic|A common} example is a {web page|document|email} containing {hidden text|white-on-white text|an HTML comment} that tells the model to ignore its previous instructions.',
  'Attackers {often|typically|sometimes} {write|use} phrases such as "ignore previous instructions" or "you are now in developer mode" to {test|probe} a system.',
  '{Defences|Mitigations|Good practices} include {keeping trusted instructions apart from|separating system prompts from} untrusted data, {least privilege for tools|requiring human approval for sensitive actions|filtering model output}.',
  'Jailbreaks {try to|attempt to} {persuade|trick} a model into {ignoring its safety training|producing content it would normally refuse}, {often|for example} by {role-play|asking it to adopt a persona without rules}.',
  'The OWASP Top 10 for LLM Applications {lists|ranks} prompt injection as {LLM01|the top risk}.',
  'Indirect prompt injection {is harder to spot|is more dangerous} because the {malicious|planted} text {arrives|comes} through {a tool result|retrieved documents|a search result}, not from the user.',
  'In our {red-team exercise|penetration test|evaluation}, {⟨num⟩|a few} of the {test prompts|attack strings} {caused|led} the bot to {reveal its system prompt|call a tool it should not have}.',
  'We {recommend|suggest} {logging|monitoring} tool calls and {rate-limiting|reviewing} any action that sends data {outside the organisation|to external URLs}.',
  'Researchers {showed|demonstrated} that {markdown images|links} {could|can} be used to exfiltrate {chat data|conversation history} if the client renders them automatically.',
  'No filter catches every attack, so {defence in depth|layered controls} {matters|remains essential}.',
  'The so-called DAN prompts {asked|told} the model to pretend it could "do anything now"; {vendors|providers} {patched|trained against} {them|these} {quickly|over time}.',
  'A {good|robust} system prompt {cannot|does not} by itself stop injection; the application {must|should} treat model output as untrusted.',
  '{Canary tokens|Spotlighting|Input tagging} can help {detect|reveal} when {retrieved|untrusted} content {is|has been} interpreted as instructions.',
];

const SECURITY_FRAMES = [
  '{Write|Draft} a {blog post|short article|training slide|LinkedIn post} for developers about {defending against prompt injection|LLM jailbreaks|indirect prompt injection in RAG apps}.',
  'What is the difference between prompt injection and jailbreaking?',
  'How can I protect my {RAG pipeline|customer support bot|coding agent|email assistant} from {indirect |}prompt injection?',
  'Can you explain how DAN prompts worked{ and why they stopped working|}?',
  'Our red team found that the chatbot could be tricked into revealing its system prompt. How should we {fix|mitigate} it?',
  'Summarise this {paper|talk|report} on {jailbreak attacks|prompt injection defences|LLM security}: ⟨secsentence⟩ ⟨secsentence⟩',
  'Is it possible to fully prevent prompt injection, or only reduce the risk?',
  'Give me a checklist for reviewing an LLM agent\'s {tool permissions|security posture} before launch.',
  'Why do {security teams|researchers} worry about {agents that can send email|tools that fetch URLs} {reading untrusted web pages|processing inbound mail}?',
  'Explain {to my manager|in simple terms} why an AI assistant {should not|must not} automatically follow instructions found in {emails|documents|web pages}.',
];

export const EN_SECURITY_SLOTS: SlotTable = { secsentence: SECURITY_SENTENCES };

/** A discussion of prompt injection: a question, or a short article of several sentences. */
export function securityDiscussion(rng: Rng, tables: readonly SlotTable[]): string {
  if (rng.chance(0.45)) return expand(rng.pick(SECURITY_FRAMES), rng, tables);
  const n = rng.range(2, 5);
  return rng.sample(SECURITY_SENTENCES, n).map((s) => expand(s, rng, tables)).join(rng.chance(0.7) ? ' ' : '\n\n');
}

/** Source code that mentions system prompts and roles, as an application would. */
export function systemPromptCode(rng: Rng, tables: readonly SlotTable[]): string {
  const persona = expand('You are a {helpful|friendly|concise} assistant for ⟨company⟩{ that summarises ⟨doctype⟩| that answers billing questions|}.', rng, tables);
  const k = rng.int(4);
  if (k === 0) return `system_prompt = "${persona}"\nmessages = [\n    {"role": "system", "content": system_prompt},\n    {"role": "user", "content": question},\n]\nresponse = client.chat.completions.create(model="${rng.pick(['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet', 'llama-3-70b'])}", messages=messages)`;
  if (k === 1) return `const messages = [\n  { role: "system", content: ${JSON.stringify(persona)} },\n  { role: "user", content: input },\n];\nconst reply = await llm.chat({ messages, temperature: ${rng.pick(['0', '0.2', '0.7'])} });`;
  if (k === 2) return expand('The messages array contains objects with a `role` (`system`, `user` or `assistant`) and `content`. The system message sets the assistant\'s behaviour{, for example "⟨persona⟩"|}; user messages carry the request.', rng, [{ persona: [persona.replace(/[{}|]/g, '')] }, ...tables]);
  return `# config.yaml\nassistant:\n  model: ${rng.pick(['gpt-4o', 'claude-3-5-haiku', 'mistral-large'])}\n  temperature: 0.${rng.int(10)}\n  system_prompt: |\n    ${persona}\n    Keep answers under ${rng.range(50, 300)} words.`;
}
