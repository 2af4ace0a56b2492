/**
 * Merge ranks by pair of ids, in an open-addressing hash table of typed arrays: a Map keyed by left·2^18 + right
 * (a number past the small-integer range) took ~70 ms to fill with Qwen's 151k merges on every start and was the
 * costliest step of encoding a new word.
 */
class PairRanks {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Rank + 1 (0 marks an empty slot). */
  private readonly rank: Int32Array;
  private readonly mask: number;

  constructor(merges: Int32Array) {
    const n = merges.length / 3;
    let size = 1;
    while (size < n * 2) size <<= 1; // at most half full: probes stay short
    this.mask = size - 1;
    this.left = new Int32Array(size);
    this.right = new Int32Array(size);
    this.rank = new Int32Array(size);
    for (let r = 0; r < n; r++) {
      const a = merges[3 * r] as number;
      const b = merges[3 * r + 1] as number;
      let slot = this.slotOf(a, b);
      while (this.rank[slot] !== 0 && !(this.left[slot] === a && this.right[slot] === b)) slot = (slot + 1) & this.mask;
      if (this.rank[slot] !== 0) continue; // a repeated pair keeps its first (best) rank
      this.left[slot] = a;
      this.right[slot] = b;
      this.rank[slot] = r + 1;
    }
  }

  private slotOf(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.mask;
  }

  /** The pair's merge rank, or -1 when the pair never merges. */
  get(a: number, b: number): number {
    for (let slot = this.slotOf(a, b); ; slot = (slot + 1) & this.mask) {
      const r = this.rank[slot] as number;
      if (r === 0) return -1;
      if (this.left[slot] === a && this.right[slot] === b) return r - 1;
    }
  }
}

/**
 * Byte-level BPE of one pre-tokenized word, on token ids, from the merges that scripts/compile-tokenizer.js
 * extracts at build time. The tokenizer library gives the same ids but spends ~0.2 ms on each new word and
 * ~0.75 s building its model (measured on rxjs: 7,089 distinct words took 1.3 s), which dominated
 * compression time; this loads in milliseconds and takes microseconds a word. The unit tests check it
 * against the library on real code in every supported language.
 */
export class ByteLevelBpe {
  private readonly ranks: PairRanks;

  /** `merges` holds (left, right, merged) id triples in rank order; `byteIds` maps each byte to its id. */
  constructor(private readonly byteIds: readonly number[], private readonly merges: Int32Array) {
    this.ranks = new PairRanks(merges);
  }

  private static readonly encoder = new TextEncoder();

  encodeWord(word: string): number[] {
    const bytes = ByteLevelBpe.encoder.encode(word);
    const ids: number[] = new Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) ids[i] = this.byteIds[bytes[i] as number] as number;
    while (ids.length > 1) {
      let best = Infinity;
      for (let i = 0; i < ids.length - 1; i++) {
        const rank = this.ranks.get(ids[i] as number, ids[i + 1] as number);
        if (rank >= 0 && rank < best) best = rank;
      }
      if (best === Infinity) break;
      const left = this.merges[3 * best] as number;
      const right = this.merges[3 * best + 1] as number;
      const merged = this.merges[3 * best + 2] as number;
      // Merge every occurrence of the best pair, left to right, as BPE does.
      for (let i = 0; i < ids.length - 1; i++) {
        if (ids[i] === left && ids[i + 1] === right) ids.splice(i, 2, merged);
      }
    }
    return ids;
  }
}
