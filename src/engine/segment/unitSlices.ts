import type { Unit } from '../types';

/**
 * The units with each text re-pointed at the file's own text: the segmenter builds a unit's text by joining its
 * lines, a copy of the file's characters held for as long as the unit is (a second copy of every file, about the
 * input's size, until the request ends); a slice of the file's string is a small view of it. The same characters,
 * so nothing downstream changes. Units that do not partition the text (never expected) are returned as they are.
 */
export function asSlicesOf(text: string, units: readonly Unit[]): Unit[] {
  const out: Unit[] = [];
  let from = 0;
  for (const unit of units) {
    if (!text.startsWith(unit.text, from)) return [...units];
    out.push({ ...unit, text: text.slice(from, from + unit.text.length) });
    from += unit.text.length;
  }
  return from === text.length ? out : [...units];
}
