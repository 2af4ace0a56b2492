import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

/** Counts (and encodes) text in a decoder's own BPE tokenizer. */
export interface TokenCounter {
  readonly name: string;
  count(text: string): number;
  encode(text: string): number[];
}

/** Bounded memo of token counts: units of unchanged files are counted once. */
class CountCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly capacity: number) {}
  get(key: string): number | undefined {
    return this.map.get(key);
  }
  set(key: string, value: number): void {
    if (this.map.size >= this.capacity) {
      // Drop the oldest entry (Map keeps insertion order): cheap approximate LRU.
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
    this.map.set(key, value);
  }
}

class HuggingFaceTokenCounter implements TokenCounter {
  private readonly cache = new CountCache(50_000);
  constructor(readonly name: string, private readonly tokenizer: Tokenizer) {}

  count(text: string): number {
    if (text.length === 0) return 0;
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const n = this.encode(text).length;
    this.cache.set(text, n);
    return n;
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }
}

export class TokenizerLoadError extends Error {
  constructor(dir: string, cause: unknown) {
    super(
      `Could not load the tokenizer from ${dir}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Reinstall the extension (or run `npm ci && npm run build` in a checkout) to restore its assets.',
    );
    this.name = 'TokenizerLoadError';
  }
}

const loaded = new Map<string, Promise<TokenCounter>>();

/**
 * Loads the tokenizer in `<tokenizersDir>/<name>/` once per process and reuses it: parsing the 11 MB
 * tokenizer.json takes about a second.
 */
export function loadTokenCounter(tokenizersDir: string, name: string): Promise<TokenCounter> {
  const dir = path.join(tokenizersDir, name);
  let pending = loaded.get(dir);
  if (!pending) {
    pending = (async () => {
      try {
        const [json, config] = await Promise.all([
          readFile(path.join(dir, 'tokenizer.json'), 'utf8'),
          readFile(path.join(dir, 'tokenizer_config.json'), 'utf8'),
        ]);
        return new HuggingFaceTokenCounter(name, new Tokenizer(JSON.parse(json), JSON.parse(config)));
      } catch (err) {
        loaded.delete(dir);
        throw new TokenizerLoadError(dir, err);
      }
    })();
    loaded.set(dir, pending);
  }
  return pending;
}
