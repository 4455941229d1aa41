/**
 * Character classes the detectors share. Code point tests are plain comparisons so they stay
 * cheap on the hot path.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** Whether the text holds a code unit beyond ASCII (a native search: the ASCII-only fast paths ask it first). */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}

/** `\w` of a regular expression, [A-Za-z0-9_]: what `\b` looks at. */
export function isRegexWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** An ASCII letter of either case. */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c);
}

/** Unicode tag characters (U+E0000–U+E007F): invisible, and U+E0020–U+E007E mirror ASCII ("ASCII smuggling"). */
export function isTagChar(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

/** The ASCII character a tag character mirrors, or undefined for the tag controls. */
export function tagToAscii(cp: number): string | undefined {
  return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : undefined;
}

/** Bidirectional controls: embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574). */
export function isBidiControl(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;
}

/** Zero-width and other invisible format characters (not counting bidi controls and tags). */
export function isZeroWidth(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5 || cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f) ||
    cp === 0x3164 || cp === 0xfeff || cp === 0xffa0 || (cp >= 0x1d173 && cp <= 0x1d17a)
  );
}

/** Variation selectors: invisible, and abused to hide bytes after an emoji. */
export function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/** Anything that renders as nothing but changes what a model reads. */
export function isInvisible(cp: number): boolean {
  return isZeroWidth(cp) || isBidiControl(cp) || isTagChar(cp) || isVariationSelector(cp);
}

export type Script = 'latin' | 'cyrillic' | 'greek' | 'other' | 'none';

/** The script of a letter, for the three scripts whose letters look alike. */
export function scriptOf(cp: number): Script {
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff)) return 'latin';
  if ((cp >= 0x400 && cp <= 0x52f) || (cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0x2de0 && cp <= 0x2dff) || (cp >= 0xa640 && cp <= 0xa69f)) return 'cyrillic';
  if ((cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 'greek';
  if (cp < 0x80) return 'none';
  return 'other';
}

/**
 * Cyrillic and Greek letters that look like Latin ones (a subset of Unicode's confusables,
 * the letters attackers use to dodge keyword filters). Applied only inside tokens that also
 * hold Latin letters, so Russian and Greek text is left as it is.
 */
export const LATIN_LOOKALIKE: ReadonlyMap<number, string> = new Map<number, string>([
  // Cyrillic lower case
  [0x430, 'a'], [0x435, 'e'], [0x43e, 'o'], [0x440, 'p'], [0x441, 'c'], [0x443, 'y'], [0x445, 'x'], [0x456, 'i'], [0x458, 'j'],
  [0x455, 's'], [0x501, 'd'], [0x4bb, 'h'], [0x51b, 'q'], [0x51d, 'w'], [0x432, 'b'], [0x43a, 'k'], [0x43c, 'm'], [0x43d, 'h'],
  [0x442, 't'], [0x457, 'i'], [0x4cf, 'l'], [0x44c, 'b'],
  // Cyrillic upper case
  [0x410, 'a'], [0x412, 'b'], [0x415, 'e'], [0x41a, 'k'], [0x41c, 'm'], [0x41d, 'h'], [0x41e, 'o'], [0x420, 'p'], [0x421, 'c'],
  [0x422, 't'], [0x425, 'x'], [0x423, 'y'], [0x406, 'i'], [0x408, 'j'], [0x405, 's'], [0x4c0, 'i'], [0x51a, 'q'], [0x51c, 'w'],
  // Greek
  [0x3b1, 'a'], [0x3b5, 'e'], [0x3b9, 'i'], [0x3ba, 'k'], [0x3bd, 'v'], [0x3bf, 'o'], [0x3c1, 'p'], [0x3c4, 't'], [0x3c5, 'u'],
  [0x3c7, 'x'], [0x391, 'a'], [0x392, 'b'], [0x395, 'e'], [0x396, 'z'], [0x397, 'h'], [0x399, 'i'], [0x39a, 'k'], [0x39c, 'm'],
  [0x39d, 'n'], [0x39f, 'o'], [0x3a1, 'p'], [0x3a4, 't'], [0x3a5, 'y'], [0x3a7, 'x'], [0x3f2, 'c'], [0x3f3, 'j'],
  // Latin-looking symbols
  [0x131, 'i'], [0x212f, 'e'], [0x210e, 'h'], [0x2113, 'l'], [0x0251, 'a'], [0x0261, 'g'], [0x01c0, 'l'],
]);
