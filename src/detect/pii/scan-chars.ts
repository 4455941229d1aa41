/** Character tests for the PII scanner, on UTF-16 code units. */
import { isAsciiAlnum, isAsciiDigit as isDigit } from '../text/chars.js';

export { isAsciiAlnum, isDigit };

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Spaces that separate digit groups: space, no-break space, thin and narrow no-break space. */
export function isGroupSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x2009 || c === 0x202f;
}

/** Separators inside a written number: - . / ( ) */
export function isInnerSep(c: number): boolean {
  return c === 45 || c === 46 || c === 47 || c === 40 || c === 41;
}

function isCurrency(c: number): boolean {
  return c === 36 || c === 0xa3 || c === 0xa5 || c === 0x20ac || c === 0x20b9 || c === 0x20bd;
}

/** Characters that glue a number to a word, so the number is part of an id, path or amount. */
function gluesDirectly(c: number): boolean {
  return isAsciiAlnum(c) || c === 95 || c === 64 || c === 35 || c === 37 || isCurrency(c) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/** Punctuation that glues a number to an alphanumeric on its other side ("v1.2", "ab-123", "1'234"). */
function gluesVia(c: number): boolean {
  return c === 45 || c === 46 || c === 47 || c === 92 || c === 58 || c === 39;
}

/** Digits in a row from `i` going in `step` direction, counting at most 4. */
function digitRun(text: string, i: number, step: 1 | -1): number {
  let k = 0;
  while (k < 4 && isDigit(text.charCodeAt(i + k * step))) k++;
  return k;
}

/**
 * A comma glues only as a thousands separator: 1–3 digits, comma, exactly three digits
 * ("1,234,567"). In a CSV row ("1042,4111111111111111,123") it separates fields.
 */
function thousands(text: string, comma: number): boolean {
  const before = digitRun(text, comma - 1, -1);
  return before >= 1 && before <= 3 && digitRun(text, comma + 1, 1) === 3;
}

/** The text before `start` makes the number part of something larger. */
export function gluedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const c = text.charCodeAt(start - 1);
  if (gluesDirectly(c)) return true;
  if (start < 2) return false;
  const p = text.charCodeAt(start - 2);
  // "Tel:" and "SSN:" label a number; only a digit before the colon (a time, a port) glues it.
  if (c === 58) return isDigit(p);
  if (c === 44) return thousands(text, start - 1);
  return gluesVia(c) && isAsciiAlnum(p);
}

/** The text from `end` makes the number part of something larger. */
export function gluedAfter(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const c = text.charCodeAt(end);
  if (gluesDirectly(c)) return true;
  if (c === 44) return thousands(text, end);
  return gluesVia(c) && end + 1 < text.length && isAsciiAlnum(text.charCodeAt(end + 1));
}
