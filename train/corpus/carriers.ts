/**
 * Carriers: the containers a text arrives in. A carrier wraps an optional inner text (an attack,
 * or an innocent snippet) in ordinary filler of the right shape: an email, a web page, a table,
 * source code, a JSON tool result, a PDF extract... The same carriers with no inner text, or with
 * a harmless inner text, make benign examples, so the model has to learn the instruction, not the
 * container.
 */
import type { Rng } from './rng.js';
import { expand, type SlotTable } from './template.js';
import { codeSnippet, csvTable, jsonResult, logLines } from './benign-documents.js';

export type Source = 'user' | 'tool_result' | 'document' | 'model_output' | 'tool_description';

export class Fill {
  constructor(readonly rng: Rng, readonly tables: readonly SlotTable[]) {}
  x(t: string): string {
    return expand(t, this.rng, this.tables);
  }
  sentence(): string {
    return this.x('⟨sentence⟩');
  }
  para(min = 1, max = 3): string {
    const n = this.rng.range(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    // CJK sentences are not separated by spaces.
    return out.join(/[\u3000-\u9fff\uac00-\ud7af]$/.test(out[0] ?? '') ? '' : ' ');
  }
  paras(min: number, max: number): string[] {
    const n = this.rng.range(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.para());
    return out;
  }
}

export interface Carrier {
  readonly name: string;
  readonly sources: readonly Source[];
  /** Whether the carrier can hold a long attack (jailbreak prompts, long fake dialogues). */
  readonly long: boolean;
  wrap(f: Fill, inner: string | null): string;
}

/** Inserts `inner` among `items` at a random position (or appends nothing if null). */
function place(items: string[], inner: string | null, rng: Rng): string[] {
  if (inner === null) return items;
  const out = items.slice();
  out.splice(rng.int(out.length + 1), 0, inner);
  return out;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const HIDDEN_STYLES = [
  'display:none', 'visibility:hidden', 'font-size:0', 'color:#ffffff;background:#ffffff', 'position:absolute;left:-9999px',
  'opacity:0', 'height:0;overflow:hidden', 'color:white', 'font-size:1px;color:#fefefe',
];
const BENIGN_COMMENTS = ['<!-- header -->', '<!-- main navigation -->', '<!-- Google Tag Manager -->', '<!-- end of footer -->', '<!-- TODO: update banner -->', '<!-- build ⟨version⟩ -->'];

const email: Carrier = {
  name: 'email', sources: ['tool_result', 'document'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const head = r.chance(0.75)
      ? f.x(`From: ⟨name⟩ <⟨email⟩>\nTo: ⟨email⟩\n{Date: ⟨date⟩ ⟨clock⟩\n|}Subject: {Re: |Fwd: |}⟨title⟩`) + '\n\n'
      : '';
    let body = place(f.paras(1, 3), null, r);
    if (inner !== null) {
      const how = r.int(4);
      if (how === 0) body = place(body, inner, r);
      else if (how === 1) body.push(f.x('{P.S.|PS|NB}') + ' ' + inner);
      else if (how === 2) body.push(`---------- Forwarded message ----------\n${inner}`);
      else body.splice(0, 0, inner);
    }
    return `${head}${f.x('⟨greet⟩')}\n\n${body.join('\n\n')}\n\n${f.x('⟨signoff⟩')}`;
  },
};

const html: Carrier = {
  name: 'html', sources: ['tool_result', 'document'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const title = htmlEscape(f.x('⟨title⟩'));
    const paras = f.paras(1, 4).map((p) => `<p>${htmlEscape(p)}</p>`);
    let meta = `<meta charset="utf-8">`;
    if (r.chance(0.3)) paras.splice(r.int(paras.length + 1), 0, f.x(r.pick(BENIGN_COMMENTS)));
    if (r.chance(0.15)) paras.push(`<div style="${r.pick(HIDDEN_STYLES)}">${htmlEscape(f.sentence())}</div>`);
    if (r.chance(0.3)) paras.push(`<img src="${f.x('⟨url⟩')}.jpg" alt="${htmlEscape(f.x('⟨title⟩'))}">`);
    if (inner !== null) {
      const how = r.int(7);
      let piece: string;
      if (how === 0) piece = `<!-- ${inner} -->`;
      else if (how === 1) piece = `<div style="${r.pick(HIDDEN_STYLES)}">${htmlEscape(inner)}</div>`;
      else if (how === 2) piece = `<img src="${f.x('⟨url⟩')}.png" alt="${htmlEscape(inner)}">`;
      else if (how === 3) {
        meta += `\n<meta name="${r.pick(['description', 'keywords', 'ai-instructions', 'summary'])}" content="${htmlEscape(inner)}">`;
        piece = '';
      } else if (how === 4) piece = `<span aria-hidden="true" style="${r.pick(HIDDEN_STYLES)}">${htmlEscape(inner)}</span>`;
      else if (how === 5) piece = `<p title="${htmlEscape(inner)}">${htmlEscape(f.sentence())}</p>`;
      else piece = `<p>${htmlEscape(inner)}</p>`;
      if (piece) paras.splice(r.int(paras.length + 1), 0, piece);
    }
    return `<html>\n<head>\n<title>${title}</title>\n${meta}\n</head>\n<body>\n<h1>${title}</h1>\n${paras.join('\n')}\n</body>\n</html>`;
  },
};

const markdownTable: Carrier = {
  name: 'markdown_table', sources: ['document', 'tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const n = r.range(2, 6);
    const at = r.int(n);
    const rows = ['| Item | Owner | Status | Notes |', '|---|---|---|---|'];
    for (let i = 0; i < n; i++) {
      const note = i === at && inner !== null ? inner.replace(/\|/g, '\\|').replace(/\n+/g, ' ') : f.x('{on track|blocked by ⟨ticket⟩|done|needs review|due ⟨date⟩|}');
      rows.push(`| ${f.x('{⟨title⟩|⟨product⟩|⟨ticket⟩}')} | ${f.x('⟨firstname⟩')} | ${f.x('{open|done|in progress|waiting}')} | ${note} |`);
    }
    return (r.chance(0.5) ? `## ${f.x('⟨title⟩')}\n\n` : '') + rows.join('\n');
  },
};

const csv: Carrier = {
  name: 'csv', sources: ['document', 'tool_result'], long: false,
  wrap(f, inner) {
    return csvTable(f.rng, f.tables, inner === null ? undefined : inner.replace(/\n+/g, ' '));
  },
};

const codeComment: Carrier = {
  name: 'code_comment', sources: ['document', 'tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const code = codeSnippet(r, f.tables);
    const hash = /^(def |class |for f)/.test(code);
    const line = (t: string) => (hash ? `# ${t}` : r.chance(0.5) ? `// ${t}` : `/* ${t} */`);
    const lines = code.split('\n');
    if (r.chance(0.5)) lines.splice(r.int(lines.length + 1), 0, line(f.x('{TODO: handle the empty case|see ⟨url⟩|fixed in ⟨version⟩|keep in sync with ⟨file⟩|this is slow for large inputs|author: ⟨firstname⟩}')));
    if (inner !== null) {
      const text = inner.split('\n').map(line).join('\n');
      lines.splice(r.int(lines.length + 1), 0, text);
    }
    return lines.join('\n');
  },
};

const docstring: Carrier = {
  name: 'docstring', sources: ['document', 'tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const name = f.x('⟨ident⟩');
    const doc = [f.x('{Return|Compute|Load|Validate|Format} the {⟨ident⟩|result} for the given {input|user|order}.')];
    if (inner !== null) doc.splice(r.int(2), 0, inner);
    if (r.chance(0.5)) doc.push(`Args:\n        ${f.x('⟨ident⟩')}: ${f.x('{the input list|a mapping of ids|the user id}')}.`);
    return `def ${name}(${f.x('⟨ident⟩')}):\n    """${doc.join('\n\n    ')}\n    """\n    return ${f.x('⟨ident⟩')}`;
  },
};

const json: Carrier = {
  name: 'json', sources: ['tool_result'], long: true,
  wrap(f, inner) {
    return jsonResult(f.rng, f.tables, inner ?? undefined);
  },
};

function wrapLines(text: string, width: number): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur.length + w.length + 1 > width && cur) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n');
}

