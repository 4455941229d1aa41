import { isAsciiAlnum } from '../text/chars.js';
import type { TextSink } from './text-sink.js';

/**
 * Decoders for one encoded segment `src[start, end)`, written into a `TextSink`. Each returns
 * the source offset where it stopped: `end` when it read everything, less when the sink was full
 * or gave up on the bytes as not text. They assume the segment has the shape their finder
 * matched and skip anything else rather than fail.
 */

const B64 = new Int8Array(128).fill(-1);
for (let i = 0; i < 26; i++) {
  B64[65 + i] = i;
  B64[97 + i] = 26 + i;
}
for (let i = 0; i < 10; i++) B64[48 + i] = 52 + i;
// Both alphabets at once: standard (+ /) and URL-safe (- _).
B64[43] = 62;
B64[45] = 62;
B64[47] = 63;
B64[95] = 63;

export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}


export function decodeBase64(src: string, start: number, end: number, sink: TextSink): number {
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 61) return end; // padding: the data is over
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!sink.byte((acc >> bits) & 0xff)) return i + 1;
    }
  }
  return end;
}

/** Hex digits in pairs; separators (space, colon, comma) and `0x` prefixes between pairs are skipped. */
export function decodeHex(src: string, start: number, end: number, sink: TextSink): number {
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 48 && i + 1 < end && (src.charCodeAt(i + 1) | 32) === 120) { i += 2; continue; }
    const hi = hexValue(c);
    const lo = i + 1 < end ? hexValue(src.charCodeAt(i + 1)) : -1;
    if (hi < 0 || lo < 0) { i++; continue; }
    if (!sink.byte((hi << 4) | lo)) return i + 2;
    i += 2;
  }
  return end;
}

/** `%XX` (URL) or `=XX` (quoted-printable) escapes, with the literal characters between them. */
export function decodeEscapedBytes(src: string, start: number, end: number, sink: TextSink, mark: number): number {
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === mark && i + 2 < end) {
      const hi = hexValue(src.charCodeAt(i + 1));
      const lo = hexValue(src.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        const b = (hi << 4) | lo;
        sink.escapes++;
        if (isAsciiAlnum(b)) sink.plainEscapes++;
        if (!sink.byte(b)) return i + 3;
        i += 3;
        continue;
      }
    }
    const cp = src.codePointAt(i)!;
    if (!sink.codePoint(cp)) return i + 1;
    i += cp > 0xffff ? 2 : 1;
  }
  return end;
}

/** HTML/XML numeric character references: `&#105;`, `&#x69;` (the `;` optional). */
export function decodeNumericEntities(src: string, start: number, end: number, sink: TextSink): number {
  let i = start;
  while (i < end) {
    if (src.charCodeAt(i) !== 38 || src.charCodeAt(i + 1) !== 35) { i++; continue; }
    i += 2;
    let cp = 0;
    let digits = 0;
    if ((src.charCodeAt(i) | 32) === 120) {
      i++;
      for (let v = hexValue(src.charCodeAt(i)); v >= 0 && i < end && digits < 6; v = hexValue(src.charCodeAt(i))) { cp = cp * 16 + v; i++; digits++; }
    } else {
      for (let c = src.charCodeAt(i); c >= 48 && c <= 57 && i < end && digits < 7; c = src.charCodeAt(i)) { cp = cp * 10 + (c - 48); i++; digits++; }
    }
    if (src.charCodeAt(i) === 59) i++;
    if (digits === 0) continue;
    sink.escapes++;
    if (cp < 128 && isAsciiAlnum(cp)) sink.plainEscapes++;
    if (!sink.codePoint(cp)) return i;
  }
  return end;
}

/**
 * Backslash escapes: `\uXXXX` (surrogate pairs joined), `\u{X…}` and `\xNN`. With `bytes`, `\xNN`
 * are bytes of UTF-8 (as Python and C print them); otherwise code points (as JavaScript reads them).
 */
export function decodeBackslashEscapes(src: string, start: number, end: number, sink: TextSink, bytes: boolean): number {
  let i = start;
  while (i < end) {
    if (src.charCodeAt(i) !== 92) { i++; continue; }
    const kind = src.charCodeAt(i + 1);
    let cp = -1;
    let isByte = false;
    if (kind === 120) {
      const hi = hexValue(src.charCodeAt(i + 2));
      const lo = hexValue(src.charCodeAt(i + 3));
      if (hi >= 0 && lo >= 0) { cp = (hi << 4) | lo; isByte = bytes; i += 4; }
      else i += 2;
    } else if (kind === 117 && src.charCodeAt(i + 2) === 123) {
      let j = i + 3;
      let v = 0;
      while (j < end && j < i + 10 && hexValue(src.charCodeAt(j)) >= 0) v = v * 16 + hexValue(src.charCodeAt(j++));
      if (src.charCodeAt(j) === 125 && j > i + 3) { cp = v; i = j + 1; }
      else i = j;
    } else if (kind === 117) {
      cp = readUnit(src, i + 2);
      if (cp >= 0) {
        i += 6;
        // A high surrogate followed by an escaped low one is one code point.
        if (cp >= 0xd800 && cp <= 0xdbff && src.charCodeAt(i) === 92 && src.charCodeAt(i + 1) === 117) {
          const low = readUnit(src, i + 2);
          if (low >= 0xdc00 && low <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00); i += 6; }
        }
      } else i += 2;
    } else {
      i += 2;
    }
    if (cp < 0) continue;
    sink.escapes++;
    if (cp < 128 && isAsciiAlnum(cp)) sink.plainEscapes++;
    if (!(isByte ? sink.byte(cp) : sink.codePoint(cp))) return i;
  }
  return end;
}

function readUnit(src: string, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const h = hexValue(src.charCodeAt(at + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/** ROT13 over ASCII letters; everything else is kept. */
export function decodeRot13(src: string, start: number, end: number, sink: TextSink): number {
  let i = start;
  while (i < end) {
    const cp = src.codePointAt(i)!;
    let out = cp;
    if (cp >= 65 && cp <= 90) out = ((cp - 65 + 13) % 26) + 65;
    else if (cp >= 97 && cp <= 122) out = ((cp - 97 + 13) % 26) + 97;
    if (!sink.codePoint(out)) return i + 1;
    i += cp > 0xffff ? 2 : 1;
  }
  return end;
}
