/**
 * Evidence for PII findings: enough to recognise which value was found (a domain, the last
 * digits), never the whole value.
 */

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(local: string, domain: string): string {
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * Keeps the layout and the last `keep` alphanumerics, stars the rest:
 * `4242 4242 4242 4242` → `**** **** **** 4242`. `keepHead` leaves a leading `+CC` or country code.
 */
export function maskKeepingLast(raw: string, keep: number, keepHead = 0): string {
  let total = 0;
  for (let i = 0; i < raw.length; i++) if (isAlnum(raw.charCodeAt(i))) total++;
  // Never show more than a third of the value, however short it is.
  const show = Math.min(keep, Math.floor(total / 3));
  let seen = 0;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!isAlnum(c)) {
      out += raw[i] === '\n' ? ' ' : raw[i];
      continue;
    }
    out += seen < keepHead || seen >= total - show ? raw[i] : '*';
    seen++;
  }
  return out;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `203.0.113.77` → `203.0.113.***`; IPv6 keeps the first two groups. */
export function maskIp(raw: string, v6: boolean): string {
  if (!v6) return `${raw.slice(0, raw.lastIndexOf('.'))}.***`;
  const parts = raw.split(':');
  return `${parts.slice(0, 2).join(':')}:***`;
}
