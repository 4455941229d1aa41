/**
 * Containers for the extra hard negatives: the same sentences arrive as plain text, an email, a
 * web page, a markdown document, a forum thread, chat messages, a code comment, a JSON record, a
 * ticket or a PDF extract. Scaffolding words that readers see (“wrote:”, “Page”) come from
 * per-language ui slots so non-English texts are not always framed in English.
 */
import type { Rng } from '../rng.js';
import { joinSentences, type Body, type Composer } from './hn-compose.js';

export type Carrier = 'plain' | 'email' | 'html' | 'markdown' | 'forum' | 'chat' | 'code' | 'json' | 'ticket' | 'pdf_text' | 'model_output';
export type Source = 'user' | 'tool_result' | 'document' | 'model_output' | 'tool_description' | 'system';

export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits body lines into paragraphs of one to three sentences. */
function paragraphs(c: Composer, b: Body): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < b.lines.length) {
    const n = c.rng.range(1, 3);
    out.push(joinSentences(b.lang, b.lines.slice(i, i + n)));
    i += n;
  }
  return out;
}

function numbered(lines: readonly string[], rng: Rng, lang: string): string[] {
  // "Step n:" is English scaffolding, so other languages get plain numbers or dashes.
  const style = lang === 'en' ? rng.int(4) : rng.pick([0, 1, 3]);
  return lines.map((l, i) => (style === 0 ? `${i + 1}. ${l}` : style === 1 ? `${i + 1}) ${l}` : style === 2 ? `Step ${i + 1}: ${l}` : `- ${l}`));
}

function prose(c: Composer, b: Body): string {
  if (b.steps && b.lines.length > 1 && c.rng.chance(0.6)) return numbered(b.lines, c.rng, b.lang).join('\n');
  return paragraphs(c, b).join(c.rng.chance(0.6) ? '\n\n' : '\n');
}

function title(c: Composer, b: Body): string {
  return b.title || c.x('⟨uititle⟩');
}

function wrapWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.split(' ');
      const out: string[] = [];
      let cur = '';
      for (const w of words) {
        if (cur && cur.length + w.length + 1 > width) {
          out.push(cur);
          cur = w;
        } else cur = cur ? `${cur} ${w}` : w;
      }
      if (cur) out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

const COMMENT_BODIES: readonly (readonly [string, string])[] = [
  ['#', 'set -euo pipefail\n\nmain() {\n  echo "done"\n}\n\nmain "$@"'],
  ['#', 'def main() -> None:\n    print("ok")\n\n\nif __name__ == "__main__":\n    main()'],
  ['//', 'export function run(): void {\n  console.log("ok");\n}'],
  ['//', 'func main() {\n\tfmt.Println("ok")\n}'],
  ['--', 'SELECT id, name\nFROM items\nWHERE archived = false;'],
  ['#', 'steps:\n  - name: build\n    run: make build'],
];