const pdf: Carrier = {
  name: 'pdf_text', sources: ['document'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const page = r.range(1, 30);
    const parts = place(f.paras(2, 4), inner, r).map((p) => wrapLines(p, r.range(55, 95)));
    const header = f.x('{⟨title⟩|⟨company⟩ — Confidential|Annual Report ⟨year⟩|CONTRACT NO. ⟨bignum⟩}');
    return `${header}\n\n${parts.join('\n\n')}\n\n${r.pick([`Page ${page}`, `- ${page} -`, `${page} / ${page + r.range(1, 20)}`, `p. ${page}`])}`;
  },
};

const review: Carrier = {
  name: 'review', sources: ['tool_result', 'document'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const n = r.range(1, 4);
    const items: string[] = [];
    const at = r.int(n);
    for (let i = 0; i < n; i++) {
      const stars = r.range(1, 5);
      const body = i === at && inner !== null ? (r.chance(0.5) ? `${f.sentence()} ${inner}` : inner) : f.para(1, 2);
      items.push(`${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} ${f.x('⟨firstname⟩ {⟨surname⟩|}')} · ${f.x('⟨date⟩')}\n${body}`);
    }
    return (r.chance(0.5) ? `${f.x('⟨product⟩')} — ${n} review${n > 1 ? 's' : ''}\n\n` : '') + items.join('\n\n');
  },
};

