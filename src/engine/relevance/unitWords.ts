import { Occurrences } from './occurrences';
import { storedWords } from './storedFacts';
import type { Unit } from '../types';
import { WordTable } from './wordTable';

/**
 * A unit's identifier words as lexical relevance counts them: each distinct word once (as a number, see
 * WordTable) with how often it occurs, and the number of words in all. Kept per unit while the unit lives: the
 * extension ranks the same units (the index's) on every request, and splitting every unit's text into words was
 * 0.9–1.7 s of a 17 MB request after a one-line edit (bench/host/indexInVsCode.ts).
 */
export interface UnitWords {
  readonly ids: Int32Array;
  readonly counts: Uint32Array;
  readonly length: number;
}

export const words = new WordTable();

const memo = new WeakMap<Unit, { readonly generation: number; readonly words: UnitWords }>();

/** Counts of the unit being split (one unit at a time: the split calls nothing that splits). */
const scratch = new Occurrences();

/** The words of a text as numbers in `words`, with their counts, in the order first met. */
function counted(text: string): UnitWords {
  scratch.addWords(text, (w) => words.idOf(w));
  const length = scratch.total;
  return { ...scratch.take(Uint32Array, (c) => c), length };
}

/** A unit's words: from the index's stored facts when it has them (see storedFacts), else split from its text. */
export function unitWords(unit: Unit): UnitWords {
  const kept = memo.get(unit);
  if (kept && kept.generation === words.generation) return kept.words;
  const generation = words.generation;
  const out: UnitWords = storedWords(unit, words) ?? counted(unit.text);
  // The table started again while this unit was counted: its ids are of two tables; counted again in the new one.
  if (words.generation !== generation) return unitWords(unit);
  memo.set(unit, { generation, words: out });
  return out;
}
