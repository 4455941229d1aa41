import { allSameChar, luhnValid } from './checksums.js';

/**
 * Payment card numbers: issuer prefix (IIN range) and length sanity, then Luhn. A number that
 * passes Luhn but starts with no issuer's prefix, or has a length that issuer never uses, is not
 * a card (most order and account numbers fail here).
 */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'mir' | 'rupay';

interface IssuerRange {
  brand: CardBrand;
  /** Inclusive range over the first `len` digits. */
  from: number;
  to: number;
  lengths: readonly number[];
}

const R = (brand: CardBrand, from: number, to: number, lengths: readonly number[]): IssuerRange => ({ brand, from, to, lengths });
const L16_19 = [16, 17, 18, 19];

// Ordered most specific first: the first range whose prefix matches decides the brand.
const RANGES: readonly IssuerRange[] = [
  R('mir', 2200, 2204, L16_19),
  R('mastercard', 2221, 2720, [16]),
  R('amex', 34, 34, [15]),
  R('amex', 37, 37, [15]),
  R('diners', 300, 305, [14, 15, 16, 17, 18, 19]),
  R('diners', 3095, 3095, [14, 15, 16, 17, 18, 19]),
  R('diners', 36, 36, [14, 15, 16, 17, 18, 19]),
  R('diners', 38, 39, [14, 15, 16, 17, 18, 19]),
  R('jcb', 3528, 3589, L16_19),
  R('visa', 4, 4, [13, 16, 19]),
  R('mastercard', 51, 55, [16]),
  R('maestro', 50, 50, [12, 13, 14, 15, 16, 17, 18, 19]),
  R('maestro', 56, 58, [12, 13, 14, 15, 16, 17, 18, 19]),
  R('discover', 6011, 6011, L16_19),
  R('unionpay', 622126, 622925, L16_19),
  R('discover', 644, 649, L16_19),
  R('discover', 65, 65, L16_19),
  R('rupay', 60, 60, [16]),
  R('unionpay', 62, 62, L16_19),
  R('maestro', 63, 63, [12, 13, 14, 15, 16, 17, 18, 19]),
  R('maestro', 67, 67, [12, 13, 14, 15, 16, 17, 18, 19]),
  R('rupay', 81, 82, [16]),
];

function prefixValue(digits: string, len: number): number {
  return Number(digits.slice(0, len));
}

/** The brand whose prefix and length fit, or undefined. */
export function cardBrand(digits: string): CardBrand | undefined {
  for (const r of RANGES) {
    const len = String(r.from).length;
    const p = prefixValue(digits, len);
    if (p >= r.from && p <= r.to) return r.lengths.includes(digits.length) ? r.brand : undefined;
  }
  return undefined;
}

/**
 * The digit groupings people write cards in: one run, or groups of four (Visa, MasterCard and
 * the 19-digit 4-4-4-4-3), 4-6-5 (Amex) and 4-6-4 (Diners).
 */
export function cardGroupingOk(groups: readonly number[]): boolean {
  if (groups.length === 1) return groups[0]! >= 13 && groups[0]! <= 19;
  const key = groups.join('-');
  return key === '4-4-4-4' || key === '4-4-4-4-3' || key === '4-4-4-4-2' || key === '4-4-4-3' || key === '4-4-4-1' || key === '4-6-5' || key === '4-6-4';
}

/** A validated card: brand when prefix, length and Luhn all agree. */
export function validateCard(digits: string): CardBrand | undefined {
  if (digits.length < 12 || digits.length > 19 || allSameChar(digits)) return undefined;
  const brand = cardBrand(digits);
  if (!brand || !luhnValid(digits)) return undefined;
  return brand;
}
