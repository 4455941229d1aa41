import { clipEvidence } from '../finding.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `clipEvidence` for text that may hold astral characters or lone surrogates: clips on a code
 * point boundary and replaces lone surrogates, so evidence is always well-formed UTF-16.
 */
export function safeEvidence(text: string, max = 120): string {
  let t = text;
  if (t.length > max) {
    let cut = max - 1;
    const c = t.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    t = `${t.slice(0, cut)}…`;
  }
  return clipEvidence(t.replace(LONE_SURROGATE, '\ufffd'), max);
}
