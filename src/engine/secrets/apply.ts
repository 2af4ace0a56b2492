/** Replaces found secrets by markers without changing the text's line structure. */
import type { RedactionResult, SecretFinding, SecretKind } from './types';

export function redactionMarker(kind: SecretKind): string {
  return `«redacted:${kind}»`;
}

/** True when the value is already a marker (a second pass must not count it again). */
export function isMarker(value: string): boolean {
  return value.startsWith('«redacted:');
}

/**
 * Overlapping findings (two scanners, or a token inside a URL password) become one: the earliest start wins
 * the kind, the range grows to cover both. Each newline inside a range is kept after the marker, so a
 * multi-line key keeps its line count and every line number after it stays true.
 */
export function applyFindings(text: string, findings: readonly SecretFinding[]): RedactionResult {
  const sorted = findings.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number; kind: SecretKind }[] = [];
  for (const f of sorted) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ start: f.start, end: f.end, kind: f.kind });
  }
  const kinds: Record<SecretKind, number> = {};
  let out = '';
  let pos = 0;
  for (const m of merged) {
    const hidden = text.slice(m.start, m.end);
    kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
    out += text.slice(pos, m.start) + redactionMarker(m.kind) + '\n'.repeat(countNewlines(hidden));
    pos = m.end;
  }
  out += text.slice(pos);
  return { text: merged.length ? out : text, count: merged.length, kinds };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** "3 secrets redacted (2 github-token, 1 jwt)", or "" when there were none. */
export function describeRedaction(result: Pick<RedactionResult, 'count' | 'kinds'>): string {
  if (result.count === 0) return '';
  const parts = Object.entries(result.kinds).map(([k, n]) => `${n} ${k}`);
  return `${result.count} secret${result.count === 1 ? '' : 's'} redacted (${parts.join(', ')})`;
}

/** Adds one result's counts into a running total. */
export function addCounts(into: Record<SecretKind, number>, kinds: Readonly<Record<SecretKind, number>>): void {
  for (const [k, n] of Object.entries(kinds)) into[k] = (into[k] ?? 0) + n;
}
