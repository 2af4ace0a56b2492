import { inSharedMemory, sharedInt32 } from '../sharedArrays';

/**
 * Merge ranks by pair of ids, in an open-addressing hash table of typed arrays: a Map keyed by left·2^18 + right
 * (a number past the small-integer range) took ~70 ms to fill with Qwen's 151k merges on every start and was the
 * costliest step of encoding a new word.
 */
class PairRanks {
  private readonly mask: number;

  /** `rank` holds rank + 1 (0 marks an empty slot); the three arrays have a power-of-two length. */
  constructor(
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly rank: Int32Array,
  ) {
    this.mask = rank.length - 1;
  }

  /** The table of these merges, in shared memory (see BpeTables). */
  static build(merges: Int32Array): PairRanks {
    const n = merges.length / 3;
    let size = 1;
    while (size < n * 2) size <<= 1; // at most half full: probes stay short
    const table = new PairRanks(sharedInt32(size), sharedInt32(size), sharedInt32(size));
    for (let r = 0; r < n; r++) table.add(merges[3 * r] as number, merges[3 * r + 1] as number, r);
    return table;
  }

  private add(a: number, b: number, r: number): void {
    let slot = this.slotOf(a, b);
    while (this.rank[slot] !== 0 && !(this.left[slot] === a && this.right[slot] === b)) slot = (slot + 1) & this.mask;
    if (this.rank[slot] !== 0) return; // a repeated pair keeps its first (best) rank
    this.left[slot] = a;
    this.right[slot] = b;
    this.rank[slot] = r + 1;
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
 * Words up to this many bytes are merged by rescanning all pairs per merge (quadratic, but with no heap the
 * fastest for the short words code is made of); longer ones by the heap below, whose time grows as n log n.
 */
const SHORT_WORD_BYTES = 64;

/**
 * Byte-level BPE of one pre-tokenized word, on token ids, from the merges that scripts/compile-tokenizer.js
 * extracts at build time. The tokenizer library gives the same ids but spends ~0.2 ms on each new word and
 * ~0.75 s building its model (measured on rxjs: 7,089 distinct words took 1.3 s), which dominated
 * compression time; this loads in milliseconds and takes microseconds a word. The unit tests check it
 * against the library on real code in every supported language and on pathological long words.
 */
export class ByteLevelBpe {
  private readonly ranks: PairRanks;
  private readonly merges: Int32Array;

  /** `merges` holds (left, right, merged) id triples in rank order; `byteIds` maps each byte to its id. */
  constructor(
    private readonly byteIds: readonly number[],
    merges: Int32Array,
    ranks?: PairRanks,
  ) {
    this.merges = inSharedMemory(merges);
    this.ranks = ranks ?? PairRanks.build(merges);
  }

  /** A BPE over tables another thread built (see BpeTables). */
  static fromTables(t: BpeTables): ByteLevelBpe {
    return new ByteLevelBpe(t.byteIds, t.merges, new PairRanks(t.left, t.right, t.rank));
  }

  /** Its tables, for a tokenizer on another thread: ~8 MB for Qwen's 151k merges that no thread need build twice. */
  get tables(): BpeTables {
    return { byteIds: this.byteIds, merges: this.merges, left: this.ranks.left, right: this.ranks.right, rank: this.ranks.rank };
  }

  private static readonly encoder = new TextEncoder();

  encodeWord(word: string): number[] {
    const bytes = ByteLevelBpe.encoder.encode(word);
    if (bytes.length > SHORT_WORD_BYTES) return this.mergeLong(bytes);
    const ids: number[] = new Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) ids[i] = this.byteIds[bytes[i] as number] as number;
    return this.mergeShort(ids);
  }

  private mergeShort(ids: number[]): number[] {
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

  /**
   * The same merges in O(n log n): the symbols form a linked list, and a min-heap holds candidate pairs keyed by
   * (rank, position of the left symbol) — the order the reference implementations merge in (lowest rank first,
   * leftmost first among equals). A popped pair whose symbols have since changed is stale and skipped: with
   * unique ranks per pair, "the pair at this position still has this rank" is exactly "still valid".
   */
  private mergeLong(bytes: Uint8Array): number[] {
    const n = bytes.length;
    const sym = new Int32Array(n);
    for (let i = 0; i < n; i++) sym[i] = this.byteIds[bytes[i] as number] as number;
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = new PairHeap(n);
    const push = (i: number): void => {
      const j = next[i] as number;
      if (j < 0) return;
      const rank = this.ranks.get(sym[i] as number, sym[j] as number);
      if (rank >= 0) heap.push(rank, i);
    };
    for (let i = 0; i < n - 1; i++) {
      const rank = this.ranks.get(sym[i] as number, sym[i + 1] as number);
      if (rank >= 0) heap.append(rank, i);
    }
    heap.heapify();
    while (heap.size > 0) {
      const rank = heap.topRank();
      const i = heap.pop();
      if (sym[i] === -1) continue; // merged into its left neighbour
      const j = next[i] as number;
      if (j < 0 || this.ranks.get(sym[i] as number, sym[j] as number) !== rank) continue;
      sym[i] = this.merges[3 * rank + 2] as number;
      sym[j] = -1;
      const after = next[j] as number;
      next[i] = after;
      if (after >= 0) prev[after] = i;
      const before = prev[i] as number;
      if (before >= 0) push(before);
      push(i);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i] as number) out.push(sym[i] as number);
    return out;
  }
}

/**
 * A binary min-heap of (rank, position) pairs packed in one float64 each: rank·2^32 + position is exact below
 * 2^53 and orders by rank, then position.
 */
class PairHeap {
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(capacity, 16));
  }

  push(rank: number, position: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const keys = this.keys;
    const key = rank * 4294967296 + position;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = keys[parent] as number;
      if (p <= key) break;
      keys[i] = p;
      i = parent;
    }
    keys[i] = key;
  }

  /** Adds a key without ordering; call heapify() before the first pop. */
  append(rank: number, position: number): void {
    this.keys[this.size++] = rank * 4294967296 + position;
  }

  /** Orders the appended keys in O(n) (Floyd's method), cheaper than pushing them one by one. */
  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i] as number);
  }

  topRank(): number {
    return Math.floor((this.keys[0] as number) / 4294967296);
  }

  /** Removes the smallest key and returns its position. */
  pop(): number {
    const top = this.keys[0] as number;
    const last = this.keys[--this.size] as number;
    if (this.size > 0) this.siftDown(0, last);
    return top % 4294967296;
  }

  /** Puts `key` at slot `i`, moving smaller children up until it sits above both of its own. */
  private siftDown(i: number, key: number): void {
    const keys = this.keys;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (keys[child + 1] as number) < (keys[child] as number)) child++;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      i = child;
    }
    keys[i] = key;
  }
}

/**
 * What a ByteLevelBpe reads, its arrays in SharedArrayBuffers: handed to analysis workers, which then encode with
 * the host's tables instead of reading and building their own.
 */
export interface BpeTables {
  readonly byteIds: readonly number[];
  readonly merges: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly rank: Int32Array;
}

/** Whether a value from another thread has the shape of BpeTables (a worker checks what it was handed). */
export function isBpeTables(x: unknown): x is BpeTables {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Record<string, unknown>;
  const table = (v: unknown): boolean => v instanceof Int32Array && v.length > 0 && (v.length & (v.length - 1)) === 0;
  return Array.isArray(t.byteIds) && t.byteIds.length === 256 && t.merges instanceof Int32Array && t.merges.length % 3 === 0 && table(t.left) && table(t.right) && table(t.rank) && (t.left as Int32Array).length === (t.rank as Int32Array).length && (t.right as Int32Array).length === (t.rank as Int32Array).length;
}