/** Wraps a prose body in the chosen carrier. */
export function wrapProse(kind: Carrier, c: Composer, b: Body): string {
  const r = c.rng;
  switch (kind) {
    case 'plain':
      return (b.title && r.chance(0.3) ? `${b.title}\n\n` : '') + prose(c, b);
    case 'model_output':
      return `${c.x('⟨uisummary⟩')}\n\n${prose(c, b)}`;
    case 'email': {
      // expand() trims, so pieces that end in a space or newline are joined outside it.
      const head = r.chance(0.75) ? `${c.x('From: ⟨name⟩ <⟨email⟩>\nTo: ⟨email⟩{\nDate: ⟨date⟩ ⟨clock⟩|}\nSubject:')} ${r.pick(['', 'Re: ', 'Fwd: '])}${title(c, b)}\n\n` : '';
      return `${head}${c.x('⟨greet⟩')}\n\n${prose(c, b)}\n\n${c.x('⟨signoff⟩')}`;
    }
    case 'html': {
      const t = htmlEscape(title(c, b));
      const body = b.steps && b.lines.length > 1
        ? `<ol>\n${b.lines.map((l) => `  <li>${htmlEscape(l)}</li>`).join('\n')}\n</ol>`
        : paragraphs(c, b).map((p) => `<p>${htmlEscape(p)}</p>`).join('\n');
      const nav = r.chance(0.4) ? `<nav><a href="/">${htmlEscape(c.x('⟨uihome⟩'))}</a></nav>\n` : '';
      return `<!DOCTYPE html>\n<html lang="${b.lang}">\n<head>\n<meta charset="utf-8">\n<title>${t}</title>\n</head>\n<body>\n${nav}<h1>${t}</h1>\n${body}\n</body>\n</html>`;
    }
    case 'markdown': {
      const k = r.int(3);
      let body: string;
      if (b.steps || k === 0) body = b.lines.map((l, i) => (b.steps ? `${i + 1}. ${l}` : `- ${l}`)).join('\n');
      else if (k === 1 && b.lines.length > 2) body = `${b.lines[0]}\n\n## ${c.x('⟨uidetails⟩')}\n\n${joinSentences(b.lang, b.lines.slice(1))}`;
      else body = paragraphs(c, b).join('\n\n');
      return `# ${title(c, b)}\n\n${body}`;
    }
    case 'forum': {
      const user = c.x('⟨lowname⟩{_⟨num⟩|⟨num⟩|}');
      const head = `${title(c, b)}\n${c.x('⟨uiposted⟩')} ${user} · ${c.x('⟨date⟩')}`;
      if (b.lines.length > 2 && r.chance(0.5)) {
        const q = c.x('⟨lowname⟩');
        return `${head}\n\n> ${q} ${c.x('⟨uiwrote⟩')}\n> ${b.lines[0]}\n\n${joinSentences(b.lang, b.lines.slice(1))}`;
      }
      return `${head}\n\n${prose(c, b)}${r.chance(0.4) ? `\n\n${c.x('⟨uilikes⟩')}` : ''}`;
    }
    case 'chat': {
      const people = [c.x('⟨lowname⟩'), c.x('⟨lowname⟩')];
      // Messages move forward in time, a few minutes apart.
      let t = r.range(7 * 60, 21 * 60);
      return b.lines
        .map((l, i) => {
          t += r.range(0, 6);
          const hh = String(Math.floor(t / 60) % 24).padStart(2, '0');
          const mm = String(t % 60).padStart(2, '0');
          return `[${hh}:${mm}] ${people[i === 0 ? 0 : r.int(2)]}: ${l}`;
        })
        .join('\n');
    }
    case 'code': {
      const [mark, code] = r.pick(COMMENT_BODIES);
      const lines = b.steps ? numbered(b.lines, r, b.lang) : b.lines;
      const comment = (b.title ? [b.title, ''] : []).concat(lines).map((l) => (l ? `${mark} ${l}` : mark)).join('\n');
      return `${comment}\n\n${code}`;
    }
    case 'json': {
      const k = r.int(3);
      const obj =
        k === 0
          ? { id: r.range(100, 99999), title: title(c, b), lang: b.lang, body: joinSentences(b.lang, b.lines), updated: c.x('⟨date⟩') }
          : k === 1
            ? { title: title(c, b), steps: b.lines, source: c.x('⟨url⟩') }
            : { results: [{ title: title(c, b), url: c.x('⟨url⟩'), snippet: joinSentences(b.lang, b.lines) }], total: r.range(1, 400) };
      return JSON.stringify(obj, null, r.chance(0.6) ? 2 : undefined);
    }
    case 'ticket': {
      const head = `${c.x('⟨ticket⟩')}: ${title(c, b)}\n${c.x('Status: {Open|In progress|Resolved|Waiting} · Priority: {Low|Medium|High}\nReporter: ⟨name⟩')}`;
      return `${head}\n\n${prose(c, b)}${r.chance(0.3) ? `\n\n${c.x('— ⟨firstname⟩: ⟨uiack⟩')}` : ''}`;
    }
    case 'pdf_text': {
      const page = r.range(1, 60);
      const text = wrapWidth(paragraphs(c, b).join('\n\n'), r.range(58, 96));
      return `${title(c, b)}\n\n${text}\n\n${c.x('⟨uipage⟩')} ${page}`;
    }
  }
}

/** Which sources a carrier's text can come from. */
export const CARRIER_SOURCES: Readonly<Record<Carrier, readonly Source[]>> = {
  plain: ['user', 'document'],
  model_output: ['model_output'],
  email: ['tool_result', 'document'],
  html: ['tool_result', 'document'],
  markdown: ['document', 'tool_result'],
  forum: ['tool_result', 'document'],
  chat: ['tool_result', 'user'],
  code: ['document', 'tool_result'],
  json: ['tool_result'],
  ticket: ['tool_result', 'document'],
  pdf_text: ['document', 'tool_result'],
};