const calendar: Carrier = {
  name: 'calendar', sources: ['tool_result'], long: false,
  wrap(f, inner) {
    const desc = inner === null ? f.para(1, 2) : f.rng.chance(0.5) ? `${f.para(1, 1)} ${inner}` : inner;
    if (f.rng.chance(0.5)) {
      return `BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:${f.x('⟨title⟩')}\nDTSTART:${f.x('⟨date⟩').replace(/-/g, '')}T${f.x('⟨clock⟩').replace(':', '')}00Z\nLOCATION:${f.x('⟨city⟩')}\nORGANIZER:mailto:${f.x('⟨email⟩')}\nDESCRIPTION:${desc.replace(/\n/g, '\\n')}\nEND:VEVENT\nEND:VCALENDAR`;
    }
    return `Event: ${f.x('⟨title⟩')}\nWhen: ${f.x('⟨weekday⟩ ⟨date⟩, ⟨clock⟩')}\nWhere: ${f.x('{⟨city⟩|Video call|Room ⟨num⟩}')}\nOrganizer: ${f.x('⟨name⟩')}\n\n${desc}`;
  },
};

const ticket: Carrier = {
  name: 'ticket', sources: ['tool_result'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const body = place(f.paras(1, 2), inner, r).join('\n\n');
    return `${f.x('⟨ticket⟩')}: ${f.x('⟨title⟩')}\nStatus: ${f.x('{Open|In progress|Waiting for customer|Resolved}')}   Priority: ${f.x('{Low|Medium|High|P⟨num⟩}')}\nReporter: ${f.x('⟨name⟩')} <${f.x('⟨email⟩')}>\n\n${body}${r.chance(0.4) ? `\n\n— Comment by ${f.x('⟨firstname⟩')}: ${f.sentence()}` : ''}`;
  },
};

const readme: Carrier = {
  name: 'readme', sources: ['document', 'tool_result'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const name = f.x('⟨ident⟩');
    const sections = [
      `## Installation\n\n\`\`\`bash\n${r.pick(['npm install', 'pip install', 'cargo add', 'go get'])} ${name}\n\`\`\``,
      `## Usage\n\n${f.para(1, 2)}`,
      `## Contributing\n\n${f.x('{Pull requests are welcome.|Please open an issue first.|See CONTRIBUTING.md.}')}`,
    ];
    if (inner !== null) {
      const how = r.int(3);
      const piece = how === 0 ? `<!-- ${inner} -->` : how === 1 ? `> ${inner.replace(/\n/g, '\n> ')}` : inner;
      sections.splice(r.int(sections.length + 1), 0, piece);
    }
    return `# ${name}\n\n${f.para(1, 2)}\n\n${sections.join('\n\n')}`;
  },
};

