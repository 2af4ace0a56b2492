import type { Unit } from '../types';
import { isStopWord, stem } from './prose';
import { ownWords, queryLineIndex, type WeightedQuery } from './query';
import { unitWords, words, type UnitWords } from './unitWords';

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
  readonly termFreqs: Map<string, number>[];
  /** Per unit: how many identifier words it holds. */
  readonly lengths: number[];
  /** Per query term: how many units hold it. */
  readonly df: Map<string, number>;
}

/**
 * Counts the query terms in each unit's identifier words; `term` says which query term a word is, if any. With
 * `candidates` (every word that can be a term), only those words are looked for, by number; else each distinct
 * word of each unit is asked about once per request.
 */
function termCounts(units: readonly { readonly unit: Unit }[], term: (word: string) => string | undefined, candidates?: Iterable<string>): TermCounts {
  const counted = wordsOfAll(units);
  const termOf = new Map<number, string | undefined>();
  const termOfId = candidates
    ? (id: number): string | undefined => termOf.get(id)
    : (id: number): string | undefined => {
        if (termOf.has(id)) return termOf.get(id);
        const t = term(words.wordOf(id));
        termOf.set(id, t);
        return t;
      };
  if (candidates) {
    for (const w of candidates) {
      const id = words.known(w);
      const t = term(w);
      if (id !== undefined && t !== undefined) termOf.set(id, t);
    }
  }
  const termFreqs: Map<string, number>[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const u of counted) {
    const tf = new Map<string, number>();
    for (let k = 0; k < u.ids.length; k++) {
      const t = termOfId(u.ids[k]!);
      if (t !== undefined) tf.set(t, (tf.get(t) ?? 0) + u.counts[k]!);
    }
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    termFreqs.push(tf);
    lengths.push(u.length);
  }
  return { termFreqs, lengths, df };
}

/** Every unit's words under one generation of the word table (it may start again while they are counted). */
function wordsOfAll(units: readonly { readonly unit: Unit }[]): UnitWords[] {
  for (;;) {
    const generation = words.generation;
    const out = units.map((u) => unitWords(u.unit));
    if (words.generation === generation) return out;
  }
}

/** BM25 from each unit's term frequencies (query words only) and length, each query word weighted by `weight`. */
function bm25(termFreqs: readonly Map<string, number>[], lengths: readonly number[], df: ReadonlyMap<string, number>, weight: (word: string, unit: number) => number): number[] {
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
