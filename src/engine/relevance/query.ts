import { identifierWords } from './identifierScan';

/** How a line's weight falls with its distance before the cursor: half at `halfLife` lines, never below `floor`. */
interface Nearness {
  readonly halfLife: number;
  readonly floor: number;
}

/**
 * Identifiers name what the code at the cursor can use: every line of the file counts a little (far code still
 * says what the file works with), the nearest most.
 */
const IDENTIFIER_NEARNESS: Nearness = { halfLife: 20, floor: 0.08 };
/**
 * Words say what the next lines will resemble, and only the lines just typed say that: far code's words matched
 * bodies that looked like the top of the file, not like what comes next. On the completion benchmark, no floor
 * and half the half-life gave +1.4 to +5.0 points of signature recall at every budget on two case sets, and
 * similar-body recall from −2.5 to +3.2 (better in six of the eight).
 */
const WORD_NEARNESS: Nearness = { halfLife: 10, floor: 0 };

function weightAt(distance: number, n: Nearness): number {
  return n.floor + (1 - n.floor) * Math.pow(0.5, distance / n.halfLife);
}

/** The query's identifiers and identifier words, each weighted by how near the cursor (the query's end) it is. */
export interface WeightedQuery {
  /** Whole identifiers (`sock_sendall`, `HashMap`): what definitions are looked up by. */
  readonly identifiers: ReadonlyMap<string, number>;
  /** Lower-cased identifier words (`sock`, `sendall`, `hash`, `map`): what lexical relevance matches. */
  readonly words: ReadonlyMap<string, number>;
  /** The query's lines and the weight each line's words got, to take a stretch of the query back out. */
  readonly lines: readonly string[];
  readonly lineWeights: readonly number[];
}

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/**
 * Weights the query's identifiers and words by nearness to its end: the code just before the cursor says most
 * about what comes next (the enclosing signature, the last statements). Far lines still name definitions a little
 * (IDENTIFIER_NEARNESS); their words hardly count (WORD_NEARNESS).
 */
export function weightQuery(query: string | undefined): WeightedQuery {
  const identifiers = new Map<string, number>();
  const words = new Map<string, number>();
  if (!query) return { identifiers, words, lines: [], lineWeights: [] };
  const lines = query.split('\n');
  const lineWeights: number[] = [];
  // Trailing blank lines are not "nearer" code.
  let last = lines.length - 1;
  while (last > 0 && (lines[last] ?? '').trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i] ?? '';
    const idWeight = weightAt(last - i, IDENTIFIER_NEARNESS);
    const wordWeight = weightAt(last - i, WORD_NEARNESS);
    lineWeights.push(wordWeight);
    for (const id of line.match(IDENTIFIER) ?? []) identifiers.set(id, (identifiers.get(id) ?? 0) + idWeight);
    for (const word of identifierWords(line)) words.set(word, (words.get(word) ?? 0) + wordWeight);
  }
  return { identifiers, words, lines, lineWeights };
}

/** Units shorter than this are not looked for in the query: a one-liner can occur anywhere by chance. */
const MIN_SELF_CHARS = 40;

/**
 * The query's word weights that come from a unit's own text, when the unit is part of the query (a function
 * just above the cursor is in the code before the cursor): matching the query by its own words says nothing
 * about whether it resembles what comes next. Undefined when the unit is not in the query.
 */
export function ownWords(query: WeightedQuery, unitText: string, queryLineIndex: ReadonlyMap<string, number[]>): Map<string, number> | undefined {
  if (unitText.length < MIN_SELF_CHARS) return undefined;
  // Most units are not in the query: their first line says so without splitting the whole text into lines
  // (thousands of units share a word with the query, and splitting them all was ~30 ms of every request).
  const firstEnd = unitText.indexOf('\n');
  const starts = queryLineIndex.get(firstEnd < 0 ? unitText : unitText.slice(0, firstEnd));
  if (!starts) return undefined;
  const unitLines = unitText.replace(/\n$/, '').split('\n');
  for (const start of starts) {
    if (!unitLines.every((l, k) => query.lines[start + k] === l)) continue;
    const own = new Map<string, number>();
    unitLines.forEach((l, k) => {
      const w = query.lineWeights[start + k] ?? 0;
      for (const word of identifierWords(l)) own.set(word, (own.get(word) ?? 0) + w);
    });
    return own;
  }
  return undefined;
}

/** Where each line of the query starts a match: line text → line indices. */
export function queryLineIndex(query: WeightedQuery): Map<string, number[]> {
  const index = new Map<string, number[]>();
  query.lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const list = index.get(l);
    if (list) list.push(i);
    else index.set(l, [i]);
  });
  return index;
}

