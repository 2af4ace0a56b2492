/**
 * Keys split across concatenated string literals ("ghp_" + "abc…", Python's implicit "a" "b", PHP's ".", Lua's
 * ".."), a common way to dodge scanners. The literals of each run are joined and checked against the token
 * formats; a hit hides the whole run.
 */
import { runRegexRule, type RegexRule } from './regexRule';
import type { SecretFinding } from './types';

const LITERAL = String.raw`"(?:[^"\\\n]|\\.){0,300}"|'(?:[^'\\\n]|\\.){0,300}'`;
// Between two literals: spaces and newlines, at most one joiner. One way to split the gap, so no backtracking.
const RUN = new RegExp(`(?:${LITERAL})(?:\\s*(?:(?:\\+|\\.\\.?)\\s*)?(?:${LITERAL})){1,200}`, 'g');
const ONE = new RegExp(LITERAL, 'g');

export function scanConcatenations(text: string, rules: readonly RegexRule[], out: SecretFinding[]): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const parts = m[0].match(ONE) ?? [];
    if (parts.length < 2) continue;
    const pieces = parts.map((p) => p.slice(1, -1));
    const joined = pieces.join('');
    const cuts: number[] = [];
    pieces.reduce((at, p) => (cuts.push(at + p.length), at + p.length), 0);
    const found: SecretFinding[] = [];
    for (const rule of rules) runRegexRule(rule, joined, found);
    // A key inside one literal is the token rules' business; here only keys that cross a join count.
    const first = found.find((f) => cuts.some((c) => c > f.start && c < f.end));
    if (!first) continue;
    // Hide the literals' contents from the first quote to the last, so no piece of the key is left.
    out.push({ start: m.index + 1, end: m.index + m[0].length - 1, kind: first.kind });
  }
}
