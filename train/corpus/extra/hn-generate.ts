/**
 * One draft per call for a language and a section: picks a group, composes sentences from it and
 * puts them in a carrier. Everything random comes from the Composer's Rng.
 */
import { CARRIER_SOURCES, wrapProse, type Carrier, type Source } from './hn-carriers.js';
import { codeTpl, joinSentences, type Body, type Composer } from './hn-compose.js';
import { SCAFFOLDS } from './hn-code.js';
import type { Group, HnPack, Section } from './hn-types.js';

export interface Made {
  text: string;
  carrier: string;
  source: Source;
}

type Weights = readonly (readonly [Carrier, number])[];

const HUMAN_CARRIERS: Weights = [
  ['plain', 3], ['markdown', 2], ['html', 2], ['email', 2], ['pdf_text', 1.5], ['forum', 1], ['ticket', 0.8], ['json', 0.8], ['chat', 0.7], ['code', 0.4], ['model_output', 0.4],
];
const SECURITY_CARRIERS: Weights = [
  ['plain', 2.5], ['html', 2], ['markdown', 2], ['forum', 1.5], ['pdf_text', 1.5], ['email', 1], ['chat', 1], ['json', 0.8], ['ticket', 0.7], ['code', 0.5], ['model_output', 0.4],
];
const DOC_CARRIERS: Weights = [
  ['markdown', 3], ['html', 2], ['forum', 2], ['plain', 1.5], ['ticket', 1], ['chat', 1], ['pdf_text', 0.6], ['json', 0.5], ['email', 0.6],
];
const PROMPT_DOC_CARRIERS: Weights = [['markdown', 2], ['ticket', 1.5], ['email', 1], ['json', 1], ['plain', 1], ['chat', 0.6]];

function pickSource(c: Composer, carrier: Carrier): Source {
  const list = CARRIER_SOURCES[carrier];
  // Plain prose is mostly a document; sometimes a user pasted it.
  if (carrier === 'plain') return c.rng.chance(0.3) ? 'user' : 'document';
  return c.rng.pick(list);
}

function prose(c: Composer, groups: readonly Group[], weights: Weights): Made {
  const b = c.body(c.group(groups));
  const carrier = c.rng.weighted(weights);
  return { text: wrapProse(carrier, c, b), carrier, source: pickSource(c, carrier) };
}

function promptGroups(p: HnPack): Group[] {
  return p.system.filter((g) => g.open && g.open.length > 0);
}

/** A system prompt: role line, then rules from the group and from the language's common rules. */
function systemBody(c: Composer, p: HnPack, lo: number, hi: number): Body {
  const g = c.group(promptGroups(p));
  const own = c.rng.range(Math.min(lo, g.lines.length), Math.min(hi, g.lines.length));
  const common = p.systemCommon && p.systemCommon.length ? c.rng.range(0, Math.min(3, p.systemCommon.length)) : 0;
  const rules = c.rng.shuffle([...c.rng.sample(g.lines, own), ...(common ? c.rng.sample(p.systemCommon!, common) : [])]);
  const lines = [c.any(g.open!), ...rules.map((t) => c.x(t))];
  if (g.close && g.close.length && c.rng.chance(0.3)) lines.push(c.any(g.close));
  return { lang: p.lang, title: c.x('⟨uiprompt⟩'), lines, steps: false };
}

function renderPrompt(c: Composer, b: Body): { text: string; carrier: Carrier } {
  const r = c.rng;
  const k = r.int(4);
  const [first, ...rest] = b.lines;
  if (k === 0) return { text: joinSentences(b.lang, b.lines), carrier: 'plain' };
  if (k === 1) return { text: `${first}\n\n${rest.map((l) => `- ${l}`).join('\n')}`, carrier: 'plain' };
  if (k === 2) return { text: b.lines.join('\n'), carrier: 'plain' };
  return { text: `# ${c.x('⟨uirole⟩')}\n${first}\n\n## ${c.x('⟨uirules⟩')}\n${rest.map((l) => `- ${l}`).join('\n')}`, carrier: 'markdown' };
}

/** Fills a code scaffold with a short system prompt and a comment in the pack's language. */
function scaffold(c: Composer, p: HnPack, filter?: (carrier: string) => boolean): Made {
  const pool = filter ? SCAFFOLDS.filter((s) => filter(s.carrier)) : SCAFFOLDS;
  const s = c.rng.pick(pool);
  const sp = joinSentences(p.lang, systemBody(c, p, 1, 2).lines);
  const cm = c.any(p.comments).replace(/\n/g, ' ');
  const local = { sp: () => sp, spq: () => JSON.stringify(sp), cm: () => cm };
  const text = c.withTable(local, codeTpl(s.src));
  return { text, carrier: s.carrier, source: c.rng.pick(s.sources) };
}

function system(c: Composer, p: HnPack): Made {
  const r = c.rng;
  if (r.chance(0.5)) {
    const { text, carrier } = renderPrompt(c, systemBody(c, p, 2, 7));
    return { text, carrier, source: 'system' };
  }
  const k = r.next();
  if (k < 0.3) return scaffold(c, p, (carrier) => carrier === 'json' || carrier === 'code');
  const docs = p.system.filter((g) => !g.open || g.open.length === 0);
  if (k < 0.6 && docs.length) {
    const made = prose(c, docs, DOC_CARRIERS);
    return { ...made, source: made.source === 'user' ? 'document' : made.source };
  }
  const carrier = r.weighted(PROMPT_DOC_CARRIERS);
  const b = systemBody(c, p, 2, 6);
  if (carrier === 'json') {
    const obj = { name: c.x('⟨ident⟩'), version: c.x('⟨version⟩'), system_prompt: joinSentences(p.lang, b.lines), updated_by: c.x('⟨email⟩') };
    return { text: JSON.stringify(obj, null, r.chance(0.5) ? 2 : undefined), carrier, source: 'document' };
  }
  const made = wrapProse(carrier, c, b);
  return { text: made, carrier, source: 'document' };
}

function code(c: Composer, p: HnPack): Made {
  if (c.rng.chance(0.55)) return scaffold(c, p);
  return prose(c, p.code, DOC_CARRIERS);
}

/** A user's request: optional context, the request, optional follow-up; sometimes after a chat turn. */
function user(c: Composer, p: HnPack): Made {
  const r = c.rng;
  const g = c.group(p.user);
  const lines: string[] = [];
  if (g.open && g.open.length && r.chance(0.4)) lines.push(c.any(g.open));
  lines.push(c.any(g.lines));
  if (g.close && g.close.length && r.chance(0.3)) lines.push(c.any(g.close));
  const text = joinSentences(p.lang, lines);
  if (r.chance(0.15)) {
    // The earlier turn is another request, never the same text twice.
    let before = c.any(c.group(p.user).lines);
    for (let i = 0; i < 4 && text.includes(before); i++) before = c.any(c.group(p.user).lines);
    return { text: `User: ${before}\nAssistant: ${c.x('⟨uiassist⟩')}\nUser: ${text}`, carrier: 'chat', source: 'user' };
  }
  return { text, carrier: 'plain', source: 'user' };
}

export function makeDraft(section: Section, c: Composer, p: HnPack): Made {
  switch (section) {
    case 'human': return prose(c, p.human, HUMAN_CARRIERS);
    case 'security': return prose(c, p.security, SECURITY_CARRIERS);
    case 'system': return system(c, p);
    case 'code': return code(c, p);
    case 'user': return user(c, p);
  }
}
