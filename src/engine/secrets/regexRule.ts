/** A rule that is one regular expression: the whole match, or its group named "s", is the secret. */
import type { SecretFinding, SecretKind } from './types';

export interface RegexRule {
  readonly kind: SecretKind;
  /** Global, with the `d` flag when it has a group named "s". Written so that it cannot backtrack far. */
  readonly re: RegExp;
  /** Extra check on the secret, for formats whose shape alone is too weak. */
  readonly accept?: (secret: string, text: string, index: number) => boolean;
  /**
   * The match must not follow a token character ("sk-" inside "task-…"). Checked here rather than by a
   * lookbehind at the start of the pattern, which would stop V8 from scanning quickly for the literal prefix.
   */
  readonly boundary?: boolean;
  /**
   * A cheap test the whole text must pass first: a regular expression, or literal strings one of which must
   * occur (found by `includes`, far faster than the rule's own scan), so a rule skips texts it cannot match.
   */
  readonly needs?: RegExp | readonly string[];
}

const TOKEN_CHAR = /[A-Za-z0-9_-]/;

/** Not followed by a token character. */
export const E = '(?![A-Za-z0-9_-])';

export function runRegexRule(rule: RegexRule, text: string, out: SecretFinding[]): void {
  const needs = rule.needs;
  if (needs && !(needs instanceof RegExp ? needs.test(text) : needs.some((n) => text.includes(n)))) return;
  rule.re.lastIndex = 0;
  for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
    if (m[0].length === 0 || (rule.boundary && m.index > 0 && TOKEN_CHAR.test(text[m.index - 1] ?? ''))) {
      // Try again one character on: a real match may start inside this one.
      rule.re.lastIndex = m.index + 1;
      continue;
    }
    let start = m.index;
    let value = m[0];
    if (m.groups && 's' in m.groups) {
      const span = m.indices?.groups?.s;
      if (!span || !m.groups.s) continue; // the secret's group did not take part in this match
      start = span[0];
      value = m.groups.s;
    }
    if (rule.accept && !rule.accept(value, text, start)) continue;
    out.push({ start, end: start + value.length, kind: rule.kind });
  }
}
