import { finding } from './finding.js';
import { compileRules, evidenceOf, findSignals, matchView, scoreSignals, type Signal } from './rules/phrase-engine.js';
import { ASSISTANT_ROLES, DISCUSSION_DAMP, DISCUSSION_RULES, JAILBREAK_RULES, USER_ROLES, type JailbreakKind } from './rules/jailbreak-rules.js';
import { TAG } from './tags.js';
import type { ContentSource, DetectContext, Detector, DetectorFinding, Severity } from './types.js';

export const JAILBREAK = 'jailbreak';

/**
 * jailbreak: attempts to talk the model out of its rules, as opposed to prompt injection's
 * attempts to replace the task. Kinds:
 *
 * - `persona`: DAN, STAN, AIM, developer mode, "you are now an unrestricted AI", the deceased
 *   grandmother who used to read out recipes…
 * - `refusal_suppression`: "never refuse", "do not say you can't", "without warnings or
 *   disclaimers", "no ethical guidelines", "ignore your content policy"
 * - `fictional_framing`: fiction or hypothesis as a wrapper ("in a fictional world where…")
 * - `token_smuggling`: split, concatenated, reversed or encoded words to slip past filters
 * - `dual_response`: "[🔓JAILBREAK]", "respond twice: normal and unfiltered"
 * - `many_shot`: a long written-out dialogue inside one message
 *
 * Each cue has a weight; independent cues combine by noisy-OR (one weak cue stays under the
 * threshold, several together cross it). A harmful topic or a request for step-by-step
 * instructions only strengthens other cues. Text that discusses jailbreaks is scored lower.
 * The strongest phrases are known in de, fr, es, it, pt, ru, zh, ja and ko besides English.
 */
export interface JailbreakOptions {
  /** A finding is triggered at or above this score (default 0.5). */
  threshold?: number;
}

export const JAILBREAK_DEFAULTS = { threshold: 0.5 } as const;

type Kind = JailbreakKind | 'discussion';

// Amplifiers and the discussion cue are only looked for once a jailbreak cue is present.
const RULES = compileRules<Kind>([...JAILBREAK_RULES, ...DISCUSSION_RULES], (r) => r.kind === null || r.kind === 'discussion');
const TAGS = [TAG.llmPromptInjection, TAG.atlasJailbreak] as const;

// ---------------------------------------------------------------- many-shot
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ROLE_ALTERNATIVES = [...USER_ROLES, ...ASSISTANT_ROLES].sort((a, b) => b.length - a.length).map(escape).join('|');
/** A role label opening a line: "User:", "### Assistant:", "**Q:**", "[AI]:". */
const TURN = new RegExp(`(?:^|\\n)[ \\t\\r\\f\\v#>*_-]{0,12}\\[?(${ROLE_ALTERNATIVES})\\]?[ \\t*_]{0,4}[:：]`, 'g');
/** Chat messages pasted as JSON. */
const JSON_TURN = /"role"\s{0,4}:\s{0,4}"(user|assistant|human|model)"/g;
const USER_SIDE = new Set([...USER_ROLES, 'user', 'human']);
const MAX_TURNS = 4000;
/** Fewer turns than this is an ordinary transcript or a few-shot example. */
const MIN_TURNS = 8;
/** Sources where a written-out dialogue is ordinary content (a log, a few-shot prompt, a screenplay). */
const DIALOGUE_IS_DATA = new Set<ContentSource>(['system', 'model_output', 'tool_result', 'tool_description', 'document']);

function countTurns(text: string, re: RegExp): { user: number; assistant: number; start: number; end: number } {
  let user = 0;
  let assistant = 0;
  let start = -1;
  let end = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && user + assistant < MAX_TURNS; m = re.exec(text)) {
    if (USER_SIDE.has(m[1]!)) user++;
    else assistant++;
    const at = m.index + (text.charCodeAt(m.index) === 10 ? 1 : 0);
    if (start < 0) start = at;
    end = m.index + m[0].length;
  }
  return { user, assistant, start, end };
}

function manyShotSignal(view: ReturnType<typeof matchView>, original: string, source: ContentSource): Signal<Kind> | undefined {
  if (view.text.indexOf(':') < 0) return undefined;
  let c = countTurns(view.text, TURN);
  if (view.text.includes('"role"')) {
    const j = countTurns(view.text, JSON_TURN);
    if (j.user + j.assistant > c.user + c.assistant) c = j;
  }
  const turns = c.user + c.assistant;
  if (turns < MIN_TURNS || Math.min(c.user, c.assistant) < 3) return undefined;
  // Grows with the number of turns: 8 turns is barely a cue, ~27 alone reaches 0.5.
  let weight = Math.min(0.7, 0.1 + 0.015 * turns);
  if (DIALOGUE_IS_DATA.has(source)) weight *= 0.6;
  const span = view.toOriginal(c.start, c.end);
  return { id: 'many_shot', kind: 'many_shot', group: 'many_shot', weight, span, evidence: evidenceOf(`${turns} dialogue turns in one message (${c.user} user, ${c.assistant} assistant): ${original.slice(span.start, span.start + 60)}`) };
}

function severityOf(score: number): Severity {
  return score >= 0.85 ? 'high' : score >= 0.6 ? 'medium' : score >= 0.4 ? 'low' : 'info';
}

export function createJailbreakDetector(options: JailbreakOptions = {}): Detector {
  const threshold = options.threshold ?? JAILBREAK_DEFAULTS.threshold;
  return {
    name: JAILBREAK,
    detect(text: string, context: DetectContext): DetectorFinding[] {
      if (text.length === 0) return [];
      const view = matchView(text);
      const manyShot = manyShotSignal(view, text, context.source);
      const all = findSignals(RULES, view, text, manyShot !== undefined);
      if (manyShot) all.push(manyShot);
      const discussion = all.some((s) => s.kind === 'discussion');
      const signals = all.filter((s) => s.kind !== 'discussion');
      const { kinds } = scoreSignals(signals, discussion ? DISCUSSION_DAMP : 1);
      return kinds.map((k) =>
        finding(JAILBREAK, threshold, { kind: k.kind, score: k.score, severity: severityOf(k.score), span: k.best.span, evidence: k.best.evidence, tags: TAGS }),
      );
    },
  };
}
