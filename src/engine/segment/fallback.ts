import type { Unit } from '../types';
import type { LineSpans } from './lines';

/** Blocks longer than this are split, so that a huge paragraph never becomes one all-or-nothing unit. */
const MAX_BLOCK_LINES = 60;

/** Units for text without a grammar: blocks separated by blank lines (blank lines trail their block). */
export function fallbackUnits(spans: LineSpans): Unit[] {
  const { lines } = spans;
  const units: Unit[] = [];
  let start = 0;
  const flush = (end: number): void => {
    if (end < start) return;
    units.push({ kind: 'block', startLine: start + 1, endLine: end + 1, text: spans.span(start, end), depth: 0 });
    start = end + 1;
  };
  for (let i = 0; i < lines.length; i++) {
    const blank = (lines[i] ?? '').trim() === '';
    const nextBlank = i + 1 < lines.length && (lines[i + 1] ?? '').trim() === '';
    if ((blank && !nextBlank) || i - start + 1 >= MAX_BLOCK_LINES) flush(i);
  }
  flush(lines.length - 1);
  return units;
}
