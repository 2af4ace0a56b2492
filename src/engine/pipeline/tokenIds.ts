import type { TokenCounter } from '../tokenize/tokenCounter';

/**
 * A text's ids, each text tokenised once per request: the price phase counts a unit's whole text and the score
 * phase scores the same ids. Kept as 32-bit integers (a plain array of ids took ~11 bytes a token, 47 MB for the
 * 4.3 M tokens of a 17 MB tree, held from pricing until the request ended) and dropped once scoring is done.
 */
export class TokenIdsMemo {
  private readonly ids = new Map<string, Int32Array>();

  constructor(private readonly counter: TokenCounter) {}

  readonly encode = (text: string): number[] => {
    const known = this.ids.get(text);
    // Copied by index: Array.from and Int32Array.from go through the iterator protocol, several times slower.
    if (known) {
      const out = new Array<number>(known.length);
      for (let i = 0; i < known.length; i++) out[i] = known[i] as number;
      return out;
    }
    const got = this.counter.encode(text);
    this.ids.set(text, new Int32Array(got));
    return got;
  };

  /** Forgets every text's ids (what is left of the request needs counts only). */
  clear(): void {
    this.ids.clear();
  }
}
