import type { TokenCounter } from '../tokenize/tokenCounter';

/** Ids per block of the memo's storage (4 MB): one allocation for thousands of units, not one each. */
const BLOCK_IDS = 1 << 20;

/**
 * A text's ids, each text tokenised once per request: the price phase counts a unit's whole text and the score
 * phase scores the same ids. Kept as 32-bit integers in large blocks (a plain array of ids took ~11 bytes a token,
 * 47 MB for the 4.3 M tokens of a 17 MB tree, held from pricing until the request ended; a typed array per unit
 * made the garbage collector track a buffer per unit) and dropped once scoring is done.
 */
export class TokenIdsMemo {
  private readonly blocks: Int32Array[] = [];
  private used = BLOCK_IDS;
  /** Per text: its block, its first id there, and how many ids it has. */
  private readonly where = new Map<string, { readonly block: Int32Array; readonly start: number; readonly length: number }>();

  constructor(private readonly counter: TokenCounter) {}

  readonly encode = (text: string): number[] => {
    const known = this.where.get(text);
    if (known) {
      const out = new Array<number>(known.length);
      for (let i = 0; i < known.length; i++) out[i] = known.block[known.start + i] as number;
      return out;
    }
    const got = this.counter.encode(text);
    this.where.set(text, this.store(got));
    return got;
  };

  /** Forgets every text's ids (what is left of the request needs counts only). */
  clear(): void {
    this.where.clear();
    this.blocks.length = 0;
    this.used = BLOCK_IDS;
  }

  private store(ids: readonly number[]): { block: Int32Array; start: number; length: number } {
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.used + ids.length > block.length) {
      block = new Int32Array(Math.max(BLOCK_IDS, ids.length));
      this.blocks.push(block);
      this.used = 0;
    }
    const start = this.used;
    block.set(ids, start);
    this.used += ids.length;
    return { block, start, length: ids.length };
  }
}
