/**
 * Wildcard match where "*" matches any run of characters (including none). Grants and scopes use
 * it ("gpt-4o*", "files/*"). Iterative with single-star backtracking: linear in practice and
 * never exponential, unlike a regular expression built from user input would risk.
 */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  for (const p of patterns) if (globMatch(p, value)) return true;
  return false;
}
