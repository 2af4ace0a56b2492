import type { LineRange, Unit } from './types';
import { splitLines } from './segment/lines';

export interface PinResult {
  readonly units: Unit[];
  /** Indexes (into `units`) of the units that must be kept verbatim. */
  readonly pinned: Set<number>;
  /** Set when even the region's own lines did not fit and its first lines were given up. */
  readonly truncatedFrom?: number;
}

function slice(lines: readonly string[], from: number, to: number, kind: Unit['kind'], depth: number, name?: string): Unit {
  return {
    kind,
    ...(name !== undefined ? { name } : {}),
    startLine: from,
    endLine: to,
    text: lines.slice(from - 1, to).join(''),
    depth,
  };
}

/**
 * Marks the units covering `region` as pinned. The enclosing units (say, the whole function around the
 * cursor) are pinned when they fit in `wholeUnitLimit` tokens; otherwise the region plus as many lines
 * above it as fit in that limit, split out of the units around them; and if the region alone exceeds
 * `limit`, only its last lines (the ones nearest the cursor) are kept.
 */
export function pinRegion(text: string, units: readonly Unit[], region: LineRange, count: (text: string) => number, wholeUnitLimit: number, limit: number): PinResult {
  const overlapping = units.map((u, i) => ({ u, i })).filter(({ u }) => u.endLine >= region.startLine && u.startLine <= region.endLine);
  if (overlapping.length === 0) return { units: [...units], pinned: new Set() };
  const wholeTokens = overlapping.reduce((sum, { u }) => sum + count(u.text), 0);
  if (wholeTokens <= wholeUnitLimit) return { units: [...units], pinned: new Set(overlapping.map(({ i }) => i)) };

  const lines = splitLines(text);
  const first = overlapping[0];
  const last = overlapping[overlapping.length - 1];
  if (!first || !last) return { units: [...units], pinned: new Set() };
  const to = Math.min(region.endLine, last.u.endLine);
  const tokensFrom = (line: number): number => count(lines.slice(line - 1, to).join(''));
  /** The earliest line ≥ `lo` such that lines [line, to] fit in `cap` tokens (to + 1 when none does). */
  const earliestFitting = (lo: number, cap: number): number => {
    let hi = to + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokensFrom(mid) <= cap) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let from = Math.max(region.startLine, first.u.startLine);
  let truncatedFrom: number | undefined;
  if (tokensFrom(from) > limit) {
    truncatedFrom = from;
    from = earliestFitting(from, limit);
  } else {
    // Grow the pinned region upwards, towards the enclosing unit's start: the code just before the cursor
    // is what the model continues from, so it is worth more than the code after it.
    from = earliestFitting(first.u.startLine, Math.max(wholeUnitLimit, tokensFrom(from)));
  }
  const out: Unit[] = units.slice(0, first.i);
  if (from > first.u.startLine) out.push(slice(lines, first.u.startLine, from - 1, 'other', first.u.depth));
  const pinned = new Set<number>();
  if (from <= to) {
    pinned.add(out.length);
    out.push(slice(lines, from, to, first.u.kind, first.u.depth, first.u.name));
  }
  if (last.u.endLine > to) out.push(slice(lines, to + 1, last.u.endLine, 'other', last.u.depth));
  out.push(...units.slice(last.i + 1));
  return { units: out, pinned, ...(truncatedFrom !== undefined ? { truncatedFrom } : {}) };
}
