import type { Unit } from '../types';
import { isStopWord, stem } from './prose';
import { ownWords, queryLineIndex, type WeightedQuery } from './query';
import { unitWords, words, type UnitWords } from './unitWords';
import { WordTable } from './wordTable';

const K1 = 1.2;
const B = 0.75;

/**
 * BM25 of each unit against the query's identifier words (camelCase and snake_case split), each query word
 * weighted by its nearness to the cursor: the lines just typed, not the whole file, say what the next lines
 * will resemble. A unit that is itself part of the query is scored without its own lines (ownWords). Raw
 * scores (0 for units sharing nothing with the query).
 */
export function lexicalScores(units: readonly { readonly unit: Unit }[], query: WeightedQuery, prose = false): number[] {
  if (prose) return proseScores(units, query);
  if (query.words.size === 0) return units.map(() => 0);
  const { termFreqs, lengths, df } = termCounts(units, (w) => (query.words.has(w) ? w : undefined), query.words.keys());
  const index = queryLineIndex(query);
  const own = termFreqs.map((tf, i) => (tf.size > 0 ? ownWords(query, units[i]?.unit.text ?? '', index) : undefined));
  return bm25(termFreqs, lengths, df, (w, i) => Math.max(0, (query.words.get(w) ?? 0) - (own[i]?.get(w) ?? 0)));
}

/**
 * BM25 of each unit against a question in words (isProse): stop words dropped, and the words of the question and
 * of the units' identifiers stemmed alike, so that `retries` meets `retryCount` and `scheduled` meets `schedule`.
 * (Scaling each score by the share of the question a unit covers, and weaker length normalisation, both measured
 * worse on the benchmark's question set.)
 */
function proseScores(units: readonly { readonly unit: Unit }[], query: WeightedQuery): number[] {
  const wanted = new Map<string, number>();
  for (const [w, weight] of query.words) if (!isStopWord(w)) wanted.set(stem(w), (wanted.get(stem(w)) ?? 0) + weight);
  if (wanted.size === 0) return units.map(() => 0);
  const { termFreqs, lengths, df } = termCounts(units, (w) => {
    const s = stem(w);
    return wanted.has(s) ? s : undefined;
  });
  return bm25(termFreqs, lengths, df, (w) => wanted.get(w) ?? 0);
}

interface TermCounts {
  /** Per unit: how often it holds each query term. */
  readonly termFreqs: ReadonlyMap<string, number>[];
  /** Per unit: how many identifier words it holds. */
  readonly lengths: number[];
  /** Per query term: how many units hold it. */
  readonly df: Map<string, number>;
}

/**
 * Counts the query terms in each unit's identifier words; `term` says which query term a word is, if any. With
 * `candidates` (every word that can be a term), only those words are looked for; else each distinct word of the
 * units is asked about once per request. Word numbers map to terms through a typed array, and a unit holding no
 * term shares one empty map: ~1M unit-word pairs and ~44k units a request at 17 MB, where a Map lookup per pair
 * and a Map per unit were ~40 ms and much of the collector's work.
 */
function termCounts(units: readonly { readonly unit: Unit }[], term: (word: string) => string | undefined, candidates?: Iterable<string>): TermCounts {
  const counted = wordsOfAll(units);
  // The query terms met, numbered (a handful: the table never starts over).
  const terms = new WordTable();
  // Per word number: the term's index + 1, 0 for no term, -1 for not asked yet (only without candidates).
  const termOf = new Int32Array(words.size).fill(candidates ? 0 : -1);
  if (candidates) {
    for (const w of candidates) {
      const id = words.known(w);
      const t = term(w);
      if (id !== undefined && t !== undefined) termOf[id] = terms.idOf(t) + 1;
    }
  }
  const termFreqs: ReadonlyMap<string, number>[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const u of counted) {
    let tf: Map<string, number> | undefined;
    for (let k = 0; k < u.ids.length; k++) {
      const id = u.ids[k]!;
      let at = termOf[id]!;
      if (at < 0) {
        const t = term(words.wordOf(id));
        at = termOf[id] = t === undefined ? 0 : terms.idOf(t) + 1;
      }
      if (at === 0) continue;
      const t = terms.wordOf(at - 1);
      tf ??= new Map();
      tf.set(t, (tf.get(t) ?? 0) + u.counts[k]!);
    }
    if (tf) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    termFreqs.push(tf ?? NO_TERMS);
    lengths.push(u.length);
  }
  return { termFreqs, lengths, df };
}

/** The term counts of every unit holding no query term (never written to). */
const NO_TERMS: ReadonlyMap<string, number> = new Map();

/** Every unit's words under one generation of the word table (it may start again while they are counted). */
function wordsOfAll(units: readonly { readonly unit: Unit }[]): UnitWords[] {
  for (;;) {
    const generation = words.generation;
    const out = units.map((u) => unitWords(u.unit));
    if (words.generation === generation) return out;
  }
}

/** BM25 from each unit's term frequencies (query words only) and length, each query word weighted by `weight`. */
function bm25(termFreqs: readonly ReadonlyMap<string, number>[], lengths: readonly number[], df: ReadonlyMap<string, number>, weight: (word: string, unit: number) => number): number[] {
  const n = Math.max(termFreqs.length, 1);
  const avgLength = lengths.reduce((a, b) => a + b, 0) / n || 1;
  return termFreqs.map((tf, i) => {
    let score = 0;
    for (const [w, f] of tf) {
      const d = df.get(w) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += (weight(w, i) * idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (lengths[i] ?? 0)) / avgLength));
    }
    return score;
  });
}
