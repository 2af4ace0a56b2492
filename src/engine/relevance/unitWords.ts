import { identifierWords } from '../plan/relevance';
import type { Unit } from '../types';

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

/**
 * Words as numbers, shared by every unit: two typed arrays per unit instead of a Map of strings keeps the memo
 * small (17 MB of code: ~44k units, ~1M distinct unit-word pairs, ~8 MB). A hostile input of endless distinct
 * words could grow the table without bound, so past MAX_WORDS it starts again, and the units' memos of the old
 * table are recomputed when next asked for (their generation no longer matches).
 */
const MAX_WORDS = 2_000_000;

export class WordTable {
  private ids = new Map<string, number>();
  private byId: string[] = [];
  generation = 0;

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      if (this.byId.length >= MAX_WORDS) {
        this.ids = new Map();
        this.byId = [];
        this.generation++;
      }
      id = this.byId.length;
      this.ids.set(word, id);
      this.byId.push(word);
    }
    return id;
  }

  /** The number of a word already seen, else undefined (a word no unit holds matches nothing). */
  known(word: string): number | undefined {
    return this.ids.get(word);
  }

  wordOf(id: number): string {
    return this.byId[id] ?? '';
  }

  /** Words numbered so far in this generation: every id is below it. */
  get size(): number {
    return this.byId.length;
  }
}

export const words = new WordTable();

const memo = new WeakMap<Unit, { readonly generation: number; readonly words: UnitWords }>();

export function unitWords(unit: Unit): UnitWords {
  const kept = memo.get(unit);
  if (kept && kept.generation === words.generation) return kept.words;
  const generation = words.generation;
  const counts = new Map<number, number>();
  const all = identifierWords(unit.text);
  for (const w of all) {
    const id = words.idOf(w);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  // The table started again while this unit was counted: its ids are of two tables; counted again in the new one.
  if (words.generation !== generation) return unitWords(unit);
  const out: UnitWords = { ids: Int32Array.from(counts.keys()), counts: Uint32Array.from(counts.values()), length: all.length };
  memo.set(unit, { generation, words: out });
  return out;
}
