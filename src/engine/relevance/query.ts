import { identifierWords } from '../plan/relevance';

/** Lines this far before the cursor weigh half as much as the cursor's own line. */
const HALF_LIFE_LINES = 20;
/** Every line of the query counts at least this much: far code still says what the file is about. */
const FLOOR = 0.08;

/** The query's identifiers and identifier words, each weighted by how near the cursor (the query's end) it is. */
export interface WeightedQuery {
  /** Whole identifiers (`sock_sendall`, `HashMap`): what definitions are looked up by. */
  readonly identifiers: ReadonlyMap<string, number>;
  /** Lower-cased identifier words (`sock`, `sendall`, `hash`, `map`): what lexical relevance matches. */
  readonly words: ReadonlyMap<string, number>;
}

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/**
 * Weights the query's identifiers by nearness to its end: the code just before the cursor says most about
 * what comes next (the enclosing signature, the last statements), the rest of the file a little.
 */
export function weightQuery(query: string | undefined, halfLife = HALF_LIFE_LINES, floor = FLOOR): WeightedQuery {
  const identifiers = new Map<string, number>();
  const words = new Map<string, number>();
  if (!query) return { identifiers, words };
  const lines = query.split('\n');
  // Trailing blank lines are not "nearer" code.
  let last = lines.length - 1;
  while (last > 0 && (lines[last] ?? '').trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i] ?? '';
    const w = floor + (1 - floor) * Math.pow(0.5, (last - i) / halfLife);
    for (const id of line.match(IDENTIFIER) ?? []) identifiers.set(id, (identifiers.get(id) ?? 0) + w);
    for (const word of identifierWords(line)) words.set(word, (words.get(word) ?? 0) + w);
  }
  return { identifiers, words };
}

export function identifierCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of text.match(IDENTIFIER) ?? []) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}
