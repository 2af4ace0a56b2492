import type { NgramTables } from '../../src/engine/encoder/ngram/tables';

// Training (counting and estimating the 4-gram model) lives with the build script: the extension only scores
// with the tables this writes (src/engine/encoder/ngram/scorer.ts), so none of this ships.

/** Open-addressing hash map from non-negative integer keys (< 2^53) to int32, on typed arrays. */
class NumberIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.keys = new Float64Array(cap).fill(-1);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(key: number): number {
    const lo = key >>> 0;
    const hi = Math.floor(key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.mask;
  }

  get(key: number): number {
    const keys = this.keys;
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = keys[s];
      if (k === key) return this.values[s]!;
      if (k === -1) return -1;
    }
  }

  /** Returns the value for key, inserting `valueIfNew` when absent (check `size` to know which). */
  getOrInsert(key: number, valueIfNew: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = keys[s];
      if (k === key) return this.values[s]!;
      if (k === -1) {
        keys[s] = key;
        this.values[s] = valueIfNew;
        this.size++;
        return valueIfNew;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === -1) continue;
      let s = this.slot(k);
      while (this.keys[s] !== -1) s = (s + 1) & this.mask;
      this.keys[s] = k;
      this.values[s] = oldValues[i]!;
    }
  }
}

/** Growable int32 column. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** The n-gram types of one order ≥ 2, each identified by a dense id in order of first occurrence. */
class Level {
  readonly index = new NumberIndex();
  readonly parent = new IntColumn();
  readonly word = new IntColumn();
  readonly suffix = new IntColumn();
  readonly count = new IntColumn();
  readonly atStart = new IntColumn();
  get size(): number {
    return this.parent.length;
  }
}

export type Discounts = readonly [number, number, number];

export interface KneserNeyOptions {
  /** Keep an n-gram of order k ≥ 2 only if its adjusted count ≥ minCount[k−1] (index 0 is ignored). */
  readonly minCount?: readonly number[];
  /** Largest model-vocabulary id allowed as a stored word of order ≥ 2 (65535 lets words be 16-bit). */
  readonly maxWordId?: number;
  /** Override of the estimated discounts per order (index k−1), for tests. */
  readonly discounts?: readonly Discounts[];
}

export interface KneserNeyStats {
  readonly tokens: number;
  readonly sequences: number;
  /** Distinct n-grams seen, per order. */
  readonly types: readonly number[];
  /** N-grams stored, per order. */
  readonly kept: readonly number[];
  readonly discounts: readonly Discounts[];
  /** n1..n4 of the adjusted counts, per order. */
  readonly countOfCounts: readonly (readonly number[])[];
}

/**
 * Modified Kneser–Ney discounts (Chen & Goodman 1998) from the counts-of-counts n1..n4:
 * Y = n1/(n1+2 n2), D1 = 1−2Y n2/n1, D2 = 2−3Y n3/n2, D3+ = 3−4Y n4/n3. Falls back to 0.5/1/1.5 when
 * the counts are too few for the estimate to be defined (tiny corpora).
 */
export function estimateDiscounts(n: readonly number[]): Discounts {
  const [n1 = 0, n2 = 0, n3 = 0, n4 = 0] = n;
  const fallback: Discounts = [0.5, 1, 1.5];
  if (!(n1 > 0 && n2 > 0 && n3 > 0 && n4 > 0)) return fallback;
  const y = n1 / (n1 + 2 * n2);
  const d: Discounts = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
  return d.every((v, i) => v > 0 && v < i + 1) ? d : fallback;
}

function discountFor(d: Discounts, count: number): number {
  return count >= 3 ? d[2] : count === 2 ? d[1] : d[0];
}

/**
 * Counts n-grams of token sequences and builds an interpolated modified Kneser–Ney model in backoff form.
 * Sequences are independent documents: no n-gram crosses a sequence boundary, and the first token of a
 * sequence counts as having a distinct left neighbour (the boundary), as KenLM treats n-grams after <s>.
 */
export class KneserNeyCounter {
  private readonly unigramCount: Uint32Array;
  private readonly unigramAtStart: Uint8Array;
  private readonly levels: Level[] = [];
  private tokens = 0;
  private sequences = 0;

  constructor(readonly order: number, readonly vocabSize: number) {
    if (order < 1 || order > 6) throw new RangeError(`order must be 1..6, got ${order}`);
    this.unigramCount = new Uint32Array(vocabSize);
    this.unigramAtStart = new Uint8Array(vocabSize);
    for (let k = 2; k <= order; k++) this.levels.push(new Level());
  }

  private level(k: number): Level {
    return this.levels[k - 2]!;
  }

