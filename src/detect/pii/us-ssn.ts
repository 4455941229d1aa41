/**
 * US Social Security numbers. Since randomisation (2011) any area may be issued except 000, 666
 * and 900–999 (the 9xx range is ITINs and advertising); the group is never 00 and the serial
 * never 0000. A few numbers were printed in advertising or samples and are known not to be anyone's.
 */
const ADVERTISED = new Set([
  '078051120', // the Woolworth wallet card number
  '219099999', // printed in a Social Security Administration pamphlet
  '457555462', // published in a credit-protection advertisement
  '123456789', // the universal placeholder
]);

/** `digits` is exactly nine ASCII digits. */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if (ADVERTISED.has(digits)) return false;
  // Nine identical digits (111-11-1111) pass the area rules but are never issued.
  return !/^(\d)\1{8}$/.test(digits);
}
