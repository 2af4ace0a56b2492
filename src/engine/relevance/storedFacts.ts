import type { Unit } from '../types';
import { Occurrences } from './occurrences';
import type { WordTable } from './wordTable';

/**
 * What ranking needs of a file's units that depends on their text alone — each unit's words (lexical relevance)
 * and identifiers (the reference graph), with how often each occurs — as the index stores it beside the units, so
 * that a process that finds the file in the index does not split every unit again (1.7–2.0 s of CPU at 17 MB of
 * code, paid by every CLI run with a query). Kept as strings and decoded only when a request ranks the unit: a
 * run that needs no ranking pays for reading them and nothing more.
 *
 * `words` and `names` are the file's distinct words (lower-cased) and identifiers, space-separated (neither holds a
 * space); each unit's entry is `<words>;<word count>;<identifiers>`, each list `local.count` pairs (base 36, comma-
 * separated) in the order the unit first uses them — the order unitWords and unitRefs number them in.
 */
export interface FileFacts {
  readonly words: string;
  readonly names: string;
  readonly units: readonly string[];
}

/** Works out a file's facts (the analysis workers and the index, for files analysed in place). */
export function fileFacts(units: readonly Unit[]): FileFacts {
  const words = new LocalTable();
  const names = new LocalTable();
  const entries = units.map((unit) => {
    scratch.addWords(unit.text, (w) => words.idOf(w));
    const total = scratch.total;
    const wordPairs = pairsOf(scratch);
    scratch.addIdentifiers(unit.text, (id) => names.idOf(id));
    return `${wordPairs};${total.toString(36)};${pairsOf(scratch)}`;
  });
  return { words: words.joined(), names: names.joined(), units: entries };
}

/** Counts of the unit being stored (one at a time). */
const scratch = new Occurrences();

/** The counted numbers as `local.count` pairs, in the order first met; the counts start again. */
function pairsOf(counts: Occurrences): string {
  const { ids, counts: n } = counts.take(Uint32Array, (c) => c);
  let out = '';
  for (let k = 0; k < ids.length; k++) out += `${k > 0 ? ',' : ''}${(ids[k] as number).toString(36)}.${(n[k] as number).toString(36)}`;
  return out;
}

/** Whether a stored value has the shape of FileFacts for this many units (records are checked before use). */
export function isFileFacts(value: unknown, unitCount: number): value is FileFacts {
  const f = value as FileFacts;
  return typeof f === 'object' && f !== null && typeof f.words === 'string' && typeof f.names === 'string' && Array.isArray(f.units) && f.units.length === unitCount && f.units.every((u) => typeof u === 'string');
}

/** A file's facts with the numbers its words and names have in the process's tables (worked out when first needed). */
interface LoadedFacts {
  readonly facts: FileFacts;
  wordIds?: { readonly table: WordTable; readonly generation: number; readonly ids: Int32Array };
  nameIds?: { readonly table: WordTable; readonly generation: number; readonly ids: Int32Array };
}

const attached = new WeakMap<Unit, { readonly file: LoadedFacts; readonly index: number }>();

/** Lets these units' rankings use stored facts (the units of one file, in the facts' order). */
export function attachFacts(units: readonly Unit[], facts: FileFacts): void {
  if (facts.units.length !== units.length) return;
  const file: LoadedFacts = { facts };
  units.forEach((unit, index) => attached.set(unit, { file, index }));
}

/** A unit's words by number in `table`, with their counts and the number of words in all, when stored; else undefined. */
export function storedWords(unit: Unit, table: WordTable): { ids: Int32Array; counts: Uint32Array; length: number } | undefined {
  const at = attached.get(unit);
  const entry = at?.file.facts.units[at.index];
  if (!at || entry === undefined) return undefined;
  const local = (at.file.wordIds = numbered(at.file.wordIds, at.file.facts.words, table));
  const first = entry.indexOf(';');
  const second = entry.indexOf(';', first + 1);
  if (first < 0 || second < 0) return undefined;
  const length = parseInt(entry.slice(first + 1, second), 36);
  const decoded = Number.isSafeInteger(length) ? decodePairs(entry, 0, first, local.ids, Uint32Array, (c) => c) : undefined;
  return decoded && { ids: decoded.ids, counts: decoded.counts, length };
}

/** A unit's identifiers by number in `table`, with the square root of each one's count, when stored; else undefined. */
export function storedNames(unit: Unit, table: WordTable): { ids: Int32Array; counts: Float64Array } | undefined {
  const at = attached.get(unit);
  const entry = at?.file.facts.units[at.index];
  if (!at || entry === undefined) return undefined;
  const local = (at.file.nameIds = numbered(at.file.nameIds, at.file.facts.names, table));
  const last = entry.lastIndexOf(';');
  if (last < 0) return undefined;
  return decodePairs(entry, last + 1, entry.length, local.ids, Float64Array, Math.sqrt);
}

/** The file's words numbered in the table (again when the table started a new generation since). */
function numbered(kept: LoadedFacts['wordIds'], joined: string, table: WordTable): NonNullable<LoadedFacts['wordIds']> {
  if (kept && kept.table === table && kept.generation === table.generation) return kept;
  const generation = table.generation;
  const list = joined === '' ? [] : joined.split(' ');
  const ids = new Int32Array(list.length);
  list.forEach((w, k) => (ids[k] = table.idOf(w)));
  // The table started again meanwhile: numbered again, all in the new one.
  if (table.generation !== generation) return numbered(undefined, joined, table);
  return { table, generation, ids };
}

/**
 * The `local.count` pairs of entry[from, to), read digit by digit (splitting them into strings was most of reading
 * a 17 MB tree's facts). Undefined when a number is not of the file's list (then the unit's text is split instead).
 */
function decodePairs<T extends Uint32Array | Float64Array>(entry: string, from: number, to: number, local: Int32Array, make: new (n: number) => T, weigh: (count: number) => number): { ids: Int32Array; counts: T } | undefined {
  let n = from < to ? 1 : 0;
  for (let k = from; k < to; k++) if (entry.charCodeAt(k) === COMMA) n++;
  const ids = new Int32Array(n);
  const counts = new make(n);
  if (n === 0) return { ids, counts };
  let value = 0;
  let id = 0;
  let k = 0;
  for (let at = from; at <= to; at++) {
    const c = at < to ? entry.charCodeAt(at) : COMMA;
    if (c === DOT) {
      id = value;
      value = 0;
    } else if (c === COMMA) {
      const global = local[id];
      if (global === undefined) return undefined;
      ids[k] = global;
      counts[k++] = weigh(value);
      value = 0;
    } else value = value * 36 + (c <= NINE ? c - ZERO : c - LOWER_A + 10);
  }
  return k === n ? { ids, counts } : undefined;
}

const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_A = 97;

/** A file's own numbering of its words or names, in the order first met. */
class LocalTable {
  private readonly ids = new Map<string, number>();

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) this.ids.set(word, (id = this.ids.size));
    return id;
  }

  joined(): string {
    return [...this.ids.keys()].join(' ');
  }
}
