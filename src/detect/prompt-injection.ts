import { clipEvidence, finding } from './finding.js';
import { readModelFile, scoreText, type LinearModel, type WindowScore } from './model/linear-model.js';
import { DATA_SOURCES, INJECTION_RULES, type InjectionKind } from './rules/injection-rules.js';
import { allMatches, anchoredRegex } from './rules/anchored-regex.js';
import { CONVERSATION_LITERALS, type TextScan } from './rules/literal-index.js';
import { TAG } from './tags.js';
import { normalizeForMatch, originalSpan, type NormalizedText } from './text/normalize.js';
import type { DetectContext, Detector, DetectorFinding, Severity } from './types.js';

export const PROMPT_INJECTION = 'prompt_injection';

/**
 * prompt_injection: instructions aimed at the model, typed by a user (direct) or hidden in data
 * the model reads (indirect). Two kinds of evidence are combined:
 *
 * - phrase rules (rules/injection-rules.ts) for the well-known moves, in several languages;
 * - a linear model over hashed n-grams (model/), trained in this project (`npm run
 *   train:injection`), scored over sliding windows, which generalises past the exact phrasings.
 *
 * A rule match is strengthened by the model's score for the window around it; the model's own
 * finding (kind `classifier`) covers phrasing no rule knows. Both read the normalised text, so
 * casing, spacing, leetspeak, homoglyphs and invisible characters do not hide anything.
 */
export interface PromptInjectionOptions {
  /** A finding is triggered at or above this score. */
  threshold?: number;
  /** Threshold for text that is data (tool results, documents, tool descriptions); defaults to `threshold`. */
  dataThreshold?: number;
  /** Use the statistical model (default true); or a model to use instead of the shipped weights. */
  model?: boolean | LinearModel;
  /** Model findings below this score are not reported at all. */
  reportFloor?: number;
  /**
   * The model probability that counts as an even call (score 0.5). The model is trained on a
   * generated corpus, so its probabilities are not calibrated to real traffic; they are mapped
   * with p^γ, γ chosen so that this value becomes 0.5. Defaults to the value shipped with the
   * weights (chosen on the evaluation set, see bench/README.md).
   */
  modelCalibration?: number;
}

export const PROMPT_INJECTION_DEFAULTS = { threshold: 0.5, reportFloor: 0.3 } as const;

const MODEL_URL = new URL('../../../src/detect/model/prompt-injection.weights.json', import.meta.url);
let shippedModel: LinearModel | undefined;

/** The weights shipped in the repository, read once per process. */
export function shippedInjectionModel(): LinearModel {
  shippedModel ??= readModelFile(MODEL_URL);
  return shippedModel;
}

const MAX_MATCHES_PER_RULE = 8;
/**
 * The operator's own system prompt legitimately has role headers, speaks to the assistant and
 * sets its rules; only attempts to override or extract still count there.
 */
const NOT_IN_SYSTEM_PROMPTS: ReadonlySet<InjectionKind> = new Set(['role_marker', 'authority_claim', 'ai_addressed', 'new_instructions', 'tool_instruction']);
const MAX_FINDINGS = 24;
const MIN_MODEL_CHARS = 20;
const SYSTEM_PROMPT_DAMP = 0.6;
/** How much the model's window score adds to a rule match's own weight. */
const MODEL_SUPPORT = 0.5;

/**
 * Which rule triggers a text holds, found by the shared one-pass scan the other phrase
 * detectors use too (word anchors only where a word starts, so "ai" in "said" wakes nothing).
 */
const ALL_TRIGGERS = [...new Set(INJECTION_RULES.flatMap((r) => r.triggers))];
/** The rules each anchor (by id in the conversation index) wakes; anchors of other detectors wake none. */
const WAKES_BY_ID = CONVERSATION_LITERALS.registerAnchors(
  ALL_TRIGGERS,
  ALL_TRIGGERS.map((t) => INJECTION_RULES.flatMap((r, i) => (r.triggers.includes(t) ? [i] : []))),
);
/** Each rule's expression, tried only where its matches can start (rules/anchored-regex.ts). */
const ANCHORED = INJECTION_RULES.map((r) => anchoredRegex(r.pattern));

/** Which rules the text's triggers wake, as a mask over INJECTION_RULES. */
function rulesWoken(scan: TextScan): Uint8Array {
  const woken = new Uint8Array(INJECTION_RULES.length);
  for (const id of scan.hitIds) {
    const rules = WAKES_BY_ID[id];
    if (rules) for (const r of rules) woken[r] = 1;
  }
  return woken;
}

/**
 * A rule's weight for where the text came from. Text speaking to "the AI", or hidden in markup,
 * is an attack in data; in a user's own message it often is too (people rarely address
 * their assistant as "AI agents reading this"), so there it weighs just under the threshold on its
 * own and the model's agreement decides, rather than weighing as little as a plain request.
 */
