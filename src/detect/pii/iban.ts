import { getCountrySpecifications, isValidIBAN } from 'ibantools';

/**
 * IBANs, compact ("DE89370400440532013000") or in the printed groups of four
 * ("DE89 3704 0044 0532 0130 00"). The country fixes the length, so the grouped form is read
 * group by group until exactly that many characters are collected; ibantools then checks the
 * country's BBAN format and the mod-97 check digits.
 */
const SPECS = getCountrySpecifications();

/** Length of an IBAN for the country code, or 0 when the country has none. */
export function ibanLength(country: string): number {
  return SPECS[country]?.chars ?? 0;
}

function isUpperAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

export interface IbanMatch {
  end: number;
  value: string;
}

/**
 * Reads an IBAN starting at `start` (two capital letters, two digits); `tokenEnd` is where the
 * first alphanumeric run ends. Returns the end offset and the compact value when it validates.
 */
export function readIban(text: string, start: number, tokenEnd: number): IbanMatch | undefined {
  const want = ibanLength(text.slice(start, start + 2));
  if (want === 0) return undefined;
  const first = tokenEnd - start;
  if (first === want) {
    const value = text.slice(start, tokenEnd);
    return isValidIBAN(value) ? { end: tokenEnd, value } : undefined;
  }
  if (first !== 4) return undefined;
  let value = text.slice(start, tokenEnd);
  let pos = tokenEnd;
  // Groups of four separated by one space (or a dash); the last group may be shorter.
  while (value.length < want) {
    const sep = text.charCodeAt(pos);
    if (sep !== 32 && sep !== 45 && sep !== 0xa0) return undefined;
    let q = pos + 1;
    while (q < text.length && q - pos <= 5 && isUpperAlnum(text.charCodeAt(q))) q++;
    const len = q - pos - 1;
    if (len < 1 || len > 4 || (len < 4 && value.length + len !== want)) return undefined;
    value += text.slice(pos + 1, q);
    pos = q;
  }
  if (value.length !== want || isUpperAlnum(text.charCodeAt(pos))) return undefined;
  return isValidIBAN(value) ? { end: pos, value } : undefined;
}
