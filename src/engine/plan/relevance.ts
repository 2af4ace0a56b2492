import type { Unit, UnitKind } from '../types';

/** Splits code into lower-cased identifier words: `parseHTTPRequest_v2` → parse, http, request, v2. */
export function identifierWords(text: string): string[] {
  const words: string[] = [];
  for (const id of text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) {
    for (const part of id.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) {
      if (part.length > 1) words.push(part.toLowerCase());
    }
  }
  return words;
}

function identifiers(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []);
}

/** What a unit is worth with no query at all: structure (imports, types, class headers) before bodies. */
const KIND_PRIOR: Record<UnitKind, number> = {
  import: 0.04,
  type: 0.06,
  class: 0.06,
  function: 0.04,
  method: 0.03,
  other: 0.02,
  block: 0.02,
};

export interface RelevanceInput {
  readonly unit: Unit;
  readonly fileIndex: number;
  readonly pinned: boolean;
}

const BM25_K1 = 1.2;
const BM25_B = 0.75;

/**
 * Relevance of each unit to the query: a small structural prior, BM25 over identifier words (scaled to
 * [0, 1] by the best unit), a boost for definitions the query names, and a boost for the units of the
 * files holding the query's code. Without a query only the prior counts.
 */
export function scoreRelevance(units: readonly RelevanceInput[], query: string | undefined): number[] {
  const queryWords = new Set(identifierWords(query ?? ''));
  const queryIds = identifiers(query ?? '');
  const pinnedFiles = new Set(units.filter((u) => u.pinned).map((u) => u.fileIndex));
  const termFreqs: Map<string, number>[] = [];
  const lengths: number[] = [];
  const df = new Map<string, number>();
  for (const u of units) {
    const words = queryWords.size > 0 ? identifierWords(u.unit.text) : [];
    const tf = new Map<string, number>();
    for (const w of words) if (queryWords.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    termFreqs.push(tf);
    lengths.push(words.length);
  }
  const n = Math.max(units.length, 1);
  const avgLength = lengths.reduce((a, b) => a + b, 0) / n || 1;
  const bm25 = termFreqs.map((tf, i) => {
    let score = 0;
    for (const [w, f] of tf) {
      const d = df.get(w) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += (idf * f * (BM25_K1 + 1)) / (f + BM25_K1 * (1 - BM25_B + (BM25_B * (lengths[i] ?? 0)) / avgLength));
    }
    return score;
  });
  const best = Math.max(...bm25, 0) || 1;

  return units.map((u, i) => {
    let score = KIND_PRIOR[u.unit.kind] + (bm25[i] ?? 0) / best;
    if (u.unit.name && queryIds.has(u.unit.name)) score += 1;
    if (pinnedFiles.has(u.fileIndex)) score += u.unit.kind === 'import' ? 0.5 : 0.2;
    return score;
  });
}
