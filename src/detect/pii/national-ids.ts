import { allSameChar, digitAt, iso7064Mod11_10Valid, luhnValid, mod97, verhoeffValid } from './checksums.js';

/**
 * Validators for national identity numbers, one per type. Each takes the value with separators
 * already removed (letters upper-cased) and returns whether its check digits and structure hold,
 * so a number that only looks like one is not reported.
 */

/** UK National Insurance number: two prefix letters with the excluded letters and pairs, six digits, suffix A–D. */
export function ukNinoValid(v: string): boolean {
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(v)) return false;
  const prefix = v.slice(0, 2);
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix);
}

/** Canadian Social Insurance Number: nine digits, Luhn; first digit 0 and 8 are not issued to people. */
export function caSinValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first === 0 || first === 8) return false;
  return luhnValid(digits) && !allSameChar(digits);
}

/**
 * German tax id (Steuerliche Identifikationsnummer): eleven digits, no leading 0; among the first
 * ten exactly one digit repeats (twice, or three times but not three in a row) and the check
 * digit is ISO 7064 MOD 11,10.
 */
export function deSteuerIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digitAt(digits, i)]!++;
  let repeated = 0;
  let repeatCount = 0;
  for (const c of counts) {
    if (c > 1) {
      repeated++;
      repeatCount = c;
    }
  }
  if (repeated !== 1 || repeatCount > 3) return false;
  if (repeatCount === 3) {
    for (let i = 2; i < 10; i++) if (digits[i] === digits[i - 1] && digits[i] === digits[i - 2]) return false;
  }
  return iso7064Mod11_10Valid(digits);
}

/**
 * French social security number (NIR): sex, year, month, département, commune, order, then a
 * two-digit key = 97 − (first 13 digits mod 97). Corsican départements 2A/2B count as 19/18.
 */
export function frNirValid(v: string): boolean {
  if (!/^[12378]\d{4}(?:\d{2}|2[AB])\d{8}$/.test(v)) return false;
  const month = Number(v.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) return false;
  let body = v.slice(0, 13);
  if (body.slice(5, 7) === '2A') body = `${body.slice(0, 5)}19${body.slice(7)}`;
  else if (body.slice(5, 7) === '2B') body = `${body.slice(0, 5)}18${body.slice(7)}`;
  const key = Number(v.slice(13));
  return key >= 1 && key <= 97 && 97 - mod97(body) === key;
}

const ES_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI: eight digits and the letter of their value mod 23. */
export function esDniValid(v: string): boolean {
  if (!/^\d{8}[A-Z]$/.test(v)) return false;
  if (allSameChar(v.slice(0, 8))) return false;
  return ES_LETTERS[Number(v.slice(0, 8)) % 23] === v[8];
}

/** Spanish NIE (foreigners): X/Y/Z read as 0/1/2, then the DNI letter rule. */
export function esNieValid(v: string): boolean {
  if (!/^[XYZ]\d{7}[A-Z]$/.test(v)) return false;
  const n = Number(`${'XYZ'.indexOf(v[0]!)}${v.slice(1, 8)}`);
  return ES_LETTERS[n % 23] === v[8];
}

// Italian codice fiscale: values of characters in odd (1st, 3rd, …) positions.
const IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
// Omocodia: digits replaced by these letters when two people would share a code.
const IT_OMOCODE = 'LMNPQRSTUV';

const IT_DIGIT = `[0-9${IT_OMOCODE}]`;
// Surname and name letters, year, month letter, day (+40 for women), place code, check letter.
const IT_SHAPE = new RegExp(`^[A-Z]{6}${IT_DIGIT}{2}[ABCDEHLMPRST]${IT_DIGIT}{2}[A-Z]${IT_DIGIT}{3}[A-Z]$`);

function itValue(c: string, odd: boolean): number {
  const code = c.charCodeAt(0);
  const idx = code >= 48 && code <= 57 ? code - 48 : code - 65;
  return odd ? IT_ODD[idx]! : idx;
}

/** Italian codice fiscale: 6 letters, birth data and place code, and a check letter. */
export function itCodiceFiscaleValid(v: string): boolean {
  if (!IT_SHAPE.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += itValue(v[i]!, i % 2 === 0);
  return String.fromCharCode(65 + (sum % 26)) === v[15];
}

/** Dutch citizen service number (BSN): nine digits passing the "11-proof" (last weight −1). */
export function nlBsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || allSameChar(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * digitAt(digits, i);
  sum -= digitAt(digits, 8);
  return sum !== 0 && sum % 11 === 0;
}

/** Indian Aadhaar: twelve digits, never starting with 0 or 1, Verhoeff check digit. */
export function inAadhaarValid(digits: string): boolean {
  return /^[2-9]\d{11}$/.test(digits) && !allSameChar(digits) && verhoeffValid(digits);
}

/** Brazilian CPF: nine digits and two mod-11 check digits; repeated-digit numbers are invalid. */
export function brCpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || allSameChar(digits)) return false;
  const check = (len: number): number => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += digitAt(digits, i) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === digitAt(digits, 9) && check(10) === digitAt(digits, 10);
}
