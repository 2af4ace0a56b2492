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
 * cursor) are pinned when they fit in `wholeUnitLimit` tokens; otherwise only the region's own lines are,
 * split out of the units around them; and if even those exceed `limit`, only the region's last lines (the
 * ones nearest the cursor) are kept.
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
  let from = Math.max(region.startLine, first.u.startLine);
  const to = Math.min(region.endLine, last.u.endLine);
  let truncatedFrom: number | undefined;
  if (count(lines.slice(from - 1, to).join('')) > limit) {
    // Binary search for the first line such that [line, to] still fits.
    let lo = from;
    let hi = to + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (count(lines.slice(mid - 1, to).join('')) <= limit) hi = mid;
      else lo = mid + 1;
    }
    truncatedFrom = from;
    from = lo;
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
