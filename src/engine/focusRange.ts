import { splitLines } from './segment/lines';
import type { CompressResult, LineRange, SourceFile, Unit, Warning } from './types';

/**
 * The units of a whole file's segmentation that a range of interest covers (`SourceFile.range`), with the first
 * and last cut at the range's edges. The file is parsed whole, so the units and their line numbers are the real
 * file's; a unit cut in part loses its skeleton and declaration (they may lie outside the range) and is kept
 * whole or not at all.
 */
export function unitsInRange(text: string, units: readonly Unit[], range: LineRange | undefined): Unit[] {
  if (!range) return [...units];
  const first = units.findIndex((u) => u.endLine >= range.startLine);
  if (first < 0) return [];
  let lines: string[] | undefined;
  const out: Unit[] = [];
  for (let i = first; i < units.length; i++) {
    const u = units[i];
    if (!u || u.startLine > range.endLine) break;
    if (u.startLine >= range.startLine && u.endLine <= range.endLine) {
      // A class's closing line follows its header only when the header is still among the kept units.
      const keepsLeader = u.closesBack === undefined || i - u.closesBack >= first;
      out.push(keepsLeader ? u : withoutLeader(u));
      continue;
    }
    lines ??= splitLines(text);
    const from = Math.max(u.startLine, range.startLine);
    const to = Math.min(u.endLine, range.endLine);
    out.push({ kind: 'other', startLine: from, endLine: to, text: lines.slice(from - 1, to).join(''), depth: u.depth });
  }
  return out;
}

function withoutLeader(u: Unit): Unit {
  const { closesBack: _dropped, ...rest } = u;
  return rest;
}

const LEFT_OUT = new Set<Warning['code']>(['dropped-definitions', 'budget-too-small', 'pinned-truncated']);

/**
 * A request of one file with a range that fits the budget as it is comes back as that range's text as it is:
 * headers around it would only make the output larger than the selection it stands for.
 */
export function rangeAsIs(files: readonly SourceFile[], result: CompressResult, count: (text: string) => number): CompressResult {
  const file = files.length === 1 ? files[0] : undefined;
  if (!file?.range || result.slots.length === 0) return result;
  const lines = splitLines(file.text);
  const texts = result.slots.map((s) => lines.slice(s.startLine - 1, s.endLine).join(''));
  const text = texts.join('');
  const tokens = count(text);
  if (tokens > result.stats.budget) return result;
  return {
    ...result,
    text,
    slots: result.slots.map((s, i) => ({ ...s, level: 'verbatim', text: texts[i] ?? '', tokens: s.originalTokens })),
    // Everything is kept now: warnings about what the compressed form left out no longer hold.
    warnings: result.warnings.filter((w) => !LEFT_OUT.has(w.code)),
    stats: { ...result.stats, compressedTokens: tokens, ratio: tokens > 0 ? result.stats.originalTokens / tokens : 1 },
  };
}