const searchResults: Carrier = {
  name: 'search_results', sources: ['tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const n = r.range(2, 5);
    const at = r.int(n);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const snippet = i === at && inner !== null ? inner : f.para(1, 2);
      out.push(`${i + 1}. ${f.x('⟨title⟩')}\n   ${f.x('⟨url⟩')}\n   ${snippet}`);
    }
    return out.join('\n\n');
  },
};

const chatLog: Carrier = {
  name: 'chat_log', sources: ['tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const n = r.range(2, 6);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`[${f.x('⟨clock⟩')}] ${f.x('⟨lowname⟩')}: ${f.sentence()}`);
    if (inner !== null) lines.splice(r.int(lines.length + 1), 0, `[${f.x('⟨clock⟩')}] ${f.x('⟨lowname⟩')}: ${inner}`);
    return lines.join('\n');
  },
};

const toolDescription: Carrier = {
  name: 'tool_description', sources: ['tool_description'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const name = r.pick(['get_weather', 'search_docs', 'send_invoice', 'lookup_order', 'create_ticket', 'translate_text', 'read_file', 'list_events', 'query_db', 'fetch_url', 'add_numbers', 'get_stock_price']);
    const base = f.x('{Returns|Fetches|Looks up|Creates|Lists} {the|a} {current weather|matching documents|invoice|order status|ticket|translation|file contents|calendar events|query result|page content|sum|latest price} for the given {input|city|id|query|path}.');
    const description = inner === null ? base : r.chance(0.5) ? `${base} ${inner}` : `${base}\n\n<IMPORTANT>\n${inner}\n</IMPORTANT>`;
    const tool = { name, description, inputSchema: { type: 'object', properties: { [f.x('⟨ident⟩')]: { type: 'string' } } } };
    return JSON.stringify(r.chance(0.5) ? { tools: [tool] } : tool, null, r.chance(0.5) ? 2 : undefined);
  },
};

const modelOutput: Carrier = {
  name: 'model_output', sources: ['model_output'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const intro = f.x('{Here is the summary you asked for:|Sure! Here are the results.|Summary:|Done. Key points:|Based on the document:|Agent report:|Step ⟨num⟩ complete.}');
    const body = place(f.paras(1, 2), inner, r);
    return `${intro}\n\n${body.join('\n\n')}`;
  },
};

const plainDoc: Carrier = {
  name: 'document', sources: ['document', 'tool_result'], long: true,
  wrap(f, inner) {
    const r = f.rng;
    const parts = place(f.paras(1, 4), inner, r);
    return (r.chance(0.5) ? `${f.x('⟨title⟩')}\n\n` : '') + parts.join('\n\n');
  },
};

const transcript: Carrier = {
  name: 'transcript', sources: ['document', 'tool_result'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const people = [f.x('⟨firstname⟩'), f.x('⟨firstname⟩'), f.x('⟨firstname⟩')];
    const lines: string[] = [];
    const n = r.range(2, 6);
    for (let i = 0; i < n; i++) lines.push(`${r.pick(people)}: ${f.sentence()}`);
    if (inner !== null) lines.splice(r.int(lines.length + 1), 0, `${r.pick(people)}: ${inner}`);
    return `${f.x('{Transcript|Meeting recording|Call notes}')} — ${f.x('⟨date⟩')}\n\n${lines.join('\n')}`;
  },
};

const logs: Carrier = {
  name: 'log', sources: ['tool_result'], long: false,
  wrap(f, inner) {
    const lines = logLines(f.rng, f.tables, f.rng.range(2, 7));
    if (inner !== null) lines.splice(f.rng.int(lines.length + 1), 0, `${f.x('⟨date⟩')}T${f.x('⟨clock⟩')}:00Z INFO  user_comment="${inner.replace(/\n/g, ' ')}"`);
    return lines.join('\n');
  },
};

