/**
 * In-memory form of a backoff n-gram model laid out as a forward trie in sorted typed arrays
 * (the KenLM "trie" layout): level k holds the k-grams, grouped by their (k−1)-gram prefix and sorted by
 * last word, so a node's children are the contiguous range childStart[i]..childStart[i+1] of level k+1.
 *
 * Probabilities are stored in backoff form: a kept n-gram h·w stores log2 p(w|h) (the full interpolated
 * Kneser–Ney probability), a context node stores log2 bo(h); for an absent h·w,
 * p(w|h) = bo(h) · p(w|h minus its first word). This is exact for interpolated KN and stays normalised
 * after pruning because the builder recomputes bo(h).
 */

/** Values of one level: plain floats, or 8/16-bit codes into a codebook (quantised). */
export type StoredValues = Float32Array | { readonly codes: Uint8Array | Uint16Array; readonly book: Float32Array };

export interface NgramLevel {
  /** Last word (model-vocabulary id) of each n-gram; absent for unigrams, whose id is their index. */
  readonly words?: Uint16Array | Uint32Array;
  readonly log2Prob: StoredValues;
  /** Absent at the highest order. */
  readonly log2Backoff?: StoredValues;
  /** length = count + 1; absent at the highest order. */
  readonly childStart?: Uint32Array;
}

export interface NgramTables {
  readonly order: number;
  /** Size of the tokenizer's whole vocabulary: tokens outside the model vocabulary share the floor mass. */
  readonly vocabSize: number;
  /** Model-vocabulary id → tokenizer token id. */
  readonly tokenOf: Uint32Array;
  /** log2 p(w) for a token outside the model vocabulary (uniform floor of the unigram level). */
  readonly unkLog2Prob: number;
  /** levels[0] = unigrams (one per model-vocabulary id), levels[order−1] = highest order. */
  readonly levels: readonly NgramLevel[];
}

export function valuesToFloat(values: StoredValues): Float32Array {
  if (values instanceof Float32Array) return values;
  const out = new Float32Array(values.codes.length);
  const { codes, book } = values;
  for (let i = 0; i < codes.length; i++) out[i] = book[codes[i]!]!;
  return out;
}

/**
 * Quantises values to `bits`-bit codes with equal-population bins whose centre is the mean of the bin
 * (as KenLM does): n-gram log-probabilities cluster, so 256 levels lose ~0.01 bit/token.
 */
export function quantize(values: Float32Array, bits: 8 | 16): StoredValues {
  const levels = 1 << bits;
  const n = values.length;
  if (n === 0) return { codes: bits === 8 ? new Uint8Array(0) : new Uint16Array(0), book: new Float32Array(0) };
  const sorted = Float32Array.from(values).sort();
  // Distinct values first: when there are few, keep them exactly.
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  let book: Float32Array;
  let bounds: Float32Array; // upper bound (inclusive) of each bin, in value space
  if (distinct.length <= levels) {
    book = Float32Array.from(distinct);
    bounds = book;
  } else {
    const bins = levels;
    book = new Float32Array(bins);
    bounds = new Float32Array(bins);
    let start = 0;
    for (let b = 0; b < bins; b++) {
      let end = Math.round(((b + 1) * n) / bins);
      // Never split a run of equal values across bins, so the bounds are unambiguous.
      while (end < n && end > 0 && sorted[end] === sorted[end - 1]) end++;
      if (b === bins - 1) end = n;
      if (end <= start) {
        book[b] = b > 0 ? book[b - 1]! : sorted[0]!;
        bounds[b] = b > 0 ? bounds[b - 1]! : sorted[0]!;
        continue;
      }
      let sum = 0;
      for (let i = start; i < end; i++) sum += sorted[i]!;
      book[b] = sum / (end - start);
      bounds[b] = sorted[end - 1]!;
      start = end;
    }
  }
  const codes = bits === 8 ? new Uint8Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
  }
  return { codes, book };
}

/** A copy of the tables with every level's probabilities and backoffs quantised (unigrams stay float). */
export function quantizeTables(tables: NgramTables, bits: 8 | 16): NgramTables {
  return {
    ...tables,
    levels: tables.levels.map((level, k) =>
      k === 0
        ? level
        : {
            ...level,
            log2Prob: quantize(valuesToFloat(level.log2Prob), bits),
            ...(level.log2Backoff ? { log2Backoff: quantize(valuesToFloat(level.log2Backoff), bits) } : {}),
          },
    ),
  };
}