  addSequence(ids: ArrayLike<number>): void {
    const order = this.order;
    const V = this.vocabSize;
    // prev[k] = id of the k-gram ending at the previous position (k = 1 is the token id itself).
    let prev = new Int32Array(order + 1).fill(-1);
    let cur = new Int32Array(order + 1).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      if (!(t >= 0 && t < V)) throw new RangeError(`token id ${t} outside the vocabulary of ${V}`);
      cur[1] = t;
      this.unigramCount[t]!++;
      if (i === 0) this.unigramAtStart[t] = 1;
      for (let k = 2; k <= order && k <= i + 1; k++) {
        const level = this.levels[k - 2]!;
        const parent = prev[k - 1]!;
        const fresh = level.size;
        const id = level.index.getOrInsert(parent * V + t, fresh);
        if (id === fresh) {
          level.parent.push(parent);
          level.word.push(t);
          level.suffix.push(cur[k - 1]!);
          level.count.push(0);
          level.atStart.push(0);
        }
        level.count.data[id]!++;
        if (i + 1 === k) level.atStart.data[id] = 1;
        cur[k] = id;
      }
      const swap = prev;
      prev = cur;
      cur = swap;
    }
    this.tokens += ids.length;
    this.sequences++;
  }

  build(options: KneserNeyOptions = {}): { tables: NgramTables; stats: KneserNeyStats } {
    const N = this.order;
    const V = this.vocabSize;
    const maxWordId = options.maxWordId ?? 0xffffffff;

    // Model vocabulary: every token seen, most frequent first (so frequent words get small ids).
    const seen: number[] = [];
    for (let t = 0; t < V; t++) if (this.unigramCount[t]! > 0) seen.push(t);
    seen.sort((a, b) => this.unigramCount[b]! - this.unigramCount[a]! || a - b);
    const tokenOf = Uint32Array.from(seen);
    const denseOf = new Int32Array(V).fill(-1);
    seen.forEach((t, i) => (denseOf[t] = i));
    const M = tokenOf.length;

    // Adjusted counts: raw at the highest order, else the number of distinct left neighbours.
    const adjusted: Int32Array[] = [];
    adjusted[1] = new Int32Array(V);
    for (let t = 0; t < V; t++) adjusted[1][t] = this.unigramAtStart[t]!;
    for (let k = 2; k <= N; k++) {
      const level = this.level(k);
      adjusted[k] = k === N ? level.count.data.slice(0, level.size) : level.atStart.data.slice(0, level.size);
    }
    for (let k = 2; k <= N; k++) {
      const level = this.level(k);
      const lower = adjusted[k - 1]!;
      for (let g = 0; g < level.size; g++) lower[level.suffix.data[g]!]!++;
    }
    if (N === 1) adjusted[1].set(this.unigramCount);

    const countOfCounts: number[][] = [];
    const discounts: Discounts[] = [];
    for (let k = 1; k <= N; k++) {
      const a = adjusted[k]!;
      const n = [0, 0, 0, 0];
      for (let g = 0; g < a.length; g++) if (a[g]! >= 1 && a[g]! <= 4) n[a[g]! - 1]!++;
      countOfCounts.push(n);
      discounts.push(options.discounts?.[k - 1] ?? estimateDiscounts(n));
    }

    // Unigrams, interpolated with the uniform distribution over the tokenizer's whole vocabulary.
    let sum0 = 0;
    const n0 = [0, 0, 0];
    for (let t = 0; t < V; t++) {
      const a = adjusted[1][t]!;
      if (a <= 0) continue;
      sum0 += a;
      n0[Math.min(a, 3) - 1]!++;
    }
    const d1 = discounts[0]!;
    const gamma0 = sum0 > 0 ? (d1[0] * n0[0]! + d1[1] * n0[1]! + d1[2] * n0[2]!) / sum0 : 1;
    const uniform = gamma0 / V;
    const p1 = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      const a = adjusted[1][tokenOf[i]!]!;
      p1[i] = (a - discountFor(d1, a)) / sum0 + uniform;
    }

    // Which n-grams are stored: count cut-offs, 16-bit-able words, and closed under prefixes.
    const storable: Uint8Array[] = [];
    const keep: Uint8Array[] = [];
    for (let k = 2; k <= N; k++) {
      const level = this.level(k);
      const ok = new Uint8Array(level.size);
      const kp = new Uint8Array(level.size);
      const min = options.minCount?.[k - 1] ?? 1;
      for (let g = 0; g < level.size; g++) {
        ok[g] = denseOf[level.word.data[g]!]! <= maxWordId && (k === 2 || storable[k - 1]![level.parent.data[g]!] === 1) ? 1 : 0;
        kp[g] = ok[g] && adjusted[k]![g]! >= min ? 1 : 0;
      }
      storable[k] = ok;
      keep[k] = kp;
    }
    for (let k = N; k >= 3; k--) {
      const level = this.level(k);
      for (let g = 0; g < level.size; g++) if (keep[k]![g]) keep[k - 1]![level.parent.data[g]!] = 1;
    }

    // Interpolated probabilities of stored n-grams and renormalised backoffs, order by order.
    const P: Float64Array[] = [];
    const BO: Float64Array[] = [];
    BO[1] = new Float64Array(V).fill(1); // indexed by token id
    const lowerProb = (j: number, s: number): number => {
      let factor = 1;
      for (;;) {
        if (j === 1) return factor * p1[denseOf[s]!]!;
        if (keep[j]![s]) return factor * P[j]![s]!;
        const parent = this.level(j).parent.data[s]!;
        factor *= j - 1 === 1 ? BO[1]![parent]! : keep[j - 1]![parent] ? BO[j - 1]![parent]! : 1;
        s = this.level(j).suffix.data[s]!;
        j--;
      }
    };
    for (let k = 2; k <= N; k++) {
      const level = this.level(k);
      const ctxCount = k === 2 ? V : this.level(k - 1).size;
      const sumA = new Float64Array(ctxCount);
      const nA = new Float64Array(ctxCount); // D-weighted type counts, i.e. the numerator of gamma
      const d = discounts[k - 1]!;
      const a = adjusted[k]!;
      for (let g = 0; g < level.size; g++) {
        const ctx = level.parent.data[g]!;
        sumA[ctx]! += a[g]!;
        nA[ctx]! += discountFor(d, a[g]!);
      }
      const pk = new Float64Array(level.size);
      const numer = new Float64Array(ctxCount);
      const denom = new Float64Array(ctxCount);
      for (let g = 0; g < level.size; g++) {
        if (!keep[k]![g]) continue;
        const ctx = level.parent.data[g]!;
        const lower = lowerProb(k - 1, level.suffix.data[g]!);
        const p = (a[g]! - discountFor(d, a[g]!)) / sumA[ctx]! + (nA[ctx]! / sumA[ctx]!) * lower;
        pk[g] = p;
        numer[ctx]! += p;
        denom[ctx]! += lower;
      }
      P[k] = pk;
      const bo = k === 2 ? BO[1] : new Float64Array(ctxCount).fill(1);
      for (let ctx = 0; ctx < ctxCount; ctx++) {
        if (numer[ctx] === 0) continue;
        const left = 1 - denom[ctx]!;
        bo[ctx] = left > 1e-12 ? Math.max(1 - numer[ctx]!, 1e-12) / left : 1;
      }
      if (k > 2) BO[k - 1] = bo;
    }

    // Trie layout: level k sorted by (rank of prefix in level k−1, model id of last word).
    const ranksOf: Int32Array[] = []; // id → rank, per level
    const idOfRank: Int32Array[] = [];
    const levels: { words?: Uint16Array | Uint32Array; log2Prob: Float32Array; log2Backoff?: Float32Array; childStart?: Uint32Array }[] = [];
    const kept: number[] = [M];
    const wide = Math.min(M - 1, maxWordId) > 0xffff;
    levels.push({ log2Prob: Float32Array.from(p1, (p) => Math.log2(p)) });
    const WORD = 2 ** 20;
    for (let k = 2; k <= N; k++) {
      const level = this.level(k);
      const keys: number[] = [];
      for (let g = 0; g < level.size; g++) {
        if (!keep[k]![g]) continue;
        const parent = level.parent.data[g]!;
        const parentRank = k === 2 ? denseOf[parent]! : ranksOf[k - 1]![parent]!;
        keys.push(parentRank * WORD + denseOf[level.word.data[g]!]!);
      }
      const sorted = Float64Array.from(keys).sort();
      const count = sorted.length;
      kept.push(count);
      const words = wide ? new Uint32Array(count) : new Uint16Array(count);
      const logp = new Float32Array(count);
      const ranks = new Int32Array(level.size).fill(-1);
      const ids = new Int32Array(count);
      const parentCount = k === 2 ? M : kept[k - 2]!;
      const childStart = new Uint32Array(parentCount + 1);
      for (let r = 0; r < count; r++) {
        const parentRank = Math.floor(sorted[r]! / WORD);
        const w = sorted[r]! - parentRank * WORD;
        const parentId = k === 2 ? tokenOf[parentRank]! : idOfRank[k - 1]![parentRank]!;
        const g = level.index.get(parentId * V + tokenOf[w]!);
        ranks[g] = r;
        ids[r] = g;
        words[r] = w;
        logp[r] = Math.log2(P[k]![g]!);
        childStart[parentRank + 1]!++;
      }
      for (let i = 0; i < parentCount; i++) childStart[i + 1]! += childStart[i]!;
      ranksOf[k] = ranks;
      idOfRank[k] = ids;
      levels[k - 2]!.childStart = childStart;
      levels.push({ words, log2Prob: logp });
    }
    // Backoffs of every non-top level, in rank order.
    for (let k = 1; k < N; k++) {
      const count = kept[k - 1]!;
      const out = new Float32Array(count);
      for (let r = 0; r < count; r++) out[r] = Math.log2(k === 1 ? BO[1]![tokenOf[r]!]! : BO[k]![idOfRank[k]![r]!]!);
      levels[k - 1]!.log2Backoff = out;
    }
    const types = [M, ...this.levels.map((l) => l.size)];
    return {
      tables: { order: N, vocabSize: V, tokenOf, unkLog2Prob: Math.log2(uniform), levels },
      stats: { tokens: this.tokens, sequences: this.sequences, types, kept, discounts, countOfCounts },
    };
  }
}