const prComment: Carrier = {
  name: 'pr_comment', sources: ['tool_result', 'document'], long: false,
  wrap(f, inner) {
    const r = f.rng;
    const body = inner === null ? f.para(1, 2) : r.chance(0.5) ? `${f.para(1, 1)}\n\n${inner}` : inner;
    return `${f.x('⟨lowname⟩')} commented on ${f.x('{pull request|issue}')} #${r.range(1, 4000)}${r.chance(0.5) ? ` (${f.x('⟨ident⟩')}.${r.pick(['ts', 'py', 'go', 'md'])}, line ${r.range(1, 400)})` : ''}:\n\n${body}`;
  },
};

export const DOCUMENT_CARRIERS: readonly Carrier[] = [
  email, html, markdownTable, csv, codeComment, docstring, json, pdf, review, calendar, ticket, readme,
  searchResults, chatLog, toolDescription, modelOutput, plainDoc, transcript, logs, prComment,
];

/** Weights for choosing a document carrier; the common ones (email, web, JSON) come up most. */
export const DOCUMENT_WEIGHTS: ReadonlyMap<string, number> = new Map([
  ['email', 3], ['html', 3], ['json', 2.5], ['document', 2.5], ['search_results', 1.5], ['pdf_text', 1.5], ['review', 1.2],
  ['markdown_table', 1], ['csv', 1], ['code_comment', 1], ['docstring', 0.7], ['calendar', 0.8], ['ticket', 1.2], ['readme', 1],
  ['chat_log', 1], ['tool_description', 1], ['model_output', 1], ['transcript', 0.8], ['log', 0.7], ['pr_comment', 0.8],
]);

export function pickDocumentCarrier(rng: Rng, longInner: boolean): Carrier {
  const pool = DOCUMENT_CARRIERS.filter((c) => !longInner || c.long);
  return rng.weighted(pool.map((c) => [c, DOCUMENT_WEIGHTS.get(c.name) ?? 1] as const));
}

/**
 * User-side wrappers: the text as typed, after a task line ("Translate this:"), quoted, inside
 * a pasted chat transcript, or as the context of a retrieval-style question. `task` is a line
 * from the language pack.
 */
export type UserWrap = 'plain' | 'task' | 'quoted' | 'chat' | 'context';
const USER_WRAPS: readonly (readonly [UserWrap, number])[] = [['plain', 6], ['task', 3], ['quoted', 1], ['chat', 1], ['context', 0.8]];

export function wrapUser(
  f: Fill,
  text: string,
  task: string,
  weights: readonly (readonly [UserWrap, number])[] = USER_WRAPS,
): { text: string; carrier: string } {
  const r = f.rng;
  const k = r.weighted(weights);
  if (k === 'plain') return { text, carrier: 'plain' };
  if (k === 'task') {
    const sep = /[:：]$/.test(task) ? r.pick(['\n\n', '\n', ' ']) : r.pick(['\n\n', '\n', ' ', ': ']);
    return { text: `${task}${sep}${text}`, carrier: 'task' };
  }
  if (k === 'quoted') {
    const q = r.pick([['"', '"'], ['«', '»'], ['```\n', '\n```'], ['> ', ''], ['「', '」']] as const);
    return { text: r.chance(0.5) ? `${task}\n${q[0]}${text}${q[1]}` : `${q[0]}${text}${q[1]}\n\n${task}`, carrier: 'quoted' };
  }
  if (k === 'context') {
    // Retrieval-style prompts: an instruction, the text as context, then a question about it.
    const q = r.pick(['What is this about?', 'Who is it from?', 'What should I do next?', 'What is the deadline?', 'Summarise it.', 'Is there anything urgent?']);
    return { text: `${task}\n\n${r.pick(['Context', 'Text', 'Document', 'Input'])}: ${text}\n\n${r.pick(['Question', 'Q'])}: ${q}`, carrier: 'context' };
  }
  const lines = [`User: ${f.x('⟨prompt⟩')}`, `Assistant: ${f.sentence()}`, `User: ${text}`];
  return { text: lines.join('\n'), carrier: 'chat' };
}