const USER_ADDRESSED_CAP = 0.49;
const ADDRESSED_KINDS: ReadonlySet<InjectionKind> = new Set(['ai_addressed', 'hidden_markup']);

function ruleWeight(rule: (typeof INJECTION_RULES)[number], indirect: boolean, source: DetectContext['source']): number {
  const data = rule.indirect ?? rule.weight;
  if (indirect) return data;
  if (source === 'user' && ADDRESSED_KINDS.has(rule.kind)) return Math.max(rule.weight, Math.min(data - 0.15, USER_ADDRESSED_CAP));
  return rule.weight;
}

/**
 * A user's message that carries a document (an email, a web page, JSON, a table, a log pasted
 * in to summarise) holds data as much as a tool result does: an instruction addressed to the AI
 * inside it is indirect injection, so it is weighed as one.
 */
// Markup, mail headers, JSON, a table, a code fence, comma-separated lines: each asked only when
// the text holds its one required character (one alternation of all of them cost a third more).
const CARRIER_TAG = /<(?:p|div|span|html|body|head|meta|img|a|td|tr|table|li|ul|h[1-6]|section|article|footer|!--)[\s>]/;
const CARRIER_HEADER = /(?:^|\n)(?:from|to|subject|date|cc|von|betreff|de|objet|asunto|oggetto|assunto)\s?:/;
const CARRIER_JSON = /(?:^|\n)\s?[{[]\s?"/;
const CARRIER_TABLE = /\|[^|\n]{1,80}\|[^|\n]{1,80}\|/;
const CARRIER_CSV = /(?:^|\n)(?:[^,\n]{1,40},){3}/;

function carriesData(text: string): boolean {
  if (text.length < 80) return false;
  return (
    (text.includes('<') && CARRIER_TAG.test(text)) ||
    (text.includes(':') && CARRIER_HEADER.test(text)) ||
    (text.includes('"') && CARRIER_JSON.test(text)) ||
    (text.includes('|') && CARRIER_TABLE.test(text)) ||
    text.includes('```') ||
    (text.includes(',') && CARRIER_CSV.test(text))
  );
}

/**
 * Reported speech: an article, a ticket or a lesson that quotes "ignore previous instructions"
 * talks about an attack rather than making one. A quoted match, and a match in text that
 * discusses attacks, count for less; both together bring a strong rule below the threshold,
 * while an attack that merely wraps itself in quotes still triggers.
 */
const DISCUSSION = /\b(?:prompt injections?|jailbreak(?:s|ing)?|attackers?|red[ -]team(?:ing)?|researchers?|threat model|vulnerabilit(?:y|ies)|for example|e\.g\.|such as|phrases? like|strings? like|known as|refers to|is called|classifiers?|mitigat(?:e|ion|ions)|defen[cs]es?)\b/;
const QUOTES = new Set(['"', "'", '\u201c', '\u201d', '\u2018', '\u2019', '`', '\u00ab', '\u00bb', '\u201e']);

/**
 * How far from a match the text is read for discussion of attacks: a long document's talk of
 * attacks far from the match says nothing about it, and reading all of a megabyte for it (once
 * per text, but for every text with a match) was a twentieth of the detector's time there.
 */
const DISCUSSION_REACH = 2048;

/** Whether the text within DISCUSSION_REACH of a match discusses attacks (for long texts: the caller reads a short one whole, once). */
function discussesAttacks(text: string, start: number, end: number): boolean {
  return DISCUSSION.test(text.slice(Math.max(0, start - DISCUSSION_REACH), end + DISCUSSION_REACH));
}

function reportedSpeech(text: string, start: number, discussion: boolean): number {
  const quoted = QUOTES.has(text[start - 1] ?? '') || QUOTES.has(text[start - 2] ?? '');
  if (quoted && discussion) return 0.5;
  if (quoted) return 0.7;
  return discussion ? 0.8 : 1;
}

function severityOf(score: number): Severity {
  return score >= 0.85 ? 'high' : score >= 0.6 ? 'medium' : score >= 0.4 ? 'low' : 'info';
}

function tagsFor(kind: InjectionKind | 'classifier', indirect: boolean): string[] {
  const tags: string[] = [TAG.llmPromptInjection, TAG.asiGoalHijack, indirect ? TAG.atlasIndirectInjection : TAG.atlasDirectInjection];
  if (kind === 'prompt_extraction') tags.push(TAG.llmSystemPromptLeak, TAG.atlasMetaPromptExtraction);
  if (kind === 'tool_instruction') tags.push(TAG.asiToolMisuse);
  return tags;
}

interface Candidate {
  kind: InjectionKind | 'classifier';
  start: number;
  end: number;
  score: number;
}

function maxOverlap(windows: WindowScore[], start: number, end: number): number {
  let best = 0;
  for (const w of windows) if (w.start < end && w.end > start && w.score > best) best = w.score;
  return best;
}

export function createPromptInjectionDetector(options: PromptInjectionOptions = {}): Detector {
  const threshold = options.threshold ?? PROMPT_INJECTION_DEFAULTS.threshold;
  const dataThreshold = options.dataThreshold ?? threshold;
  const reportFloor = options.reportFloor ?? PROMPT_INJECTION_DEFAULTS.reportFloor;
  const model = options.model === false ? undefined : options.model === true || options.model === undefined ? shippedInjectionModel() : options.model;

  function ruleCandidates(n: NormalizedText, context: DetectContext, indirect: boolean, windows: WindowScore[]): Candidate[] {
    const out: Candidate[] = [];
    // Whether the text discusses attacks is asked only once some rule matched (and, in a long
    // text, around each match).
    let discussion: boolean | undefined;
    const scan = CONVERSATION_LITERALS.scan(n.text);
    const woken = rulesWoken(scan);
    for (let r = 0; r < INJECTION_RULES.length; r++) {
      const rule = INJECTION_RULES[r]!;
      if (!woken[r] || (context.source === 'system' && NOT_IN_SYSTEM_PROMPTS.has(rule.kind))) continue;
      for (const [start, end] of allMatches(ANCHORED[r]!, n.text, scan, MAX_MATCHES_PER_RULE)) {
        const discussed = n.text.length <= 2 * DISCUSSION_REACH ? (discussion ??= DISCUSSION.test(n.text)) : discussesAttacks(n.text, start, end);
        const weight = ruleWeight(rule, indirect, context.source) * reportedSpeech(n.text, start, discussed);
        const support = MODEL_SUPPORT * maxOverlap(windows, start, end);
        out.push({ kind: rule.kind, start, end, score: 1 - (1 - weight) * (1 - support) });
      }
    }
    return out;
  }

  const calibration = options.modelCalibration ?? (typeof model?.meta.calibration === 'number' ? model.meta.calibration : 0.5);
  const gamma = Math.log(0.5) / Math.log(Math.min(Math.max(calibration, 0.01), 0.999));

  function modelCandidates(windows: WindowScore[]): Candidate[] {
    // The best few windows that do not overlap each other.
    const sorted = windows
      .map((w) => ({ ...w, score: Math.pow(w.score, gamma) }))
      .filter((w) => w.score >= reportFloor).sort((a, b) => b.score - a.score || a.start - b.start);
    const chosen: Candidate[] = [];
    for (const w of sorted) {
      if (chosen.some((c) => c.start < w.end && c.end > w.start)) continue;
      chosen.push({ kind: 'classifier', start: w.start, end: w.end, score: w.score });
      if (chosen.length === 3) break;
    }
    return chosen;
  }

  let last: { text: string | undefined; source: string | undefined; findings: DetectorFinding[] } = { text: undefined, source: undefined, findings: [] };
  return {
    name: PROMPT_INJECTION,
    detect(text: string, context: DetectContext): DetectorFinding[] {
      // tool_poisoning reads a description with this detector right after the suite did: the
      // last answer is kept (copies handed out, so no caller can change another's findings).
      if (text === last.text && context.source === last.source) return last.findings.map(copyFinding);
      const findings = detectUncached(text, context);
      last = { text, source: context.source, findings };
      return findings.map(copyFinding);
    },
  };

  function detectUncached(text: string, context: DetectContext): DetectorFinding[] {
    if (text.length === 0) return [];
    const n = normalizeForMatch(text);
    if (n.text.length === 0) return [];
    const indirect = DATA_SOURCES.has(context.source) || (context.source === 'user' && carriesData(n.text));
    // A few characters carry too little evidence for the model to judge; the rules still apply.
    const windows = model && n.text.length >= MIN_MODEL_CHARS ? scoreText(model, n.text) : [];
    const candidates = [...ruleCandidates(n, context, indirect, windows), ...modelCandidates(windows)];
    // The operator's own system prompt is trusted text full of rules and "you must": the model's say counts for less there.
    if (context.source === 'system') for (const c of candidates) if (c.kind === 'classifier') c.score *= SYSTEM_PROMPT_DAMP;
    candidates.sort((a, b) => b.score - a.score || a.start - b.start);
    const limit = indirect ? dataThreshold : threshold;
    return candidates
      .slice(0, MAX_FINDINGS)
      .sort((a, b) => a.start - b.start || b.score - a.score)
      .map((c) => {
        const span = originalSpan(n, c.start, c.end);
        return finding(PROMPT_INJECTION, limit, {
          kind: c.kind,
          score: c.score,
          severity: severityOf(c.score),
          span,
          evidence: clipEvidence(text.slice(span.start, span.end)),
          tags: tagsFor(c.kind, indirect),
        });
      });
  }
}

function copyFinding(f: DetectorFinding): DetectorFinding {
  return { ...f, span: { ...f.span }, tags: [...f.tags] };
}
