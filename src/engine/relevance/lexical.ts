import { identifierWords } from '../plan/relevance';
import type { Unit } from '../types';
import { ownWords, queryLineIndex, type WeightedQuery } from './query';

const K1 = 1.2;
const B = 0.75;

/**
 * BM25 of each unit against the query's identifier words (camelCase and snake_case split), each query word
 * weighted by its nearness to the cursor: the lines just typed, not the whole file, say what the next lines
 * will resemble. A unit that is itself part of the query is scored without its own lines (ownWords). Raw
 * scores (0 for units sharing nothing with the query).
 */
export function lexicalScores(units: readonly { readonly unit: Unit }[], query: WeightedQuery): number[] {
  if (query.words.size === 0) return units.map(() => 0);
  const termFreqs: Map<string, number>[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const u of units) {
    const words = identifierWords(u.unit.text);
    const tf = new Map<string, number>();
    for (const w of words) if (query.words.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    termFreqs.push(tf);
    lengths.push(words.length);
  }
  const n = Math.max(units.length, 1);
  const avgLength = lengths.reduce((a, b) => a + b, 0) / n || 1;
  const index = queryLineIndex(query);
  return termFreqs.map((tf, i) => {
    const own = tf.size > 0 ? ownWords(query, units[i]?.unit.text ?? '', index) : undefined;
    let score = 0;
    for (const [w, f] of tf) {
      const d = df.get(w) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      const weight = Math.max(0, (query.words.get(w) ?? 0) - (own?.get(w) ?? 0));
      score += (weight * idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (lengths[i] ?? 0)) / avgLength));
    }
    return score;
  });
}
